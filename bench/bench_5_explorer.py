"""The explorer at 10,000 and 50,000 decisions: every page a researcher opens, timed through HTTP.

    python bench/bench_5_explorer.py [--sizes 10000,50000] [--runs 9]

For each size, serves a store with its search index (``out/bench/store-{N}`` from ``bench_1_scale.py`` when
its index is current, else ``out/bench/explorer-{N}``, built here from ``out/bench/corpus-{N}`` with
``kg build --no-validate``) with ``kg serve`` as a subprocess on a free port (two workers, the answer cache
off, so every request does its work), and times each page from request to last byte: the median and the
90th percentile of ``--runs`` requests after one warm-up request.

Baselines, measured in the same run on the same index and store:

* facet counts the obvious way: for each facet one SQL ``GROUP BY`` over the index's rows under every
  other filter (what the index did before the in-memory counter of :mod:`kg.search.counts`);
* similar decisions the way ``kg similar`` finds them: :func:`kg.graph.similar` on the store, which reads
  the corpus through SPARQL for each answer (once per size: tens of seconds at 50,000);
* recurring faults of one council with :func:`kg.graph.recurrences` on the store.

Target (issue 15): facet counts and the first page of a list ≤ 300 ms at 50,000 decisions; the other pages
are held to the same mark and reported.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "out" / "bench"
TARGET_MS = 300.0
S26_1 = "http://www.legislation.gov.uk/id/ukpga/1974/7/section/26/1"
S17 = "http://www.legislation.gov.uk/id/ukpga/1989/41/section/17"


def store_for(n: int) -> Path:
    """A store of ``n`` synthetic decisions with a current search index (built here if there is none)."""
    from kg.errors import StoreError
    from kg.search import SearchIndex

    for candidate in (OUT / f"store-{n}", OUT / f"explorer-{n}"):
        try:
            index = SearchIndex.of_store(candidate, read_only=True)
        except StoreError:
            continue
        if index is not None and len(index) > 0:
            index.close()
            return candidate
    corpus, store = OUT / f"corpus-{n}", OUT / f"explorer-{n}"
    if not (corpus / "labels.jsonl").is_file():
        from kg.synth import write_corpus

        print(f"writing {n:,} synthetic decisions to {corpus}", flush=True)
        write_corpus(n, corpus)
    print(f"$ kg build {corpus} --store {store} --no-validate", flush=True)
    done = subprocess.run([str(BIN / "kg"), "build", str(corpus), "--store", str(store), "--no-validate"])
    if done.returncode not in (0, 2):  # 2: the corpus holds junk files on purpose
        raise SystemExit(f"kg build failed ({done.returncode})")
    return store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(store: Path) -> tuple[subprocess.Popen, str, float]:
    """``kg serve`` on a free port; returns the process, its URL and the seconds until the explorer answered."""
    port = free_port()
    args = [str(BIN / "kg"), "serve", "--store", str(store), "--port", str(port), "--workers", "2", "--cache", "0"]
    started = time.perf_counter()
    process = subprocess.Popen(
        [*args, "--log-level", "warning", "--timeout", "60"], stdout=subprocess.DEVNULL, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    deadline = started + 600
    while time.perf_counter() < deadline:  # bounded readiness poll
        if process.poll() is not None:
            raise SystemExit(f"kg serve exited with {process.returncode}")
        try:
            if httpx.get(url + "/search", timeout=60).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    stop(process)
    raise SystemExit("kg serve did not answer within 10 minutes")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def timed(client: httpx.Client, path: str, runs: int) -> tuple[float, float, int]:
    """Median and 90th percentile in ms of ``runs`` requests after one warm-up; and the answer's size."""
    first = client.get(path)
    if first.status_code != 200:
        raise SystemExit(f"{path} answered {first.status_code}: {first.text[:300]}")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.9))], len(first.content)


def sql_facets(index, text: str, filters: dict[str, list[str]]) -> None:
    """The obvious facet counts: one GROUP BY per facet under the other filters."""
    from kg.search import fts_query
    from kg.serve.lists import SIDEBAR

    query = fts_query(text)
    for facet in SIDEBAR:
        where, args = index.where(query, filters, but=facet)
        index.db.execute(
            f"SELECT i.value, MIN(i.label), COUNT(*) AS n FROM items i JOIN docs d ON d.id = i.doc "
            f"WHERE i.facet = ? AND {where} GROUP BY i.value ORDER BY n DESC LIMIT 30",
            [facet, *args],
        ).fetchall()


