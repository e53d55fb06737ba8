"""The house: modules small, no import cycles, one error tree whose statuses come from one table."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import grimp
import networkx as nx
import pytest

import kg.errors as errors

KG = Path(__file__).resolve().parents[1] / "kg"
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for p in KG.rglob("*.py") if "__pycache__" not in p.parts)


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(KG.parent)): n for p in _modules() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}, f"split these modules (DESIGN.md: under {MAX_LINES} lines): {long}"


def test_no_two_modules_import_each_other_even_through_others():
    graph = grimp.build_graph("kg")
    g = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            g.add_edge(module, imported)
    assert g.number_of_edges() > 100  # the graph was read
    assert sorted(sorted(c) for c in nx.simple_cycles(g)) == []


# --- the error tree ------------------------------------------------------------------------------


def _tree_classes() -> list[type[errors.KgError]]:
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.KgError)]


def _drawn() -> dict[str, tuple[int, int]]:
    """The tree drawn in the module docstring: class name -> (exit, HTTP)."""
    rows = re.findall(
        r"(\w+(?:Error|Failed|Timeout|Busy|Crashed|Shape|Forbidden|Acceptable|Large|Long|Type)?)\s+"
        r"exit (\d)\s+HTTP (\d{3})",
        errors.__doc__ or "",
    )
    return {name: (int(e), int(h)) for name, e, h in rows}


def test_every_error_class_is_drawn_in_the_docstring_with_its_statuses():
    drawn = _drawn()
    for cls in _tree_classes():
        assert cls.__name__ in drawn, f"{cls.__name__} is missing from the tree in kg/errors.py's docstring"
        assert drawn[cls.__name__] == (cls.exit_code, cls.http_status), cls.__name__


def test_statuses_come_from_the_one_table():
    for cls in _tree_classes():
        assert (cls.exit_code, cls.http_status) == errors.status_of(cls)
        instance = cls("a.txt", "why") if cls is errors.ParseError else cls("why")
        assert (instance.exit_code, instance.http_status) == errors.status_of(cls)
    with pytest.raises(TypeError, match="not a kg error"):
        errors.status_of(ValueError)


def test_only_the_errors_module_defines_exceptions():
    """One tree: an exception class anywhere else in kg/ would be outside it (or a second tree)."""
    found = []
    for path in _modules():
        if path.name == "errors.py" and path.parent == KG:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception")) for b in node.bases
            ):
                found.append(f"{path.relative_to(KG.parent)}:{node.lineno} {node.name}")
    assert found == []


def test_retry_after_is_said_by_the_errors_a_retry_can_cure():
    assert errors.Busy.retry_after == 1 and errors.WorkerCrashed.retry_after == 1
    assert errors.QueryTimeout.retry_after is None  # the same query will time out again
