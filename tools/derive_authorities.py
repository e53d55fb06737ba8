"""Build kg/data/authorities.csv (and its ATTRIBUTION.md) from mySociety's local authority names and codes.

Download the dataset "UK Local Authorities (past and current)" (``uk_la_past_current``) from
https://pages.mysociety.org/uk_local_authority_names_and_codes/ (CC BY 4.0): at least
``uk_local_authorities_current.csv`` and ``lookup_name_to_registry.csv``, and ``datapackage.yaml`` for its version.
Then, in a checkout::

    .venv/bin/python tools/derive_authorities.py DOWNLOAD_DIR            # writes kg/data/
    .venv/bin/python tools/derive_authorities.py DOWNLOAD_DIR --check    # says whether kg/data/ is up to date

The table keeps the authorities of England (current and abolished), the columns the graph uses, and only those
spellings of a name that the resolution rules of :mod:`kg.authorities` do not already derive from the official
name or the short name (so ``Wiltshire UA`` and ``bradford mdc`` are not stored; ``hackney london boro`` is).
The same download always gives the same bytes.  The raw files are never committed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import date
from pathlib import Path

from kg.authorities import TYPE_KEYS, Authority, AuthorityTable, name_key

OUT = Path(__file__).resolve().parent.parent / "kg" / "data"
AUTHORITIES = "uk_local_authorities_current.csv"
NAMES = "lookup_name_to_registry.csv"
SOURCE_PAGE = "https://pages.mysociety.org/uk_local_authority_names_and_codes/"


class SourceError(Exception):
    """The download is not what this script reads."""


def _read(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise SourceError(f"{path} is missing: download it from {SOURCE_PAGE} (dataset uk_la_past_current)")
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _require(rows: list[dict[str, str]], path: str, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if rows and c not in rows[0]]
    if not rows or missing:
        raise SourceError(f"{path} has no rows or lacks the columns {missing}: is it the mySociety file?")


def base_authorities(rows: list[dict[str, str]]) -> list[Authority]:
    """The English authorities of the source table, without name variants."""
    out = []
    for r in rows:
        if r["nation"] != "England" or r["local-authority-type"] not in TYPE_KEYS:
            continue
        curie = r.get("old-register-and-code", "")
        register, _, key = curie.partition(":")
        out.append(
            Authority(
                code=r["local-authority-code"],
                official_name=" ".join(r["official-name"].split()),
                nice_name=" ".join(r["nice-name"].split()),
                type=r["local-authority-type"],
                gss=r["gss-code"].strip(),
                start=date.fromisoformat(r["start-date"]) if r["start-date"] else None,
                end=date.fromisoformat(r["end-date"]) if r["end-date"] else None,
                replaced_by=tuple(c.strip() for c in r["replaced-by"].split(",") if c.strip()),
                population=round(float(r["pop-2020"])) if r["pop-2020"] else None,
                register=register if key == r["local-authority-code"] else "",
            )
        )
    return out


def derive(source: Path) -> tuple[AuthorityTable, dict[str, int]]:
    """The table, and figures about it (authorities, spellings read, spellings kept, spellings left ambiguous)."""
    rows = _read(source / AUTHORITIES)
    _require(rows, AUTHORITIES, ("local-authority-code", "official-name", "nice-name", "gss-code", "nation"))
    names = _read(source / NAMES)
    _require(names, NAMES, ("la-name", "local-authority-code"))
    base = base_authorities(rows)
    bare = AuthorityTable(base)
    variants: dict[str, dict[str, str]] = {a.code: {} for a in base}
    spellings = [
        (n["la-name"].strip(), n["local-authority-code"]) for n in names if n["local-authority-code"] in variants
    ]
    for spelling, code in spellings:
        own = bare.by_code[code]
        if name_key(spelling) in (name_key(own.official_name), name_key(own.nice_name)):
            continue
        found = bare.resolve(spelling)
        if found.authority is None or found.authority.code != code:
            variants[code].setdefault(name_key(spelling), spelling)
    table = AuthorityTable(
        Authority(
            **{**{f: getattr(a, f) for f in a.__dataclass_fields__}, "variants": tuple(variants[a.code].values())}
        )
        for a in base
    )
    ambiguous = 0
    for spelling, code in spellings:  # every spelling of the source resolves to its authority, or names two
        found = table.resolve(spelling)
        if found.status == "ambiguous" and code in found.candidates:
            ambiguous += 1
            print(f"  {spelling!r} names {' and '.join(found.candidates)}: told apart by a decision's date")
        elif found.authority is None or found.authority.code != code:
            raise SourceError(f"{spelling!r} is {code} in the source but resolves to {found}")
    kept = sum(len(v) for v in variants.values())
    return table, {"authorities": len(table), "spellings": len(spellings), "kept": kept, "ambiguous": ambiguous}


def attribution(source: Path) -> str:
    """The text of ATTRIBUTION.md, naming the source's version when its datapackage.yaml is there."""
    meta = source / "datapackage.yaml"
    version = None
    if meta.is_file():
        m = re.search(r"^version:\s*['\"]?([\w.]+)", meta.read_text(encoding="utf-8"), re.MULTILINE)
        version = m[1] if m else None
    edition = f", version {version}" if version else ""
    return f"""# Attribution: authorities.csv

`authorities.csv` is derived from "UK Local Authorities (past and current)" (`uk_la_past_current`{edition}),
part of *UK local authority names and codes* by mySociety, <{SOURCE_PAGE}>,
licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0,
<https://creativecommons.org/licenses/by/4.0/>).

Changes made: only the authorities of England (current and abolished) are kept; of their columns, the
registry code, official and short names, type, GSS code, start and end dates, successors, population (`pop-2020`,
as a whole number) and the GOV.UK register that minted the code; of the spellings in `lookup_name_to_registry.csv`,
only those the resolution rules of `kg.authorities` do not derive from the official or short name.
It was built by `tools/derive_authorities.py`, which rebuilds it from a fresh download.

The rest of lgsco-kg is under the MIT licence; this table stays under CC BY 4.0: keep this notice with it.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="folder holding the downloaded mySociety CSV files")
    parser.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default: {OUT})")
    parser.add_argument("--check", action="store_true", help="compare with --out instead of writing; exit 1 if stale")
    args = parser.parse_args(argv)
    try:
        table, figures = derive(args.source)
    except SourceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    files = {"authorities.csv": table.to_csv(), "ATTRIBUTION.md": attribution(args.source)}
    print(
        f"{figures['authorities']} authorities; {figures['kept']} of {figures['spellings']} spellings kept "
        f"(the rest derived); {figures['ambiguous']} name two authorities, told apart by date"
    )
    if args.check:
        stale = [n for n, text in files.items() if not (args.out / n).is_file() or (args.out / n).read_text() != text]
        print(f"out of date: {', '.join(stale)}" if stale else f"{args.out} is up to date")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name} ({len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
