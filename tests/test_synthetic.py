"""The synthetic knowledge base of the benchmarks: its mix, its citations, its command."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.config import PROJECT_ROOT
from app.models import Citation, Document, Event, EventCountry, Revision
from app.models.taxonomy import EventStatus
from app.queries.events import EventQuery, read_page
from app.queries.facets import facet_counts
from app.queries.filters import EventFilter, EventSort, Facet
from app.synthetic import fill_synthetic


def test_fill_synthetic_writes_a_realistic_cited_mix(engine: Engine) -> None:
    summary = fill_synthetic(engine, 450, seed=2)
    assert (summary.events, summary.documents, summary.citations) == (450, 3, 450)
    with Session(engine) as session:
        events = session.exec(select(Event)).all()
        assert len(events) == 450
        types = Counter(e.type for e in events)
        assert types.most_common(1)[0][0] == "armed_violence" and len(types) >= 9
        assert len({e.precision for e in events}) >= 5
        assert {e.status for e in events} >= {"published", "candidate"}
        assert all(2012 <= e.date_start.year <= 2024 and e.date_start <= e.date_end for e in events)
        documents = {d.id: d for d in session.exec(select(Document)).all()}
        for citation in session.exec(select(Citation)).all():
            text = documents[citation.document_id].text
            assert text[citation.char_start : citation.char_end] == citation.quote
        assert len(session.exec(select(Revision)).all()) == 450
        assert len(session.exec(select(EventCountry)).all()) >= 450


def test_fill_synthetic_adds_to_what_is_there(engine: Engine) -> None:
    fill_synthetic(engine, 10, seed=1)
    fill_synthetic(engine, 10, seed=1)
    with Session(engine) as session:
        assert len(session.exec(select(Event)).all()) == 20
    with pytest.raises(ValueError):
        fill_synthetic(engine, 0)


def test_synthetic_events_are_searchable_and_counted_like_any_other(engine: Engine) -> None:
    # The bulk path writes through the tables, so the full-text triggers index every event,
    # once, with its quote; and the ids it reserved leave the sequences right for the app.
    fill_synthetic(engine, 300, seed=4)
    every = tuple(EventStatus)
    with Session(engine) as session:
        events = session.exec(select(Event)).all()
        violent = sum(e.type == "armed_violence" for e in events)
        found = read_page(
            session, EventQuery(EventFilter(q="attacked", statuses=every), EventSort.DATE), limit=5
        )
        assert found.total == violent > 0  # "Gunmen attacked …" is in the quote only
        (indexed,) = session.connection().exec_driver_sql("SELECT count(*) FROM event_search")
        assert indexed[0] == 300
        facets = facet_counts(session, EventFilter(statuses=every), (Facet.TYPE,))
        assert sum(v.count for v in facets[Facet.TYPE]) == 300
        session.add(
            Event(
                slug="after-the-synthetic-ones",
                title="Added by hand",
                type="coup",
                date_start=events[0].date_start,
                date_end=events[0].date_end,
                precision="day",
                edtf=events[0].date_start.isoformat(),
            )
        )
        session.commit()
    fill_synthetic(engine, 5, seed=4)
    with Session(engine) as session:
        assert len(session.exec(select(Event)).all()) == 306


def test_synth_command(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'synth.db'}"
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "scripts" / "synth.py"),
            "--events",
            "25",
            "--database",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("added 25 synthetic events, 1 documents, 25 citations in ")
    refused = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "scripts" / "synth.py"), "--events", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0 and "--events must be at least 1" in refused.stderr
