"""What a build reads: decision files, and decision pages out of a harvest folder (``kg harvest``).

A source is a file path or a :class:`kg.harvest.reader.Record` (a decision page in a WARC file, with
its URL, retrieval time, content digest and search-result card).  A harvested page is parsed like a
saved file; then the card fills the facts the page lacks (a page cut short), and the decision's graph
records where and when the page was fetched (:func:`kg.provenance.provenance_triples`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from kg.harvest.reader import Record, decision_records, is_harvest, read_body
from kg.mapping import Triple
from kg.model import Decision
from kg.provenance import Provenance, provenance_triples

Source = Path | Record

SUFFIXES = (".txt", ".html", ".htm")


def iter_sources(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to build: each file given, and every decision file under each folder given, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Source]:
    """Files to build, as :func:`iter_sources` finds them, and the pages of each harvest folder."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir() and is_harvest(path):
            yield from decision_records(path)
        else:
            yield from iter_sources([path])


def key_of(source: Source) -> str:
    """The source's key in the build manifest: a file's resolved path, a harvested page's URL."""
    return source.url if isinstance(source, Record) else str(Path(source).resolve())


def name_of(source: Source) -> str:
    """How a summary names the source: the path as given, or the page's URL."""
    return source.url if isinstance(source, Record) else str(source)


def read_record(record: Record) -> bytes:
    return read_body(record.warc, record.offset)


def with_listing(decision: Decision, card: dict | None) -> tuple[Decision, tuple[str, ...]]:
    """The decision with the facts its page lacks taken from its search-result card, and the fields so filled.

    >>> d = Decision(reference="24 000 101", source_name="x", sha256="0" * 64, text="", outcome=None)
    >>> filled, names = with_listing(d, {"outcome": "Upheld", "decision_date": "2024-04-09", "summary": "Mrs Q."})
    >>> filled.outcome, str(filled.decision_date), names
    ('Upheld', '2024-04-09', ('outcome', 'decision_date', 'summary'))
    """
    if not card:
        return decision, ()
    fills: dict[str, object] = {}
    if decision.authority is None and card.get("authority"):
        fills["authority"] = card["authority"]
    if decision.outcome is None and card.get("outcome"):
        fills["outcome"] = card["outcome"]
    if decision.decision_date is None and card.get("decision_date"):
        fills["decision_date"] = date.fromisoformat(card["decision_date"])
    if decision.category is None and decision.subcategory is None and card.get("category"):
        fills["category"] = card["category"]
        fills["subcategory"] = card.get("subcategory")
    names = tuple(fills)
    if decision.summary is None and card.get("summary"):
        names += ("summary",)  # not a span of the page's text: the mapping writes it from the card
    return replace(decision, **fills) if fills else decision, names  # type: ignore[arg-type]


def harvested(decision: Decision, record: Record, base: str) -> tuple[Decision, list[Triple]]:
    """A harvested page's decision, filled from its card, and the provenance triples its graph adds."""
    decision, names = with_listing(decision, record.card)
    provenance = Provenance(
        url=record.url,
        retrieved=record.retrieved_at,
        digest=record.digest,
        listing_url=record.card_url,
        listing_retrieved=record.card_retrieved_at,
        from_listing=names,
        listing_summary=(record.card or {}).get("summary"),
    )
    return decision, list(provenance_triples(decision, provenance, base))


__all__ = [
    "SUFFIXES",
    "Source",
    "harvested",
    "iter_inputs",
    "iter_sources",
    "key_of",
    "name_of",
    "read_record",
    "with_listing",
]
