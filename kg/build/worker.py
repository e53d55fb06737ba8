"""What one build worker does with a file: read, hash, parse, map, validate, serialise.

Runs in worker processes (:mod:`kg.build` feeds it chunks of paths), so
it returns plain picklable values: the decision's graph as N-Quads bytes,
ready for the parent to hand to the store in one call per batch, plus the
few numbers the build summary needs.  Nothing here touches the store.

>>> from kg.resources import data_dir
>>> [item] = process_chunk([(str(data_dir() / "decisions" / "lgsco-20-007-812.txt"), None)])
>>> item.status, item.reference, item.nquads.count(b"\\n") == item.triples
('built', '20 007 812', True)
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from pathlib import Path

from kg.build.sources import harvested, read_record
from kg.errors import InputError, KgError, ParseError
from kg.harvest.reader import Record
from kg.mapping import Triple, decision_iri, triples
from kg.parse import parse_bytes
from kg.search import IndexRow, index_row
from kg.terms import nt
from kg.validate import choose, validate_terms
from kg.vocab import DEFAULT_BASE


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs to know: the base IRI, whether to validate, with which shapes and engine."""

    base: str = DEFAULT_BASE
    check: bool = True
    shapes: str | None = None  # a shapes file; None: ontology/shapes.ttl
    engine: str = "auto"
    index: bool = False  # make the search index's row of each decision (kg.search)


@dataclass(slots=True)
class Item:
    """The outcome for one file: ``status`` built | skipped | failed."""

    path: str
    status: str
    sha256: str = ""
    reason: str = ""
    reference: str = ""
    graph: str = ""
    nquads: bytes = b""
    triples: int = 0
    faults: int = 0
    remedies: int = 0
    payments: str = "0"
    violations: list[str] = field(default_factory=list)
    row: IndexRow | None = None  # the search index's row, when the build keeps an index
    completeness: tuple[int, ...] = ()  # Decision.completeness(): of two copies of a decision, the larger wins
    warnings: tuple[str, ...] = ()  # what the parser noticed but did not refuse (control characters removed …)
    parse_s: float = 0.0  # wall seconds reading, parsing, mapping and serialising
    validate_s: float = 0.0
    parse_cpu: float = 0.0  # CPU seconds of the same (what the work costs, whatever else runs)
    validate_cpu: float = 0.0


def graph_lines(decision, base: str, extra: Iterable[Triple] = ()) -> tuple[str, list[tuple[str, str, str]], str]:
    """The graph IRI, its distinct triples (and ``extra``'s) as N-Triples terms, and its N-Quads text."""
    graph = nt(decision_iri(decision, base))
    terms = list(dict.fromkeys((nt(s), nt(p), nt(o)) for s, p, o in chain(triples(decision, base), extra)))
    tail = f" {graph} .\n"
    return graph, terms, "".join(f"{s} {p} {o}{tail}" for s, p, o in terms)


def process_file(source: str | Record, known: str | None, settings: Settings = Settings()) -> Item:
    """Build one file, or one harvested page; ``known`` is the SHA-256 the manifest holds for it (equal: skipped)."""
    started, cpu = time.perf_counter(), time.process_time()
    path = source.url if isinstance(source, Record) else source
    try:
        data = read_record(source) if isinstance(source, Record) else Path(path).read_bytes()
    except InputError as exc:  # a harvested page whose WARC record cannot be read
        return Item(path, "failed", reason=str(exc))
    except IsADirectoryError:
        return Item(path, "failed", reason="is a directory, not a decision file")
    except OSError as exc:
        return Item(path, "failed", reason=f"cannot be read ({exc.strerror or exc})")
    sha = hashlib.sha256(data).hexdigest()
    if known == sha:
        return Item(path, "skipped", sha256=sha, reason="unchanged since the last build")
    try:
        extra: list[Triple] = []
        if isinstance(source, Record):
            decision = parse_bytes(data, path, name=path)
            decision, extra = harvested(decision, source, settings.base)
        else:
            decision = parse_bytes(data, path, name=Path(path).name)
        graph, terms, text = graph_lines(decision, settings.base, extra)
    except ParseError as exc:
        return Item(path, "failed", sha256=sha, reason=exc.reason)
    except KgError as exc:  # the mapping refuses something the parser let through
        return Item(path, "failed", sha256=sha, reason=str(exc))
    parsed, parsed_cpu = time.perf_counter(), time.process_time()
    violations: list[str] = []
    if settings.check:
        found = validate_terms(terms, graph=graph[1:-1], shapes=settings.shapes, engine=settings.engine)
        violations = [r.line() for r in found if r.severity.endswith("#Violation")]
    payments = decision.total_payment or Decimal(0)
    return Item(
        path,
        "built",
        sha256=sha,
        reference=decision.reference,
        graph=graph[1:-1],
        nquads=text.encode("utf-8"),
        triples=len(terms),
        faults=len(decision.faults),
        remedies=len(decision.remedies),
        payments=str(payments),
        violations=violations,
        row=index_row(decision, settings.base) if settings.index else None,
        completeness=decision.completeness(),
        warnings=decision.warnings,
        parse_s=parsed - started,
        validate_s=time.perf_counter() - parsed,
        parse_cpu=parsed_cpu - cpu,
        validate_cpu=time.process_time() - parsed_cpu,
    )


def process_chunk(chunk: list[tuple[str | Record, str | None]], settings: Settings = Settings()) -> list[Item]:
    """:func:`process_file` for each ``(path or harvested page, known SHA-256)`` of a chunk, in order."""
    return [process_file(path, known, settings) for path, known in chunk]


def warm_up(settings: Settings = Settings()) -> None:
    """Once per worker process: read (and, where the fast engine runs them, compile) the shapes."""
    if settings.check:
        choose(settings.engine, settings.shapes)


__all__ = ["Item", "Settings", "graph_lines", "process_chunk", "process_file", "warm_up"]
