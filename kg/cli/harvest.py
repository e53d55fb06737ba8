"""``kg harvest``: the Ombudsman's public decision pages into WARC files and an index, politely and resumably.

Each command module lists its click commands in ``COMMANDS``; :mod:`kg.cli.app` registers them.
Exit status: 0 all done; 1 some pages failed (listed) or the harvest stopped early; 2 bad arguments.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click

DEFAULT_SITE = "https://www.lgo.org.uk"


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m{rest % 60:02d}s"


@click.command("harvest", short_help="Collect the Ombudsman's decision pages as WARC files.")
@click.option("--site", default=DEFAULT_SITE, show_default=True, help="Base address of the Ombudsman's site.")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Harvest folder: WARC files and index.sqlite (created if missing; a re-run resumes and refreshes).",
)
@click.option(
    "--from", "start", callback=_date, metavar="YYYY-MM-DD", help="Earliest decision date [default: 2010-01-01]."
)
@click.option("--to", "end", callback=_date, metavar="YYYY-MM-DD", help="Latest decision date [default: today].")
@click.option(
    "--urls",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Fetch the decision pages listed in FILE (one URL a line) instead of searching by date.",
)
@click.option(
    "--rate",
    type=float,
    default=1.0,
    show_default=True,
    help="Requests a second at most (robots.txt's Crawl-delay wins when it asks for less).",
)
@click.option("--max", "max_pages", type=int, default=None, help="Stop after N decision pages (a trial run).")
@click.option("--contact", default=None, help="Your e-mail or web address, sent in the User-Agent (and From) header.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds to wait for an answer.")
@click.option(
    "--window-days", type=click.IntRange(min=1), default=31, show_default=True, help="Days per search window."
)
@click.option(
    "--page-cap",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Result pages the site serves for one search at most; a window reaching it is split.",
)
def harvest_cmd(
    site: str,
    out: Path,
    start: date | None,
    end: date | None,
    urls: Path | None,
    rate: float,
    max_pages: int | None,
    contact: str | None,
    timeout: float,
    window_days: int,
    page_cap: int,
) -> None:
    """Collect the Ombudsman's decision pages into OUT: WARC files of every response, and an index.

    Polite by default: robots.txt (and its Crawl-delay), one connection, at
    most one request a second, retries with backoff, Retry-After honoured, and
    a stop after repeated failures.  Run it again with the same arguments to
    resume a harvest that was stopped, or later to fetch only what is new or
    changed (conditional requests).  `kg build OUT --store DIR` builds the
    graph from the harvest.
    """
    from kg.errors import InputError
    from kg.harvest.polite import Policy
    from kg.harvest.run import Harvest, Progress, harvest

    if rate <= 0:
        raise InputError(f"--rate {rate} must be a positive number of requests a second")
    job = Harvest(
        site=site,
        out=out,
        start=start,
        end=end,
        urls=urls,
        max_pages=max_pages,
        window_days=window_days,
        page_cap=page_cap,
        policy=Policy(rate=rate, contact=contact, timeout=timeout),
    )
    last = [0.0]

    def progress(p: Progress) -> None:
        now = datetime.now().timestamp()
        if now - last[0] < 2 and p.phase != "done":
            return
        last[0] = now
        click.echo(
            f"[{p.phase}] discovered {p.discovered} ({p.listing_pages} result pages), fetched {p.fetched}, "
            f"unchanged {p.unchanged}, failed {p.failed}, {p.rate:.2f} requests/s"
            + (f", {p.to_fetch} to go, ETA {_duration(p.eta)}" if p.phase == "fetch" else ""),
            err=True,
        )

    s = harvest(job, progress=progress)
    for url, why in s.failed:
        click.echo(f"failed: {url}: {why}", err=True)
    for url in s.disallowed:
        click.echo(f"skipped (robots.txt): {url}", err=True)
    for day in s.capped:
        click.echo(f"warning: {day} has more results than the site shows for one search; some may be missed", err=True)
    click.echo(
        f"{'resumed' if s.resumed else 'run'} {s.run}: {s.discovered} decision pages found ({s.new} new, "
        f"{s.listing_pages} result pages); {s.fetched} fetched, {s.unchanged} unchanged, {len(s.failed)} failed, "
        f"{len(s.disallowed)} skipped by robots.txt; {s.requests} requests in {_duration(s.seconds)}\n"
        f"{out} holds {s.stored} decision pages"
        + (f" ({s.recovered} records of a killed run recovered)" if s.recovered else "")
    )
    if s.stopped:
        click.echo(f"error: {s.stopped}", err=True)
    if not s.ok:
        sys.exit(1)


COMMANDS: list[click.Command] = [harvest_cmd]
