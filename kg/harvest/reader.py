"""The reading side of a harvest folder, what ``kg build`` uses: the decision pages stored, and their bodies.

No network and no fetching code here: a build worker imports this module only.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from kg.errors import InputError, StoreError

INDEX = "index.sqlite"
WARC_DIR = "warc"


@dataclass(frozen=True, slots=True)
class Record:
    """One harvested decision page, as ``kg build`` reads it: where its response record is, and where it came from."""

    url: str
    reference: str
    warc: str  # absolute path of the WARC file
    offset: int
    retrieved_at: str  # ISO 8601, UTC
    digest: str
    card: dict | None = None  # the search-result card's facts, if a listing showed it
    card_url: str | None = None
    card_retrieved_at: str | None = None


def is_harvest(folder: Path) -> bool:
    """Whether ``folder`` is a harvest folder (holds an index)."""
    return (Path(folder) / INDEX).is_file()


def decision_records(folder: Path) -> list[Record]:
    """Every decision page the harvest in ``folder`` stored (its latest version), by URL; chapters are left out."""
    folder = Path(folder)
    try:
        db = sqlite3.connect(f"file:{folder / INDEX}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT url, reference, warc_file, warc_offset, retrieved_at, digest, card, card_url, card_retrieved_at "
                "FROM pages WHERE kind = 'decision' AND status = 200 AND warc_file IS NOT NULL "
                "AND url NOT LIKE '%?chapter=%' ORDER BY url"
            ).fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the harvest index {folder / INDEX}: {exc}") from exc
    return [
        Record(u, r, str((folder / WARC_DIR / w).resolve()), o, t, d, json.loads(c) if c else None, cu, ct)
        for u, r, w, o, t, d, c, cu, ct in rows
    ]


def read_body(warc: str | Path, offset: int) -> bytes:
    """The decoded body of the response record at ``offset`` of a WARC file."""
    try:
        with open(warc, "rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                return record.content_stream().read()
    except (OSError, ArchiveLoadFailed, EOFError) as exc:
        raise InputError(f"{warc}: no readable WARC record at offset {offset} ({exc})") from None
    raise InputError(f"{warc}: no WARC record at offset {offset}; the harvest index and its WARC files disagree")


__all__ = ["INDEX", "WARC_DIR", "Record", "decision_records", "is_harvest", "read_body"]
