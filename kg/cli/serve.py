"""``kg`` commands for publishing: kg serve and kg push (issue: linked data).

Each module of this kind lists its click commands in ``COMMANDS``;
:mod:`kg.cli.app` registers them on the ``kg`` group.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from kg.cli.options import base_option, endpoint_option, open_existing, store_option


@click.command("serve", short_help="Serve a store over HTTP: SPARQL, pages, the explorer.")
@click.option(
    "--store",
    "store_path",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of the embedded Oxigraph store to serve (opened read-only).",
)
@endpoint_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@base_option
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.01),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=click.IntRange(min=1),
    help="Rows (or triples) an answer may hold.",
)
@click.option(
    "--workers", default=0, type=click.IntRange(min=0), help="Query worker processes (default: one per core)."
)
@click.option(
    "--cache",
    default=512,
    show_default=True,
    type=click.IntRange(min=0),
    help="Answers remembered, so identical requests run once (0: none; never for --endpoint).",
)
@click.option(
    "--dump-dir",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to cache the dumps (default: a temporary folder).",
)
@click.option(
    "--search-index",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The explorer's search index, when it is not beside the store (with --endpoint: a DIR/kg-search.sqlite "
    "that `kg build` wrote for the same decisions).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
)
def serve_cmd(
    store_path: Path | None,
    endpoint: str | None,
    host: str,
    port: int,
    base: str,
    timeout: float,
    max_results: int,
    workers: int,
    cache: int,
    dump_dir: Path | None,
    search_index: Path | None,
    log_level: str,
) -> None:
    """Serve a store over HTTP: the explorer (search at /search, authorities' scorecards, provisions), the
    SPARQL endpoint at /sparql, named queries at /queries, a page for every IRI of the graph, VoID at
    /.well-known/void and dumps at /dumps/.

    Read-only; every query runs under --timeout and --max-results.
    """
    from kg.errors import InputError, NotFoundError
    from kg.serve import Settings, run

    if (store_path is None) == (endpoint is None):
        raise InputError("give either --store DIR or --endpoint URL to serve")
    if store_path is not None and not store_path.is_dir():
        raise NotFoundError(f"no store at {store_path}; build one first with `kg build SRC --store {store_path}`")
    if search_index is not None and not search_index.is_file():
        raise NotFoundError(
            f"no search index at {search_index}; `kg build SRC --store DIR` writes DIR/kg-search.sqlite"
        )
    settings = Settings(
        base=base,
        timeout=timeout,
        max_results=max_results,
        workers=workers,
        cache=cache,
        dump_dir=str(dump_dir or ""),
        search_index=str(search_index or ""),
    )
    click.echo(
        f"serving {store_path or endpoint} at http://{host}:{port}/ (explorer at /search, SPARQL at /sparql; base {base})",
        err=True,
    )
    where = str(store_path) if store_path is not None else str(endpoint)
    run(where, settings, host=host, port=port, log_level=log_level)


@click.command("push", short_help="Send a store's decision graphs to a SPARQL 1.1 server.")
@store_option
@click.option(
    "--endpoint",
    required=True,
    metavar="URL",
    help="SPARQL query endpoint of the server, e.g. http://127.0.0.1:7878/query.",
)
@click.option(
    "--gsp",
    "gsp_url",
    default=None,
    metavar="URL",
    help="Its Graph Store Protocol endpoint (default: …/store beside …/query, else the endpoint itself).",
)
@click.option(
    "--update",
    "update_url",
    default=None,
    metavar="URL",
    help="Its SPARQL Update endpoint, used when --gsp '' says it has no Graph Store endpoint.",
)
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 32), help="Graphs sent at once.")
@click.option(
    "--retries",
    default=4,
    show_default=True,
    type=click.IntRange(0, 20),
    help="Retries per request on connection errors, 429 and 5xx (exponential backoff).",
)
@click.option(
    "--sync",
    is_flag=True,
    help="Then delete the server's decision graphs the store no longer has (removed or renamed decisions).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be sent and deleted; change nothing.")
def push_cmd(
    store_path: Path,
    endpoint: str,
    gsp_url: str | None,
    update_url: str | None,
    workers: int,
    retries: int,
    sync: bool,
    dry_run: bool,
) -> None:
    """Send every decision graph of a local store to a SPARQL 1.1 server, replacing each graph there
    (Graph Store Protocol PUT): pushing twice changes nothing.  --sync also deletes there the decision
    graphs the store no longer has (under the store's base only); --dry-run lists what would happen."""
    from tqdm import tqdm

    from kg.store import RemoteStore
    from kg.store.push import push, stale_graphs

    started = time.monotonic()
    with (
        open_existing(store_path, read_only=True) as source,
        RemoteStore(endpoint, update_url=update_url, gsp_url=gsp_url, retries=retries) as target,
    ):
        where = target.gsp_url or target.update_url
        if dry_run:
            names = source.graph_names()
            click.echo(f"would send {len(names)} graphs ({len(source)} triples) to {where}, each replaced whole")
            if sync:
                stale = stale_graphs(source, target)
                click.echo(
                    f"would delete {len(stale)} decision graphs the store no longer has" + (":" if stale else "")
                )
                for name in stale:
                    click.echo(f"  {name}")
            return
        deleted: list[str] = []
        with tqdm(total=len(source.graph_names()), unit="graph", desc="push", file=sys.stderr, disable=None) as bar:
            graphs, triples = push(
                source, target, sync=sync, progress=lambda _name: _tick(bar), workers=workers, deleted=deleted
            )
    seconds = time.monotonic() - started
    click.echo(f"pushed {graphs} graphs ({triples} triples) to {where} in {seconds:.1f} s; each graph replaced whole")
    if sync:
        click.echo(f"deleted {len(deleted)} decision graphs the store no longer has" + (":" if deleted else ""))
        for name in deleted:
            click.echo(f"  {name}")


def _tick(bar: Any) -> None:
    bar.update(1)


COMMANDS: list[click.Command] = [serve_cmd, push_cmd]
