"""``kg`` commands for scale: synthetic corpora and benchmarks (issue: fifty thousand decisions).

Each module of this kind lists its click commands in ``COMMANDS``;
:mod:`kg.cli` registers them on the ``kg`` group.
"""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
