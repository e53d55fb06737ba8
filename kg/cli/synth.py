"""``kg`` commands for scale: synthetic corpora (issue: fifty thousand decisions).

Each module of this kind lists its click commands in ``COMMANDS``;
:mod:`kg.cli.app` registers them on the ``kg`` group.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("synth", short_help="Write synthetic decisions and the facts each must give.")
@click.option("--count", "-n", type=click.IntRange(min=0), required=True, help="How many decision files to write.")
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write them to (created if missing), with labels.jsonl.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same corpus, byte for byte.")
def synth_cmd(count: int, out: Path, seed: int) -> None:
    """Write COUNT synthetic decisions in the Ombudsman's page format, and the facts each must give.

    The texts are made up by the generator (both saved renderings, all
    outcomes and categories, statute citations, payments, cut-short pages
    and a few junk files); labels.jsonl holds, for each file, the fields
    `kg parse --json` should print for it, or {"file": ..., "error": true}.
    """
    from tqdm import tqdm

    from kg.synth import write_corpus

    with tqdm(total=count, unit="file", desc="synth", disable=None) as bar:
        labels = write_corpus(count, out, seed, progress=bar.update)
    click.echo(f"wrote {count} files and {labels} (seed {seed})")


COMMANDS: list[click.Command] = [synth_cmd]
