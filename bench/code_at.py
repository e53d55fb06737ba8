"""The code of another commit, for a benchmark's "before" measured in the same run.

``code_at(ref)`` unpacks ``kg/``, ``ontology/`` and ``queries/`` of commit ``ref`` under ``out/bench/code-{ref}/``
with ``git archive`` (once), so a child process run with ``PYTHONPATH`` set to it imports that commit's ``kg``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "bench"


def code_at(ref: str) -> Path:
    """The folder holding commit ``ref``'s package and data files (unpacked on first use)."""
    tree = OUT / f"code-{ref}"
    if not (tree / "kg" / "__init__.py").is_file():
        tree.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", ref, "kg", "ontology", "queries"],
            capture_output=True,
            check=True,
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree
