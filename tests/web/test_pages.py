"""Every page answers on both engines, with accessible markup and a Link to its JSON twin."""

from collections import Counter
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient

from app.web.errors import NOT_PAGES
from app.web.pages import ROUTERS
from tests.api.world import CANDIDATE, COUP_2020, INCURSION
from tests.web.conftest import parse

# Each page and its JSON twin (the Link header's target).
PAGES = [
    ("/", "/api/v1/events", "application/json"),
    (f"/events/{INCURSION}", f"/api/v1/events/{INCURSION}", "application/json"),
    ("/documents/analysis-a", "/api/v1/documents/analysis-a", "application/json"),
    ("/actors/fama", "/api/v1/actors/fama", "application/json"),
    ("/places/adel-bagrou", "/api/v1/places/adel-bagrou", "application/json"),
    ("/countries/MLI", "/api/v1/countries/MLI", "application/json"),
    ("/periods/mali-transition", "/api/v1/periods/mali-transition", "application/json"),
    ("/map", "/api/v1/events?format=geojson", "application/geo+json"),
    ("/actors", "/api/v1/actors", "application/json"),
    ("/places", "/api/v1/places", "application/json"),
    ("/countries", "/api/v1/countries", "application/json"),
    ("/periods", "/api/v1/periods", "application/json"),
    ("/documents", "/api/v1/documents", "application/json"),
]


def _labelled(control: Tag, soup: BeautifulSoup) -> bool:
    if control.get("aria-label") or control.get("aria-labelledby"):
        return True
    ident = control.get("id")
    return bool(ident and soup.find("label", attrs={"for": ident}))


@pytest.mark.parametrize(("path", "twin", "media_type"), PAGES)
def test_page_answers_with_accessible_html(
    web_client: TestClient, path: str, twin: str, media_type: str
) -> None:
    response = web_client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["link"] == f'<{twin}>; rel="alternate"; type="{media_type}"'
    json_twin = web_client.get(twin)
    assert json_twin.status_code == 200
    assert json_twin.headers["content-type"].startswith(media_type)
    soup = parse(response)
    assert soup.html is not None and soup.html.get("lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert soup.find(landmark), landmark
    assert len(soup.find_all("h1")) == 1
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    ids = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    assert [i for i, n in ids.items() if n > 1] == []
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") != "hidden":
            assert _labelled(control, soup), control
    for svg in soup.find_all("svg"):
        # Every drawing is either hidden from assistive technology or named and described.
        assert svg.get("aria-hidden") == "true" or svg.get("aria-labelledby"), svg.attrs
    stylesheet = soup.find("link", rel="stylesheet")
    assert stylesheet is not None and str(stylesheet["href"]).startswith("/static/css/app.css?v=")
    for script in soup.find_all("script"):
        assert str(script["src"]).startswith("/static/js/"), "no script from elsewhere"


def test_assets_are_served_by_the_app(web_client: TestClient) -> None:
    soup = parse(web_client.get("/"))
    assets = [str(t["href"]) for t in soup.find_all("link", rel="stylesheet")]
    assets += [str(t["src"]) for t in soup.find_all("script")]
    assert assets
    for asset in assets:
        assert web_client.get(asset).status_code == 200
    assert "http" not in " ".join(assets)


def test_links_from_the_home_page_lead_somewhere(web_client: TestClient) -> None:
    soup = parse(web_client.get("/"))
    paths = {
        urlsplit(str(a["href"])).path
        for a in soup.find_all("a", href=True)
        if str(a["href"]).startswith("/") and not str(a["href"]).startswith("/admin")
    }
    assert {"/", "/map", "/actors", f"/events/{COUP_2020}", "/countries/MLI"} <= paths
    for path in sorted(paths):
        assert web_client.get(path).status_code < 400, path


@pytest.mark.parametrize(
    "path",
    [
        "/events/no-such-event",
        f"/events/{CANDIDATE}",
        "/documents/nothing",
        "/actors/nobody",
        "/places/nowhere",
        "/countries/XYZ",
        "/periods/never",
        "/no/such/page",
    ],
)
def test_unknown_things_are_html_404s(web_client: TestClient, path: str) -> None:
    response = web_client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    soup = parse(response)
    assert soup.find("h1").get_text() == "Page not found"
    assert soup.find(class_="message", role="alert")


def test_the_api_keeps_its_json_errors(web_client: TestClient) -> None:
    response = web_client.get("/api/v1/events/no-such-event")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert web_client.get("/api/v1/nothing").headers["content-type"] == "application/problem+json"


def test_country_codes_are_read_in_any_case(web_client: TestClient) -> None:
    response = web_client.get("/countries/mli")
    assert response.status_code == 200
    assert parse(response).find("h1").get_text() == "Mali"


def test_pages_do_not_shadow_the_api_docs_or_static_files(web_client: TestClient) -> None:
    assert web_client.get("/openapi.json").json()["info"]["title"] == "Sahel Chronicle"
    assert web_client.get("/docs").status_code == 200
    assert web_client.get("/static/js/timeline.js").status_code == 200
    for module in ROUTERS:
        for route in module.router.routes:
            path = str(getattr(route, "path", ""))
            assert path == "/" or not path.startswith(NOT_PAGES), path
