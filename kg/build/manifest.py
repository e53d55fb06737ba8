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
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import StoreError

if TYPE_CHECKING:
    from kg.build.worker import Item

FILE_NAME = "kg-manifest.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, reference TEXT NOT NULL, graph TEXT NOT NULL,
    base TEXT NOT NULL, builder TEXT NOT NULL, violations INTEGER NOT NULL, built_at TEXT NOT NULL,
    completeness TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS files_graph ON files(graph);
"""
_COLUMNS = "path, sha256, reference, graph, base, builder, violations, completeness"


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    sha256: str
    reference: str
    graph: str
    base: str
    builder: str
    violations: int
    completeness: str = ""  # Decision.completeness() as "1,1,5230": which of two copies is the more complete

    @classmethod
    def of(cls, item: Item, key: str, base: str, builder: str) -> Row:
        """The row of a built :class:`kg.build.worker.Item` under manifest ``key``."""
        completeness = ",".join(map(str, item.completeness))
        return cls(key, item.sha256, item.reference, item.graph, base, builder, len(item.violations), completeness)

    def rank(self) -> tuple[int, ...] | None:
        """The completeness key of the copy this row built, or None if not recorded (a row from an older build)."""
        return tuple(int(n) for n in self.completeness.split(",")) if self.completeness else None


#: What turns a file into a graph and its verdict, relative to the package: a change to any of these rebuilds
#: every file.  ``tests/test_build_manifest.py`` checks that every module a build worker imports is covered.
BUILDER_FILES = (
    "parse/**/*.py",
    "build/worker.py",
    "build/sources.py",
    "harvest/reader.py",
    "model.py",
    "mapping.py",
    "provenance.py",
    "vocab.py",
    "names.py",
    "legislation.py",
    "terms.py",
    "errors.py",
    "validate/**/*.py",
    "resources.py",
    "linking.py",
    "authorities.py",
    "authority_names.py",
    "data/*.py",
    "data/*.csv",  # a new table of authorities relinks
)


def builder_files(root: Path) -> list[Path]:
    """The files under package directory ``root`` that :func:`builder_fingerprint` hashes, sorted."""
    return sorted({p for pattern in BUILDER_FILES for p in root.glob(pattern) if p.is_file()})


@cache
def builder_fingerprint(shapes: str | None = None, root: Path | None = None) -> str:
    """A hash of the code and shapes that turn a file into a graph: a new parser or new shapes rebuild.

    ``shapes`` is the shapes file the build validates with (None: ``ontology/shapes.ttl``); ``root``
    the package directory (default: this installed package).
    """
    import kg
    from kg.resources import ontology_file

    root = Path(kg.__file__).parent if root is None else Path(root)
    digest = hashlib.sha256(getattr(kg, "__version__", "").encode())
    for path in builder_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    shapes_file = Path(shapes) if shapes is not None else ontology_file("shapes.ttl")
    digest.update(b"shapes\0" + shapes_file.read_bytes())
    return digest.hexdigest()[:16]


class Manifest:
    """The manifest of one store directory (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + _SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(files)")}
            if "completeness" not in columns:  # a manifest written before copies were compared
                self._db.execute("ALTER TABLE files ADD COLUMN completeness TEXT NOT NULL DEFAULT ''")
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the build manifest {self.path}: {exc}; delete it to rebuild every file on the next build"
            ) from exc

    @classmethod
    def of_store(cls, location: Path | None) -> Manifest | None:
        """The manifest of a store directory, or None for a store without one (memory, remote)."""
        return None if location is None else cls(Path(location) / FILE_NAME)

    def get(self, path: str) -> Row | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE path = ?", (path,)).fetchone()
        return None if row is None else Row(*row)

    def by_graph(self, graph: str) -> list[Row]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM files WHERE graph = ?", (graph,)).fetchall()
        return [Row(*r) for r in rows]

    def hashes(self, base: str, builder: str) -> dict[str, tuple[str, str]]:
        """{path: (sha256, graph)} for rows built with this base and builder."""
        rows = self._db.execute("SELECT path, sha256, graph FROM files WHERE base = ? AND builder = ?", (base, builder))
        return {p: (s, g) for p, s, g in rows}

    def record(self, rows: list[Row], forget: Sequence[str] = ()) -> None:
        """Record ``rows`` and drop the rows of paths in ``forget``, in one transaction."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in forget])
                self._db.executemany(
                    f"INSERT OR REPLACE INTO files ({_COLUMNS}, built_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(*astuple(r), now) for r in rows],
                )
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


__all__ = ["BUILDER_FILES", "FILE_NAME", "Manifest", "Row", "builder_files", "builder_fingerprint"]
