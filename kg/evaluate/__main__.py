"""``python -m kg.evaluate FOLDER [--labels PATH] [--verbose] [--json]`` (``make eval``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable

from kg.errors import KgError
from kg.evaluate.run import DEFAULT_FOLDER, evaluate


def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m kg.evaluate",
        description="Accuracy of the parser per field against a folder of labelled decision texts.",
    )
    ap.add_argument(
        "folder", nargs="?", default=str(DEFAULT_FOLDER), help="folder of decision files (default tests/corpus)"
    )
    ap.add_argument("--labels", help="labels file, JSON Lines (default FOLDER/labels.jsonl)")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="also list every mismatch (file, field, expected, got)"
    )
    ap.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    args = ap.parse_args(list(argv) if argv is not None else None)
    try:
        report = evaluate(args.folder, args.labels)
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"Parser evaluation on {report.folder} ({report.files} labelled files)\n")
    print(report.table())
    if report.errors:
        print("\nParse errors:")
        print(report.error_lines())
    if args.verbose and report.mismatches:
        print(f"\nMismatches ({len(report.mismatches)}):")
        print(report.mismatch_lines())
    elif report.mismatches:
        print(f"\n{len(report.mismatches)} mismatch(es); run with --verbose (make eval VERBOSE=1) to list them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
