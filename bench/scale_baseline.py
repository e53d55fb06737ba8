"""The obvious stack for bench_1_scale.py: the same parser, one rdflib Dataset, pySHACL, rdflib's SPARQL.

Run in a child process by the benchmark.  Also scores ``kg parse`` against
the corpus labels (it parses every file anyway) and checks that our store
gives the same query answers and the same validation verdicts.
"""

from __future__ import annotations

import json
import signal
import statistics
import time
from pathlib import Path

SHACL_SAMPLE = 1000  # pySHACL on more decisions than this is measured on the first SHACL_SAMPLE/2 and scaled
QUERY_CAP = 30.0  # seconds one rdflib query may take before it is stopped and reported as "> cap"
QUERY_BUDGET = 180.0  # seconds for all rdflib queries together; the rest are not run
HEADER = ("reference", "authority", "category", "subcategory", "outcome", "decision_date", "complainant")


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def score(facts: dict[str, dict | None], labels: dict[str, dict]) -> dict:
    """Header accuracy, statutes and payments F1 of ``kg parse`` against the generator's labels."""
    header_ok = header_all = 0
    counts = {"statutes": [0, 0, 0], "payments": [0, 0, 0]}
    junk_ok = other_ok = other_all = 0
    for name, label in labels.items():
        got = facts.get(name)
        if label.get("error"):
            junk_ok += got is None
            continue
        if got is None:
            got = {k: None for k in HEADER} | {
                "statutes": [],
                "payments_gbp": [],
                "fault_found": None,
                "apology": None,
                "total_payment_gbp": None,
            }
        header_all += len(HEADER)
        header_ok += sum(got[k] == label[k] for k in HEADER)
        for key, g, w in (
            ("statutes", {s["iri"] for s in got["statutes"]}, {s["iri"] for s in label["statutes"]}),
            ("payments", set(got["payments_gbp"]), set(label["payments_gbp"])),
        ):
            c = counts[key]
            c[0], c[1], c[2] = c[0] + len(g & w), c[1] + len(g - w), c[2] + len(w - g)
        other_all += 3
        other_ok += sum(got[k] == label[k] for k in ("fault_found", "apology", "total_payment_gbp"))

    def f1(tp, fp, fn):
        return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)

    return {
        "header": header_ok / max(header_all, 1),
        "statutes_f1": f1(*counts["statutes"]),
        "payments_f1": f1(*counts["payments"]),
        "other": other_ok / max(other_all, 1),
        "junk_refused": junk_ok,
        "junk": sum(1 for lab in labels.values() if lab.get("error")),
    }


def baseline(corpus: Path, n: int, our_store: Path) -> dict:
    from kg.build import iter_sources
    from kg.errors import ParseError
    from kg.mapping import decision_graph, decision_iri
    from kg.model import to_json
    from kg.parse import parse_file
    from kg.query import list_queries, records, run
    from kg.query.statistics import DEFINITIONS
    from kg.store import MemoryStore, OxigraphStore
    from kg.synth import read_labels
    from kg.synth.queries import a_reference, sample_params
    from kg.validate import validate, validate_store

    out: dict = {"n": n}
    started = time.perf_counter()
    decisions, facts = [], {}
    for path in iter_sources([corpus]):
        try:
            d = parse_file(path)
        except ParseError:
            facts[path.name] = None
            continue
        decisions.append(d)
        facts[path.name] = to_json(d)
    out["parse_s"] = time.perf_counter() - started
    out["labels"] = score(facts, read_labels(corpus / "labels.jsonl"))
    del facts

    started = time.perf_counter()
    graphs = [(decision_iri(d), decision_graph(d)) for d in decisions]
    out["map_s"] = time.perf_counter() - started
    started = time.perf_counter()
    store = MemoryStore()
    for name, graph in graphs:
        store.replace_graph(name, graph)
    out["load_s"] = time.perf_counter() - started
    out["triples"] = len(store)

    # pySHACL on the whole graph (the union of the decisions), on a sample when the corpus is large
    sample = graphs if len(graphs) <= SHACL_SAMPLE else graphs[: SHACL_SAMPLE // 2]
    from rdflib import Graph

    union = Graph()
    for _, g in sample:
        for t in g:
            union.add(t)
    started = time.perf_counter()
    report = validate(union)
    shacl = time.perf_counter() - started
    out["shacl_sampled"] = len(sample) < len(graphs)
    out["shacl_s"] = shacl * len(graphs) / max(len(sample), 1)
    theirs = sorted({(r.decision, r.shape) for r in report.violations})
    del union, graphs

    # the named queries on rdflib's engine, and on our store for comparison
    out["queries"], out["same_answers"], spent = {}, {}, 0.0
    signal.signal(signal.SIGALRM, _alarm)
    with OxigraphStore(our_store, read_only=True) as oxi:
        reference = a_reference(oxi)
        ours_report = validate_store(oxi, jobs=None)
        sample_slugs = {d.slug for d in decisions[: len(sample)]}
        mine = sorted({(r.decision, r.shape) for r in ours_report.violations if r.decision in sample_slugs})
        out["same_verdicts"] = mine == theirs
        out["verdicts"] = {"pyshacl": len(theirs), "ours": len(mine)}
        for q in list_queries():
            if spent > QUERY_BUDGET:
                out["queries"][q.name] = None
                continue
            params, times = sample_params(q, oxi, reference), []
            signal.setitimer(signal.ITIMER_REAL, QUERY_CAP)
            t0 = time.perf_counter()
            try:
                for _ in range(3):
                    t = time.perf_counter()
                    # the obvious stack has no statistics graph: it runs what such a query stands for
                    rdf = store.select(DEFINITIONS[q.name]) if q.name in DEFINITIONS else run(store, q, params)
                    times.append(time.perf_counter() - t)
                    if times[0] > 2:
                        break
                out["queries"][q.name] = statistics.median(times)
                same = sorted(map(json.dumps, records(rdf))) == sorted(map(json.dumps, records(run(oxi, q, params))))
                out["same_answers"][q.name] = same
            except Exception as exc:  # the store wraps what the alarm raises
                if not isinstance(exc, _Timeout) and not isinstance(exc.__cause__, _Timeout):
                    raise
                out["queries"][q.name] = f"> {QUERY_CAP:.0f}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                spent += time.perf_counter() - t0
    return out


__all__ = ["baseline", "score"]
