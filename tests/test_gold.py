"""The gold annotations (the seeds and the held-out sets) are well formed and quote each
document exactly."""

import json
from datetime import date
from pathlib import Path

import pytest

from app.config import SEEDS_DIR
from app.models.taxonomy import EventType, Precision

GOLD_DIR = Path(__file__).parent / "gold"
# Each gold file, the folder of the documents it annotates, and the fewest events it must hold.
SETS = {
    "seeds": (GOLD_DIR / "seeds.jsonl", SEEDS_DIR, 80),
    "heldout": (GOLD_DIR / "heldout" / "gold.jsonl", GOLD_DIR / "heldout", 60),
    "heldout2": (GOLD_DIR / "heldout2" / "gold.jsonl", GOLD_DIR / "heldout2", 90),
    "heldout3": (GOLD_DIR / "heldout3" / "gold.jsonl", GOLD_DIR / "heldout3", 100),
}
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


def _documents(folder: Path) -> dict[str, str]:
    """Each document by its file-name prefix ("000", "h1"), as evaluation names them."""
    return {
        p.name.split("_", 1)[0]: p.read_text(encoding="utf-8")
        for p in folder.iterdir()
        if p.suffix in (".txt", ".md", ".html") and p.name != "README.md"
    }


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_gold_event_is_well_formed_and_quoted_verbatim(name: str) -> None:
    gold, folder, fewest = SETS[name]
    documents = _documents(folder)
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line]
    assert len(rows) >= fewest
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
