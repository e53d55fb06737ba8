"""The W3C SHACL test suite, run through ``kg validate``: ``python -m kg.validate.conformance SUITE``.

``make conformance SUITE=../shared/w3c-shacl-tests`` runs it.  The suite
stays where it is (its files are never copied into the repository): its
``manifest.ttl`` includes one manifest per folder, each test an
``mf:Entry`` whose ``mf:action`` names a data graph and a shapes graph, and
whose ``mf:result`` is an expected ``sh:ValidationReport`` or ``sht:Failure``
(the shapes graph must be refused).

Each test runs ``kg validate --engine auto --format ttl --shapes SHAPES DATA``
in a process of its own, and is counted as one of:

* **exact**: the report's ``sh:conforms`` and its results equal the expected
  ones.  Results are compared as a multiset, each result as an RDF graph: its
  triples (focus node, result path, value, source shape, source constraint,
  constraint component, severity) together with the structure below a
  blank-node result path or source shape, compared by isomorphism
  (:func:`rdflib.compare.to_canonical_graph`), so a blank node matches a blank
  node of the same shape.  ``sh:resultMessage`` and ``sh:detail`` are left out:
  the suite's reports give no messages, and details are optional (SHACL 3.6.2);
* **inexact**: the right ``sh:conforms`` but other results;
* **wrong verdict**: the wrong ``sh:conforms``, an exit status that does not
  follow the report (1 exactly when it holds a ``sh:Violation``), or ill-formed
  shapes accepted;
* **refused**: exit 2 (the shapes were refused as ill-formed or beyond both
  engines); right for an expected ``sht:Failure``;
* **crash**: anything else (a traceback, no report).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, SH, XSD

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
#: (exit status, stdout, stderr) of one ``kg`` run with these arguments
Run = Callable[[list[str]], tuple[int, str, str]]


@dataclass(frozen=True)
class Case:
    name: str  # e.g. core/property/property-001
    data: Path
    shapes: Path
    manifest: Path
    entry: URIRef
    failure: bool  # the shapes graph must be refused


@dataclass(frozen=True)
class Outcome:
    case: Case
    kind: str  # exact | inexact | wrong | refused | crash
    detail: str = ""


def _manifest(path: Path) -> Graph:
    """A manifest of the suite, read with rdflib; its ill-typed literals are there on purpose (not warned of)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Parsing weird boolean")
        return Graph().parse(path, format="turtle")


def cases(suite: Path) -> list[Case]:
    """Every test of the suite, following ``mf:include`` from ``manifest.ttl``."""
    found: list[Case] = []
    todo, seen = [suite / "manifest.ttl"], set()
    while todo:
        manifest = todo.pop(0).resolve()
        if manifest in seen:
            continue
        seen.add(manifest)
        g = _manifest(manifest)
        todo += [_local(inc) for inc in g.objects(None, MF.include)]
        for entries in g.objects(None, MF.entries):
            for entry in Collection(g, entries):
                action, result = g.value(entry, MF.action), g.value(entry, MF.result)
                name = str(manifest.parent.relative_to(suite.resolve()) / str(entry).rsplit("/", 1)[-1])
                found.append(
                    Case(
                        name,
                        _local(g.value(action, SHT.dataGraph)),
                        _local(g.value(action, SHT.shapesGraph)),
                        manifest,
                        URIRef(str(entry)),
                        result == SHT.Failure,
                    )
                )
    return sorted(found, key=lambda c: c.name)


