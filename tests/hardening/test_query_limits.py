"""Query-cost limits: too many values of a filter, too many or repeated facets, too long or too
wordy a search, too large a page. The API refuses each with a 400 problem+json naming the
parameter and the limit; the pages show the same message and apply the rest; OpenAPI documents
each limit. Values just at a limit pass."""

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from app.api.params import MAX_FACETS, MAX_FILTER_VALUES, MAX_QUERY_LENGTH, MAX_QUERY_WORDS
from app.config import Settings
from app.main import create_app

OVER = MAX_FILTER_VALUES + 1
WORDS = " ".join(["mali"] * (MAX_QUERY_WORDS + 1))


@pytest.fixture(scope="module")
def client(world_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=world_url, secret_key="limits-tests-" + "k" * 40))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def _refused(client: TestClient, path: str, params: Any) -> dict[str, str]:
    response = client.get(path, params=params)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return {e["parameter"]: e["message"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    ("params", "parameter", "message"),
    [
        ({"country": ["MLI"] * OVER}, "country", f"{OVER} values is over the maximum, 50 per"),
        ({"type": ",".join(["coup"] * OVER)}, "type", f"{OVER} values is over the maximum, 50"),
        ({"actor": ["fama"] * OVER}, "actor", f"{OVER} values is over the maximum, 50"),
        ({"place": ["x"] * OVER}, "place", f"{OVER} values is over the maximum, 50"),
        ({"period": ["x"] * OVER}, "period", f"{OVER} values is over the maximum, 50"),
        ({"tag": ["x"] * OVER}, "tag", f"{OVER} values is over the maximum, 50"),
        (
            {"facets": "type,country,actor,place,year,precision,type"},
            "facets",
            f"{MAX_FACETS + 1} values is over the maximum, {MAX_FACETS} per request",
        ),
        ({"facets": "type,year,type"}, "facets", "each facet may be asked for once; 'type' is"),
        ({"q": WORDS}, "q", f"the search has {MAX_QUERY_WORDS + 1} words, over the maximum, 20"),
        (
            {"q": "a" * (MAX_QUERY_LENGTH + 1)},
            "q",
            f"{MAX_QUERY_LENGTH + 1} characters is over the maximum, 500 characters",
        ),
        ({"limit": "1001"}, "limit", "1001 is over the maximum, 1000"),
    ],
)
def test_the_api_refuses_a_costly_query_naming_the_parameter_and_the_limit(
    client: TestClient, params: dict[str, Any], parameter: str, message: str
) -> None:
    errors = _refused(client, "/api/v1/events", params)
    assert list(errors) == [parameter]
    assert errors[parameter].startswith(message), errors


def test_the_stats_and_exports_have_the_same_limits(client: TestClient) -> None:
    stats = _refused(client, "/api/v1/stats/timeline", {"country": ["MLI"] * OVER})
    assert stats["country"].startswith(f"{OVER} values is over the maximum")
    export = _refused(client, "/api/v1/events", {"format": "csv", "q": WORDS})
    assert "over the maximum, 20" in export["q"]


def test_queries_at_the_limits_are_answered(client: TestClient) -> None:
    at_limit: dict[str, Any] = {
        "country": ["MLI"] * MAX_FILTER_VALUES,
        "facets": "type,country,actor,place,year,precision",
        "q": " ".join(["mali"] * MAX_QUERY_WORDS),
        "limit": 1000,
    }
    response = client.get("/api/v1/events", params=at_limit)
    assert response.status_code == 200, response.text
    assert len(response.json()["facets"]) == MAX_FACETS


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": ["MLI"] * OVER}, f"country: {OVER} values is over the maximum, 50 per"),
        ({"q": WORDS}, f"q: the search has {MAX_QUERY_WORDS + 1} words, over the maximum, 20"),
        ({"limit": "501"}, "limit: 501 is over the maximum, 500"),
    ],
)
def test_a_page_shows_the_limit_and_applies_the_rest(
    client: TestClient, params: dict[str, Any], message: str
) -> None:
    response = client.get("/", params={**params, "type": "coup"})
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(response.text, "html.parser")
    alert = soup.select_one('.message.error[role="alert"]')
    assert alert is not None, "no visible error message"
    shown = [li.get_text() for li in alert.find_all("li")]
    assert any(m.startswith(message) for m in shown), shown
    # The other filter still applies: the coup checkbox stays chosen.
    coup = soup.select_one('input[name="type"][value="coup"]')
    assert coup is not None and coup.has_attr("checked")


def test_openapi_documents_every_limit(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/events"]["get"]
    schemas = {p["name"]: p for p in operation["parameters"]}

    def schema(name: str) -> dict[str, Any]:
        found: dict[str, Any] = schemas[name]["schema"]
        first: dict[str, Any] = found.get("anyOf", [found])[0]
        return first

    for name in ("type", "country", "actor", "place", "document", "period", "tag", "status"):
        assert schema(name)["maxItems"] == MAX_FILTER_VALUES, name
        assert f"At most {MAX_FILTER_VALUES} values" in schemas[name]["description"], name
    assert schema("facets")["maxItems"] == MAX_FACETS
    assert schema("q")["maxLength"] == MAX_QUERY_LENGTH
    assert f"{MAX_QUERY_WORDS} words" in schemas["q"]["description"]
    assert schema("limit")["maximum"] == 1000
