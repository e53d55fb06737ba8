"""Graph commands at scale: time and peak memory of each `kg similar` / `kg graph …` command by store size.

    python bench/bench_2_graph.py [--sizes 1000,10000,50000] [--build-up-to 10000]

Uses the stores ``bench/bench_1_scale.py`` builds (``out/bench/store-{N}``) when
they are there, else ``out/bench/graph/store-{N}`` from an earlier run of this
script; sizes up to ``--build-up-to`` that neither has are built here from a
synthetic corpus (``kg.synth`` + ``kg.build.build``, no validation).  Each
command runs as ``python -m kg.cli …`` in a child process, so its wall time
includes start-up and its peak RSS is its own.  ``write-back`` runs last and its
analytics graph is removed afterwards, leaving the store as it was.

Prints one row per command and size, then each command's growth between the
two largest sizes as an exponent (time ∝ n^e: 1 is linear).  Figures also go
to ``out/bench/graph.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(ROOT))


def in_use(store: Path) -> bool:
    """Whether another process holds the store open for writing (RocksDB's lock on DIR/LOCK)."""
    import fcntl

    try:
        with open(store / "LOCK", "a") as fh:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.lockf(fh, fcntl.LOCK_UN)
        return False
    except OSError:
        return True


def find_store(n: int) -> Path | None:
    """bench_1's store of ``n`` decisions if it is there and not being built, else ours."""
    for path in (OUT / f"store-{n}", OUT / "graph" / f"store-{n}"):
        if path.is_dir() and any(path.iterdir()) and not in_use(path):
            return path
    return None


def build_store(n: int) -> Path:
    """A store of ``n`` synthetic decisions under out/bench/graph/ (corpus written first if missing)."""
    from kg.build import build
    from kg.store import open_store
    from kg.synth import write_corpus

    corpus, store = OUT / "graph" / f"corpus-{n}", OUT / "graph" / f"store-{n}"
    if not corpus.is_dir():
        write_corpus(n, corpus, seed=0)
    started = time.perf_counter()
    with open_store(store) as s:
        summary = build([corpus], s, check=False)
    print(f"  built {store} ({len(summary.built):,} decisions) in {time.perf_counter() - started:,.0f} s", flush=True)
    return store


def references(store: Path) -> tuple[str, str]:
    """Two decisions to ask about: the first and the last by reference."""
    from kg.store import open_store

    with open_store(store, read_only=True) as s:
        rows = s.select(
            "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> SELECT ?r WHERE { GRAPH ?d { ?d a "
            "omb:Decision ; omb:reference ?r } } ORDER BY ?r"
        ).rows
    return str(rows[0][0]), str(rows[-1][0])


def run(args: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB and the first line of output of ``python -m kg.cli ARGS``."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", *args], stdout=out, stderr=subprocess.STDOUT, cwd=ROOT
        )
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"kg {' '.join(args)} failed ({child.returncode}):\n{text}")
    return wall, usage.ru_maxrss / 1024, (text.strip().splitlines() or [""])[0]


def commands(store: Path) -> list[tuple[str, list[str]]]:
    first, last = references(store)
    s = ["--store", str(store)]
    export = OUT / "graph" / f"similarity-{store.name}.graphml"
    return [
        ("similar --explain", ["similar", first, *s, "--top", "10", "--explain"]),
        ("graph provisions", ["graph", "provisions", *s]),
        ("graph communities", ["graph", "communities", *s]),
        ("graph recurrence", ["graph", "recurrence", *s]),
        ("graph path", ["graph", "path", first, last, *s]),
        (
            "graph export (similarity)",
            ["graph", "export", *s, "--format", "graphml", "--projection", "similarity", "-o", str(export)],
        ),
        ("graph write-back", ["graph", "write-back", *s]),
    ]


def remove_analytics(store: Path) -> None:
    from kg.graph import analytics_graph_iri
    from kg.store import open_store

    with open_store(store) as s:
        s.remove_graph(analytics_graph_iri())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,50000", help="Store sizes to measure, where a store exists.")
    ap.add_argument("--build-up-to", type=int, default=10000, help="Build missing stores up to this size.")
    a = ap.parse_args()
    sizes = sorted(int(x) for x in a.sizes.split(",") if x)
    (OUT / "graph").mkdir(parents=True, exist_ok=True)
    print(f"bench_2_graph: sizes {sizes}, {os.cpu_count()} cores", flush=True)
    stores = {}
    for n in sizes:
        store = find_store(n) or (build_store(n) if n <= a.build_up_to else None)
        if store is None:
            print(f"  no store of {n:,} decisions (run bench/bench_1_scale.py, or --build-up-to {n}); skipped")
            continue
        stores[n] = store
    results: dict[str, dict[int, tuple[float, float]]] = {}
    for n, store in stores.items():
        print(f"  {n:,} decisions: {store}", flush=True)
        try:
            for name, args in commands(store):
                wall, rss, line = run(args)
                results.setdefault(name, {})[n] = (wall, rss)
                print(f"    {name:<26} {wall:8.1f} s {rss:8.0f} MB   {line[:70]}", flush=True)
        finally:
            remove_analytics(store)
    report(results, sorted(stores))
    (OUT / "graph.json").write_text(
        json.dumps(
            {
                name: {str(n): {"seconds": round(t, 2), "peak_mb": round(m)} for n, (t, m) in by.items()}
                for name, by in results.items()
            },
            indent=2,
        )
    )


def report(results: dict[str, dict[int, tuple[float, float]]], sizes: list[int]) -> None:
    head = "command".ljust(26) + "".join(f"{n:>10,} s{'MB':>7}" for n in sizes)
    growth = len(sizes) >= 2
    if growth:
        head += f"   time ×, {sizes[-2]:,}→{sizes[-1]:,} (n^e)"
    print("\n" + head + "\n" + "-" * len(head))
    for name, by in results.items():
        line = name.ljust(26) + "".join(f"{by[n][0]:>12.1f}{by[n][1]:>7.0f}" if n in by else " " * 19 for n in sizes)
        if growth and all(n in by for n in sizes[-2:]):
            (t1, _), (t2, _) = by[sizes[-2]], by[sizes[-1]]
            e = math.log(t2 / t1) / math.log(sizes[-1] / sizes[-2])
            line += f"   {t2 / t1:6.1f} × (e = {e:.2f})"
        print(line)
    print("(seconds are wall time of the whole command, start-up included; MB is its peak resident memory)")


if __name__ == "__main__":
    main()