def _local(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _describe(g: Graph, node, into: Graph) -> None:
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in g.predicate_objects(n):
            into.add((n, p, o))
            if isinstance(o, BNode):
                todo.append(o)


def results_of(g: Graph, report) -> tuple[bool, list[frozenset]]:
    """(sh:conforms, each result as a canonical set of triples), as the module docstring says."""
    conforms = g.value(report, SH.conforms)
    out = []
    for result in g.objects(report, SH.result):
        one = Graph()
        for p, o in g.predicate_objects(result):
            if p in (SH.resultMessage, SH.detail):
                continue
            if isinstance(o, Literal) and o.datatype == XSD.string:  # RDF 1.1: "x" and "x"^^xsd:string are one term
                o = Literal(str(o))
            one.add((result, p, o))
            if p in (SH.resultPath, SH.sourceShape, SH.sourceConstraint) and isinstance(o, BNode):
                _describe(g, o, one)
        out.append(frozenset(to_canonical_graph(one)))
    return bool(conforms is not None and conforms.toPython() is True), sorted(out, key=lambda s: sorted(map(str, s)))


def judge(case: Case, code: int, stdout: str, stderr: str) -> Outcome:
    if code == 2:
        return Outcome(case, "refused", stderr.strip().splitlines()[-1] if stderr.strip() else "")
    if code not in (0, 1):
        return Outcome(case, "crash", f"exit {code}: " + (stderr.strip().splitlines() or ["(no message)"])[-1])
    try:
        ours = Graph().parse(data=stdout, format="turtle")
        report = next(ours.subjects(RDF.type, SH.ValidationReport))
    except (SyntaxError, ValueError, StopIteration) as exc:
        last = (stderr.strip().splitlines() or [""])[-1]
        return Outcome(case, "crash", f"exit {code}, no report on stdout ({exc}): {last}")
    if case.failure:
        return Outcome(case, "wrong", "ill-formed shapes were accepted")
    expected_graph = _manifest(case.manifest)
    expected = results_of(expected_graph, expected_graph.value(case.entry, MF.result))
    got = results_of(ours, report)
    if got[0] != expected[0]:
        return Outcome(case, "wrong", f"sh:conforms {got[0]}, expected {expected[0]}")
    violations = any(ours.objects(None, SH.resultSeverity)) and (None, SH.resultSeverity, SH.Violation) in ours
    if (code == 1) != violations:
        return Outcome(case, "wrong", f"exit {code} with{'' if violations else 'out'} violations in the report")
    if got[1] != expected[1]:
        return Outcome(case, "inexact", f"{len(got[1])} results, expected {len(expected[1])}")
    return Outcome(case, "exact")


def subprocess_run(args: list[str]) -> tuple[int, str, str]:
    """``kg ARGS`` in a new process of this Python."""
    done = subprocess.run([sys.executable, "-m", "kg.cli.app", *args], capture_output=True, text=True, check=False)
    return done.returncode, done.stdout, done.stderr


def run_suite(suite: Path, run: Run = subprocess_run, jobs: int = 2, engine: str = "auto") -> list[Outcome]:
    """Every test of ``suite`` through ``kg validate --engine ENGINE --format ttl``."""

    def one(case: Case) -> Outcome:
        args = ["validate", "--engine", engine, "--format", "ttl", "--shapes", str(case.shapes), str(case.data)]
        return judge(case, *run(args))

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, cases(suite)))


def table(outcomes: list[Outcome]) -> Iterator[str]:
    """The figures: reports expected (exact / inexact / wrong verdict / refused / crashes), failures expected."""
    reports = Counter(o.kind for o in outcomes if not o.case.failure)
    failures = Counter(o.kind for o in outcomes if o.case.failure)
    yield f"{'':22} {'tests':>5} {'exact':>5} {'inexact':>7} {'wrong verdict':>13} {'refused':>7} {'crashes':>7}"
    yield (
        f"{'reports expected':22} {sum(reports.values()):5} {reports['exact']:5} {reports['inexact']:7} "
        f"{reports['wrong']:13} {reports['refused']:7} {reports['crash']:7}"
    )
    yield (
        f"{'ill-formed (refuse)':22} {sum(failures.values()):5} {'-':>5} {'-':>7} {failures['wrong']:13} "
        f"{failures['refused']:7} {failures['crash']:7}"
    )
    for o in outcomes:
        if o.kind != "exact" and not (o.case.failure and o.kind == "refused"):
            yield f"  {o.kind:8} {o.case.name}: {o.detail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the W3C SHACL test suite through `kg validate`.")
    parser.add_argument("suite", type=Path, help="the suite's folder (holding manifest.ttl)")
    parser.add_argument("--engine", default="auto", choices=["auto", "fast", "pyshacl"])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="tests run at once [default: cores]")
    parser.add_argument("--min-exact", type=int, default=0, help="exit 1 if fewer reports are exact")
    args = parser.parse_args(argv)
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)  # the suite's ill-typed literals, on purpose
    if not (args.suite / "manifest.ttl").is_file():
        print(f"error: no manifest.ttl in {args.suite}; give the W3C SHACL test suite's folder", file=sys.stderr)
        return 2
    outcomes = run_suite(args.suite, jobs=args.jobs, engine=args.engine)
    print(f"W3C SHACL test suite at {args.suite}, through `kg validate --engine {args.engine}`:")
    for line in table(outcomes):
        print(line)
    reports = Counter(o.kind for o in outcomes if not o.case.failure)
    failures = Counter(o.kind for o in outcomes if o.case.failure)
    bad = reports["wrong"] + reports["crash"] + failures["wrong"] + failures["crash"]
    return 1 if bad or reports["exact"] < args.min_exact else 0


if __name__ == "__main__":
    sys.exit(main())
