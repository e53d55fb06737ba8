"""The ``kg`` command line: argument parsing and printing only.

Each command calls one public function of the package.  The names and
fields of ``kg parse --json``, ``kg build``, ``kg query`` and ``kg serve`` are
stable: scripts outside the repository rely on them (see DESIGN.md).
Errors print one line ``error: …`` on stderr and exit with the code the
error carries (:mod:`kg.errors`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.cli_options import FORMAT, base_option, open_existing, open_source, params, store_option, store_or_endpoint
from kg.errors import KgError, ParseError
from kg.jsontext import dumps
from kg.mapping import is_decision_graph


class _Group(click.Group):
    """Turns every :class:`KgError` into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Decisions of the Local Government and Social Care Ombudsman as a knowledge graph."""


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per decision on stdout (JSON Lines).")
def parse_cmd(files: tuple[Path, ...], as_json: bool) -> None:
    """Parse decision texts and print the facts found.

    A file that cannot be parsed gets one line on stderr naming it and the
    reason; the other files are still parsed, and the exit code is 2.
    """
    from kg.model import to_json
    from kg.parse import parse_file
    from kg.pipeline import iter_sources

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


@main.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@store_option
@base_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of each decision.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for parsing, mapping and validating [default: one per core].")
@click.option("--force", is_flag=True, help="Rebuild every file, even those unchanged since the last build.")
def build_cmd(sources: tuple[Path, ...], store_path: Path, base: str, no_validate: bool, jobs: int | None,
              force: bool) -> None:
    """Parse, map, validate and load decision files (or folders of them) into a store.

    Runs across the cores and streams: memory stays flat however many files.
    Re-running on the same folder skips files unchanged since the last build
    (by content hash) and replaces the graph of a changed one; an interrupted
    build resumes where it stopped.
    """
    from tqdm import tqdm

    from kg.pipeline import build, iter_sources

    total = sum(1 for _ in iter_sources(sources))
    with open_existing(store_path, must_exist=False) as store, tqdm(
        total=total, unit="decision", desc="build", file=sys.stderr, disable=None, smoothing=0.1
    ) as bar:
        summary = build(sources, store, base=base, check=not no_validate, jobs=jobs, force=force,
                        progress=lambda _p: bar.update(1))
        triples = len(store)
        decisions = sum(1 for name in store.graph_names() if is_decision_graph(name))
    for failure in summary.failed:
        click.echo(f"error: {failure}", err=True)
    for line in summary.violations:
        click.echo(f"violation: {line}", err=True)
    t = summary.timings
    rate = len(summary.built) / t["wall"] if t["wall"] else 0.0
    click.echo(
        f"built {len(summary.built)} decisions ({summary.triples_loaded} triples) into {store_path}; "
        f"{len(summary.skipped)} skipped (unchanged); {len(summary.failed)} failed; "
        f"{len(summary.violations)} SHACL violations\n"
        f"store now holds {decisions} decisions, {triples} triples; this build: "
        f"{summary.faults} faults, {summary.remedies} remedies, £{summary.payments_gbp:,.2f} in payments\n"
        f"{t['wall']:.1f} s ({rate:,.0f} decisions/s); parse+map {t['parse_map']:.1f} s and validate "
        f"{t['validate']:.1f} s across workers, load {t['load']:.1f} s, statistics {t['statistics']:.1f} s"
    )
    if summary.interrupted:
        click.echo(f"interrupted: {len(summary.built)} decisions were committed; run the same command again "
                   "to build the rest", err=True)
        sys.exit(130)
    if summary.failed:
        sys.exit(2)
    if summary.violations:
        sys.exit(1)


@main.command("validate")
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate_cmd(store_path: Path, fmt: str) -> None:
    """SHACL-validate every decision in the store; exit 1 on violations."""
    from kg.pipeline import validate_store

    with open_existing(store_path, read_only=True) as store:
        report = validate_store(store)
    if fmt == "json":
        click.echo(dumps(report.to_json(), indent=2))
    else:
        click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


@main.command("queries")
def queries_cmd() -> None:
    """List the named queries with their summaries and parameters."""
    from kg.query import list_queries

    for q in list_queries():
        click.echo(f"{q.name}\n    {q.summary}")
        for p in q.params:
            click.echo(f"    -p {p.name}=…  ({p.type}, {'required' if p.required else 'optional'}) {p.description}")


@main.command("query")
@click.argument("name")
@store_or_endpoint
@click.option("-p", "--param", "pairs", multiple=True, help="A parameter as key=value; repeatable.")
@FORMAT
def query_cmd(name: str, store_path: Path | None, endpoint: str | None, pairs: tuple[str, ...], fmt: str) -> None:
    """Run the named query NAME (see `kg queries`) with bound parameters, on --store DIR or --endpoint URL."""
    from kg.query import format_result, run

    with open_source(store_path, endpoint) as store:
        result = run(store, name, params(pairs))
    click.echo(format_result(result, fmt))


@main.command("sparql")
@click.argument("query")
@store_or_endpoint
@FORMAT
def sparql_cmd(query: str, store_path: Path | None, endpoint: str | None, fmt: str) -> None:
    """Run any SPARQL SELECT query (QUERY, or @FILE to read it from a file) on --store DIR or --endpoint URL."""
    from kg.query import format_result

    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    with open_source(store_path, endpoint) as store:
        result = store.select(text)
    click.echo(format_result(result, fmt))


@main.command("export")
@store_option
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "nq", "trig", "jsonld", "xml"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write.")
def export_cmd(store_path: Path, fmt: str, output: Path) -> None:
    """Export the whole store as RDF in one of the formats."""
    from kg.export import Format, export

    with open_existing(store_path, read_only=True) as store:
        export(store, Format.from_name(fmt), output)
    click.echo(f"wrote {output} ({output.stat().st_size:,} bytes, {fmt})")


def _register_extensions() -> None:
    """Commands of the graph, serve and scale parts live in their own modules."""
    from kg import cli_graph, cli_scale, cli_serve

    for module in (cli_graph, cli_scale, cli_serve):
        for command in module.COMMANDS:
            main.add_command(command)


_register_extensions()

if __name__ == "__main__":  # pragma: no cover
    main()
