"""``kg authorities``: which authority names resolve to a council of the registry, and which do not.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import click

from kg.cli.options import FORMAT, open_source, store_or_endpoint

_COLUMNS = ("name", "status", "code", "official_name", "type", "gss", "decisions", "first", "last", "note")


@click.command("authorities", short_help="Resolve authority names to the registry of councils.")
@click.argument("names", nargs=-1)
@store_or_endpoint
@click.option("--all", "show_all", is_flag=True, help="List the names that resolved too, not only the others.")
@click.option(
    "--date", "on", type=click.DateTime(["%Y-%m-%d"]), default=None, help="Resolve NAMES as on this date (YYYY-MM-DD)."
)
@FORMAT
def authorities_cmd(
    names: tuple[str, ...], store_path: Path | None, endpoint: str | None, show_all: bool, on: object, fmt: str
) -> None:
    """Resolve authority names to councils of the registry: the names of a store's decisions (--store DIR or
    --endpoint URL; those that did not resolve to a council, or all with --all), or NAMES as given."""
    from kg.authority_report import authority_report, resolve_names, summary
    from kg.jsontext import dumps
    from kg.tables import table

    if names:
        day = on.date() if on is not None else None  # type: ignore[attr-defined]
        rows = resolve_names(names, day if isinstance(day, date) else None)
        show_all = True
    else:
        with open_source(store_path, endpoint) as store:
            rows = authority_report(store)
    line = summary(rows)
    if not show_all:
        rows = [r for r in rows if r.status not in ("council", "former-council")]
    columns = _COLUMNS if not names else tuple(c for c in _COLUMNS if c not in ("decisions", "first", "last"))
    records = [{c: r.record()[c] for c in columns} for r in rows]
    if fmt == "json":
        click.echo(dumps(records, indent=2))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in rec.items()} for rec in records)
        click.echo(out.getvalue(), nl=False)
    elif not records:  # every name of the store resolved: no table of nothing
        click.echo(f"{line}; every name resolved (--all lists them)")
    else:
        cells = [["" if rec[c] is None else rec[c] for c in columns] for rec in records]
        click.echo(table(columns, cells, width=80) + f"\n{line}")


COMMANDS: list[click.Command] = [authorities_cmd]
