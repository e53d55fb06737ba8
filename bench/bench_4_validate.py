"""SHACL validation per decision, before and after issue 20, and on one very large decision (issue 19, point 7).

    python bench/bench_4_validate.py [--count 10000] [--sample 150] [--baseline 5dfe430] [--full]

Before is the engine of commit ``--baseline`` (main as it was when issue 20
was taken up: the fast engine with the whole-shapes fallback), unpacked
with ``git archive`` under ``out/bench/`` and run in a child process; after is
this tree, run the same way.  Both check this tree's ``ontology/shapes.ttl``
(the old engine compiles every shape of it) against the very same graphs,
parsed and mapped once by this tree and cached as gzipped N-Quads under ``out/bench/``:

* ``--count`` synthetic decisions (``kg.synth.write_corpus``): every one
  through the fast engine, and an evenly spread ``--sample`` of them through
  pySHACL (all 10,000 would take pySHACL ten minutes); milliseconds per
  decision, single process, and after/before;
* one decision of 5,500 paragraphs and one of 22,000, each paragraph a
  finding of fault with its quoted evidence: seconds to validate each (after;
  before at 1,375 and 5,500, and at 22,000 with ``--full``, as the old engine
  needs some 40 s there) and the ratio for four times the size, which
  issue 19 wants at most 6.

Each figure is the best of three runs (two for the large decisions), before
and after alternating, so a busy machine hurts both alike.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from code_at import code_at

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"
BASELINE = "5dfe430"  # main before issue 20
SHAPES = ROOT / "ontology" / "shapes.ttl"  # both engines check the same shapes: this tree's


# --- the child: time one engine of whichever kg is first on PYTHONPATH ---------------------------------------------


def graphs_of(path: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    import pyoxigraph as ox

    graphs: dict[str, list[tuple[str, str, str]]] = {}
    with gzip.open(path, "rb") as data:
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name.value
            graphs.setdefault(graph, []).append((str(quad.subject), str(quad.predicate), str(quad.object)))
    return list(graphs.items())


def spread(graphs: list, sample: int) -> list:
    """``sample`` of ``graphs``, evenly spread."""
    if not sample or sample >= len(graphs):
        return graphs
    step = len(graphs) / sample
    return [graphs[int(i * step)] for i in range(sample)]


def child(nq: Path, engine: str, shapes: str) -> dict:
    import logging

    from kg.validate import validate_terms

    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    graphs = graphs_of(nq)
    # the shapes read and compiled before the clock starts
    validate_terms(graphs[0][1], graph=graphs[0][0], engine=engine, shapes=shapes)
    started, cpu = time.perf_counter(), time.process_time()
    results = sum(len(validate_terms(terms, graph=name, engine=engine, shapes=shapes)) for name, terms in graphs)
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    return {
        "graphs": len(graphs),
        "triples": sum(len(t) for _, t in graphs),
        "results": results,
        "s": wall,
        "cpu": used,
    }


# --- the parent ---------------------------------------------------------------------------------------------------


def fingerprint(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode())
    for path in sorted((ROOT / "kg" / "parse").glob("*.py")) + [ROOT / "kg" / "mapping.py"]:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def corpus_graphs(count: int, seed: int) -> Path:
    """The corpus parsed and mapped by this tree, one named graph per decision, cached as N-Quads."""
    from kg.processes import default_jobs, ordered_map
    from kg.synth import write_corpus

    stamp = fingerprint(f"corpus {count} seed {seed}")
    nq = OUT / f"validate-{count}-{stamp}.nq.gz"
    if nq.is_file():
        return nq
    _forget(f"validate-{count}-*.nq*")
    corpus = OUT / f"validate-corpus-{count}-seed{seed}"
    if not (corpus / "labels.jsonl").is_file():
        write_corpus(count, corpus, seed)
    files = sorted(p for p in corpus.glob("*.txt"))
    chunks = [files[i : i + 200] for i in range(0, len(files), 200)]
    started = time.perf_counter()
    partial = nq.with_suffix(".tmp")
    with gzip.open(partial, "wt", encoding="utf-8", compresslevel=1) as out:  # 900 MB of N-Quads as they are
        for text in ordered_map(_parse_chunk, chunks, jobs=default_jobs()):
            out.write(text)
    partial.rename(nq)
    print(f"  parsed and mapped {len(files)} decisions in {time.perf_counter() - started:.0f} s -> {nq}", flush=True)
    return nq


def _parse_chunk(paths: list[Path]) -> str:
    from kg.build.worker import graph_lines
    from kg.errors import KgError
    from kg.parse import parse_bytes
    from kg.vocab import DEFAULT_BASE

    out = []
    for path in paths:
        try:
            decision = parse_bytes(path.read_bytes(), str(path), name=path.name)
        except KgError:  # the corpus's junk files
            continue
        out.append(graph_lines(decision, DEFAULT_BASE)[2])
    return "".join(out)


def _forget(pattern: str) -> None:
    """Caches made by an older parser or mapping (a large decision's is 15 MB gzipped)."""
    for stale in OUT.glob(pattern):  # and the samples drawn from them
        stale.unlink()


def big_text(paragraphs: int) -> str:
    """The seed decision's header and opening, then ``paragraphs`` numbered findings of fault, then an action."""
    head = (ROOT / "data" / "decisions" / "lgsco-20-007-812.txt").read_text(encoding="utf-8")
    body = [head[: head.index("What I found")], "What I found\n\n"]
    body += [
        f"  {i + 1}. The Council was at fault because it delayed the assessment of case {i}.\n"
        for i in range(paragraphs)
    ]
    body.append("\nAgreed action\n\n  1. Within one month the Council will apologise to Ms X.\n")
    return "".join(body)


def big_graph(paragraphs: int) -> Path:
    from kg.build.worker import graph_lines
    from kg.parse import parse_bytes
    from kg.vocab import DEFAULT_BASE

    nq = OUT / f"validate-big-{paragraphs}-{fingerprint(str(paragraphs))}.nq.gz"
    if not nq.is_file():
        _forget(f"validate-big-{paragraphs}-*.nq*")
        decision = parse_bytes(big_text(paragraphs).encode("utf-8"), "big.txt", name="big.txt")
        with gzip.open(nq, "wt", encoding="utf-8", compresslevel=1) as out:
            out.write(graph_lines(decision, DEFAULT_BASE)[2])
    return nq


def sample_of(nq: Path, sample: int) -> Path:
    """A file of ``sample`` of the graphs of ``nq``, evenly spread (pySHACL needs no more; reading all costs)."""
    out = nq.with_name(nq.name.replace(".nq.gz", f"-sample{sample}.nq.gz"))
    if not out.is_file():
        with gzip.open(out, "wt", encoding="utf-8", compresslevel=1) as fh:
            for name, terms in spread(graphs_of(nq), sample):
                fh.write("".join(f"{s} {p} {o} <{name}> .\n" for s, p, o in terms))
    return out


def run(tree: Path, nq: Path, engine: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    args = [sys.executable, __file__, "--child", str(nq), "--engine", engine]
    args += ["--shapes", str(SHAPES)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False, cwd=tree)
    if done.returncode != 0:
        raise SystemExit(f"child failed ({tree}, {engine}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best(tree_before: Path, nq: Path, engine: str, repeat: int = 2) -> tuple[dict, dict]:
    """The fastest of ``repeat`` runs each, before and after alternating."""
    before, after = [], []
    for _ in range(repeat):
        before.append(run(tree_before, nq, engine))
        after.append(run(ROOT, nq, engine))
    return min(before, key=lambda r: r["s"]), min(after, key=lambda r: r["s"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--sample", type=int, default=150, help="decisions pySHACL validates, spread over the corpus")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", default=BASELINE, help="the commit whose engine is 'before'")
    ap.add_argument("--full", action="store_true", help="also time the old engine on 22,000 paragraphs (some 40 s)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--engine", default="fast", help=argparse.SUPPRESS)
    ap.add_argument("--shapes", default=str(SHAPES), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.child, a.engine, a.shapes)))
        return
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"bench_4_validate: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; before = {a.baseline}")
    old = code_at(a.baseline)
    nq = corpus_graphs(a.count, a.seed)
    rows = []
    for engine, graphs_file in (("fast", nq), ("pyshacl", sample_of(nq, a.sample))):
        before, after = best(old, graphs_file, engine, repeat=3)
        if before["results"] != after["results"]:
            print(f"  note: {engine} found {before['results']} results before and {after['results']} after")
        ms = [1000 * r["s"] / r["graphs"] for r in (before, after)]
        rows.append((engine, after["graphs"], ms[0], ms[1]))
    print(f"\nvalidation of {a.count:,} synthetic decisions, single process, ms per decision (best of 3):")
    print(f"  {'engine':10} {'decisions':>9} {'before':>8} {'after':>8} {'after/before':>12}")
    for engine, n, b, af in rows:
        print(f"  {engine:10} {n:9,} {b:8.2f} {af:8.2f} {af / b:12.2f}")
    sizes = [1375, 5500, 22000]
    graphs = {n: big_graph(n) for n in sizes}
    times: dict[str, dict[int, float]] = {"before": {}, "after": {}}
    for n in sizes:
        if n <= 5500 or a.full:
            before, after = best(old, graphs[n], "auto", repeat=1 if n > 5500 else 2)
            times["before"][n] = before["s"]
        else:
            after = min((run(ROOT, graphs[n], "auto") for _ in range(2)), key=lambda r: r["s"])
        times["after"][n] = after["s"]
    print("\none decision of N paragraphs (each a finding of fault with its evidence), seconds to validate:")
    print(f"  {'paragraphs':>10} {'before':>8} {'after':>8}")
    for n in sizes:
        b = times["before"].get(n)
        print(f"  {n:10,} {f'{b:8.2f}' if b is not None else '     (--full)'} {times['after'][n]:8.2f}")
    for label, t in times.items():
        for low, high in ((1375, 5500), (5500, 22000)):
            if low in t and high in t:
                print(f"  {label}: {high:,} / {low:,} paragraphs (4x the size): {t[high] / t[low]:.1f}x the time")
    ratio = times["after"][22000] / times["after"][5500]
    fast_ok = rows[0][3] <= rows[0][2] * 1.05
    print(
        f"\ntargets: 22,000/5,500 at most 6x: {'met' if ratio <= 6 else 'NOT met'} ({ratio:.1f}x); fast engine no "
        f"slower than before: {'met' if fast_ok else 'NOT met'} ({rows[0][3] / rows[0][2]:.2f}x)"
    )


if __name__ == "__main__":
    main()
