"""The harvest folder: raw responses as WARC files, and a SQLite index of them.

::

    DIR/warc/lgsco-00001.warc.gz   request and response records (gzip, one member per record), one file per run
    DIR/index.sqlite               pages (URL, reference, status, ETag, Last-Modified, retrieval time,
                                   content digest, WARC file and offset), every record written, runs, windows

A response is written to the WARC file and flushed to disk *before* the
index row that points at it is committed.  A harvester killed between the
two leaves a record the index does not know: opening the archive again reads
every WARC file past the last offset the index knows, indexes the complete
records it finds there and cuts off a record left half-written.  So killing
the harvester at any moment loses nothing already written, and a page is
never stored twice.

The content digest is ``sha256:`` and the hex SHA-256 of the decoded body
(what a parser reads), so an unchanged page is recognised even when the
site answers ``200`` instead of ``304``.

:mod:`kg.harvest.reader` is the reading side that ``kg build`` uses; it needs
neither the network nor the fetching code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kg.errors import InputError, StoreError
from kg.harvest.reader import INDEX, WARC_DIR

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, key TEXT NOT NULL, started TEXT NOT NULL, finished TEXT);
CREATE TABLE IF NOT EXISTS pages (
    url TEXT PRIMARY KEY, kind TEXT NOT NULL, reference TEXT, status INTEGER, etag TEXT, last_modified TEXT,
    retrieved_at TEXT, digest TEXT, warc_file TEXT, warc_offset INTEGER, warc_length INTEGER, checked_at TEXT,
    seen_run INTEGER, checked_run INTEGER, failed_run INTEGER, error TEXT,
    card TEXT, card_url TEXT, card_retrieved_at TEXT);
CREATE INDEX IF NOT EXISTS pages_reference ON pages(reference);
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL, digest TEXT NOT NULL,
    retrieved_at TEXT NOT NULL, warc_file TEXT NOT NULL, warc_offset INTEGER NOT NULL, warc_length INTEGER NOT NULL,
    record_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS warcs (name TEXT PRIMARY KEY, indexed_end INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS windows (
    run INTEGER NOT NULL, fd TEXT NOT NULL, td TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (run, fd, td));
"""
#: tells the kind ("decision" | "listing" | "other") and the reference of a URL
KindOf = Callable[[str], tuple[str, str | None]]
#: Response headers not kept in the WARC record: the body is stored de-chunked
_DROP_HEADERS = {"transfer-encoding"}


def digest_of(body: bytes) -> str:
    """``sha256:`` and the hex SHA-256 of a decoded body."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def iso(moment: datetime) -> str:
    """A UTC time as ISO 8601 with seconds (``2025-01-31T09:00:00Z``), as the index and WARC-Date hold it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP exchange to archive: the raw (content-encoded, de-chunked) body and the decoded one."""

    url: str
    status: int
    reason: str
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    raw: bytes
    body: bytes
    retrieved: datetime

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.response_headers if k.lower() == name.lower()), None)


@dataclass(frozen=True, slots=True)
class Page:
    """The index's row for one URL (the latest version stored)."""

    url: str
    kind: str
    reference: str | None
    status: int | None
    etag: str | None
    last_modified: str | None
    retrieved_at: str | None
    digest: str | None
    warc_file: str | None
    warc_offset: int | None
    warc_length: int | None


