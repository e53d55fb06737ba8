"""What a build reports: each decision built, skipped or failed (and why), and figures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kg.errors import ParseError
from kg.model import Decision
from kg.parse import parse_file


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass
class BuildSummary:
    """What a build did: decisions built, files skipped (unchanged) and failed (why), SHACL results, timings."""

    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    superseded: list[Failure] = field(default_factory=list)  # a copy of a decision a more complete copy replaced
    warnings: list[str] = field(default_factory=list)  # what the parser noticed in files it still read (logged too)
    invalid: list[Failure] = field(default_factory=list)  # graphs that violate the shapes: not loaded
    triples_loaded: int = 0
    faults: int = 0
    remedies: int = 0
    payments_gbp: Decimal = Decimal(0)
    violations: list[str] = field(default_factory=list)
    batches: int = 0
    interrupted: bool = False
    #: seconds: parse_map and validate summed over workers, load (in a thread, overlapping the rest),
    #: compact (the store's files merged once after the one load of an empty store), index (the search index's
    #: rows of that load written, on a thread, meanwhile) and manifest in this process, wall overall;
    #: *_cpu are CPU seconds (parent_cpu: this process, Oxigraph's threads included)
    timings: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "parse_map",
                "validate",
                "load",
                "compact",
                "index",
                "manifest",
                "statistics",
                "wall",
                "parse_map_cpu",
                "validate_cpu",
                "parent_cpu",
            ),
            0.0,
        )
    )

    @property
    def ok(self) -> bool:
        return not self.failed and not self.invalid and not self.violations and not self.interrupted


def parse_all(paths: Iterable[str | Path]) -> Iterator[Decision | Failure]:
    """Parse each file in this process; a file that cannot be parsed gives a :class:`Failure`.

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
            yield Failure(str(path), _duplicate(decision.reference, previous[0]))
            continue
        if previous is None:
            seen[decision.reference] = (str(path), decision.sha256)
            yield decision


def invalid_graph(
    graph: str, nquads: bytes, violations: list[str], display: str, keep: Path | None
) -> tuple[Failure, list[str]]:
    """A graph that violates the shapes, as its failure and its violation lines; written to ``keep`` if given."""
    where = ""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        kept = keep / (graph.rstrip("/").rsplit("/", 1)[-1] + ".nq")
        kept.write_bytes(nquads)
        where = f"; its graph is in {kept}"
    reason = f"its graph violates the SHACL shapes ({len(violations)} violation(s)) and was not loaded{where}"
    return Failure(display, reason), [f"{display}: {line}" for line in violations]


def _duplicate(reference: str, first: str) -> str:
    return (
        f"reference {reference} was already read from {first} with different text; "
        "keep one copy of each decision (the first one was built)"
    )


__all__ = ["BuildSummary", "Failure", "parse_all"]
