"""The home page: the timeline's marks, lanes, bands and zoom; the chronology; filters; exports.

The world (tests/api/world.py) has nine published events: seven in Mali, three in Mauritania,
one each in Burkina Faso and France (some in two countries), of eight types, 2019–2024.
"""

import csv
import io
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response

from tests.api.world import BY_DATE, COUP_2020, COUP_2021, INCURSION, TALKS

Get = Callable[..., tuple[Response, BeautifulSoup]]


def marks(soup: BeautifulSoup) -> list[str]:
    """The event slugs the chart's marks open, lane by lane."""
    return [str(a["href"]).rsplit("/", 1)[1] for a in soup.select("svg.chart a.mark-link")]


def lanes(soup: BeautifulSoup) -> list[str]:
    return [t.get_text(strip=True) for t in soup.select("svg.chart .lane-label")]


def listed(soup: BeautifulSoup) -> list[str]:
    return [str(a["href"]).rsplit("/", 1)[1] for a in soup.select("#chronology .event-title")]


def test_home_draws_one_mark_per_event_and_lane(page: Get) -> None:
    response, soup = page("/")
    assert response.status_code == 200
    assert lanes(soup) == ["Mali", "Mauritania", "Burkina Faso", "France"]
    lane_links = [str(a["href"]) for a in soup.select("svg.chart a.lane-link")]
    assert lane_links == ["/countries/MLI", "/countries/MRT", "/countries/BFA", "/countries/FRA"]
    drawn = marks(soup)
    assert len(drawn) == 12  # events in two countries are in both lanes
    assert set(drawn) == set(BY_DATE)
    assert not soup.select("svg.chart a.bubble-link")
    coup = soup.select_one(f'svg.chart a.mark-link[href="/events/{COUP_2020}"]')
    assert coup is not None
    assert coup.title.get_text() == "Coup in Mali, 18 August 2020 (coup)"
    use = coup.find("use")
    assert use["href"] == "#shape-coup" and "t-coup" in use["class"]
    assert soup.find("symbol", id="shape-coup") is not None


def test_ranges_are_bars_and_imprecise_dates_whiskers(page: Get) -> None:
    _, soup = page("/")
    talks = soup.select_one(f'a.mark-link[href="/events/{TALKS}"]')
    assert talks is not None and talks.find("rect", class_="range") is not None
    elections = soup.select_one('a.mark-link[href="/events/2023-01-01-elections-in-mali"]')
    assert elections is not None and elections.find("line", class_="whisker") is not None
    coup = soup.select_one(f'a.mark-link[href="/events/{COUP_2020}"]')
    assert coup is not None and coup.find("rect") is None and coup.find("line") is None


def test_periods_are_background_bands_linked_to_their_pages(page: Get) -> None:
    _, soup = page("/")
    bands = soup.select("svg.chart a.band-link")
    assert [str(b["href"]) for b in bands] == [
        "/periods/before-the-coups",
        "/periods/mali-transition",
    ]
    assert bands[1].title.get_text() == "Period: Mali's transition"


def test_axis_shows_the_years_2012_to_2024(page: Get) -> None:
    _, soup = page("/")
    chart = soup.select_one("svg.chart")
    assert chart is not None
    assert (chart["data-start"], chart["data-end"]) == ("2012-01-01", "2024-12-31")
    years = [t.get_text() for t in chart.select(".axis-label.major")]
    assert years == [str(y) for y in range(2012, 2025)]


def test_filtering_by_type_changes_marks_list_and_legend(page: Get) -> None:
    _, soup = page("/", type="coup")
    assert marks(soup) == [COUP_2020, COUP_2021]
    assert listed(soup) == [COUP_2020, COUP_2021]
    legend = soup.select_one(".legend-item.selected")
    assert legend is not None and "Coup" in legend.get_text()
    # The type facet ignores its own filter: every type keeps its count, coup is ticked.
    coup = soup.select_one('input[name="type"][value="coup"]')
    assert coup is not None and coup.has_attr("checked")
    sanctions = soup.select_one('input[name="type"][value="sanctions"]')
    assert sanctions is not None and not sanctions.has_attr("checked")
    label = soup.find("label", attrs={"for": sanctions["id"]})
    assert label is not None and label.select_one(".count").get_text() == "1"


def test_filtering_by_country_keeps_the_lanes_of_its_events(page: Get) -> None:
    _, soup = page("/", country="MRT")
    assert lanes(soup) == ["Mauritania", "Mali"]
    assert len(listed(soup)) == 3
    assert INCURSION in listed(soup)
    chips = [a.get_text(" ", strip=True) for a in soup.select(".active-filters .chip")]
    assert chips == ["Country: Mauritania × (remove)"]


def test_lanes_can_be_event_types(page: Get) -> None:
    _, soup = page("/", lanes="type")
    assert lanes(soup)[:3] == ["Coup", "Border incident", "Troop withdrawal"]
    assert len(marks(soup)) == 9