def best_of(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def pages(store: Path) -> tuple[dict[str, str], str, str]:
    """The pages to time, with a busy council and a decision of the store (read from its index)."""
    from kg.search import SearchIndex

    with SearchIndex.of_store(store, read_only=True) as index:
        council = index.facets(None, {}, top=1, only=["authority"])["authority"][0]
        decision = index.search(None, {"outcome": ["upheld"]}, "date", 1, 0).hits[0]
    slug = council[0].split("/lgsco/", 1)[1]
    ref = decision.graph.split("/lgsco/", 1)[1]
    return (
        {
            "facets and first page": "/search",
            "facets and first page, two filters": "/search?" + urlencode({"outcome": "upheld", "year": "2021"}),
            "search words, facets, first page": "/search?" + urlencode({"q": "council delay"}),
            "words, provision, by payment": "/search?"
            + urlencode({"q": "distress", "provision": S26_1, "sort": "payment"}),
            "page 40 of a list": "/search?" + urlencode({"sort": "date", "page": "40"}),
            "decision page, similar decisions": f"/lgsco/{ref}",
            "decision page, in a list": f"/lgsco/{ref}?" + urlencode({"in": "outcome=upheld&sort=date", "at": "1"}),
            "authority scorecard": f"/lgsco/{slug}",
            "provision page (s26(1), cited by most)": "/provision?iri=" + quote(S26_1, safe=""),
            "provision page (Children Act s17)": "/provision?iri=" + quote(S17, safe=""),
            "authorities list": "/authorities",
            "provisions list, no boilerplate": "/provisions?boilerplate=0",
            "download: upheld in 2021 as CSV": "/search?"
            + urlencode({"outcome": "upheld", "year": "2021", "format": "csv"}),
        },
        council[1],
        decision.reference,
    )


def baselines(store: Path, council: str, reference: str) -> dict[str, tuple[float, float]]:
    """(ours, obvious) in ms, in this process."""
    from kg.explore.explorer import Explorer
    from kg.graph import recurrences, similar
    from kg.store import OxigraphStore

    ex = Explorer.open(store)
    assert ex is not None
    ex.warm()
    out = {}
    for label, text, filters in (
        ("facet counts, no filter", "", {}),
        ("facet counts, two filters", "", {"outcome": ["upheld"], "year": ["2021"]}),
        ("facet counts, words", "council delay", {}),
    ):
        ours = best_of(lambda text=text, filters=filters: ex.index.facets(text, filters, top=10))
        obvious = best_of(lambda text=text, filters=filters: sql_facets(ex.index, text, filters))
        out[label] = (ours, obvious)
    with OxigraphStore(store, read_only=True) as s:
        ours = best_of(lambda: ex.similar(reference, 5))
        obvious = best_of(lambda: similar(s, reference, 5), runs=1)
        out["similar decisions (kg similar on the store)"] = (ours, obvious)
        from kg.explore.scorecard import _recurring  # the scorecard's own path

        about = ex.figures.about(ex.index.facets(None, {}, top=1, only=["authority"])["authority"][0][0])
        assert about is not None
        scope = {"council": [about[1]]} if about[1] else {}
        ours = best_of(lambda: _recurring(ex.figures, scope, "x", council))
        obvious = best_of(lambda: recurrences(s, authority=council), runs=1)
        out["recurring faults of a council"] = (ours, obvious)
    ex.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, tuple[float, float, int]]] = {}
    base: dict[int, dict[str, tuple[float, float]]] = {}
    ready: dict[int, float] = {}
    started = time.perf_counter()
    for n in sizes:
        store = store_for(n)
        paths, council, reference = pages(store)
        print(f"== {n:,} decisions: {store} (busiest authority {council}; decision {reference})", flush=True)
        process, url, ready[n] = serve(store)
        try:
            with httpx.Client(base_url=url, timeout=120, headers={"Accept": "text/html"}) as client:
                results[n] = {label: timed(client, path, args.runs) for label, path in paths.items()}
        finally:
            stop(process)
        base[n] = baselines(store, council, reference)
    first, last = sizes[0], sizes[-1]
    print()
    head = ["page (through HTTP, median ms / p90)"] + [f"{n:,}" for n in sizes] + [f"{first // 1000}k->{last // 1000}k"]
    rows = [head]
    for label in results[first]:
        cells = [label] + [f"{results[n][label][0]:.0f} / {results[n][label][1]:.0f}" for n in sizes]
        cells.append(f"{results[last][label][0] / max(results[first][label][0], 0.01):.1f}x")
        rows.append(cells)
    rows.append(["server start until the explorer answers, s"] + [f"{ready[n]:.1f}" for n in sizes] + [""])
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    head = ["in process (ms): ours vs the obvious way"] + [f"{n:,} ours / obvious / ratio" for n in sizes]
    rows = [head]
    for label in base[first]:
        rows.append(
            [label]
            + [
                f"{base[n][label][0]:.1f} / {base[n][label][1]:.0f} / {base[n][label][1] / max(base[n][label][0], 0.001):.0f}x"
                for n in sizes
            ]
        )
    widths = [max(len(r[k]) for r in rows) for k in range(len(head))]
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    slowest = max(results[last].items(), key=lambda kv: kv[1][0] if "download" not in kv[0] else 0)
    lists = [v[0] for k, v in results[last].items() if k.startswith("facets and first page")]
    met = max(lists) <= TARGET_MS
    print(f"targets (issue 15), at {last:,} decisions:")
    print(
        f"  [{'met' if met else 'NOT met'}] facet counts and first page <= {TARGET_MS:.0f} ms: {max(lists):.0f} ms (median)"
    )
    every = slowest[1][0] <= TARGET_MS
    print(
        f"  [{'met' if every else 'NOT met'}] every page <= {TARGET_MS:.0f} ms (downloads aside): slowest {slowest[0]} {slowest[1][0]:.0f} ms"
    )
    print(f"whole benchmark {(time.perf_counter() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
