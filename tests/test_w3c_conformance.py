"""The W3C SHACL test suite through ``kg validate --engine auto``, in this process (``make conformance`` runs it
in a process per test and prints the table).

The suite lives outside the repository (``../shared/w3c-shacl-tests``, or
``KG_W3C_SUITE``); without it these tests are skipped.  How a report is
judged exact is :mod:`kg.validate.conformance`'s docstring.
"""

from __future__ import annotations

import os
import traceback
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.validate.conformance import cases, run_suite, table

SUITE = Path(os.environ.get("KG_W3C_SUITE", Path(__file__).resolve().parents[2] / "shared" / "w3c-shacl-tests"))
pytestmark = [
    pytest.mark.skipif(not (SUITE / "manifest.ttl").is_file(), reason=f"no W3C SHACL test suite at {SUITE}"),
    # core/property/or-datatypes-001 holds the ill-typed "none"^^xsd:boolean on purpose; rdflib warns as it reads it
    pytest.mark.filterwarnings("ignore:Parsing weird boolean"),
]


def in_process(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, args)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
        return 70, result.stdout, stderr  # a crash, whatever click made of it
    return result.exit_code, result.stdout, stderr


@pytest.fixture(scope="module")
def outcomes():
    return run_suite(SUITE, run=in_process, jobs=1)


def test_the_suite_is_all_there():
    found = cases(SUITE)
    assert len(found) == 120
    assert sum(c.failure for c in found) == 7


def test_no_wrong_verdict_no_crash_and_every_report_exact(outcomes):
    reports = Counter(o.kind for o in outcomes if not o.case.failure)
    assert reports["wrong"] == 0 and reports["crash"] == 0, "\n".join(table(outcomes))
    assert reports["exact"] == 113, "\n".join(table(outcomes))


def test_every_ill_formed_shapes_graph_is_refused(outcomes):
    refused = [o.kind for o in outcomes if o.case.failure]
    assert refused == ["refused"] * 7, "\n".join(table(outcomes))
