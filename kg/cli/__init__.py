"""The ``kg`` command line (console script ``kg = kg.cli:main``); see :mod:`kg.cli.app`."""

from kg.cli.app import main

__all__ = ["main"]
