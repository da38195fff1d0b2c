"""Exports of /api/v1/events: CSV, NDJSON, GeoJSON, TimelineJS and iCalendar, same filters."""

import csv
import io
import json
from datetime import date

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import make_engine
from app.exports.csv import COLUMNS
from app.exports.timelinejs import TimelineDocument
from app.queries.events import STREAM_BATCH
from tests.api.world import BY_DATE, INCURSION, MANOEUVRE, MASSACRE, WITHDRAWAL
from tests.factories import EventSpec, add_country, add_event

ISSUE_COLUMNS = [
    "event_id", "start", "end", "precision", "edtf", "type", "countries", "actors", "places",
    "latitude", "longitude", "fatalities", "title", "summary", "sources",
]  # fmt: skip


def download(client: TestClient, query: str, media_type: str) -> str:
    response = client.get(f"/api/v1/events?{query}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"].startswith('attachment; filename="')
    return response.text


def test_csv_round_trips_through_the_csv_module(world_client: TestClient) -> None:
    text = download(world_client, "format=csv", "text/csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0])[: len(ISSUE_COLUMNS)] == ISSUE_COLUMNS
    assert list(rows[0]) == list(COLUMNS)
    page = world_client.get("/api/v1/events?limit=1000").json()["items"]
    assert [r["event_id"] for r in rows] == [e["id"] for e in page] == BY_DATE
    for row, event in zip(rows, page, strict=True):
        assert row["title"] == event["title"]
        assert row["summary"] == event["summary"]
        assert (row["start"], row["end"]) == (event["date"]["start"], event["date"]["end"])
        assert (row["precision"], row["edtf"]) == (
            event["date"]["precision"],
            event["date"]["edtf"],
        )
        assert row["type"] == event["type"]
        assert row["countries"].split("; ") == event["countries"] or not event["countries"]
        assert row["actors"] == "; ".join(a["name"] for a in event["actors"])
        assert row["places"] == "; ".join(p["name"] for p in event["places"])
        fatalities = event["fatalities"]
        assert row["fatalities"] == (str(fatalities["best"]) if fatalities else "")
        assert row["sources"] == "; ".join(
            f"{s['document']}:{s['start']}-{s['end']}" for s in event["sources"]
        )
        assert row["url"] == event["url"]


def test_csv_rows_carry_the_first_located_place(world_client: TestClient) -> None:
    text = download(world_client, "format=csv&place=adel-bagrou,fassala", "text/csv")
    rows = {r["event_id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert (rows[INCURSION]["latitude"], rows[INCURSION]["longitude"]) == ("15.53", "-7.06")
    assert rows[INCURSION]["places"] == "Adel Bagrou; Bamako"
    assert (rows[MANOEUVRE]["latitude"], rows[MANOEUVRE]["longitude"]) == ("", "")


def test_exports_take_the_same_filters(world_client: TestClient) -> None:
    for fmt in ("csv", "ndjson"):
        text = download(world_client, f"format={fmt}&country=MRT&sort=-date", "")
        assert INCURSION in text and MASSACRE not in text


def test_exports_ignore_the_page_limit(world_client: TestClient) -> None:
    text = download(world_client, "format=ndjson&limit=1", "application/x-ndjson")
    assert len(text.splitlines()) == len(BY_DATE)


def test_exports_refuse_bad_parameters_as_problems(world_client: TestClient) -> None:
    response = world_client.get("/api/v1/events?format=csv&type=coupp")
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


def test_ndjson_is_one_api_event_per_line(world_client: TestClient) -> None:
    text = download(world_client, "format=ndjson", "application/x-ndjson")
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines == world_client.get("/api/v1/events?limit=1000").json()["items"]


def test_geojson_has_a_point_per_located_event(world_client: TestClient) -> None:
    data = json.loads(download(world_client, "format=geojson", "application/geo+json"))
    assert data["type"] == "FeatureCollection"
    features = {f["id"]: f for f in data["features"]}
    # The manoeuvre's only place has no coordinates; talks and sanctions have no place.
    located = {
        e["id"]
        for e in world_client.get("/api/v1/events").json()["items"]
        if any(p["lat"] is not None for p in e["places"])
    }
    assert set(features) == located
    incursion = features[INCURSION]
    assert incursion["type"] == "Feature"
    assert incursion["geometry"] == {"type": "Point", "coordinates": [-7.06, 15.53]}
    assert incursion["properties"]["place"] == "adel-bagrou"
    assert incursion["properties"]["fatalities"] == 2
    assert incursion["properties"]["date_label"] == "early April 2024"


def test_timelinejs_has_the_format_s_required_fields(world_client: TestClient) -> None:
    data = json.loads(download(world_client, "format=timelinejs", "application/json"))
    TimelineDocument.model_validate(data)
    assert [e["unique_id"] for e in data["events"]] == BY_DATE
    for slide in data["events"]:
        assert isinstance(slide["start_date"]["year"], int)
        assert slide["text"]["headline"]
        assert isinstance(slide["group"], str)
        for key in ("start_date", "end_date"):
            if key in slide:
                assert set(slide[key]) <= {"year", "month", "day", "display_date"}
                assert all(isinstance(slide[key][k], int) for k in ("year", "month", "day")
                           if k in slide[key])  # fmt: skip
    slides = {e["unique_id"]: e for e in data["events"]}
    assert slides[INCURSION]["start_date"] == {"year": 2024, "month": 4, "day": 1}
    assert slides[INCURSION]["end_date"] == {"year": 2024, "month": 4, "day": 10}
    assert slides[WITHDRAWAL]["start_date"] == {"year": 2022, "month": 2}
    assert "end_date" not in slides[WITHDRAWAL]
    assert slides[WITHDRAWAL]["display_date"] == "February 2022"
    assert data["title"]["headline"]
    eras = {e["text"]["headline"]: e for e in data["eras"]}
    assert eras["Mali&#x27;s transition"]["start_date"] == {"year": 2020, "month": 8, "day": 18}
    assert eras["Mali&#x27;s transition"]["end_date"] == {"year": 2024, "month": 12, "day": 31}


def test_timelinejs_eras_are_the_periods_in_the_window(world_client: TestClient) -> None:
    data = json.loads(download(world_client, "format=timelinejs&start=2022", "application/json"))
    assert [e["text"]["headline"] for e in data["eras"]] == ["Mali&#x27;s transition"]


def test_icalendar_has_an_all_day_vevent_per_event(world_client: TestClient) -> None:
    text = download(world_client, "format=ics", "text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert unfolded.count("BEGIN:VEVENT") == len(BY_DATE)
    vevent = unfolded.split(f"UID:{INCURSION}@sahel-chronicle")[1].split("END:VEVENT")[0]
    assert "DTSTART;VALUE=DATE:20240401" in vevent
    assert "DTEND;VALUE=DATE:20240411" in vevent  # exclusive: the day after the last one
    assert "SUMMARY:Incursion near Adel Bagrou" in vevent
    assert "GEO:15.53;-7.06" in vevent
    assert "LOCATION:Adel Bagrou\\, Bamako" in vevent


def _many_events(settings: Settings, count: int) -> None:
    engine = make_engine(settings)
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        for n in range(count):
            day = date(2020, 1, n % 28 + 1)
            spec = EventSpec(
                f"event-{n:04d}", f"Event {n}", "protest", day, day, "day", day.isoformat()
            )
            spec.countries = ["MLI"]
            add_event(session, spec)
        session.commit()
    engine.dispose()


def test_exports_stream_past_one_batch(client: TestClient, settings: Settings) -> None:
    count = STREAM_BATCH + 7
    _many_events(settings, count)
    for fmt in ("csv", "ndjson", "timelinejs", "ics"):
        with client.stream("GET", f"/api/v1/events?format={fmt}") as response:
            assert response.status_code == 200
            chunks = list(response.iter_text())
        assert len(chunks) > 1, fmt
        text = "".join(chunks)
        assert "event-0000" in text and f"event-{count - 1:04d}" in text, fmt
    lines = client.get("/api/v1/events?format=ndjson").text.splitlines()
    found = [json.loads(line)["id"] for line in lines]
    assert found == sorted(found, key=lambda slug: (int(slug[6:]) % 28, int(slug[6:])))


def test_an_export_is_sent_in_chunks_not_a_piece_per_event() -> None:
    # Pieces of a few dozen characters come out as chunks of the given size (the last one
    # shorter), in order, nothing lost.
    from app.exports.base import in_chunks

    pieces = [f"row {i},{'x' * (i % 7)}\r\n" for i in range(5000)]
    chunks = list(in_chunks(iter(pieces), size=4096))
    assert "".join(chunks) == "".join(pieces)
    assert all(len(c) >= 4096 for c in chunks[:-1]) and 0 < len(chunks[-1])
    assert len(chunks) < len(pieces) / 50
    assert list(in_chunks(iter([]))) == []
