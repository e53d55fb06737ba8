"""``kg build``: decision files parsed, mapped, validated and loaded into a store (``kg validate`` is in :mod:`kg.cli.validate`).

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg.cli.options import base_option, open_existing, store_option
from kg.mapping import is_decision_graph


@click.command("build", short_help="Parse, map, validate and load decisions into a store.")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@base_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of each decision.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for parsing, mapping and validating [default: one per core].",
)
@click.option("--force", is_flag=True, help="Rebuild every file, even those unchanged since the last build.")
@click.option(
    "--shapes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="SHACL shapes to validate with [default: the project's ontology/shapes.ttl].",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "fast", "pyshacl"]),
    default="auto",
    show_default=True,
    help="SHACL engine: auto uses the fast engine where it runs the shapes, pySHACL elsewhere.",
)
@click.option(
    "--keep-invalid",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Write the graphs that violate the shapes (and so are not loaded) to DIR for inspection.",
)
@click.option(
    "--in-batches",
    is_flag=True,
    help="Commit batch by batch even into an empty store: a stopped build keeps what it committed "
    "(slower on a large archive than the one load an empty store gets by default).",
)
def build_cmd(
    sources: tuple[Path, ...],
    store_path: Path,
    base: str,
    no_validate: bool,
    jobs: int | None,
    force: bool,
    shapes: Path | None,
    engine: str,
    keep_invalid: Path | None,
    in_batches: bool,
) -> None:
    """Parse, map, validate and load decision files (or folders of them, or `kg harvest` folders) into a store.

    Runs across the cores and streams: memory stays flat however many files.
    An empty store is filled by one bulk load, committed at the end (a build
    stopped before then leaves it empty).  Re-running on the same folder skips
    files unchanged since the last build (by content hash) and replaces the
    graph of a changed one, batch by batch, each batch one transaction; an
    interrupted rebuild resumes where it stopped.  A decision whose graph violates the SHACL
    shapes is not loaded: its violations are printed and the exit status is 1.
    """
    from tqdm import tqdm

    from kg.build import build
    from kg.build.sources import iter_inputs

    total = sum(1 for _ in iter_inputs(sources))  # files, and the pages of harvest folders (kg harvest --out)
    with (
        open_existing(store_path, must_exist=False) as store,
        tqdm(total=total, unit="decision", desc="build", file=sys.stderr, disable=None, smoothing=0.1) as bar,
    ):
        summary = build(
            sources,
            store,
            base=base,
            check=not no_validate,
            jobs=jobs,
            force=force,
            progress=lambda _p: _tick(bar),
            shapes=shapes,
            engine=engine,
            keep_invalid=keep_invalid,
            bulk=not in_batches,
        )
        triples = len(store)
        decisions = sum(1 for name in store.graph_names() if is_decision_graph(name))
    for failure in summary.failed:
        click.echo(f"error: {failure}", err=True)
    for note in summary.superseded:
        click.echo(f"superseded: {note}", err=True)
    for failure in summary.invalid:
        click.echo(f"invalid: {failure}", err=True)
    for line in summary.violations:
        click.echo(f"violation: {line}", err=True)
    t = summary.timings
    rate = len(summary.built) / t["wall"] if t["wall"] else 0.0
    how = ""  # an empty store is filled by one bulk load, then its files are merged (the index written meanwhile)
    if t["compact"]:
        index = f", the search index written meanwhile in {t['index']:.1f} s" if t["index"] else ""
        how = f" (one bulk load, then its files merged in {t['compact']:.1f} s{index})"
    click.echo(
        f"built {len(summary.built)} decisions ({summary.triples_loaded} triples) into {store_path}; "
        f"{len(summary.skipped)} skipped (unchanged); {len(summary.failed)} failed; "
        f"{len(summary.violations)} SHACL violations ({len(summary.invalid)} decisions not loaded); "
        f"{len(summary.warnings)} warnings\n"
        f"store now holds {decisions} decisions, {triples} triples; this build: "
        f"{summary.faults} faults, {summary.remedies} remedies, £{summary.payments_gbp:,.2f} in payments\n"
        f"{t['wall']:.1f} s ({rate:,.0f} decisions/s); parse+map {t['parse_map']:.1f} s and validate "
        f"{t['validate']:.1f} s across workers, load {t['load']:.1f} s" + how + f", statistics {t['statistics']:.1f} s"
    )
    if summary.interrupted:
        click.echo(
            f"interrupted: {len(summary.built)} decisions were committed; run the same command again to build the rest",
            err=True,
        )
        sys.exit(130)
    if summary.failed:
        sys.exit(2)
    if summary.invalid or summary.violations:
        sys.exit(1)


def _tick(bar: Any) -> None:
    bar.update(1)


COMMANDS: list[click.Command] = [build_cmd]
