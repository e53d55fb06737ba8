"""``kg queries``, ``kg query`` and ``kg sparql``: named queries and any SPARQL, on a store or an endpoint.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import FORMAT, open_source, params, store_or_endpoint

#: what ``kg sparql --format`` takes: result formats for SELECT and ASK, RDF formats for CONSTRUCT and DESCRIBE
RESULT_FORMATS = ("table", "csv", "json")
GRAPH_FORMATS = ("ttl", "nt", "jsonld", "xml", "trig", "nq")

LABELS = click.option(
    "--labels/--no-labels",
    default=True,
    show_default=True,
    help="csv and json: add a column xLabel after the others for each column x of IRIs that have labels.",
)


@click.command("queries")
def queries_cmd() -> None:
    """List the named queries with their summaries and parameters."""
    from kg.query import list_queries

    for q in list_queries():
        click.echo(f"{q.name}\n    {q.summary}")
        for p in q.params:
            click.echo(f"    -p {p.name}=…  ({p.type}, {'required' if p.required else 'optional'}) {p.description}")


@click.command("query", short_help="Run a named query (see `kg queries`) with bound parameters.")
@click.argument("name")
@store_or_endpoint
@click.option("-p", "--param", "pairs", multiple=True, help="A parameter as key=value; repeatable.")
@FORMAT
@click.option("--limit", default=None, type=click.IntRange(min=0), help="At most this many rows (default: all).")
@click.option(
    "--offset", default=0, type=click.IntRange(min=0), help="Skip this many rows first (with --limit: a page)."
)
@LABELS
def query_cmd(
    name: str,
    store_path: Path | None,
    endpoint: str | None,
    pairs: tuple[str, ...],
    fmt: str,
    limit: int | None,
    offset: int,
    labels: bool,
) -> None:
    """Run the named query NAME (see `kg queries`) with bound parameters, on --store DIR or --endpoint URL."""
    from kg.query import format_result, run
    from kg.query.labels import with_labels

    with open_source(store_path, endpoint) as store:
        result = run(store, name, params(pairs), limit=limit, offset=offset)
        if labels and fmt != "table":
            result = with_labels(store, result)
    click.echo(format_result(result, fmt), nl=False)


@click.command("sparql", short_help="Run any SPARQL query on a store or an endpoint.")
@click.argument("query")
@store_or_endpoint
@click.option(
    "--format",
    "fmt",
    default=None,
    type=click.Choice([*RESULT_FORMATS, *GRAPH_FORMATS]),
    help="SELECT and ASK: table (default), csv or json; CONSTRUCT and DESCRIBE: ttl (default), nt, jsonld, "
    "xml (RDF/XML), trig or nq.",
)
@click.option(
    "--default-graph-uri",
    "default_graphs",
    multiple=True,
    metavar="IRI",
    help="A graph of the default graph (repeatable); replaces the query's FROM, as the SPARQL Protocol's parameter.",
)
@click.option(
    "--named-graph-uri",
    "named_graphs",
    multiple=True,
    metavar="IRI",
    help="A graph GRAPH may name (repeatable); replaces the query's FROM NAMED.",
)
@LABELS
def sparql_cmd(
    query: str,
    store_path: Path | None,
    endpoint: str | None,
    fmt: str | None,
    default_graphs: tuple[str, ...],
    named_graphs: tuple[str, ...],
    labels: bool,
) -> None:
    """Run any SPARQL query (QUERY, or @FILE to read it from a file) on --store DIR or --endpoint URL:
    SELECT, ASK, CONSTRUCT or DESCRIBE.

    The dataset: FROM and FROM NAMED, or --default-graph-uri and --named-graph-uri; without them the
    default graph is the union of the decision graphs (not the statistics or analytics graph) and GRAPH
    ranges over every named graph.
    """
    from rdflib import Graph

    from kg.errors import InputError
    from kg.export import write_graph
    from kg.query import format_boolean, format_result
    from kg.query.labels import with_labels
    from kg.store import run_query

    text = Path(query[1:]).read_text(encoding="utf-8") if query.startswith("@") else query
    with open_source(store_path, endpoint) as store:
        parsed, result = run_query(
            store, text, default_graph_uri=default_graphs, named_graph_uri=named_graphs, service=True
        )
        if isinstance(result, Graph):
            if fmt in RESULT_FORMATS:
                raise InputError(
                    f"a {parsed.form} query answers a graph: use --format {', '.join(GRAPH_FORMATS)} (not {fmt})"
                )
            sys.stdout.buffer.write(write_graph(result, fmt or "ttl"))
            sys.stdout.buffer.flush()
            return
        if fmt in GRAPH_FORMATS:
            raise InputError(
                f"a {parsed.form} query answers {'a boolean' if isinstance(result, bool) else 'rows'}: "
                f"use --format {', '.join(RESULT_FORMATS)} (not {fmt})"
            )
        if isinstance(result, bool):
            click.echo(format_boolean(result, fmt or "table"), nl=False)
            return
        if labels and fmt in ("csv", "json"):
            result = with_labels(store, result)
    click.echo(format_result(result, fmt or "table"), nl=False)


COMMANDS: list[click.Command] = [queries_cmd, query_cmd, sparql_cmd]
