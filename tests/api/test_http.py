"""HTTP behaviour: ETag and Last-Modified with 304, gzip, CORS and cache headers."""

import gzip
from datetime import date
from email.utils import format_datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.api.caching import CACHE_CONTROL
from app.config import Settings
from app.db import make_engine
from app.queries.freshness import data_version
from tests.api.world import COUP_2020
from tests.factories import EventSpec, add_country, add_event


def test_responses_carry_validators_and_cache_headers(world_client: TestClient) -> None:
    response = world_client.get("/api/v1/events")
    assert response.headers["etag"].startswith('W/"')
    # The time of the latest write to the database (whatever dates the rows themselves carry).
    engine: Engine = world_client.app.state.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        written = data_version(connection).last_modified
    assert written is not None
    assert response.headers["last-modified"] == format_datetime(written, usegmt=True)
    assert response.headers["cache-control"] == CACHE_CONTROL


def test_an_unchanged_resource_is_a_304(world_client: TestClient) -> None:
    for url in ("/api/v1/events?type=coup", f"/api/v1/events/{COUP_2020}", "/api/v1/types"):
        first = world_client.get(url)
        again = world_client.get(url, headers={"If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["etag"] == first.headers["etag"]
        since = world_client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        assert since.status_code == 304


def test_if_none_match_takes_lists_and_wins_over_the_date(world_client: TestClient) -> None:
    first = world_client.get("/api/v1/countries")
    etag = first.headers["etag"]
    listed = world_client.get("/api/v1/countries", headers={"If-None-Match": f'"x", {etag}'})
    assert listed.status_code == 304
    other = world_client.get(
        "/api/v1/countries",
        headers={"If-None-Match": '"other"', "If-Modified-Since": first.headers["last-modified"]},
    )
    assert other.status_code == 200


def test_each_url_has_its_own_etag(world_client: TestClient) -> None:
    tags = {
        world_client.get(url).headers["etag"]
        for url in ("/api/v1/events", "/api/v1/events?type=coup", "/api/v1/events?format=csv")
    }
    assert len(tags) == 3


def test_an_old_date_or_etag_gets_the_full_response(world_client: TestClient) -> None:
    old = world_client.get(
        "/api/v1/events", headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}
    )
    assert old.status_code == 200
    stale = world_client.get("/api/v1/events", headers={"If-None-Match": 'W/"stale"'})
    assert stale.status_code == 200
    garbage = world_client.get("/api/v1/events", headers={"If-Modified-Since": "yesterday"})
    assert garbage.status_code == 200


def test_errors_and_credentialed_requests_are_not_tagged(world_client: TestClient) -> None:
    assert "etag" not in world_client.get("/api/v1/events?type=coupp").headers
    private = world_client.get("/api/v1/events", headers={"Authorization": "Bearer x"})
    assert private.status_code == 200
    assert "etag" not in private.headers and "cache-control" not in private.headers


def test_the_etag_changes_when_the_data_does(client: TestClient, settings: Settings) -> None:
    before = client.get("/api/v1/events")
    engine = make_engine(settings)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        day = date(2022, 5, 1)
        add_event(session, EventSpec("new-event", "New", "protest", day, day, "day", "2022-05-01"))
        session.commit()
    engine.dispose()
    after = client.get("/api/v1/events", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert [e["id"] for e in after.json()["items"]] == ["new-event"]


def test_large_responses_are_gzipped(world_client: TestClient) -> None:
    plain = world_client.get("/api/v1/events", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    for url in ("/api/v1/events", "/api/v1/events?format=csv"):
        headers = {"Accept-Encoding": "gzip"}
        with world_client.stream("GET", url, headers=headers) as response:
            assert response.headers["content-encoding"] == "gzip"
            assert "Accept-Encoding" in response.headers["vary"]
            raw = b"".join(response.iter_raw())
        assert gzip.decompress(raw) == world_client.get(url).content


def test_cors_is_open_for_get(world_client: TestClient) -> None:
    origin = {"Origin": "https://notebook.example.org"}
    response = world_client.get("/api/v1/events", headers=origin)
    assert response.headers["access-control-allow-origin"] == "*"
    assert "ETag" in response.headers["access-control-expose-headers"]
    preflight = world_client.options(
        "/api/v1/events",
        headers={**origin, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 200
    assert "GET" in preflight.headers["access-control-allow-methods"]
    refused = world_client.options(
        "/api/v1/events", headers={**origin, "Access-Control-Request-Method": "DELETE"}
    )
    assert refused.status_code == 400
