"""Load on the HTTP endpoint: many concurrent clients sending a mix of named queries to ``kg serve``.

    python bench/bench_3_endpoint.py [--store DIR] [--clients 32] [--requests 800] [--workers N]

Serves the 10,000-decision store (``out/bench/store-10000``, built by
``bench_1_scale.py``; built here from a synthetic corpus if absent) with
``kg serve`` as a subprocess on a free port of 127.0.0.1, warms it up, then
sends a fixed number of requests from ``--clients`` concurrent asyncio +
httpx clients, each request a named query drawn from a fixed weighted mix
with parameters taken from the store.  Prints throughput, p50/p90/p99
latency (from send to last byte, so waiting for a worker counts), the
error count (anything but 200) and the 5xx count, overall and per query.
Bounded: a request gives up after 120 s, the run after ``--max-seconds``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "out" / "bench"
N = 10_000

# (named query, weight, parameter name or None); per-decision lookups dominate, as on a public endpoint
MIX = [
    ("decision_summary", 60, "reference"),
    ("decisions_by_outcome", 10, "outcome"),
    ("decisions_by_authority", 8, "name"),
    ("remedies_of_decision", 8, "reference"),
    ("faults_by_type_and_authority", 6, None),
    ("total_payments_by_authority", 4, None),
    ("payments_by_injustice_type", 4, None),
]


def kg(*args: str) -> None:
    print("$ kg", " ".join(args), flush=True)
    subprocess.run([str(BIN / "kg"), *args], check=True)


def ensure_store(store: Path) -> Path:
    """The 10,000-decision store; built from ``out/bench/corpus-10000`` if missing (minutes)."""
    if (store / "CURRENT").is_file():
        return store
    corpus = OUT / f"corpus-{N}"
    if not (corpus / "labels.jsonl").is_file():
        try:
            kg("synth", "--count", str(N), "--out", str(corpus))
        except subprocess.CalledProcessError:
            from kg.synth import write_corpus  # `kg synth` not there yet: the generator itself

            print(f"writing a synthetic corpus of {N} decisions to {corpus}", flush=True)
            write_corpus(N, corpus)
    try:
        kg("build", str(corpus), "--store", str(store), "--no-validate")
    except subprocess.CalledProcessError as e:  # a few junk files fail on purpose: exit 2 is fine
        if e.returncode != 2:
            raise
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(store: Path, workers: int, timeout: float, cache: int | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    args = [
        str(BIN / "kg"),
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--timeout",
        str(timeout),
    ]
    if workers:
        args += ["--workers", str(workers)]
    if cache is not None:
        args += ["--cache", str(cache)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # bounded readiness poll
        if process.poll() is not None:
            raise SystemExit(f"kg serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/queries", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("kg serve did not start within 120 s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def sample_values(url: str) -> dict[str, list[str]]:
    """Parameter values that exist in the store: references, authority names, outcomes."""
    sparql = {
        "reference": "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> SELECT ?v WHERE { GRAPH ?d { "
        "?d omb:reference ?v } } ORDER BY ?v LIMIT 500",
        "name": "PREFIX omb: <https://w3id.org/lgsco-kg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT DISTINCT ?v WHERE { GRAPH ?d { ?d omb:authority/rdfs:label ?v } } ORDER BY ?v LIMIT 50",
    }
    values = {"outcome": ["upheld", "not-upheld", "closed-after-initial-enquiries"]}
    with httpx.Client(base_url=url, timeout=120) as client:
        for key, query in sparql.items():
            r = client.post("/sparql", data={"query": query})
            r.raise_for_status()
            values[key] = [b["v"]["value"] for b in r.json()["results"]["bindings"]]
    values["name"] = [v.split()[0] for v in values["name"]]  # part of a name, as a user types it
    return values


def plan(values: dict[str, list[str]], count: int, seed: int = 3) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(seed)
    names = [m[0] for m in MIX]
    weights = [m[1] for m in MIX]
    params = {m[0]: m[2] for m in MIX}
    out = []
    for name in rng.choices(names, weights, k=count):
        key = params[name]
        out.append((name, {key: rng.choice(values[key])} if key else {}))
    return out


async def load(url: str, requests: list[tuple[str, dict[str, str]]], clients: int, max_seconds: float):
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    results: list[tuple[str, int, float]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        headers = {"Accept": "application/sparql-results+json"}

        async def one_client() -> None:
            while not queue.empty():
                name, params = queue.get_nowait()
                started = time.perf_counter()
                try:
                    r = await client.get(f"/queries/{name}", params=params, headers=headers)
                    await r.aread()
                    status = r.status_code
                except httpx.HTTPError:
                    status = 0
                results.append((name, status, time.perf_counter() - started))

        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*(one_client() for _ in range(clients))), max_seconds)
        except TimeoutError:
            print(f"stopped after {max_seconds:.0f} s; {queue.qsize()} requests not sent", flush=True)
        return results, time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(results: list[tuple[str, int, float]], seconds: float, clients: int) -> int:
    latencies = [r[2] for r in results]
    errors = sum(1 for r in results if r[1] != 200)
    fivexx = sum(1 for r in results if r[1] >= 500)
    print(f"\n{len(results)} requests from {clients} concurrent clients in {seconds:.1f} s")
    print(f"throughput {len(results) / seconds:.1f} requests/s")
    print(
        f"latency p50 {pct(latencies, 50) * 1000:.0f} ms · p90 {pct(latencies, 90) * 1000:.0f} ms · "
        f"p99 {pct(latencies, 99) * 1000:.0f} ms · max {max(latencies) * 1000:.0f} ms "
        f"(mean {statistics.mean(latencies) * 1000:.0f} ms)"
    )
    print(f"errors {errors} · 5xx {fivexx}")
    by_query = defaultdict(list)
    for name, status, latency in results:
        by_query[name].append((status, latency))
    print(f"\n{'query':32} {'n':>5} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for name, rows in sorted(by_query.items(), key=lambda kv: -len(kv[1])):
        lat = [x[1] for x in rows]
        print(
            f"{name:32} {len(rows):5} {pct(lat, 50) * 1000:8.0f} {pct(lat, 99) * 1000:8.0f} "
            f"{sum(1 for s, _ in rows if s != 200):6}"
        )
    statuses = sorted({r[1] for r in results if r[1] != 200})
    if statuses:
        print("non-200 statuses:", statuses)
    return errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=OUT / f"store-{N}")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--warmup", type=int, default=64)
    parser.add_argument("--workers", type=int, default=0, help="kg serve --workers (default: one per core)")
    parser.add_argument("--timeout", type=float, default=10.0, help="kg serve --timeout")
    parser.add_argument("--cache", type=int, default=None, help="kg serve --cache (0: every request runs its query)")
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args()

    store = ensure_store(args.store)
    process, url = start_server(store, args.workers, args.timeout, args.cache)
    try:
        print(
            f"kg serve --store {store} at {url} ({os.cpu_count()} cores; "
            f"cache {'default' if args.cache is None else args.cache})",
            flush=True,
        )
        values = sample_values(url)
        print(
            f"{len(values['reference'])} references, {len(values['name'])} authority names sampled; "
            f"mix: " + ", ".join(f"{n} {w}%" for n, w, _ in MIX),
            flush=True,
        )
        warm, _ = asyncio.run(load(url, plan(values, args.warmup, seed=1), args.clients, args.max_seconds))
        print(f"warm-up: {len(warm)} requests, {sum(1 for r in warm if r[1] != 200)} errors (not counted)", flush=True)
        results, seconds = asyncio.run(load(url, plan(values, args.requests), args.clients, args.max_seconds))
        errors = report(results, seconds, args.clients)
    finally:
        stop_server(process)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