def test_zooming_to_a_year(page: Get) -> None:
    _, home = page("/")
    link = home.select_one('nav.zoom a[aria-label^="2022"]')
    assert link is not None
    assert dict(parse_qsl(urlsplit(str(link["href"])).query)) == {"start": "2022", "end": "2022"}
    _, soup = page("/", start="2022", end="2022")
    chart = soup.select_one("svg.chart")
    assert chart is not None
    assert (chart["data-start"], chart["data-end"]) == ("2022-01-01", "2022-12-31")
    current = soup.select_one('nav.zoom a[aria-current="true"]')
    assert current is not None and current.get_text() == "2022"
    assert sorted(set(marks(soup))) == sorted(
        [TALKS, "2022-01-09-ecowas-sanctions-on-mali", "2022-02-01-french-withdrawal-from-mali"]
    )
    months = [t.get_text() for t in chart.select(".axis-label:not(.major)")]
    assert months[:3] == ["Jan", "Feb", "Mar"]


def test_chronology_groups_by_year_and_month_with_spoken_dates(page: Get) -> None:
    _, soup = page("/")
    chronology = soup.select_one("#chronology")
    assert chronology is not None
    years = [h.get_text() for h in chronology.find_all("h3")]
    assert years == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert [h.get_text() for h in chronology.find_all("h4")][:3] == [
        "June 2019",
        "August 2020",
        "January 2021",
    ]
    assert listed(soup) == BY_DATE
    entries = {
        str(li.select_one(".event-title")["href"]).rsplit("/", 1)[1]: li
        for li in chronology.select("li.event")
    }
    assert entries[TALKS].select_one(".event-date").get_text() == "2021–2022"
    incursion = entries[INCURSION]
    assert incursion.select_one(".event-date").get_text() == "early April 2024"
    assert incursion.select_one(".badge").get_text(strip=True) == "Border incident"
    meta = incursion.select_one(".event-meta").get_text(" ", strip=True)
    assert "Mali, Mauritania" in meta and "2 sources" in meta and "2 killed" in meta
    assert (
        incursion.select_one(".event-summary").get_text()
        == "Malian troops and Wagner fighters crossed into Mauritania."
    )


def test_chronology_pages_and_orders(page: Get) -> None:
    _, first = page("/", limit="4")
    assert listed(first) == BY_DATE[:4]
    following = first.select_one('nav.pager a[rel="next"]')
    assert following is not None
    _, second = page(str(following["href"]))
    assert listed(second) == BY_DATE[4:8]
    assert second.select_one("nav.pager a").get_text() == "← First events"
    _, latest = page("/", sort="-date")
    assert listed(latest) == list(reversed(BY_DATE))


def test_downloads_are_the_api_exports_of_the_same_query(page: Get, web_client: TestClient) -> None:
    _, soup = page("/", type="coup", country="MLI")
    links = {a.get_text(): str(a["href"]) for a in soup.select(".downloads a")}
    assert set(links) == {"CSV", "NDJSON", "GeoJSON", "TimelineJS", "iCalendar"}
    for label, href in links.items():
        parts = urlsplit(href)
        assert parts.path == "/api/v1/events"
        query = parse_qsl(parts.query)
        assert ("type", "coup") in query and ("country", "MLI") in query, label
    rows = list(csv.DictReader(io.StringIO(web_client.get(links["CSV"]).text)))
    assert [r["event_id"] for r in rows] == [COUP_2020, COUP_2021]
    assert soup.find("link", rel="alternate")["href"] == "/api/v1/events?type=coup&country=MLI"


def test_the_form_keeps_every_filter_and_names_it_as_the_api(page: Get) -> None:
    _, soup = page("/", document="analysis-b", q="incursion", start="2024")
    form = soup.select_one("form.filter-form")
    assert form is not None and form["method"] == "get"
    names = {str(c["name"]) for c in form.find_all(["input", "select"]) if c.get("name")}
    assert {"q", "start", "end", "type", "country", "actor", "place", "precision"} <= names
    hidden = {(str(i["name"]), str(i["value"])) for i in form.select('input[type="hidden"]')}
    assert hidden == {("document", "analysis-b")}
    assert form.select_one("#f-q")["value"] == "incursion"
    assert listed(soup) == [INCURSION]
    chips = [a.get_text(" ", strip=True) for a in soup.select(".active-filters .chip")]
    assert "Source: Border violence, 2019-2024 × (remove)" in chips


def test_blank_form_fields_count_as_absent(page: Get) -> None:
    response, soup = page("/", q="", start="", end="", precision="", type="coup")
    assert response.status_code == 200
    assert marks(soup) == [COUP_2020, COUP_2021]


def test_an_empty_result_says_so(page: Get) -> None:
    response, soup = page("/", q="nothing-matches-this")
    assert response.status_code == 200
    assert soup.select_one("#chronology .empty") is not None
    assert soup.select_one("svg.chart .chart-empty") is not None
