"""The API over events the real ingestion stored from two invented analyses (tests/api/analyses).

Extraction evolves, so these tests assert what must hold whatever it finds: quotes sit at their
offsets, every filter agrees with the facets and the lists of references, and every export has
every event. The exact events are the contract tests' business (tests/api/world.py).
"""

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.ingest import DocumentInput
from app.pipeline import run_ingestion

ANALYSES = Path(__file__).parent / "analyses"


@pytest.fixture
def ingested(client: TestClient, engine: Engine) -> TestClient:
    inputs = [
        DocumentInput(filename=path.name, raw=path.read_bytes(), published="2024-07")
        for path in sorted(ANALYSES.glob("*.txt"))
    ]
    summary = run_ingestion(engine, inputs)
    assert summary.documents_new == len(inputs) and not summary.failures
    return client


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def test_ingested_events_are_cited_at_their_offsets(ingested: TestClient) -> None:
    events = get(ingested, "/api/v1/events?limit=1000")
    assert events["total"] > 0
    documents = {d["id"]: d for d in get(ingested, "/api/v1/documents")["items"]}
    assert {d["filename"] for d in documents.values()} == {"northern-mali.txt", "sanctions.txt"}
    texts = {slug: get(ingested, f"/api/v1/documents/{slug}")["text"] for slug in documents}
    for event in events["items"]:
        assert event["sources"], event["id"]
        for source in event["sources"]:
            assert texts[source["document"]][source["start"] : source["end"]] == source["quote"]
    for slug, document in documents.items():
        spans = get(ingested, f"/api/v1/documents/{slug}")["spans"]
        cited = get(ingested, f"/api/v1/events?document={slug}&limit=1000")["items"]
        assert {s["event"] for s in spans} == {e["id"] for e in cited}
        assert document["events"] == get(ingested, f"/api/v1/events?document={slug}")["total"]


def test_facets_lists_and_filters_agree(ingested: TestClient) -> None:
    facets = get(ingested, "/api/v1/events?facets=type,country,actor,place,year,precision")
    total = facets["total"]
    for name in ("type", "country", "actor", "place"):
        for value in facets["facets"][name]:
            query = f"/api/v1/events?{name}={value['value']}"
            assert get(ingested, query)["total"] == value["count"], query
    for value in facets["facets"]["year"]:
        year = value["value"]
        starting = [
            e for e in get(ingested, f"/api/v1/events?start={year}&end={year}&limit=1000")["items"]
            if e["date"]["start"].startswith(year)
        ]  # fmt: skip
        assert len(starting) == value["count"]
    assert sum(v["count"] for v in facets["facets"]["type"]) == total
    assert sum(v["count"] for v in facets["facets"]["precision"]) == total
    types = {t["id"]: t["events"] for t in get(ingested, "/api/v1/types")["items"]}
    assert {v["value"]: v["count"] for v in facets["facets"]["type"]} == {
        k: n for k, n in types.items() if n
    }
    countries = get(ingested, "/api/v1/countries?limit=1000")["items"]
    assert {v["value"]: v["count"] for v in facets["facets"]["country"]} == {
        c["id"]: c["events"] for c in countries if c["events"]
    }
    stats = get(ingested, "/api/v1/stats/timeline")
    assert stats["total"] == total


def test_every_export_has_every_ingested_event(ingested: TestClient) -> None:
    ids = [e["id"] for e in get(ingested, "/api/v1/events?limit=1000")["items"]]
    rows = list(csv.DictReader(io.StringIO(ingested.get("/api/v1/events?format=csv").text)))
    assert [r["event_id"] for r in rows] == ids
    ndjson = ingested.get("/api/v1/events?format=ndjson").text.splitlines()
    assert len(ndjson) == len(ids)
    timeline = ingested.get("/api/v1/events?format=timelinejs").json()
    assert [e["unique_id"] for e in timeline["events"]] == ids
    calendar = ingested.get("/api/v1/events?format=ics").text
    assert calendar.count("BEGIN:VEVENT") == len(ids)
    geojson = ingested.get("/api/v1/events?format=geojson").json()
    assert {f["id"] for f in geojson["features"]} <= set(ids)
