"""Shared fixtures: the seed decisions in data/decisions and the test helpers beside this file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # test helpers (renderings, factories) import by name

from kg.resources import data_dir  # noqa: E402


@pytest.fixture(scope="session")
def decisions_dir() -> Path:
    return data_dir() / "decisions"
