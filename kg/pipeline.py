"""The one orchestrator: sources -> parse -> map -> validate -> store.

One bad file never stops the rest: its error is recorded with the file's
name and the reason, and whatever the store already holds stays as it was.
A decision's named graph is replaced only by a newer good parse of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.errors import InputError, KgError, ParseError
from kg.mapping import decision_graph, decision_iri
from kg.model import Decision
from kg.parse import parse_file
from kg.store import Store
from kg.validate import Report, validate
from kg.vocab import DEFAULT_BASE

#: File suffixes read when a folder is given.
SUFFIXES = (".txt", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildSummary:
    """What a build did: decisions built, files that failed and why, SHACL results."""

    built: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    triples_loaded: int = 0
    faults: int = 0
    remedies: int = 0
    payments_gbp: Decimal = Decimal(0)
    violations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.violations


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to build: each file given, and every decision file under each folder given, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def parse_all(paths: Iterable[str | Path]) -> Iterator[Decision | Failure]:
    """Parse each file; a file that cannot be parsed gives a :class:`Failure` instead of stopping the rest.

    A reference seen twice with different text is a failure of the later file.
    """
    seen: dict[str, tuple[str, str]] = {}
    for path in paths:
        try:
            decision = parse_file(path)
        except ParseError as exc:
            yield Failure(exc.source, exc.reason)
            continue
        previous = seen.get(decision.reference)
        if previous is not None and previous[1] != decision.sha256:
            yield Failure(
                str(path),
                f"reference {decision.reference} was already read from {previous[0]} with different text; "
                "keep one copy of each decision (the first one was built)",
            )
            continue
        if previous is None:
            seen[decision.reference] = (str(path), decision.sha256)
            yield decision


def build(
    sources: Iterable[str | Path],
    store: Store,
    *,
    base: str = DEFAULT_BASE,
    check: bool = True,
    progress: Callable[[Path], None] | None = None,
) -> BuildSummary:
    """Parse, map, validate and load every source into ``store``; one named graph per decision."""
    summary = BuildSummary()
    sources = list(sources)
    paths = list(iter_sources(sources))
    if not paths:
        raise InputError(
            "no decision files found in " + ", ".join(str(s) for s in sources) + f" (looked for {', '.join(SUFFIXES)} files)"
        )

    def tracked() -> Iterator[Path]:
        for p in paths:
            if progress is not None:
                progress(p)
            yield p

    for item in parse_all(tracked()):
        if isinstance(item, Failure):
            summary.failed.append(item)
            continue
        graph = decision_graph(item, base)
        if check:
            report = validate(graph)
            summary.violations.extend(f"{item.source_name}: {r.line()}" for r in report.violations)
        try:
            store.replace_graph(decision_iri(item, base), graph)
        except KgError as exc:
            summary.failed.append(Failure(item.source_name, f"could not be stored: {exc}"))
            continue
        summary.built.append(item.source_name)
        summary.triples_loaded += len(graph)
        summary.faults += len(item.faults)
        summary.remedies += len(item.remedies)
        summary.payments_gbp += item.total_payment or Decimal(0)
    return summary


def validate_store(store: Store) -> Report:
    """SHACL-validate every decision graph held by ``store``."""
    return validate(store.dataset())


__all__ = ["BuildSummary", "Failure", "build", "iter_sources", "parse_all", "validate_store"]
