"""The build manifest: which file built which decision graph, from which content.

A small SQLite database beside the Oxigraph data, ``DIR/kg-manifest.sqlite``
(RocksDB leaves files it does not know alone).  One row per source file:
its resolved path, the SHA-256 of its bytes, the reference and graph it
built, the base IRI and a fingerprint of the code that built it.  ``kg build``
skips a file whose bytes, base and builder are unchanged and whose graph is
still in the store; anything else is rebuilt.

Rows are written after the store has committed the batch they describe, in
one SQLite transaction per batch.  A build killed between the two leaves
graphs the manifest does not know: the next build simply rebuilds them
(replacing a graph is idempotent).  So the manifest may lag the store,
never lead it: what it calls built is built.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d, Manifest(pathlib.Path(d) / "m.sqlite") as m:
...     m.record([Row("/a.txt", "ab" * 32, "20 007 812", "http://x/g", "http://x/", "f1", 0)])
...     m.get("/a.txt").reference, len(m)
('20 007 812', 1)
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import astuple, dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

from kg.errors import StoreError

FILE_NAME = "kg-manifest.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, reference TEXT NOT NULL, graph TEXT NOT NULL,
    base TEXT NOT NULL, builder TEXT NOT NULL, violations INTEGER NOT NULL, built_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS files_graph ON files(graph);
"""


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    sha256: str
    reference: str
    graph: str
    base: str
    builder: str
    violations: int


@cache
def builder_fingerprint() -> str:
    """A hash of the code that turns a file into a graph (parser, model, mapping): a new parser rebuilds."""
    import kg

    root = Path(kg.__file__).parent
    digest = hashlib.sha256(getattr(kg, "__version__", "").encode())
    for path in sorted([*root.glob("parse/*.py"), root / "model.py", root / "mapping.py", root / "vocab.py"]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


class Manifest:
    """The manifest of one store directory (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + _SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the build manifest {self.path}: {exc}; "
                             "delete it to rebuild every file on the next build") from exc

    @classmethod
    def of_store(cls, location: Path | None) -> Manifest | None:
        """The manifest of a store directory, or None for a store without one (memory, remote)."""
        return None if location is None else cls(Path(location) / FILE_NAME)

    def get(self, path: str) -> Row | None:
        row = self._db.execute("SELECT path, sha256, reference, graph, base, builder, violations FROM files "
                               "WHERE path = ?", (path,)).fetchone()
        return None if row is None else Row(*row)

    def by_graph(self, graph: str) -> list[Row]:
        rows = self._db.execute("SELECT path, sha256, reference, graph, base, builder, violations FROM files "
                                "WHERE graph = ?", (graph,)).fetchall()
        return [Row(*r) for r in rows]

    def hashes(self, base: str, builder: str) -> dict[str, tuple[str, str]]:
        """{path: (sha256, graph)} for rows built with this base and builder."""
        rows = self._db.execute("SELECT path, sha256, graph FROM files WHERE base = ? AND builder = ?", (base, builder))
        return {p: (s, g) for p, s, g in rows}

    def record(self, rows: list[Row], forget: list[str] = ()) -> None:
        """Record ``rows`` and drop the rows of paths in ``forget``, in one transaction."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in forget])
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                     [(*astuple(r), now) for r in rows])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the build manifest {self.path}: {exc}") from exc

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM files").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Manifest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["FILE_NAME", "Manifest", "Row", "builder_fingerprint"]
