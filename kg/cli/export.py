"""``kg export``: the whole store as RDF in one of the export formats.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import open_existing, store_option


@click.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "xml"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export_cmd(store_path: Path, fmt: str, output: Path) -> None:
    """Export the whole store as RDF in one of the formats."""
    from kg.export import Format, export

    with open_existing(store_path, read_only=True) as store:
        export(store, Format.from_name(fmt), output)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes, {fmt})")


COMMANDS: list[click.Command] = [export_cmd]
