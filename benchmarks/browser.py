"""Open a report in Debian's headless Chromium (through Playwright) and say what it shows.

Shared by the browser test and the report benchmark. Playwright's own browser download cannot
be used here, so it drives the system's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ALL_CHARTS_DRAWN = (
    "document.querySelectorAll('div.chart svg').length === document.querySelectorAll('div.chart').length"
)
DATA_READY = "document.body.dataset.ready === 'yes'"  # the trial data is inflated and the trial list drawn
# The marks a drawn chart holds: an empty <svg> (a failed render) has none.
CHART_MARKS = "els => els.map(e => e.querySelectorAll('svg path, svg rect, svg line, svg text').length)"


@dataclass
class OpenedReport:
    """What the browser saw."""

    open_seconds: float
    trial_count: int
    chart_marks: list[int]
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    trial_section: str = ""
    cpu_seconds: float = 0.0  # CPU time of the browser's processes while the page loaded (Linux only)


def open_report(
    report: Path, profile: Path, screenshot: Path | None = None, open_trial: str | None = None
) -> OpenedReport:
    """Load ``report`` until every chart and the trial list are drawn; collect console errors and outside requests.

    With ``open_trial``, click that trial's link in the trial list and read the section it opens.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1300, "height": 900},
        )
        try:
            page = browser.new_page()
            errors: list[str] = []
            requests: list[str] = []
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            cpu_before = descendants_cpu_seconds()
            started = time.perf_counter()
            page.goto(report.as_uri(), timeout=120_000)
            page.wait_for_function(ALL_CHARTS_DRAWN, timeout=120_000)
            page.wait_for_function(DATA_READY, timeout=120_000)
            seconds = time.perf_counter() - started
            opened = OpenedReport(
                open_seconds=seconds,
                cpu_seconds=descendants_cpu_seconds() - cpu_before,
                trial_count=int(page.get_attribute("#trial-count", "data-count")),
                chart_marks=page.eval_on_selector_all("div.chart", CHART_MARKS),
                errors=errors,
                requests=[url for url in requests if not url.startswith(("file:", "data:", "blob:"))],
            )
            if open_trial:
                page.click(f'a[href="#trial-{open_trial}"]')
                page.wait_for_selector("#trial-detail:not([hidden])", timeout=10_000)
                opened.trial_section = page.inner_text("#trial-detail")
            if screenshot:
                page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    return opened


def descendants_cpu_seconds() -> float:
    """User plus system CPU seconds of every live descendant of this process (from /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks
    mine, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - mine
        mine |= frontier
    return sum(times[pid] for pid in mine)
