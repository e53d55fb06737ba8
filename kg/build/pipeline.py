"""The one orchestrator: sources -> parse -> map -> validate -> store.

:func:`build` streams: worker processes (:mod:`kg.build.pool`) read, parse,
map, validate and serialise files a chunk at a time; this process keeps the
order, checks references, and loads the graphs.  A store that holds
nothing yet is filled by one bulk load of every graph, written as the
workers deliver them and committed once (:mod:`kg.build.oneload`); a store
that holds graphs already is changed in batches, each batch one store
operation (a transaction where it replaces graphs) followed by one
manifest commit (:mod:`kg.build.manifest`).
Memory stays bounded (a few chunks in flight, one batch pending) however
many files there are.

One bad file never stops the rest: its error is recorded with the file's
name and the reason, and whatever the store already holds stays as it was.
A decision whose graph violates the SHACL shapes is not loaded either: it
counts as invalid, its violations are reported (and its graph kept apart
for inspection when asked), and a valid graph stored for it before stays.
The first batch a build commits also marks the statistics graph out of
date, in the same store operation (:func:`kg.query.statistics.stale_mark`),
so a build killed before its statistics are refreshed is repaired by the next.
A decision's named graph is replaced only by a newer good parse of it, in
one transaction.  Re-running a build skips files whose bytes (and the code
that reads them) have not changed; an interrupted build resumes where its
last committed batch ended.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

from kg.build.manifest import Manifest, Row, builder_fingerprint
from kg.build.oneload import STREAM_BATCH, OneLoad
from kg.build.pool import run_chunks
from kg.build.sources import SUFFIXES, Record, iter_inputs, iter_sources, key_of, name_of
from kg.build.summary import BuildSummary, Failure, _duplicate, invalid_graph, parse_all
from kg.build.worker import Item, Settings
from kg.errors import InputError, KgError
from kg.processes import default_jobs
from kg.query.statistics import refresh as refresh_statistics
from kg.query.statistics import refresh_if_stale, stale_mark, stale_marks, statistics_graph_iri
from kg.search import SearchIndex
from kg.store import Store
from kg.vocab import DEFAULT_BASE

#: A batch is loaded once it holds this many quads (or ``batch_size`` decisions): large batches load
#: fastest (Oxigraph sorts and ingests each batch at once, and fewer ingestions mean less compaction),
#: and this keeps one batch below the store's bulk limit, so one batch is one ingestion
MAX_BATCH_QUADS = 850_000


class _Build:
    """The state of one :func:`build` run in this process."""

    def __init__(
        self,
        store: Store,
        base: str,
        manifest: Manifest | None,
        batch_size: int,
        progress: Callable[[Path], None] | None,
        on_batch: Callable[[BuildSummary], None] | None,
        builder: str,
        keep_invalid: Path | None = None,
        index: SearchIndex | None = None,
    ) -> None:
        self.store, self.base, self.manifest = store, base, manifest
        self.batch_size, self.progress, self.on_batch = batch_size, progress, on_batch
        self.summary = BuildSummary()
        self.builder = builder
        # reference -> (file, sha256, completeness, manifest key) of the copy this run builds
        self.seen: dict[str, tuple[str, str, tuple[int, ...], str]] = {}
        self.given_way: set[str] = set()  # manifest keys of copies a more complete one replaced in this run
        self.pending: list[tuple[Item, str, str]] = []  # item, display name, manifest key
        self.pending_quads = 0
        self.drop: set[str] = set()
        self.dropped = False  # a graph was removed (its file now names another reference)
        self.forget: set[str] = set()
        self.loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-load")
        self.inflight: tuple[Future, list, list[str], list[str]] | None = None
        self.keep_invalid = keep_invalid
        self.index = index
        self.indexed = index.graphs() if index is not None else set()
        self.marked = False  # the statistics are marked out of date (with the first batch that changes anything)
        self.one: OneLoad | None = None  # the one load of a store that held nothing

    def take(self, item: Item, display: str, key: str) -> None:
        s = self.summary
        s.timings["parse_map"] += item.parse_s
        s.timings["validate"] += item.validate_s
        s.timings["parse_map_cpu"] += item.parse_cpu
        s.timings["validate_cpu"] += item.validate_cpu
        s.warnings.extend(item.warnings)
        if item.status == "failed":
            s.failed.append(Failure(display, item.reason))
        elif item.status == "skipped":
            s.skipped.append(display)
        elif item.violations:
            self._invalid(item, display)
        elif (reason := self._conflict(item, display, key)) is not None:
            if reason:
                s.failed.append(Failure(display, reason))
            else:
                s.skipped.append(display)
        else:
            self.pending.append((item, display, key))
            self.pending_quads += item.triples
            if (
                len(self.pending) >= (self.batch_size if self.one is None else STREAM_BATCH)
                or self.pending_quads >= MAX_BATCH_QUADS
            ):
                self.flush()
        if self.progress is not None:
            self.progress(Path(display))

    def _invalid(self, item: Item, display: str) -> None:
        """A graph that violates the shapes: reported, kept apart if asked, never loaded."""
        failure, lines = invalid_graph(item.graph, item.nquads, item.violations, display, self.keep_invalid)
        self.summary.invalid.append(failure)
        self.summary.violations.extend(lines)

    def _conflict(self, item: Item, display: str, key: str) -> str | None:
        """Why ``item`` must not replace its graph ("" for a copy that another replaces or equals), else None.

        Of two copies of one decision with different text, the more complete wins whatever the files are
        called or the order they come in (:meth:`kg.model.Decision.completeness`); two complete copies that
        differ are a conflict, and the later one is refused.
        """
        first = self.seen.setdefault(item.reference, (display, item.sha256, item.completeness, key))
        if first[0] != display:
            if first[1] == item.sha256:
                return ""
            wins = _more_complete(item.completeness, first[2])
            if wins is None:
                return _duplicate(item.reference, first[0])
            if not wins:
                self.summary.superseded.append(Failure(display, f"a more complete copy, {first[0]}, was built"))
                return ""
            self._supersede(first[0], display)
            self.given_way.add(first[3])
            self.seen[item.reference] = (display, item.sha256, item.completeness, key)
        if self.manifest is None:
            return None
        previous = self.manifest.get(key)
        if (
            previous is not None
            and previous.graph != item.graph
            and not any(r.path != key for r in self.manifest.by_graph(previous.graph))
        ):
            self.drop.add(previous.graph)  # the file now says another reference: its old graph goes
        for other in self.manifest.by_graph(item.graph):
            if other.path == key or other.path in self.given_way:
                continue
            if not Path(other.path).is_file():  # the file that built it is gone: this one takes over
                self.forget.add(other.path)
            elif other.sha256 == item.sha256:
                return ""
            elif (wins := _more_complete(item.completeness, other.rank())) is None:
                return _duplicate(item.reference, other.path)
            elif not wins:
                self.summary.superseded.append(Failure(display, f"a more complete copy, {other.path}, is stored"))
                return ""
            else:
                self.summary.superseded.append(Failure(other.path, f"a more complete copy, {display}, replaces it"))
        return None

    def _supersede(self, display: str, by: str) -> None:
        """Copy ``display`` gives way to the more complete ``by``: out of the pending batch if it is still there."""
        kept = [p for p in self.pending if p[1] != display]
        self.pending_quads -= sum(p[0].triples for p in self.pending if p[1] == display)
        self.pending = kept
        self.summary.superseded.append(Failure(display, f"a more complete copy, {by}, replaces it"))

    def flush(self) -> None:
        """Send the pending batch to the store, in a background thread once the previous batch is committed.

        Oxigraph releases the GIL while it loads, so this process keeps taking results from the
        workers meanwhile; batches still commit one at a time, in order.
        """
        if not self.pending and not self.drop:
            return
        batch, drop, forget = self.pending, sorted(self.drop), sorted(self.forget)
        self.pending, self.pending_quads, self.drop, self.forget = [], 0, set(), set()
        if self.one is not None:  # the store held nothing: no graph to remove, and one written here stays
            self.one.send(batch, forget, None if self.marked else stale_mark(self.base)[1])
            self.marked = True
            return
        self.dropped = self.dropped or bool(drop)
        self.settle()
        self.inflight = (self.loader.submit(self._load, batch, drop), batch, forget, drop)

    def _load(self, batch: list[tuple[Item, str, str]], drop: list[str]) -> None:
        started = time.perf_counter()
        graphs = [(item.graph, item.nquads) for item, _, _ in batch]
        if not self.marked:  # one store operation: the decisions and the mark that the statistics are stale
            graphs.append(stale_mark(self.base))
            self.marked = True
        try:
            _load(self.store, graphs, drop)
        finally:
            self.summary.timings["load"] += time.perf_counter() - started

    def settle(self) -> None:
        """Wait for the batch being loaded, then record it: manifest, summary, ``on_batch``."""
        if self.inflight is None:
            return
        (future, batch, forget, drop), self.inflight = self.inflight, None
        s = self.summary
        try:
            future.result()
        except KgError as exc:
            s.failed.extend(Failure(display, f"could not be stored: {exc}") for _, display, _ in batch)
            self.marked = False  # nothing of that batch (its mark included) was committed
            return
        self._record(batch, forget, drop)

    def _record(
        self, batch: list[tuple[Item, str, str]], forget: list[str], drop: list[str], index: bool = True
    ) -> None:
        """What the store has committed: into the search index and the manifest, the summary, ``on_batch``."""
        s = self.summary
        started = time.perf_counter()
        if self.index is not None and index:  # like the manifest: after the store's commit, never ahead of it
            self.index.replace([item.row for item, _, _ in batch if item.row is not None], remove=drop)
        if self.manifest is not None:
            self.manifest.record([Row.of(item, key, self.base, self.builder) for item, _, key in batch], forget)
        s.timings["manifest"] += time.perf_counter() - started
        for item, display, _ in batch:
            s.built.append(display)
            s.triples_loaded += item.triples
            s.faults += item.faults
            s.remedies += item.remedies
            s.payments_gbp += Decimal(item.payments)
        s.batches += 1
        if self.on_batch is not None:
            self.on_batch(s)

    def finish(self) -> None:
        """Load and record what is pending; commit the one load of a store that held nothing, then replace the
        graphs of copies that came after their first copy was written to it."""
        self.flush()
        if self.one is not None:
            one, self.one = self.one, None
            with one.indexing():  # the index rows go in as the store takes the load and merges its files (with
                try:  # the CPU those leave); SQLite commits them once the store has
                    one.commit()
                except KgError as exc:
                    self.summary.failed.extend(Failure(d, f"could not be stored: {exc}") for _, d, _ in one.written)
                    self.marked = False
                    return
                finally:
                    self.summary.timings["load"] += one.seconds
                self._record(one.written, one.forget, [], index=False)
                started = time.perf_counter()
                self.store.compact()  # committed and recorded already: a build killed while it runs keeps the store
                self.summary.timings["compact"] = time.perf_counter() - started
            self.summary.timings["index"] = one.index_seconds
            self.pending = one.later
        self.flush()
        self.settle()

    def close(self) -> None:
        """Give up a load under way that is not recorded (the one load of an empty store is abandoned; a batch
        load finishes but is not recorded) and stop the loader."""
        if self.one is not None:
            self.one.abort()
            self.one = None
        self.loader.shutdown(wait=True)

    def known(self, key: str, rows: dict[str, tuple[str, str]]) -> str | None:
        row = rows.get(key)
        if row is None or not self.store.has_graph(row[1]):
            return None
        if self.index is not None and row[1] not in self.indexed:  # built before the index was kept
            return None
        return row[0]


def _more_complete(new: tuple[int, ...], old: tuple[int, ...] | None) -> bool | None:
    """Whether copy ``new`` beats copy ``old`` of a decision; None when neither may win (both complete, or not known)."""
    if old is None or not new or not old or (new[0] and old[0]) or new == old:
        return None
    return new > old


def _load(store: Store, batch: list[tuple[str, bytes]], drop: list[str]) -> None:
    store.replace_graphs_nquads(batch, drop)


def build(
    sources: Iterable[str | Path],
    store: Store,
    *,
    base: str = DEFAULT_BASE,
    check: bool = True,
    progress: Callable[[Path], None] | None = None,
    jobs: int | None = 1,
    force: bool = False,
    chunk_size: int = 32,
    batch_size: int = 2500,
    on_batch: Callable[[BuildSummary], None] | None = None,
    shapes: str | Path | None = None,
    engine: str = "auto",
    keep_invalid: str | Path | None = None,
    index: bool = True,
    bulk: bool = True,
) -> BuildSummary:
    """Parse, map, validate and load every source into ``store``; one named graph per decision.

    :param jobs: worker processes (None: one per core; 1: all in this process).
    :param force: rebuild every file, even those the manifest says are unchanged.
    :param chunk_size: files per task sent to a worker.
    :param batch_size: decisions per store load (and manifest commit).  Workers run ahead of the
        store by up to two batches, so they keep parsing while a batch loads; memory stays bounded
        by that window (about 55 KB of N-Quads per decision).
    :param on_batch: called with the summary after each committed batch (tests use it to interrupt).
    :param progress: called with each file's path once it is done (built, skipped or failed).
    :param shapes: a SHACL shapes file to validate with (default ``ontology/shapes.ttl``).
    :param engine: ``auto`` (the fast engine where it compiles the shapes, else pySHACL), ``fast`` or ``pyshacl``.
    :param keep_invalid: a folder where the graphs that violate the shapes are written (N-Quads) for inspection.
    :param index: keep the search index beside a store directory (:mod:`kg.search`), for the explorer.
    :param bulk: fill a store that holds nothing yet with one bulk load of every graph, committed when all are
        written (a build stopped before that leaves the store empty); False: in batches, each committed.
    """
    location = store.location if isinstance(getattr(store, "location", None), Path) else None
    search = SearchIndex.of_store(location) if index and not store.read_only else None
    settings = Settings(
        base=base,
        check=check,
        shapes=None if shapes is None else str(Path(shapes).resolve()),
        engine=engine,
        index=search is not None,
    )
    if check:
        from kg.validate import choose

        choose(engine, settings.shapes)  # ill-formed shapes or an unknown engine: refused before any file is read
    started, cpu = time.perf_counter(), time.process_time()
    sources = list(sources)
    paths = list(iter_inputs(sources))  # files, and the pages of harvest folders
    if not paths:
        raise InputError(
            "no decision files found in "
            + ", ".join(str(s) for s in sources)
            + f" (looked for {', '.join(SUFFIXES)} files)"
        )
    manifest = Manifest.of_store(location)
    kept = None if keep_invalid is None else Path(keep_invalid)
    builder = builder_fingerprint(settings.shapes)
    run = _Build(store, base, manifest, batch_size, progress, on_batch, builder, kept, search)
    stale = bool(stale_marks(store))  # a build killed before its statistics were refreshed
    rows = {} if manifest is None or force else manifest.hashes(base, run.builder)
    keys = {name_of(p): key_of(p) for p in paths}

    def chunks() -> Iterator[list[tuple[str | Record, str | None]]]:
        for i in range(0, len(paths), chunk_size):
            yield [
                (p if isinstance(p, Record) else key_of(p), run.known(key_of(p), rows))
                for p in paths[i : i + chunk_size]
            ]

    displays = iter(name_of(p) for p in paths)
    try:
        if bulk and not store.read_only and (stream := store.stream()) is not None:
            run.one = OneLoad(stream, search)  # an empty store: one load (aborted by run.close() unless committed)
        jobs = jobs or default_jobs()
        window = max(jobs * 3, 2 * -(-batch_size // chunk_size) + jobs)
        for items in run_chunks(chunks(), jobs=jobs, settings=settings, window=window):
            for item in items:
                display = next(displays)
                run.take(item, display, keys[display])
        run.finish()
        started_statistics = time.perf_counter()
        if run.summary.built or run.dropped or not _has_statistics(store, base):
            refresh_statistics(store, base)
        if stale or run.marked:  # marks left by a killed build, of this base or another
            refresh_if_stale(store)
        run.summary.timings["statistics"] = time.perf_counter() - started_statistics
    except KeyboardInterrupt:
        run.summary.interrupted = True
    finally:
        run.close()
        if manifest is not None:
            manifest.close()
        if search is not None:
            search.close()
        run.summary.timings["wall"] = time.perf_counter() - started
        run.summary.timings["parent_cpu"] = time.process_time() - cpu  # loading, RocksDB's threads, bookkeeping
    return run.summary


def _has_statistics(store: Store, base: str) -> bool:
    return store.has_graph(str(statistics_graph_iri(base)))


__all__ = ["BuildSummary", "Failure", "SUFFIXES", "build", "iter_sources", "parse_all"]
