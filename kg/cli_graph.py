"""``kg`` commands for graph algorithms (issue: graph algorithms for legal research).

Each module of this kind lists its click commands in ``COMMANDS``;
:mod:`kg.cli` registers them on the ``kg`` group.
"""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
