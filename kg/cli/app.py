"""The ``kg`` command line: argument parsing and printing only.

One module per command group (:mod:`kg.cli.parse`, :mod:`kg.cli.build`,
:mod:`kg.cli.validate`, :mod:`kg.cli.query`, :mod:`kg.cli.export`,
:mod:`kg.cli.graph`, :mod:`kg.cli.serve`, :mod:`kg.cli.synth`,
:mod:`kg.cli.harvest`, :mod:`kg.cli.authorities`); options shared between them are
decorators in :mod:`kg.cli.options`.  Each command calls one public function
of the package.  The names and
fields of ``kg parse --json``, ``kg build``, ``kg query`` and ``kg serve`` are
stable: scripts outside the repository rely on them (see DESIGN.md).
Errors print one line ``error: …`` on stderr and exit with the code the
error carries (:mod:`kg.errors`).
"""

from __future__ import annotations

import sys
from typing import Any

import click

from kg import __version__
from kg.errors import KgError


class _Group(click.Group):
    """Turns every :class:`KgError` into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Decisions of the Local Government and Social Care Ombudsman as a knowledge graph."""


def _register() -> None:
    """Every command lives in a module of its command group; each lists its click commands in ``COMMANDS``."""
    from kg.cli import authorities, build, export, graph, harvest, parse, query, serve, synth, validate

    for module in (parse, build, validate, query, export, graph, serve, synth, harvest, authorities):
        for command in module.COMMANDS:
            main.add_command(command)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
