"""The explorer in a real browser: the distribution's Chromium, headless, driven by Playwright for Python.

Chromium is found through the ``CHROMIUM`` environment variable or on ``PATH`` (``chromium``,
``chromium-browser``); Playwright starts it with ``executable_path`` and never downloads a browser of its
own.  Each test starts it with a fresh profile, records every console message, page error and request, and
checks that nothing went wrong and no request left the server.  ``KG_REGEN_SCREENSHOTS=1`` also writes the
screenshots of ``docs/`` (search, scorecard, provision page) from the same pages.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path

import pytest
from test_explorer import BASE, make_store
from test_serve import ServerThread

from kg.serve import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
#: the flags the browser runs with: no sandbox (root in CI), no GPU, nothing fetched in the background
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium() -> str | None:
    """The system's Chromium: ``$CHROMIUM``, else ``chromium`` or ``chromium-browser`` on PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM = chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: install the distribution's (apt-get install chromium) or set CHROMIUM=/path/to/chromium",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, decisions_dir):
    location = make_store(tmp_path_factory.mktemp("browser"), decisions_dir, count=400)
    with ServerThread(create_app(location, Settings(base=BASE, workers=2, timeout=30.0))) as running:
        yield running.url


class Browser:
    """A page of a fresh headless Chromium that records what went wrong and where it asked."""

    def __init__(self, context, base: str) -> None:
        self.context, self.base = context, base
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on(
            "console",
            lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"request failed: {r.url} {r.failure}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def go(self, path: str) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, path
        self.page.wait_for_load_state("networkidle")

    def check(self) -> None:
        """No console error or warning, no page error, every request to this server (or data: itself)."""
        assert self.errors == []
        outside = [u for u in self.requests if not (u.startswith(self.base + "/") or u.startswith("data:"))]
        assert outside == [], outside


@pytest.fixture()
def browser(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"),  # a fresh --user-data-dir
            executable_path=CHROMIUM,
            headless=True,
            args=FLAGS,
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        try:
            b = Browser(context, server)
            yield b
            b.check()
        finally:
            context.close()


def count(page) -> int:
    return int(page.inner_text("#count strong").replace(",", ""))


def test_search_facets_pages_and_a_decision(browser):
    page = browser.page
    browser.go("/search")
    everything = count(page)
    page.fill("form.search input[name=q]", "council")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=council"))
    found = count(page)
    assert 0 < found <= everything
    assert page.locator("ol.hits mark").first.inner_text().lower().startswith("council")
    # apply a facet: the count follows, the value is marked chosen, a chip can take it away
    page.click("#facet-outcome a:has-text('Upheld')")
    page.wait_for_url(re.compile(r"outcome=upheld"))
    upheld = count(page)
    assert 0 < upheld < found
    assert page.locator("#facet-outcome li.chosen").inner_text().startswith("Upheld")
    assert all(t == "Upheld" for t in page.locator("ol.hits .badge.upheld").all_inner_texts())
    page.click("ul.chips a:has-text('Upheld')")
    page.wait_for_load_state("networkidle")
    assert count(page) == found and "outcome=" not in page.url
    # page through the list
    page.click("#facet-outcome a:has-text('Upheld')")
    page.wait_for_url(re.compile(r"outcome=upheld"))
    first = page.locator("ol.hits a.ref").all_inner_texts()
    page.click("nav.pager a[rel=next]")
    page.wait_for_url(re.compile(r"page=2"))
    second = page.locator("ol.hits a.ref").all_inner_texts()
    assert second and not set(first) & set(second)
    page.click("nav.pager a[rel=prev]")
    page.wait_for_load_state("networkidle")
    assert page.locator("ol.hits a.ref").all_inner_texts() == first
    # open a decision from the list; it knows its neighbours there
    page.locator("ol.hits a.ref").nth(1).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(f"Decision {first[1]}")
    assert page.locator("nav.listnav").inner_text().startswith(f"← {first[0]}")
    page.click("nav.listnav a[rel=next]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(f"Decision {first[2]}")


def test_follow_a_similar_decision_and_open_a_scorecard(browser):
    page = browser.page
    browser.go("/lgsco/decision/20-007-812")
    similar = page.locator("ol.similar li a").first
    reference = similar.inner_text()
    assert page.locator("ol.similar .why").first.inner_text().startswith("both")
    similar.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(f"Decision {reference}")
    page.click("dl.facts dd a:has-text('its scorecard')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h2:has-text('Scorecard')").count() == 1
    # the charts are drawn (Chart.js, from this server) and the tables beside them are there
    drawn = page.evaluate(
        "() => Array.from(document.querySelectorAll('figure.chart canvas')).map(c => !!Chart.getChart(c) && c.width > 0)"
    )
    assert drawn and all(drawn)
    assert page.locator("#chart-years table tbody tr").count() >= 1


def test_download_a_list_as_csv(browser, tmp_path):
    page = browser.page
    browser.go("/search?outcome=upheld")
    total = count(page)
    with page.expect_download() as info:
        page.click("p.downloads a:has-text('CSV')")
    download = info.value
    assert download.suggested_filename == "lgsco-decisions.csv"
    path = tmp_path / "list.csv"
    download.save_as(path)
    table = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(table) == total and {r["outcome"] for r in table} == {"Upheld"}


def test_lists_and_search_work_without_javascript(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS, java_script_enabled=False
        )
        try:
            b = Browser(context, server)
            page = b.page
            b.go("/search?q=delay")
            found = count(page)
            page.click("#facet-year li a >> nth=0")
            page.wait_for_load_state("networkidle")
            assert 0 < count(page) <= found
            b.go("/lgsco/authority/wiltshire-council")
            assert page.locator("#chart-years canvas").is_hidden()  # no script: the table alone
            assert page.locator("#chart-years table").is_visible()
            b.go("/authorities")
            page.click("table a >> nth=0")
            page.wait_for_load_state("networkidle")
            assert page.locator("h1").count() == 1
            b.check()
        finally:
            context.close()


SHOTS = {
    "explorer-search.png": "/search?q=council&outcome=upheld",
    "explorer-scorecard.png": "/lgsco/authority/wiltshire-council",
    "explorer-provision.png": "/provision?iri=http://www.legislation.gov.uk/id/ukpga/1989/41/section/17",
}


def test_screenshots_of_the_explorer(browser, tmp_path):
    """The pages docs/ shows; KG_REGEN_SCREENSHOTS=1 writes them there."""
    folder = ROOT / "docs" if os.environ.get("KG_REGEN_SCREENSHOTS") else tmp_path
    for name, path in SHOTS.items():
        browser.go(path)
        browser.page.set_viewport_size({"width": 1280, "height": 1100})
        browser.page.screenshot(path=str(folder / name))
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
