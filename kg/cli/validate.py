"""``kg validate``: RDF files, or a whole store, checked against the SHACL shapes.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from kg.cli.options import open_existing
from kg.errors import InputError, UnsupportedShape
from kg.jsontext import dumps


@click.command("validate", short_help="SHACL-validate RDF files, or every decision of a store.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--store",
    "store_path",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Validate every decision graph of this store (built by `kg build`) instead of files.",
)
@click.option(
    "--shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="A SHACL shapes file [default: the project's ontology/shapes.ttl].",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "fast", "pyshacl"]),
    default="auto",
    show_default=True,
    help="auto: each shape on the fast engine where it is proven right, else pySHACL (what a build does).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "ttl", "json"]), default="text", show_default=True)
def validate_cmd(files: tuple[Path, ...], store_path: Path | None, shapes: Path | None, engine: str, fmt: str) -> None:
    """SHACL-validate RDF FILES (any format kg reads, by suffix), or every decision in a store (--store).

    Each file is one data graph (each named graph of a TriG, N-Quads or
    JSON-LD file is one).  Exit 0 if the data conforms, 1 if a result breaks
    conformance, 2 for unreadable input or ill-formed shapes.  --format ttl
    prints one standard sh:ValidationReport graph.
    """
    from kg.export import Format
    from kg.validate import load_shapes, validate_files, validate_store

    # rdflib logs a traceback for every ill-typed literal pySHACL reads; the report says what is wrong with it
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    if bool(files) == (store_path is not None):
        raise InputError("give RDF files to validate, or --store DIR, not " + ("both" if files else "neither"))
    shapes_file = None if shapes is None else str(shapes.resolve())
    try:
        if store_path is not None:
            from kg.build import repair_statistics

            if store_path.is_dir():  # statistics a killed build left out of date are refreshed first
                for graph in repair_statistics(store_path):
                    click.echo(f"repaired: {graph} was out of date (a build was killed before refreshing it)", err=True)
            with open_existing(store_path, read_only=True) as store:
                report = validate_store(store, engine=engine, shapes=shapes_file)
        else:
            inputs = [(path, Format.from_suffix(path).suffix) for path in files]  # a suffix kg reads, or exit 2
            report = validate_files(inputs, shapes=shapes_file, engine=engine)
    except UnsupportedShape as exc:
        raise InputError(f"--engine fast cannot check these shapes ({exc}); use --engine auto") from exc
    if fmt == "json":
        click.echo(dumps(report.to_json(), indent=2))
    elif fmt == "ttl":
        click.echo(f"# {report.engine_text()}")
        click.echo(report.to_graph(load_shapes(shapes_file)).serialize(format="turtle"))
    else:
        click.echo(report.text(None if shapes is None else str(shapes)))
        click.echo(report.engine_text(), err=store_path is not None)  # a store's report keeps its stdout as before
    if not report.conforms:
        sys.exit(1)


COMMANDS: list[click.Command] = [validate_cmd]
