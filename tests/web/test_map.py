"""The map page, the committed boundaries and the TopoJSON reduction that built them."""

import json
from collections.abc import Callable

from bs4 import BeautifulSoup
from httpx import Response

from app.mapdata import REGION, decode_arcs, reduce_countries, simplify
from app.templating import STATIC_DIR
from app.web.geo import BOUNDARIES, PROJECTION, country_shapes

Get = Callable[..., tuple[Response, BeautifulSoup]]


def test_map_plots_events_at_their_places(page: Get) -> None:
    response, soup = page("/map")
    assert response.status_code == 200
    svg = soup.select_one("svg.map")
    assert svg is not None
    assert len(svg.select("path.land")) >= 25
    points = {str(a["href"]): a.title.get_text() for a in svg.select("a.point-link")}
    assert points == {
        "/?place=bamako": "Bamako, Mali: 2 events (2 coup)",
        "/?place=adel-bagrou": "Adel Bagrou, Mauritania: 1 event (1 border incident)",
    }
    rows = [tr.th.get_text() for tr in soup.select("table.index-table tbody tr")]
    assert rows == ["Bamako", "Adel Bagrou"]
    assert (
        "6 of the 9 events have no place"
        in soup.select_one('section[aria-labelledby="places-heading"] .hint').get_text()
    )
    source = soup.select_one(".map-source").get_text()
    assert "Natural Earth" in source and "world-atlas" in source


def test_map_is_filtered_like_the_timeline(page: Get) -> None:
    response, soup = page("/map", type="border_incident")
    assert response.status_code == 200
    points = [str(a["href"]) for a in soup.select("svg.map a.point-link")]
    assert points == ["/?type=border_incident&place=adel-bagrou"]
    single = soup.select_one("svg.map a.point-link use")
    assert single is not None and single["href"] == "#shape-border_incident"
    assert response.headers["link"] == (
        '</api/v1/events?type=border_incident&format=geojson>; rel="alternate"; '
        'type="application/geo+json"'
    )


def test_committed_boundaries_cover_the_sahel() -> None:
    collection = json.loads((STATIC_DIR / BOUNDARIES).read_text("utf-8"))
    codes = {f["id"] for f in collection["features"]}
    assert {"MLI", "MRT", "NER", "BFA", "TCD", "SEN", "DZA", "NGA", "MAR", "LBY"} <= codes
    assert codes <= set(REGION.values())
    assert (STATIC_DIR / "map" / "SOURCE.md").read_text().count("Natural Earth") >= 2
    shapes = {s.code: s for s in country_shapes()}
    x, y = shapes["MLI"].label
    assert 0 < x < 1000 and 0 < y < PROJECTION.height
    # Bamako is in the south-west of Mali, Niamey east of it.
    bamako, niamey = PROJECTION.point(-8.0, 12.64), PROJECTION.point(2.11, 13.51)
    assert bamako[0] < niamey[0] and abs(bamako[1] - niamey[1]) < 40


def test_topojson_is_decoded_and_reduced() -> None:
    square = [[0, 0], [1000, 0], [0, 1000], [-1000, 0], [0, -1000]]
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.001, 0.001], "translate": [-5.0, 15.0]},
        "arcs": [square],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0]], "id": "466", "properties": {"name": "Mali"}},
                    {"type": "Polygon", "arcs": [[0]], "id": "250", "properties": {"name": "x"}},
                ],
            }
        },
    }
    assert decode_arcs(topology)[0][:3] == [(-5.0, 15.0), (-4.0, 15.0), (-4.0, 16.0)]
    collection = reduce_countries(topology, tolerance=0.0)
    (mali,) = collection["features"]
    assert mali["id"] == "MLI" and mali["properties"]["name"] == "Mali"
    assert mali["geometry"]["coordinates"][0][0][0] == [-5.0, 15.0]
    assert mali["properties"]["label"] == [-4.5, 15.5]


def test_simplify_keeps_the_shape_within_tolerance() -> None:
    ring = [(0.0, 0.0), (1.0, 0.001), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert simplify(ring, 0.01) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