class Archive:
    """A harvest folder opened for writing (created if missing); recovers records a kill left unindexed."""

    def __init__(self, folder: Path, kind_of: KindOf) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(f"--out {self.folder} is a file; give a folder for the harvest (created if missing)")
        (self.folder / WARC_DIR).mkdir(parents=True, exist_ok=True)
        self.kind_of = kind_of
        try:
            self.db = sqlite3.connect(self.folder / INDEX, isolation_level=None)
            self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;" + _SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the harvest index {self.folder / INDEX}: {exc}") from exc
        self.warc: Path | None = None
        self.recovered = self._recover()

    # --- runs -------------------------------------------------------------------------------------

    def start_run(self, key: str, now: datetime) -> tuple[int, bool]:
        """The run to work in: the last one if it has the same ``key`` and never finished (resumed), else a new one."""
        row = self.db.execute("SELECT id, key, finished FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        if row is not None and row[1] == key and row[2] is None:
            run, resumed = row[0], True
        else:
            run = self.db.execute("INSERT INTO runs (key, started) VALUES (?, ?)", (key, iso(now))).lastrowid
            resumed = False
        assert run is not None
        self.warc = self.folder / WARC_DIR / f"lgsco-{run:05d}.warc.gz"
        return run, resumed

    def finish_run(self, run: int, now: datetime) -> None:
        self.db.execute("UPDATE runs SET finished = ? WHERE id = ?", (iso(now), run))

    def window(self, run: int, fd: str, td: str) -> str | None:
        """What ``run`` did with a date window: None (not walked to the end), ``done``, or ``split`` (capped)."""
        row = self.db.execute("SELECT state FROM windows WHERE run = ? AND fd = ? AND td = ?", (run, fd, td)).fetchone()
        return None if row is None else row[0]

    def mark_window(self, run: int, fd: str, td: str, state: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO windows VALUES (?, ?, ?, ?)", (run, fd, td, state))

    # --- pages ------------------------------------------------------------------------------------

    def page(self, url: str) -> Page | None:
        row = self.db.execute(
            "SELECT url, kind, reference, status, etag, last_modified, retrieved_at, digest, warc_file, warc_offset, "
            "warc_length FROM pages WHERE url = ?",
            (url,),
        ).fetchone()
        return None if row is None else Page(*row)

    def discovered(
        self,
        run: int,
        url: str,
        kind: str,
        reference: str | None,
        card: dict | None = None,
        card_url: str | None = None,
        card_retrieved: str | None = None,
    ) -> bool:
        """Note ``url`` as found in ``run`` (with its search-result card); True if the index did not know it."""
        with self.db:
            self.db.execute("BEGIN")
            new = self.db.execute("SELECT 1 FROM pages WHERE url = ?", (url,)).fetchone() is None
            self.db.execute(
                "INSERT INTO pages (url, kind, reference, seen_run) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET seen_run = excluded.seen_run",
                (url, kind, reference, run),
            )
            if card is not None:
                self.db.execute(
                    "UPDATE pages SET card = ?, card_url = ?, card_retrieved_at = ? WHERE url = ?",
                    (json.dumps(card, sort_keys=True), card_url, card_retrieved, url),
                )
        return new

    def to_fetch(self, run: int) -> list[str]:
        """Decision pages found in ``run`` and neither checked nor given up on in it, in URL order."""
        rows = self.db.execute(
            "SELECT url FROM pages WHERE kind = 'decision' AND seen_run = ? AND checked_run IS NOT ? "
            "AND failed_run IS NOT ? ORDER BY url",
            (run, run, run),
        )
        return [r[0] for r in rows]

    def checked(
        self, run: int, url: str, now: datetime, etag: str | None = None, last_modified: str | None = None
    ) -> None:
        """``url`` is as the index holds it (304, or the same digest): nothing stored; new validators kept."""
        self.db.execute(
            "UPDATE pages SET checked_run = ?, checked_at = ?, error = NULL, etag = COALESCE(?, etag), "
            "last_modified = COALESCE(?, last_modified) WHERE url = ?",
            (run, iso(now), etag, last_modified, url),
        )

    def failed(self, run: int, url: str, reason: str) -> None:
        self.db.execute("UPDATE pages SET failed_run = ?, error = ? WHERE url = ?", (run, reason, url))

    def failures(self, run: int) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT url, error FROM pages WHERE failed_run = ? ORDER BY url", (run,))
        return [(u, e) for u, e in rows]

    def count(self, kind: str = "decision") -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM pages WHERE kind = ? AND warc_file IS NOT NULL", (kind,)
        ).fetchone()[0]

    # --- storing ----------------------------------------------------------------------------------

    def store(self, fetched: Fetched, run: int | None) -> Page:
        """Write the request and response records, flush them to disk, then index them in one transaction."""
        assert self.warc is not None, "start_run first"
        new_file = not self.warc.exists()
        with open(self.warc, "ab") as fh:
            writer = WARCWriter(fh, gzip=True)
            if new_file:
                writer.write_record(
                    writer.create_warcinfo_record(
                        self.warc.name, {"software": "lgsco-kg harvester", "format": "WARC File Format 1.0"}
                    )
                )
            date = iso(fetched.retrieved)
            response = writer.create_warc_record(
                fetched.url,
                "response",
                payload=BytesIO(fetched.raw),
                length=len(fetched.raw),
                warc_headers_dict={"WARC-Date": date},
                http_headers=StatusAndHeaders(
                    f"{fetched.status} {fetched.reason}",
                    [(k, v) for k, v in fetched.response_headers if k.lower() not in _DROP_HEADERS],
                    protocol="HTTP/1.1",
                ),
            )
            record_id = response.rec_headers.get_header("WARC-Record-ID")
            path = fetched.url.split("/", 3)[3] if fetched.url.count("/") >= 3 else ""
            request = writer.create_warc_record(
                fetched.url,
                "request",
                payload=BytesIO(b""),
                length=0,
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
                http_headers=StatusAndHeaders(f"GET /{path} HTTP/1.1", fetched.request_headers, is_http_request=True),
            )
            writer.write_record(request)
            offset = fh.tell()
            writer.write_record(response)
            end = fh.tell()
            fh.flush()
            os.fsync(fh.fileno())
        return self._index(
            fetched.url,
            fetched.status,
            fetched.header("ETag"),
            fetched.header("Last-Modified"),
            date,
            digest_of(fetched.body),
            self.warc.name,
            offset,
            end - offset,
            record_id,
            end,
            run,
        )

    def _index(
        self,
        url: str,
        status: int,
        etag: str | None,
        last_modified: str | None,
        date: str,
        digest: str,
        warc: str,
        offset: int,
        length: int,
        record_id: str,
        end: int,
        run: int | None,
    ) -> Page:
        kind, reference = self.kind_of(url)
        try:
            with self.db:
                self.db.execute("BEGIN")
                self.db.execute(
                    "INSERT INTO records (url, status, digest, retrieved_at, warc_file, warc_offset, warc_length, "
                    "record_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (url, status, digest, date, warc, offset, length, record_id),
                )
                self.db.execute(
                    "INSERT INTO pages (url, kind, reference, seen_run) VALUES (?, ?, ?, ?) ON CONFLICT(url) DO NOTHING",
                    (url, kind, reference, run),
                )
                self.db.execute(
                    "UPDATE pages SET status = ?, etag = ?, last_modified = ?, retrieved_at = ?, digest = ?, "
                    "warc_file = ?, warc_offset = ?, warc_length = ?, checked_at = ?, "
                    "checked_run = COALESCE(?, checked_run), error = NULL WHERE url = ?",
                    (status, etag, last_modified, date, digest, warc, offset, length, date, run, url),
                )
                self.db.execute(
                    "INSERT INTO warcs VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET indexed_end = excluded.indexed_end",
                    (warc, end),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the harvest index {self.folder / INDEX}: {exc}") from exc
        return Page(url, kind, reference, status, etag, last_modified, date, digest, warc, offset, length)

    def _recover(self) -> int:
        """Index complete records past each WARC file's indexed end; cut off a half-written last record."""
        known = dict(self.db.execute("SELECT name, indexed_end FROM warcs").fetchall())
        recovered = 0
        for path in sorted((self.folder / WARC_DIR).glob("*.warc.gz")):
            start = known.get(path.name, 0)
            size = path.stat().st_size
            if size <= start:
                continue
            good = start
            with open(path, "rb") as fh:
                fh.seek(start)
                records = ArchiveIterator(fh)
                try:
                    for record in records:
                        if record.rec_type == "response":
                            body = record.content_stream().read()
                            offset, url = records.get_record_offset(), record.rec_headers.get_header("WARC-Target-URI")
                            records.read_to_end()
                            end = records.get_record_offset() + records.get_record_length()
                            headers = record.http_headers
                            self._index(
                                url,
                                int(headers.get_statuscode()),
                                headers.get_header("ETag"),
                                headers.get_header("Last-Modified"),
                                record.rec_headers.get_header("WARC-Date"),
                                digest_of(body),
                                path.name,
                                offset,
                                end - offset,
                                record.rec_headers.get_header("WARC-Record-ID"),
                                end,
                                None,
                            )
                            recovered += 1
                        else:
                            records.read_to_end()
                            end = records.get_record_offset() + records.get_record_length()
                        good = end
                except (ArchiveLoadFailed, EOFError, OSError, ValueError):
                    pass  # a record cut short by a kill: everything from ``good`` on goes
            if good < size:
                with open(path, "r+b") as fh:
                    fh.truncate(good)
            self.db.execute(
                "INSERT INTO warcs VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET indexed_end = excluded.indexed_end",
                (path.name, good),
            )
        return recovered

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "INDEX",
    "WARC_DIR",
    "Archive",
    "Fetched",
    "KindOf",
    "Page",
    "digest_of",
    "iso",
]
