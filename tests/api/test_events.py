"""GET /api/v1/events and /api/v1/events/{id}: the shape, every filter, order, pages, facets."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.api.world import (
    BY_DATE,
    CANDIDATE,
    COUP_2020,
    COUP_2021,
    DELETED,
    ELECTIONS,
    INCURSION,
    MANOEUVRE,
    MASSACRE,
    SANCTIONS,
    TALKS,
    WITHDRAWAL,
)

EVENT_FIELDS = {
    "id", "title", "summary", "type", "date", "countries", "actors", "places", "fatalities",
    "occurrence", "tags", "status", "confidence", "sources", "flags", "updated_at", "url",
}  # fmt: skip


def events(client: TestClient, query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def ids(client: TestClient, query: str = "") -> list[str]:
    return [e["id"] for e in events(client, query)["items"]]


def test_the_list_has_items_total_next_and_facets(world_client: TestClient) -> None:
    body = events(world_client)
    assert set(body) == {"items", "total", "next", "facets"}
    assert body["total"] == len(BY_DATE)
    assert body["next"] is None
    assert body["facets"] == {}
    assert [e["id"] for e in body["items"]] == BY_DATE


def test_an_event_has_exactly_the_documented_fields(world_client: TestClient) -> None:
    event = next(e for e in events(world_client)["items"] if e["id"] == INCURSION)
    assert set(event) == EVENT_FIELDS
    assert event["title"] == "Incursion near Adel Bagrou"
    assert event["type"] == "border_incident"
    assert event["date"] == {
        "start": "2024-04-01",
        "end": "2024-04-10",
        "precision": "part_of_month",
        "edtf": "2024-04-01/2024-04-10",
        "label": "early April 2024",
    }
    assert event["countries"] == ["MLI", "MRT"]
    assert event["actors"] == [
        {"id": "fama", "name": "Malian Armed Forces", "role": "perpetrator"},
        {"id": "wagner-group", "name": "Wagner Group", "role": "perpetrator"},
    ]
    # Where it happened first, then places merely mentioned.
    assert event["places"] == [
        {"id": "adel-bagrou", "name": "Adel Bagrou", "lat": 15.53, "lon": -7.06},
        {"id": "bamako", "name": "Bamako", "lat": 12.64, "lon": -8.0},
    ]
    assert event["fatalities"] == {"best": 2, "low": 2, "high": 3}
    assert event["occurrence"] == "occurred"
    assert event["tags"] == ["border-crisis-2024"]
    assert event["status"] == "published"
    assert event["confidence"] == 0.9
    assert event["flags"] == ["fatalities_disagree"]
    assert event["updated_at"] == "2024-01-20T12:00:00Z"
    assert event["url"] == f"http://testserver/events/{INCURSION}"
    assert [(s["document"], s["filename"]) for s in event["sources"]] == [
        ("analysis-a", "analysis-a.txt"),
        ("analysis-b", "analysis-b.txt"),
    ]
    assert event["sources"][0]["title"] == "Mali's coups and their neighbours"


def test_sources_point_at_the_quote_in_the_document(world_client: TestClient) -> None:
    for event in events(world_client)["items"]:
        for source in event["sources"]:
            document = world_client.get(f"/api/v1/documents/{source['document']}").json()
            assert document["text"][source["start"] : source["end"]] == source["quote"]


@pytest.mark.parametrize(
    ("edtf_id", "label"),
    [
        (COUP_2020, "18 August 2020"),
        (WITHDRAWAL, "February 2022"),
        (MASSACRE, "summer 2019"),
        (TALKS, "2021–2022"),
        (ELECTIONS, "2023"),
        (INCURSION, "early April 2024"),
    ],
)
def test_date_labels_read_as_people_say_them(
    world_client: TestClient, edtf_id: str, label: str
) -> None:
    assert world_client.get(f"/api/v1/events/{edtf_id}").json()["date"]["label"] == label


def test_unknown_fatalities_are_null(world_client: TestClient) -> None:
    assert world_client.get(f"/api/v1/events/{COUP_2020}").json()["fatalities"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Overlap: an event matches when its bounds overlap the window.
        ("start=2024", [INCURSION, MANOEUVRE]),
        ("end=2019", [MASSACRE]),
        ("start=2022&end=2022", [TALKS, SANCTIONS, WITHDRAWAL]),
        ("start=2022-02&end=2022-02", [TALKS, WITHDRAWAL]),
        ("start=2022-02-28&end=2022-03-15", [TALKS, WITHDRAWAL]),
        ("start=2024-04-10&end=2024-04-10", [INCURSION]),
        ("start=2024-04-11&end=2024-06-09", []),
        ("start=2019-08-31&end=2019-08-31", [MASSACRE]),
    ],
)
def test_start_and_end_keep_events_overlapping_the_window(
    world_client: TestClient, query: str, expected: list[str]
) -> None:
    assert ids(world_client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=coup", [COUP_2020, COUP_2021]),
        ("type=coup&type=sanctions", [COUP_2020, COUP_2021, SANCTIONS]),
        ("type=coup,sanctions", [COUP_2020, COUP_2021, SANCTIONS]),
        ("country=BFA", [MASSACRE]),
        ("country=mrt", [TALKS, INCURSION, MANOEUVRE]),
        ("country=BFA&country=FRA", [MASSACRE, WITHDRAWAL]),
        ("actor=fama", [COUP_2020, COUP_2021, INCURSION]),
        ("actor=ecowas&actor=wagner-group", [SANCTIONS, INCURSION]),
        ("place=bamako", [COUP_2020, COUP_2021, INCURSION]),
        ("place=fassala", [MANOEUVRE]),
        ("document=analysis-b", [MASSACRE, ELECTIONS, INCURSION, MANOEUVRE]),
        ("period=before-the-coups", [MASSACRE]),
        (
            "period=mali-transition",
            [COUP_2020, TALKS, COUP_2021, SANCTIONS, WITHDRAWAL, ELECTIONS, INCURSION, MANOEUVRE],
        ),  # fmt: skip
        ("tag=coups", [COUP_2020, COUP_2021]),
        ("tag=coups&tag=border-crisis-2024", [COUP_2020, COUP_2021, INCURSION, MANOEUVRE]),
        ("min_fatalities=3", [MASSACRE]),
        ("min_fatalities=2", [MASSACRE, INCURSION]),
        ("max_fatalities=10", [INCURSION]),
        ("min_fatalities=1&max_fatalities=2", [INCURSION]),
        ("updated_since=2024-01-07T12:00:00Z", [MASSACRE, ELECTIONS, INCURSION, MANOEUVRE]),
        ("updated_since=2024-01-09T13:00:00%2B01:00", [ELECTIONS, INCURSION]),
        ("updated_since=2024-01-10", [INCURSION]),
    ],
)
def test_each_filter_keeps_its_events(
    world_client: TestClient, query: str, expected: list[str]
) -> None:
    assert ids(world_client, query) == expected


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", [COUP_2020, COUP_2021, SANCTIONS, MANOEUVRE]),
        ("part_of_month", [COUP_2020, COUP_2021, SANCTIONS, INCURSION, MANOEUVRE]),
        ("month", [COUP_2020, COUP_2021, SANCTIONS, WITHDRAWAL, INCURSION, MANOEUVRE]),
        ("season", [MASSACRE, COUP_2020, COUP_2021, SANCTIONS, WITHDRAWAL, INCURSION, MANOEUVRE]),
        (
            "range",
            [MASSACRE, COUP_2020, TALKS, COUP_2021, SANCTIONS, WITHDRAWAL, INCURSION, MANOEUVRE],
        ),  # fmt: skip
        ("year", BY_DATE),
    ],
)
def test_precision_keeps_events_at_least_that_precise(
    world_client: TestClient, precision: str, expected: list[str]
) -> None:
    assert ids(world_client, f"precision={precision}") == expected


def test_filters_combine_or_within_and_across(world_client: TestClient) -> None:
    query = "type=coup&type=border_incident&country=MRT&start=2020"
    assert ids(world_client, query) == [INCURSION]
    assert ids(world_client, "actor=fama&place=adel-bagrou&tag=border-crisis-2024") == [INCURSION]
    assert ids(world_client, "country=BFA&type=coup") == []


def test_full_text_search_matches_titles_summaries_and_quotes(world_client: TestClient) -> None:
    assert ids(world_client, "q=wagner") == [INCURSION]  # summary and quote
    assert ids(world_client, "q=ECOWAS") == [SANCTIONS]  # title
    assert ids(world_client, "q=villagers") == [MASSACRE]  # quote only
    assert ids(world_client, 'q="second coup"') == [COUP_2021]
    assert ids(world_client, "q=coup") == [COUP_2020, COUP_2021]
    assert ids(world_client, "q=ecowas OR villagers") == [MASSACRE, SANCTIONS]
    assert ids(world_client, "q=coup&country=BFA") == []


def test_odd_search_input_is_searched_not_parsed(world_client: TestClient) -> None:
    for query in ['q="unbalanced', "q=AND", "q=NEAR(a b)", "q=coup*", "q=-coup", "q=a:b"]:
        assert world_client.get(f"/api/v1/events?{query}").status_code == 200, query


def test_relevance_puts_the_best_match_first(world_client: TestClient) -> None:
    # "Mali" is in the title of the talks and coups; the manoeuvre never mentions it.
    found = ids(world_client, "q=mali&sort=relevance")
    assert MANOEUVRE not in found
    assert set(found) >= {COUP_2020, COUP_2021, TALKS, SANCTIONS}
    ranked = ids(world_client, "q=seized OR coup&sort=relevance")
    assert ranked[0] == COUP_2020  # matches both alternatives


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date", BY_DATE),
        ("-date", BY_DATE[::-1]),
        (
            "updated",
            [
                COUP_2020,
                COUP_2021,
                SANCTIONS,
                WITHDRAWAL,
                TALKS,
                MANOEUVRE,
                MASSACRE,
                ELECTIONS,
                INCURSION,
            ],
        ),  # fmt: skip
        (
            "-updated",
            [
                INCURSION,
                ELECTIONS,
                MASSACRE,
                MANOEUVRE,
                TALKS,
                WITHDRAWAL,
                SANCTIONS,
                COUP_2021,
                COUP_2020,
            ],
        ),  # fmt: skip
    ],
)
def test_sort_orders(world_client: TestClient, sort: str, expected: list[str]) -> None:
    assert ids(world_client, f"sort={sort}") == expected


@pytest.mark.parametrize("sort", ["date", "-date", "updated", "-updated", "relevance"])
def test_pages_follow_next_to_the_whole_list(world_client: TestClient, sort: str) -> None:
    query = f"sort={sort}&limit=2" + (
        "&q=mali OR mauritania OR coup" if sort == "relevance" else ""
    )
    whole = ids(world_client, query.replace("limit=2", "limit=1000"))
    seen: list[str] = []
    body = events(world_client, query)
    while True:
        assert body["total"] == len(whole)
        assert len(body["items"]) <= 2
        seen += [e["id"] for e in body["items"]]
        if body["next"] is None:
            break
        next_url = urlsplit(body["next"])
        assert parse_qs(next_url.query)["sort"] == [sort]
        response = world_client.get(f"{next_url.path}?{next_url.query}")
        assert response.status_code == 200, response.text
        body = response.json()
    assert seen == whole


def test_a_last_full_page_has_no_next(world_client: TestClient) -> None:
    body = events(world_client, f"limit={len(BY_DATE)}")
    assert len(body["items"]) == len(BY_DATE)
    assert body["next"] is None


def test_facets_count_each_value_without_their_own_filter(world_client: TestClient) -> None:
    body = events(world_client, "type=coup&facets=type,country,actor,place,year,precision")
    facets = {
        name: {v["value"]: v["count"] for v in values} for name, values in body["facets"].items()
    }
    assert set(facets) == {"type", "country", "actor", "place", "year", "precision"}
    # type ignores type=coup: every published type is counted.
    assert facets["type"] == {
        "coup": 2, "sanctions": 1, "troop_withdrawal": 1, "diplomacy": 1, "border_incident": 1,
        "military_exercise": 1, "armed_violence": 1, "political_transition": 1,
    }  # fmt: skip
    # the others count the two coups only.
    assert facets["country"] == {"MLI": 2}
    assert facets["actor"] == {"fama": 2}
    assert facets["place"] == {"bamako": 2}
    assert facets["year"] == {"2020": 1, "2021": 1}
    assert facets["precision"] == {"day": 2}
    coup = next(v for v in body["facets"]["type"] if v["value"] == "coup")
    assert coup == {"value": "coup", "label": "coup", "count": 2, "selected": True}
    mali = body["facets"]["country"][0]
    assert mali == {"value": "MLI", "label": "Mali", "count": 2, "selected": False}


def test_facets_are_ordered_by_count_and_years_by_date(world_client: TestClient) -> None:
    body = events(world_client, "facets=country&facets=year")
    countries = [(v["value"], v["count"]) for v in body["facets"]["country"]]
    assert countries == [("MLI", 7), ("MRT", 3), ("BFA", 1), ("FRA", 1)]
    years = [v["value"] for v in body["facets"]["year"]]
    assert years == sorted(years)


def test_the_year_facet_ignores_the_date_window(world_client: TestClient) -> None:
    body = events(world_client, "start=2024&facets=year,type")
    assert {v["value"] for v in body["facets"]["year"]} == {
        "2019", "2020", "2021", "2022", "2023", "2024"
    }  # fmt: skip
    assert {v["value"] for v in body["facets"]["type"]} == {"border_incident", "military_exercise"}


def test_unpublished_events_are_never_shown_to_the_public(world_client: TestClient) -> None:
    listed = ids(world_client, "limit=1000")
    assert CANDIDATE not in listed and DELETED not in listed
    for hidden in (CANDIDATE, DELETED):
        response = world_client.get(f"/api/v1/events/{hidden}")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
    assert ids(world_client, "q=retracted") == []


@pytest.mark.parametrize("status", ["candidate", "rejected", "deleted", "published,candidate"])
def test_other_statuses_are_for_editors(world_client: TestClient, status: str) -> None:
    response = world_client.get(f"/api/v1/events?status={status}")
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "editor" in response.json()["detail"]


def test_status_published_is_the_default_spelled_out(world_client: TestClient) -> None:
    assert ids(world_client, "status=published") == BY_DATE


def test_one_event_by_id(world_client: TestClient) -> None:
    response = world_client.get(f"/api/v1/events/{SANCTIONS}")
    assert response.status_code == 200
    event = response.json()
    assert set(event) == EVENT_FIELDS
    assert event["id"] == SANCTIONS
    assert event == next(e for e in events(world_client)["items"] if e["id"] == SANCTIONS)


def test_an_unknown_event_is_a_404_problem(world_client: TestClient) -> None:
    response = world_client.get("/api/v1/events/no-such-event")
    assert response.status_code == 404
    problem = response.json()
    assert problem["status"] == 404
    assert "no-such-event" in problem["detail"]
