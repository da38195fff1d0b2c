"""Bad query parameters: the page still renders (400), says what it left out and why, in the
API's own words, and applies the rest."""

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from httpx import Response

from app.web.params import TimelinePageParams, parse_query
from tests.api.world import COUP_2020, COUP_2021
from tests.web.test_timeline import listed, marks

Get = Callable[..., tuple[Response, BeautifulSoup]]


def messages(soup: BeautifulSoup) -> list[str]:
    alert = soup.select_one('.message.error[role="alert"]')
    assert alert is not None, "no visible error message"
    return [li.get_text() for li in alert.find_all("li")]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "coupp"}, "type: unknown event type 'coupp'; use one of: coup,"),
        ({"country": "XXX"}, "country: unknown country 'XXX'; see /api/v1/countries"),
        ({"country": "12"}, "country: '12' is not an ISO 3166-1 alpha-3 code"),
        ({"start": "2020-13"}, "start: '2020-13' is not a date that exists"),
        ({"start": "last year"}, "start: 'last year' is not a date: use a year (2022)"),
        ({"start": "2024", "end": "2020"}, "end: the window ends (2020) before it starts (2024)"),
        ({"actor": "nobody"}, "actor: unknown actor 'nobody'"),
        ({"document": "nothing"}, "document: unknown document 'nothing'"),
        ({"precision": "hour"}, "precision: unknown precision 'hour'; use one of: day,"),
        ({"min_fatalities": "many"}, "min_fatalities: 'many' is not a whole number"),
        ({"lanes": "actors"}, "lanes: unknown lanes 'actors'; use one of: type or country"),
        ({"sort": "size"}, "sort: unknown sort order 'size'; use one of: date or -date"),
        ({"limit": "0"}, "limit: 0 is below the minimum, 1"),
        ({"cursor": "not-a-cursor"}, "cursor: the cursor has been altered"),
        ({"colour": "red"}, "colour: unknown parameter 'colour'"),
        ({"status": "candidate"}, "status: only signed-in editors can read events"),
        ({"q": "!!!"}, "q: the search has no word to look for"),
    ],
)
def test_a_bad_parameter_is_shown_not_fatal(
    page: Get, params: dict[str, str], expected: str
) -> None:
    response, soup = page("/", **params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert any(m.startswith(expected) for m in messages(soup)), messages(soup)
    # The rest of the page is there: the chart and the chronology without the bad filter.
    assert soup.select_one("svg.chart") is not None
    assert len(listed(soup)) == (2 if params.get("start") == "2024" else 9)


def test_the_good_parameters_still_apply(page: Get) -> None:
    response, soup = page("/", type=["coup", "coupp"], country=["MLI", "XXX"])
    assert response.status_code == 400
    assert len(messages(soup)) == 2
    assert marks(soup) == [COUP_2020, COUP_2021]
    coup = soup.select_one('input[name="type"][value="coup"]')
    assert coup is not None and coup.has_attr("checked")
    # The refused values are not carried into links or downloads.
    for a in soup.select(".downloads a"):
        assert "coupp" not in str(a["href"]) and "XXX" not in str(a["href"])


def test_refused_fields_are_marked_invalid(page: Get) -> None:
    _, soup = page("/", start="2020-13", q="!!!")
    assert soup.select_one("#f-start")["aria-invalid"] == "true"
    assert soup.select_one("#f-q")["aria-invalid"] == "true"
    assert not soup.select_one("#f-end").has_attr("aria-invalid")


@pytest.mark.parametrize(
    "path",
    [
        "/actors/fama",
        "/places/adel-bagrou",
        "/countries/MLI",
        "/periods/mali-transition",
        "/map",
    ],
)
def test_other_pages_show_bad_parameters_too(web_client: TestClient, path: str) -> None:
    response = web_client.get(path, params={"type": "coupp", "start": "soon"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.text, "html.parser")
    found = messages(soup)
    assert any(m.startswith("type: unknown event type 'coupp'") for m in found)
    assert any(m.startswith("start: 'soon' is not a date") for m in found)


@pytest.mark.parametrize("path", ["/actors", "/places", "/countries", "/periods", "/documents"])
def test_index_pages_show_bad_parameters(web_client: TestClient, path: str) -> None:
    response = web_client.get(path, params={"limit": "lots", "cursor": "broken"})
    assert response.status_code == 400
    found = messages(BeautifulSoup(response.text, "html.parser"))
    assert any(m.startswith("limit: 'lots' is not a whole number") for m in found)
    assert any(m.startswith("cursor:") for m in found)


def test_parse_query_drops_only_the_bad_values() -> None:
    from starlette.datastructures import QueryParams

    parsed = parse_query(
        QueryParams("type=coup,coupp&type=treaty&country=MLI&start=2020&end=&colour=red"),
        TimelinePageParams,
    )
    assert [str(t) for t in parsed.params.type] == ["coup", "treaty"]
    assert parsed.params.country == ["MLI"]
    assert parsed.params.start == "2020" and parsed.params.end is None
    assert sorted(e.name for e in parsed.errors) == ["colour", "type"]
