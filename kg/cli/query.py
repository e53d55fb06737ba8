"""``kg queries``, ``kg query`` and ``kg sparql``: named queries and any SPARQL, on a store or an endpoint.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import FORMAT, open_source, params, store_or_endpoint


@click.command("queries")
def queries_cmd() -> None:
    """List the named queries with their summaries and parameters."""
    from kg.query import list_queries

    for q in list_queries():
        click.echo(f"{q.name}\n    {q.summary}")
        for p in q.params:
            click.echo(f"    -p {p.name}=…  ({p.type}, {'required' if p.required else 'optional'}) {p.description}")


@click.command("query")
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


@click.command("sparql")
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


COMMANDS: list[click.Command] = [queries_cmd, query_cmd, sparql_cmd]
