"""Options and helpers shared by every ``kg`` command module (the sqlite-utils way: one decorator per option)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from kg.vocab import DEFAULT_BASE


def store_option(fn: Callable) -> Callable:
    return click.option(
        "--store",
        "store_path",
        required=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Directory of the embedded Oxigraph store (created by `kg build`).",
    )(fn)


def base_option(fn: Callable) -> Callable:
    return click.option(
        "--base", default=DEFAULT_BASE, show_default=True, help="Base IRI under which decisions are minted."
    )(fn)


def open_existing(store_path: Path, *, must_exist: bool = True, read_only: bool = False):
    from kg.errors import NotFoundError
    from kg.store import open_store

    if must_exist and not store_path.exists():
        raise NotFoundError(f"no store at {store_path}; build one first with `kg build SRC --store {store_path}`")
    return open_store(store_path, read_only=read_only)


def endpoint_option(fn: Callable) -> Callable:
    return click.option(
        "--endpoint",
        "endpoint",
        default=None,
        metavar="URL",
        help="SPARQL 1.1 query endpoint of a remote server, e.g. http://127.0.0.1:7878/query (Oxigraph server).",
    )(fn)


def store_or_endpoint(fn: Callable) -> Callable:
    """``--store DIR`` or ``--endpoint URL``: the graph is local or on any SPARQL 1.1 server (see :func:`open_source`)."""
    fn = endpoint_option(fn)
    return click.option(
        "--store",
        "store_path",
        default=None,
        type=click.Path(file_okay=False, path_type=Path),
        help="Directory of the embedded Oxigraph store (created by `kg build`); or use --endpoint.",
    )(fn)


def open_source(store_path: Path | None, endpoint: str | None, *, read_only: bool = True):
    """The store named by ``--store DIR`` or ``--endpoint URL``; exactly one must be given."""
    from kg.errors import InputError
    from kg.store import open_store

    if (store_path is None) == (endpoint is None):
        which = "both were given" if store_path else "no store was given"
        raise InputError(f"{which}: name one store, --store DIR (a local store) or --endpoint URL (a SPARQL server)")
    if endpoint is not None:
        if not endpoint.startswith(("http://", "https://")):
            raise InputError(f"--endpoint {endpoint!r} is not an http(s) URL of a SPARQL query endpoint")
        return open_store(endpoint, read_only=read_only)
    assert store_path is not None
    return open_existing(store_path, read_only=read_only)


def params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("reference=20 007 812",)`` -> ``{"reference": "20 007 812"}``."""
    from kg.errors import QueryParameterError

    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise QueryParameterError(f"parameter {pair!r} is not key=value (e.g. -p reference='20 007 812')")
        out[key.strip()] = value
    return out


FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True
)
