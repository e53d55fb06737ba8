"""The embedded Oxigraph store: persistent, transactional, fast SPARQL; the default for a corpus."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from kg.errors import InputError, StoreError
from kg.mapping import bind_prefixes
from kg.store.base import QueryDataset, QueryResult, ResultGraph, SelectResult, Store, _Closed
from kg.store.stream import StreamLoad, open_stream, remove_leftovers
from kg.store.terms import Quad, Term, Triple, from_oxigraph, to_oxigraph


class OxigraphStore(Store):
    """Embedded Oxigraph in a directory; one process may open it to write, others ``read_only=True``."""

    kind = "oxigraph"
    persistent = True
    transactional = True

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.location = path = Path(path)
        self.read_only = read_only
        if (path.exists() or read_only) and not path.is_dir():
            raise StoreError(
                f"cannot open the store at {path}: no such directory{'' if read_only else ' (a file is there)'}; "
                "pass the directory of a store built by kg"
            )
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
            self._store = ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
            if not read_only:  # this process holds the store: what a killed bulk load left is garbage
                remove_leftovers(path)
        except RuntimeError as e:  # RocksDB: a table deleted by the writer's compaction while opening, say
            raise StoreError(f"cannot open the Oxigraph store at {path}: {e}; try again, or check the directory") from e
        except OSError as e:
            raise StoreError(
                f"the store at {path} is locked by another process (or already open in this one): close the other "
                "kg command, open it read-only, or use another --store directory"
                if "lock" in str(e).lower()
                else f"cannot open the Oxigraph store at {path}: {e}; check it is a writable directory made by kg"
            ) from e

    def _run(self, what: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except OSError as e:
            raise StoreError(f"the Oxigraph store at {self.location} failed to {what}: {e}") from e

    def replace_graphs(self, batch: Iterable[tuple[URIRef, Iterable[Triple]]]) -> None:
        self._check_writable()
        parts: list[str] = []
        for name, triples in batch:
            g = to_oxigraph(URIRef(name))
            parts.append(f"DROP SILENT GRAPH {g}")
            body = " .\n".join(f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)}" for s, p, o in triples)
            if body:
                parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body} }} }}")
        if parts:  # terms serialised by Oxigraph itself; one update is one transaction
            self._run("replace graphs", self._store.update, " ;\n".join(parts))

    def remove_graph(self, name: URIRef) -> None:
        self._check_writable()
        self._run("remove a graph", self._store.update, f"DROP SILENT GRAPH {to_oxigraph(URIRef(name))}")

    def graph_names(self) -> list[str]:
        return sorted(str(g.value) for g in self._run("list graphs", lambda: list(self._store.named_graphs())))

    def __len__(self) -> int:
        return self._run("count quads", lambda: self._store.__len__())

    def quads(self, name: URIRef | None = None) -> Iterator[Quad]:
        g = None if name is None else to_oxigraph(URIRef(name))
        for q in self._run("read quads", self._store.quads_for_pattern, None, None, None, g):
            yield tuple(from_oxigraph(t) for t in (q.subject, q.predicate, q.object, q.graph_name))  # type: ignore[misc]

    def _query(
        self, sparql: str, bindings: dict[str, Term], dataset: QueryDataset | None, max_rows: int | None
    ) -> QueryResult:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()} or None
        graphs: dict[str, Any] = {"use_default_graph_as_union": True}
        if dataset is not None:
            graphs = {"use_default_graph_as_union": dataset.default is None}
            if dataset.default is not None:
                graphs["default_graph"] = [ox.NamedNode(g) for g in dataset.default]
            if dataset.named is not None:
                graphs["named_graphs"] = [ox.NamedNode(g) for g in dataset.named]
        try:
            result = self._store.query(sparql, substitutions=subs, **graphs)
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                solutions = islice(result, max_rows + 1) if max_rows is not None else result
                rows = tuple(tuple(from_oxigraph(sol[i]) for i in range(len(names))) for sol in solutions)
                if max_rows is not None and len(rows) > max_rows:
                    return SelectResult(names, rows[:max_rows], complete=False)
                return SelectResult(names, rows)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            g = bind_prefixes(ResultGraph())
            triples = islice(result, max_rows + 1) if max_rows is not None else result
            g.addN((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object), g) for t in triples)  # type: ignore[misc]
            if max_rows is not None and len(g) > max_rows:
                g.complete = False
            return g
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e}; check the query text") from e
        except RuntimeError as e:  # e.g. a bound variable that is not projected
            raise InputError(f"cannot run the query: {e}") from e
        except OSError as e:
            raise StoreError(f"the Oxigraph store at {self.location} failed to run the query: {e}") from e

    def close(self) -> None:
        if not isinstance(self._store, _Closed) and not self.read_only:
            self._run("flush", self._store.flush)
        self._store = _Closed(repr(self))  # type: ignore[assignment]  # drops the last reference: RocksDB unlocks

    # --- bulk paths (N-Quads in, as the build's workers write them) ---------

    #: a batch loaded in one bulk call stays below Oxigraph's bulk-load chunk (1,000,000 quads),
    #: so it reaches RocksDB as one ingestion of sorted files: all of it or none of it
    BULK_LIMIT = 900_000

    def has_graph(self, name: str) -> bool:
        """Whether named graph ``name`` exists in the store."""
        return self._run("look up a graph", self._store.contains_named_graph, ox.NamedNode(name))

    def replace_graphs_nquads(self, batch: list[tuple[str, bytes]], drop: Iterable[str] = ()) -> None:
        """Replace each graph of ``batch`` (name, its N-Quads) and remove the graphs in ``drop``.

        Graphs new to the store go in with one bulk load (Oxigraph writes sorted files and
        RocksDB ingests them in one step, several times faster than a transaction); a batch
        that replaces or removes graphs runs as one SPARQL update, one transaction: the old
        graph stays visible until the new one is complete.
        """
        self._check_writable()
        drop = [str(g) for g in drop]
        fresh = [(g, q) for g, q in batch if not self.has_graph(g)]
        if drop or len(fresh) < len(batch) or sum(q.count(b"\n") for _, q in fresh) > self.BULK_LIMIT:
            parts = [f"DROP SILENT GRAPH <{g}>" for g in drop]
            for g, quads in batch:
                parts.append(f"DROP SILENT GRAPH <{g}>")
                if quads:
                    body = quads.decode("utf-8").replace(f" <{g}> .\n", " .\n")
                    parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{body}}} }}")
            self._run("replace graphs", self._store.update, " ;\n".join(parts))
        elif fresh:
            # lenient: the build's workers wrote these N-Quads from terms the mapping already checked, so
            # the loader skips re-validating every IRI (a quarter of its time)
            self._run(
                "load graphs",
                self._store.bulk_load,
                b"".join(q for _, q in fresh),
                format=ox.RdfFormat.N_QUADS,
                lenient=True,
            )

    def stream(self) -> StreamLoad | None:
        """One bulk load for the whole build, when the store holds nothing yet (:mod:`kg.store.stream`)."""
        self._check_writable()
        if self._run("look for quads", lambda: next(iter(self._store), None) is not None):
            return None
        return open_stream(self._store, str(self.location), self.location)

    def compact(self) -> None:
        """Merge the store's files once (RocksDB's full compaction, mostly on one core): after one bulk load,
        the tables it ingested overlap, and until they are merged every read looks in each of them (and the next
        process to open the store for writing merges them anyway, on its own time)."""
        self._check_writable()
        self._run("compact its files", self._store.optimize)

    def graph_ntriples(self, name: str) -> bytes:
        """Graph ``name`` as N-Triples bytes, serialised by Oxigraph."""
        return self._run("read a graph", self._store.dump, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))

    def shared_path(self) -> str | None:
        """The directory other processes may open read-only to read what this store holds; None while this
        process holds it for writing (RocksDB may compact away files a reader in another process opened)."""
        return str(self.location) if self.read_only else None


__all__ = ["OxigraphStore"]
