"""The dashboard in headless Chromium: click from the map to a dyad, its timeline, an event
and its sentence, as an analyst would.

Screenshots go to a temporary folder, or to the folder named by COMMUNIQUE_SCREENSHOTS
(`COMMUNIQUE_SCREENSHOTS=docs pytest tests/serve/test_dashboard.py` refreshes the README's).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAND = "#212b36"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="Debian chromium is not installed (/usr/bin/chromium)")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, live_url):
    """A fresh 1440x900 page; fails the test on any script error or failed request."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    opened.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
    opened.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    # Offline: everything the page loads comes from the app itself.
    opened.on("request", lambda r: r.url.startswith((live_url, "data:"))
              or problems.append(f"external request: {r.url}"))
    opened.base = live_url
    opened.problems = problems
    yield opened
    context.close()
    assert not problems, problems


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go."""
    folder = Path(os.environ.get("COMMUNIQUE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def ready(page, view: str) -> None:
    page.wait_for_selector(f"body[data-ready='{view}']", timeout=15000)


def rgb(color: str) -> tuple[int, int, int]:
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(x) for x in re.findall(r"\d+", color)[:3])


def fill(page, code: str) -> str:
    return page.get_attribute(f"#map path.country[data-code='{code}']", "fill")


def test_map_to_dyad_to_timeline_to_event_sentence(page, shots):
    page.goto(page.base + "/")
    ready(page, "map")
    # Countries with events are coloured by volume; those without keep the land colour.
    assert int(page.get_attribute("#map path[data-code='USA']", "data-events")) > 20
    assert fill(page, "USA") != LAND and fill(page, "PRK") != LAND
    assert fill(page, "BRA") == LAND
    assert page.locator("#map path.arc[data-source='USA']").count() > 0
    page.screenshot(path=str(shots / "dashboard-map.png"))

    # Mean Goldstein: the struck country reads as conflict (red), the summit partner as
    # cooperation (blue); the toggle is in the URL.
    page.click("#metric button[data-metric='goldstein']")
    ready(page, "map")
    assert "metric=goldstein" in page.url
    syria, korea = rgb(fill(page, "SYR")), rgb(fill(page, "PRK"))
    assert syria[0] > syria[2] and korea[2] > korea[0]

    # The dyad list opens the dyad's timeline.
    page.click("#dyad-table tr[data-source='USA'][data-target='PRK']")
    ready(page, "timeline")
    assert re.search(r"a=USA&b=PRK", page.url)
    assert "USA" in page.text_content("#timeline-title")
    assert "North Korea" in page.text_content("#timeline-title")
    heights = [float(h) for h in page.eval_on_selector_all(
        "#timeline rect.bar", "els => els.map(e => e.getAttribute('height'))")]
    assert sum(h > 0 for h in heights) >= 2
    assert page.locator("#timeline path.gline").count() == 1
    assert page.locator("#timeline circle.gdot").count() >= 2
    assert page.locator("#dyad-events tr.event").count() > 0
    page.screenshot(path=str(shots / "dashboard-timeline.png"))

    # An event row opens its sentence with source, target and verb marked.
    row = page.locator("#dyad-events tr.event").filter(has_text="Express intent to meet").first
    row.click()
    page.wait_for_selector("#detail:not([hidden]) mark.verb")
    ready(page, "timeline")
    assert "event=" in page.url
    sentence = page.inner_text("#detail-sentence")
    source = page.inner_text("#detail-sentence mark.source")
    target = page.inner_text("#detail-sentence mark.target")
    verb = page.inner_text("#detail-sentence mark.verb")
    assert {source, target} == {"Trump", "Kim"}
    assert verb and verb in sentence
    assert page.text_content("#coded-by") in {"rule", "model"}
    assert 0 < float(page.inner_text("#confidence")) <= 1
    page.screenshot(path=str(shots / "dashboard-event.png"))

    # The URL carries the whole view: a reload shows the same dyad and sentence.
    url = page.url
    page.reload()
    ready(page, "timeline")
    page.wait_for_selector("#detail:not([hidden]) mark.verb")
    assert page.url == url
    assert page.inner_text("#detail-sentence") == sentence
    page.keyboard.press("Escape")
    ready(page, "timeline")
    assert page.locator("#detail").is_hidden()


def test_relations_graph_links_to_a_dyad_timeline(page, shots):
    page.goto(page.base + "/#view=graph")
    ready(page, "graph")
    assert page.locator("#graph g.node").count() >= 10
    assert page.locator("#graph g.node[data-code='USA']").count() == 1
    edge = page.locator("#graph path.link[data-source='FRA'][data-target='SYR']")
    assert rgb(edge.get_attribute("stroke"))[0] > rgb(edge.get_attribute("stroke"))[2]
    page.screenshot(path=str(shots / "dashboard-graph.png"))
    edge.dispatch_event("click")
    ready(page, "timeline")
    assert "a=FRA&b=SYR" in page.url
    assert page.locator("#timeline rect.bar[data-quad='material_conflict']").count() > 0


def test_filters_apply_everywhere_and_live_in_the_url(page):
    page.goto(page.base + "/#view=events")
    ready(page, "events")
    everything = page.locator("#events-table tr.event").count()
    page.select_option("#filters select[name='quad_class']", "4")
    ready(page, "events")
    assert "quad_class=4" in page.url
    quads = page.eval_on_selector_all("#events-table tr.event .quad",
                                      "els => els.map(e => e.textContent)")
    assert quads and set(quads) == {"4"} and len(quads) < everything
    page.fill("#filters input[name='since']", "2022-01-01")
    page.dispatch_event("#filters input[name='since']", "change")
    ready(page, "events")
    dates = page.eval_on_selector_all("#events-table tr.event td:first-child",
                                      "els => els.map(e => e.textContent)")
    assert dates and all(d >= "2022-01-01" for d in dates)
    # The same filters hold on the map after switching views.
    page.click("#tabs a[data-view='map']")
    ready(page, "map")
    assert "quad_class=4" in page.url and "since=2022-01-01" in page.url
    assert fill(page, "PRK") == LAND  # no material conflict involving North Korea since 2022
    assert fill(page, "RUS") != LAND  # the invasion of Ukraine


def test_bad_filter_shows_the_error_instead_of_a_blank_view(page):
    page.goto(page.base + "/#view=events&since=2023-01-01&until=2019-01-01")
    # A selector, not wait_for_function: the page's CSP forbids evaluating strings.
    page.wait_for_selector("#error:not(:empty)", state="attached")
    assert "after until" in page.inner_text("#error")
    assert all(p.startswith("422 ") for p in page.problems)
    page.problems.clear()


def test_api_docs_render_offline(page):
    page.goto(page.base + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.eval_on_selector_all(".opblock-summary-path",
                                      "els => els.map(e => e.textContent)")
    assert {"/api/trend", "/api/events/{event_id}"} <= {p.replace("\u200b", "") for p in paths}
