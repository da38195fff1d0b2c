"""The gold annotation of the seeds is well formed and quotes each document exactly."""

import json
from datetime import date
from pathlib import Path

from app.config import SEEDS_DIR
from app.models.taxonomy import EventType, Precision

GOLD = Path(__file__).parent / "gold" / "seeds.jsonl"
KEYS = {
    "id",
    "docs",
    "start",
    "end",
    "precision",
    "type",
    "countries",
    "actors",
    "location",
    "fatalities",
    "summary",
    "quotes",
    "status",
}


def _documents() -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in SEEDS_DIR.glob("*.txt")}


def test_every_gold_event_is_well_formed_and_quoted_verbatim() -> None:
    documents = _documents()
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= 80
    assert len({row["id"] for row in rows}) == len(rows)
    for row in rows:
        assert set(row) == KEYS, row["id"]
        assert date.fromisoformat(row["start"]) <= date.fromisoformat(row["end"]), row["id"]
        assert row["precision"] in set(Precision), row["id"]
        assert row["type"] in set(EventType), row["id"]
        assert row["status"] in {"occurred", "scheduled"}, row["id"]
        assert set(row["quotes"]) == set(row["docs"]), row["id"]
        for prefix, quote in row["quotes"].items():
            assert quote in documents[prefix], f"{row['id']}: quote not found in {prefix}"
