"""Documents, actors, places, countries, types and periods: lists with counts, and one by id."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.models.taxonomy import EVENT_TYPE_DEFINITIONS, EventType
from tests.api.world import (
    COUP_2020,
    DOC_B_TEXT,
    ELECTIONS,
    INCURSION,
    MANOEUVRE,
    MASSACRE,
)


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def every_item(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every item of a list endpoint, following `next` with small pages."""
    body = get(client, f"{url}?limit=2")
    items = list(body["items"])
    while body["next"]:
        body = get(client, body["next"].removeprefix("http://testserver"))
        items += body["items"]
    assert len(items) == body["total"]
    return items


def test_documents_list_metadata_and_event_counts(world_client: TestClient) -> None:
    items = every_item(world_client, "/api/v1/documents")
    by_id = {d["id"]: d for d in items}
    assert set(by_id) == {"analysis-a", "analysis-b"}
    b = by_id["analysis-b"]
    assert b["title"] == "Border violence, 2019-2024"
    assert b["filename"] == "analysis-b.txt"
    assert b["published"] == "2024-06-01"
    assert len(b["sha256"]) == 64
    assert "text" not in b
    assert b["events"] == 4  # the candidate cited in it is not counted
    assert by_id["analysis-a"]["events"] == 6


def test_a_document_has_its_text_and_the_spans_of_published_events(
    world_client: TestClient,
) -> None:
    document = get(world_client, "/api/v1/documents/analysis-b")
    assert document["text"] == DOC_B_TEXT
    spans = document["spans"]
    assert [s["event"] for s in spans] == [MASSACRE, ELECTIONS, INCURSION, MANOEUVRE]
    for span in spans:
        assert document["text"][span["start"] : span["end"]] == span["quote"]
        assert set(span) == {"event", "title", "type", "quote", "start", "end"}
    assert [s["start"] for s in spans] == sorted(s["start"] for s in spans)


def test_actors_with_their_event_counts(world_client: TestClient) -> None:
    items = every_item(world_client, "/api/v1/actors")
    counts = {a["id"]: a["events"] for a in items}
    assert counts == {
        "ecowas": 1,
        "fama": 3,
        "french-armed-forces": 1,
        "mauritanian-army": 1,
        "wagner-group": 1,
    }
    fama = get(world_client, "/api/v1/actors/fama")
    assert fama == next(a for a in items if a["id"] == "fama")
    assert fama["name"] == "Malian Armed Forces"
    assert fama["kind"] == "armed_force"
    assert fama["country"] == "MLI"
    assert fama["events_url"] == "http://testserver/api/v1/events?actor=fama"
    listed = get(world_client, "/api/v1/events?actor=fama")["total"]
    assert listed == fama["events"]


def test_places_with_coordinates_and_event_counts(world_client: TestClient) -> None:
    items = every_item(world_client, "/api/v1/places")
    # The candidate at Adel Bagrou is not counted.
    assert {p["id"]: p["events"] for p in items} == {"adel-bagrou": 1, "bamako": 3, "fassala": 1}
    adel = get(world_client, "/api/v1/places/adel-bagrou")
    assert (adel["lat"], adel["lon"], adel["country"]) == (15.53, -7.06, "MRT")
    assert get(world_client, "/api/v1/places/fassala")["lat"] is None


def test_countries_by_code_with_event_counts(world_client: TestClient) -> None:
    items = every_item(world_client, "/api/v1/countries")
    # NER's only event was deleted.
    assert {c["id"]: c["events"] for c in items} == {
        "BFA": 1,
        "FRA": 1,
        "MLI": 7,
        "MRT": 3,
        "NER": 0,
    }
    assert get(world_client, "/api/v1/countries/mrt")["name"] == "Mauritania"


def test_types_carry_their_definitions_and_counts(world_client: TestClient) -> None:
    body = get(world_client, "/api/v1/types")
    assert body["total"] == len(EventType) and body["next"] is None
    assert [t["id"] for t in body["items"]] == [t.value for t in EventType]
    by_id = {t["id"]: t for t in body["items"]}
    assert by_id["coup"]["definition"] == EVENT_TYPE_DEFINITIONS[EventType.COUP]
    assert by_id["coup"]["events"] == 2
    assert by_id["border_incident"]["events"] == 1  # the candidate is not counted
    assert by_id["protest"]["events"] == 0
    assert by_id["border_incident"]["name"] == "Border incident"
    assert get(world_client, "/api/v1/types/coup") == by_id["coup"]


def test_periods_count_the_events_they_overlap(world_client: TestClient) -> None:
    items = every_item(world_client, "/api/v1/periods")
    by_id = {p["id"]: p for p in items}
    assert by_id["mali-transition"]["events"] == 8
    assert by_id["before-the-coups"]["events"] == 1
    transition = get(world_client, "/api/v1/periods/mali-transition")
    assert (transition["start"], transition["end"]) == ("2020-08-18", "2024-12-31")
    assert (
        transition["events"] == get(world_client, "/api/v1/events?period=mali-transition")["total"]
    )


@pytest.mark.parametrize(
    "url", ["/api/v1/documents", "/api/v1/actors", "/api/v1/places", "/api/v1/countries"]
)
def test_reference_lists_page_in_key_order(world_client: TestClient, url: str) -> None:
    items = every_item(world_client, url)
    whole = get(world_client, f"{url}?limit=1000")["items"]
    assert items == whole
    assert len({i["id"] for i in items}) == len(items)


def test_an_event_links_to_its_references(world_client: TestClient) -> None:
    event = get(world_client, f"/api/v1/events/{COUP_2020}")
    for actor in event["actors"]:
        assert get(world_client, f"/api/v1/actors/{actor['id']}")["name"] == actor["name"]
    for place in event["places"]:
        assert get(world_client, f"/api/v1/places/{place['id']}")["name"] == place["name"]
    for code in event["countries"]:
        assert get(world_client, f"/api/v1/countries/{code}")["id"] == code
    assert get(world_client, f"/api/v1/types/{event['type']}")["id"] == event["type"]
