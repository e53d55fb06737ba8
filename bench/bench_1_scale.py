"""The whole archive on one small machine: build, validate and query 1,000 / 10,000 / 50,000 decisions.

    python bench/bench_1_scale.py [--sizes 1000,10000,50000] [--baseline-sizes 1000,10000] [--seed 1]

Writes synthetic corpora (``kg synth``) to ``out/bench/corpus-{N}/`` and
builds ``out/bench/store-{N}/`` from each with ``kg build`` (every core,
validation on), then ``kg validate --store`` and every named query; and, at
the baseline sizes, does the same job the obvious way in the same run: the
same parser, one rdflib Dataset, pySHACL on the whole graph, the named
queries on rdflib's engine.  Prints one table, the growth from 10,000 to
50,000 and the ratios, then says which of the issue's targets are met.

Each build, validation and baseline runs in a child process so its peak RSS
(the sum over the process and its workers, sampled every 0.1 s) is its own.
Where the obvious stack would take too long (pySHACL on 10,000 decisions,
rdflib queries past a time cap) a sample is measured and scaled, marked
``~`` in the table.  Results also go to ``out/bench/scale.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale_baseline import baseline  # noqa: E402
from scale_report import report  # noqa: E402

QUERY_RUNS = 5
PAGE = 100  # rows of a first page (kg query --limit, the explorer's lists)
INCREMENTAL = 100  # decisions changed before the incremental rebuild of the largest store
QUERY_BUDGET = 150.0  # seconds for all the named queries on one store; the rest are reported as not run


# --- measuring a child process tree ---------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes (Linux /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_child(args: list[str], timeout: float | None = None) -> tuple[dict, float, int]:
    """Run ``python bench_1_scale.py --child ...``; return its JSON result, wall seconds and peak tree RSS.

    A child still running after ``timeout`` seconds is killed; what it had written so far is returned
    with ``"timed_out": True``.
    """
    out = OUT / f".child-{os.getpid()}.json"
    out.unlink(missing_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, "--child", str(out), *args], start_new_session=True)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        code, timed_out = proc.wait(), True
    sampler.join()
    wall = time.perf_counter() - started
    if code != 0 and not timed_out:
        raise SystemExit(f"child {' '.join(args)} failed with exit code {code}")
    result = json.loads(out.read_text()) if out.is_file() else {}
    out.unlink(missing_ok=True)
    return {**result, "timed_out": timed_out}, wall, peak


def child(out: Path, kind: str, *args: str) -> None:
    """What a child process does, by ``kind``: build | validate | baseline."""
    if kind in ("build", "build-batches", "incremental"):
        import resource

        from kg.build import build
        from kg.store import OxigraphStore

        corpus, store_dir = args
        changed = _change(Path(corpus), INCREMENTAL) if kind == "incremental" else {}
        started = time.perf_counter()
        try:
            with OxigraphStore(store_dir) as store:
                s = build([corpus], store, jobs=None, bulk=kind != "build-batches")
        finally:
            for path, data in changed.items():  # the corpus as it was (a new file: the other corpora keep theirs)
                path.unlink()
                path.write_bytes(data)
        usage = resource.getrusage(resource.RUSAGE_SELF)  # this process, its threads (RocksDB's) included, closed
        result = {
            "built": len(s.built),
            "skipped": len(s.skipped),
            "failed": len(s.failed),
            "violations": len(s.violations),
            "triples": s.triples_loaded,
            "timings": s.timings,
            "jobs": os.cpu_count(),
            "seconds": time.perf_counter() - started,  # the build and closing the store, without starting Python
            "process_cpu": usage.ru_utime + usage.ru_stime,
        }
    elif kind == "validate":
        from kg.store import OxigraphStore
        from kg.validate import validate_store

        started = time.perf_counter()
        with OxigraphStore(args[0], read_only=True) as store:
            r = validate_store(store, jobs=None)
        result = {
            "seconds": time.perf_counter() - started,
            "conforms": r.conforms,
            "graphs": r.graphs,
            "violations": len(r.violations),
            "keys": sorted({(x.decision, x.shape) for x in r.violations}),
        }
    elif kind == "queries":
        query_medians(Path(args[0]), out, json.loads(args[1]) if len(args) > 1 else None)
        return
    else:
        result = baseline(Path(args[0]), int(args[1]), Path(args[2]))
    out.write_text(json.dumps(result, default=str))


# --- the steps ------------------------------------------------------------------------------------


def _change(corpus: Path, n: int) -> dict[Path, bytes]:
    """Change ``n`` decisions of ``corpus`` spread through it (a line added at the end: new bytes, a new graph);
    each file is replaced, not written through, so the corpora that share it by hard link keep theirs."""
    files = sorted(corpus.glob("*.txt"))
    changed = {}
    for path in files[:: max(len(files) // n, 1)][:n]:
        data = path.read_bytes()
        path.unlink()
        path.write_bytes(data + b"\nThis decision was read again.\n")
        changed[path] = data
    return changed


def corpora(sizes: list[int], seed: int) -> dict[int, Path]:
    """corpus-{N} for each size: the largest written once, the others hard links to its first N files."""
    from kg.synth import generate_one, write_corpus

    largest = max(sizes)
    stamp = f"seed {seed} count {largest} sample {generate_one(seed, 7).data[:200]!r}"
    big = OUT / f"corpus-{largest}"
    if not (big / ".stamp").is_file() or (big / ".stamp").read_text() != stamp:
        shutil.rmtree(big, ignore_errors=True)
        started = time.perf_counter()
        write_corpus(largest, big, seed)
        (big / ".stamp").write_text(stamp)
        print(f"  wrote {big} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    labels = (big / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    out = {largest: big}
    for n in sorted(set(sizes) - {largest}):
        small = OUT / f"corpus-{n}"
        if not (small / ".stamp").is_file() or (small / ".stamp").read_text() != f"{stamp} first {n}":
            shutil.rmtree(small, ignore_errors=True)
            small.mkdir(parents=True)
            for line in labels[:n]:
                name = json.loads(line)["file"]
                os.link(big / name, small / name)
            (small / "labels.jsonl").write_text("\n".join(labels[:n]) + "\n", encoding="utf-8")
            (small / ".stamp").write_text(f"{stamp} first {n}")
        out[n] = small
    return out


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def query_medians(store_dir: Path, out: Path, order: list[str] | None = None) -> None:
    """Median seconds of every named query (sample parameters) on the store opened read-only.

    Up to QUERY_RUNS runs each, one if the first takes over a second; ``out`` is rewritten after
    every query, so a run stopped at its time budget still reports the queries it finished.
    ``order`` (names, fastest first) runs the quick ones before the budget can run out.
    """
    from kg.query import list_queries, run
    from kg.store import OxigraphStore
    from kg.synth.queries import a_reference, sample_params

    medians: dict[str, float] = {}
    pages: dict[str, float] = {}
    with OxigraphStore(store_dir, read_only=True) as store:
        reference = a_reference(store)
        rank = {name: i for i, name in enumerate(order or [])}
        for q in sorted(list_queries(), key=lambda q: (rank.get(q.name, -1), q.name)):
            params = sample_params(q, store, reference)
            medians[q.name] = _median_seconds(partial(run, store, q, params))
            # its first page, as the explorer and the HTTP API ask for it
            pages[q.name] = _median_seconds(partial(run, store, q, params, limit=PAGE))
            out.write_text(json.dumps({"queries": medians, "pages": pages}))


def _median_seconds(call) -> float:
    """The median time of up to QUERY_RUNS calls; one call when the first takes over a second."""
    times: list[float] = []
    for _ in range(QUERY_RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
        if times[0] > 1:
            break
    return statistics.median(times)


def previous(n: int, corpus: Path) -> dict:
    """The method before issue 16, in the same run: batches of 850,000 quads, each its own bulk load."""
    store = OUT / f"store-{n}-batches"
    shutil.rmtree(store, ignore_errors=True)
    print(f"  building {store} the previous way (batches) ...", file=sys.stderr, flush=True)
    b, wall, rss = run_child(["build-batches", str(corpus), str(store)])
    shutil.rmtree(store, ignore_errors=True)
    return {"n": n, "build": b, "wall": wall, "rss": rss}


def ours(n: int, corpus: Path, validate: bool, order: list[str] | None, incremental: bool) -> dict:
    store = OUT / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    print(f"  building {store} ...", file=sys.stderr, flush=True)
    b, wall, rss = run_child(["build", str(corpus), str(store)])
    v, vwall, vrss = {}, None, None
    if validate:
        print(f"  validating {store} ...", file=sys.stderr, flush=True)
        v, vwall, vrss = run_child(["validate", str(store)])
    print(f"  querying {store} ...", file=sys.stderr, flush=True)
    q, _, _ = run_child(["queries", str(store), json.dumps(order or [])], timeout=QUERY_BUDGET)
    inc, inc_wall = {}, None
    if incremental:
        print(f"  rebuilding {store} with {INCREMENTAL} decisions changed ...", file=sys.stderr, flush=True)
        inc, inc_wall, _ = run_child(["incremental", str(corpus), str(store)])
    return {
        "incremental": inc,
        "incremental_wall": inc_wall,
        "n": n,
        "build": b,
        "wall": wall,
        "rss": rss,
        "validate": v,
        "validate_wall": vwall,
        "validate_rss": vrss,
        "store_bytes": du(store),
        "queries": q.get("queries", {}),
        "pages": q.get("pages", {}),
        "queries_timed_out": q["timed_out"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,50000")
    ap.add_argument("--baseline-sizes", default="1000,10000")
    ap.add_argument(
        "--validate-sizes",
        default="1000,10000",
        help="sizes at which `kg validate` re-reads the whole store (the build validates every size)",
    )
    ap.add_argument(
        "--previous-sizes",
        default="10000,50000",
        help="sizes also built the previous way (batches, each its own bulk load), for the ratios",
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--resume",
        action="store_true",
        help="keep the results out/bench/scale.json already holds (same sizes) and measure the rest",
    )
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(Path(a.child[0]), *a.child[1:])
        return
    sizes = [int(x) for x in a.sizes.split(",") if x]
    base_sizes = [int(x) for x in a.baseline_sizes.split(",") if x]
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load = os.getloadavg()
    print(
        f"bench_1_scale: sizes {sizes}, baseline {base_sizes}, {os.cpu_count()} cores, load average "
        f"{load[0]:.1f} at start",
        file=sys.stderr,
        flush=True,
    )
    previous_sizes = [int(x) for x in a.previous_sizes.split(",") if x]
    paths = corpora(sizes + base_sizes + previous_sizes, a.seed)
    results = {"ours": {}, "baseline": {}, "previous": {}, "load_start": load}
    saved = OUT / "scale.json"
    if a.resume and saved.is_file():
        old = json.loads(saved.read_text())
        results["ours"] = {int(k): v for k, v in old.get("ours", {}).items() if int(k) in sizes}
        results["baseline"] = {int(k): v for k, v in old.get("baseline", {}).items() if int(k) in base_sizes}
        results["previous"] = {int(k): v for k, v in old.get("previous", {}).items() if int(k) in previous_sizes}

    def save() -> None:
        saved.write_text(json.dumps(results, indent=1, default=str))

    validate_sizes = {int(x) for x in a.validate_sizes.split(",") if x}
    order: list[str] | None = None
    for n in sizes:
        if n not in results["ours"]:
            print(f"[{time.perf_counter() - started:4.0f} s] our stack, {n:,} decisions", file=sys.stderr, flush=True)
            results["ours"][n] = ours(n, paths[n], n in validate_sizes, order, n == max(sizes))
            save()
        if n in previous_sizes and n not in results["previous"]:
            results["previous"][n] = previous(n, paths[n])
            save()
        order = sorted(results["ours"][n]["queries"], key=results["ours"][n]["queries"].get)
    for n in base_sizes:
        if n in results["baseline"]:
            continue
        print(f"[{time.perf_counter() - started:4.0f} s] obvious stack, {n:,} decisions", file=sys.stderr, flush=True)
        b, wall, rss = run_child(["baseline", str(paths[n]), str(n), str(OUT / f"store-{n}")])
        results["baseline"][n] = {**b, "wall": wall, "rss": rss}
        save()
    results["load_end"] = os.getloadavg()
    results["total_seconds"] = time.perf_counter() - started
    save()
    print(report(results))


if __name__ == "__main__":
    main()
