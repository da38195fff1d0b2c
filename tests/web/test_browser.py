"""The pages in a real browser (Debian's Chromium through Playwright), as an analyst uses them:
filter, zoom, open an event from its mark, follow a citation to its quote, and all of it by
keyboard too. Screenshots of the home, event and document pages go to test-artifacts/.

Deselect with -m "not browser".
"""

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from tests.api.world import INCURSION, build_world
from tests.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, serve
from tests.web.conftest import web_app

pytestmark = pytest.mark.browser

MARKS = "svg.chart a.mark-link"
LISTED = "#chronology li.event"


@pytest.fixture(scope="module")
def site(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app serving the world, on SQLite."""
    path = tmp_path_factory.mktemp("browser") / "site.db"
    shutil.copyfile(sqlite_template, path)
    url = f"sqlite:///{path}"
    engine = make_engine(Settings(database_url=url))
    with Session(engine) as session:
        build_world(session)
    engine.dispose()
    app = web_app(url)
    with serve(app) as base:
        yield base
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: run the tests with scripts/test, which installs Debian's "
            "chromium, or deselect with -m 'not browser'"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(base_url=site, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=True)


def query_of(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_filters_change_the_marks_and_the_list(tab: Page) -> None:
    tab.goto("/")
    expect(tab.locator(MARKS)).to_have_count(12)
    expect(tab.locator(LISTED)).to_have_count(9)
    screenshot(tab, "home")
    tab.locator('input[name="type"][value="coup"]').check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url("**/?*type=coup*")
    expect(tab.locator(MARKS)).to_have_count(2)
    expect(tab.locator(f"{LISTED} .event-title")).to_have_text(
        ["Coup in Mali", "Second coup in Mali"]
    )
    tab.goto("/")
    tab.locator('input[name="country"][value="MRT"]').check()
    tab.get_by_role("button", name="Apply filters").click()
    tab.wait_for_url("**/?*country=MRT*")
    expect(tab.locator(LISTED)).to_have_count(3)
    expect(tab.locator("svg.chart .lane-label")).to_have_text(["Mauritania", "Mali"])
    expect(tab.locator(MARKS)).to_have_count(5)


def _x_of(day: date, start: date, days: int) -> float:
    """The SVG x of a day in a chart starting at `start` spanning `days` (see app.web.chart)."""
    return 150 + (day - start).days / days * (1000 - 150 - 14)


def test_zoom_to_a_year_then_drag_across_months(tab: Page) -> None:
    tab.goto("/")
    tab.locator('nav.zoom a[aria-label^="2022"]').click()
    tab.wait_for_url("**/?start=2022&end=2022")
    chart = tab.locator("svg.chart")
    expect(chart).to_have_attribute("data-start", "2022-01-01")
    expect(chart).to_have_attribute("data-end", "2022-12-31")
    expect(tab.locator(MARKS)).to_have_count(5)
    box = chart.bounding_box()
    assert box is not None
    scale = box["width"] / 1000
    bottom = float(chart.get_attribute("data-bottom") or 0)
    y = box["y"] + (bottom + 20) * scale  # on the axis, below the marks
    start = box["x"] + _x_of(date(2022, 3, 1), date(2022, 1, 1), 365) * scale
    end = box["x"] + _x_of(date(2022, 9, 1), date(2022, 1, 1), 365) * scale
    tab.mouse.move(start, y)
    tab.mouse.down()
    tab.mouse.move((start + end) / 2, y, steps=4)
    expect(tab.locator("svg.chart rect.zoom-selection")).to_have_count(1)
    tab.mouse.move(end, y, steps=4)
    with tab.expect_navigation():
        tab.mouse.up()
    query = query_of(tab)
    first, last = date.fromisoformat(query["start"][0]), date.fromisoformat(query["end"][0])
    assert abs((first - date(2022, 3, 1)).days) <= 3
    assert abs((last - date(2022, 8, 31)).days) <= 3
    expect(tab.locator("svg.chart")).to_have_attribute("data-start", first.isoformat())


def test_open_an_event_from_its_mark_and_follow_a_citation(tab: Page) -> None:
    tab.goto("/")
    tab.locator(f'{MARKS}[href="/events/{INCURSION}"]').first.click()
    tab.wait_for_url(f"**/events/{INCURSION}")
    expect(tab.locator("h1")).to_have_text("Incursion near Adel Bagrou")
    expect(tab.locator("ol.citations li")).to_have_count(2)
    screenshot(tab, "event")
    tab.locator("ol.citations li").first.get_by_role("link").click()
    tab.wait_for_url("**/documents/analysis-a#q-*")
    quote = tab.locator(".doc-text mark.targeted")
    expect(quote).to_have_count(1)
    expect(quote).to_have_text(
        "In early April 2024, Malian troops and Wagner fighters crossed into Adel Bagrou, "
        "killing two."
    )
    expect(quote).to_be_in_viewport()
    assert tab.evaluate("document.querySelector(':target').tagName") == "MARK"
    background = quote.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background == "rgb(255, 213, 77)"  # the followed quote stands out
    expect(quote.get_by_role("link")).to_be_focused()
    screenshot(tab, "document")


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_everything_works_by_keyboard(tab: Page) -> None:
    tab.goto("/")
    tab.keyboard.press("Tab")
    expect(tab.locator(".skip-link")).to_be_focused()
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.id") == "main"
    _tab_to(tab, 'input[name="type"][value="coup"]')
    tab.keyboard.press("Space")
    _tab_to(tab, 'button[type="submit"]')
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/?*type=coup*")
    _tab_to(tab, MARKS)
    focused = tab.locator(f"{MARKS}:focus")
    label = focused.get_attribute("aria-label")
    assert label == "Coup in Mali, 18 August 2020 (coup)"
    tip = tab.locator(".chart-tip")
    expect(tip).to_be_visible()
    expect(tip).to_have_text(label)
    stroke = focused.locator("use").evaluate("u => getComputedStyle(u).stroke")
    assert stroke == "rgb(240, 165, 0)"  # a visible focus ring on the mark
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/events/2020-08-18-coup-in-mali")
    _tab_to(tab, "ol.citations a")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/documents/analysis-a#q-*")
    expect(tab.locator(".doc-text mark.targeted a")).to_be_focused()


def test_phone_width_and_print(browser: Browser, site: str) -> None:
    context = browser.new_context(base_url=site, viewport={"width": 375, "height": 812})
    phone = context.new_page()
    phone.goto("/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0  # the chart scrolls inside its frame; the page does not
    expect(phone.locator(MARKS).first).to_be_attached()
    screenshot(phone, "home-phone")
    phone.emulate_media(media="print")
    assert phone.locator(".sidebar").evaluate("e => getComputedStyle(e).display") == "none"
    expect(phone.locator("#chronology")).to_be_visible()
    context.close()
