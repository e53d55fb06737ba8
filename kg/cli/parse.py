"""``kg parse``: decision files in, the facts found out (stable: ``--json`` fields per DESIGN.md).

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.errors import ParseError
from kg.jsontext import dumps


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per decision on stdout (JSON Lines).")
def parse_cmd(files: tuple[Path, ...], as_json: bool) -> None:
    """Parse decision texts and print the facts found.

    A file that cannot be parsed gets one line on stderr naming it and the
    reason; the other files are still parsed, and the exit code is 2.
    """
    from kg.build import iter_sources
    from kg.model import to_json
    from kg.parse import parse_file

    failed = 0
    for path in iter_sources(files):
        try:
            decision = parse_file(path)
        except ParseError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        facts = to_json(decision)
        if as_json:
            click.echo(dumps(facts))
        else:
            click.echo(_describe(facts))
    if failed:
        sys.exit(ParseError.exit_code)


def _describe(f: dict[str, Any]) -> str:
    statutes = ", ".join(s["label"] for s in f["statutes"]) or "none"
    lines = [
        f"{f['reference']}  {f['authority'] or '(authority unknown)'}  [{f['source']}]",
        f"  {f['category'] or '?'} > {f['subcategory'] or '?'} · {f['outcome'] or 'outcome unknown'} · {f['decision_date'] or 'date unknown'}",
        f"  complainant {f['complainant'] or '?'} · {len(f['complaint_points'])} complaint points · "
        f"{len(f['faults'])} faults · {len(f['injustices'])} injustices · {len(f['remedies'])} remedies",
        f"  payments £{', £'.join(str(p) for p in f['payments_gbp']) or ' none'} (total £{f['total_payment_gbp']})",
        f"  statutes: {statutes}",
    ]
    return "\n".join(lines)


COMMANDS: list[click.Command] = [parse_cmd]
