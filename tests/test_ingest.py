"""Storing what extraction finds (app/ingest.py through app/pipeline.run_ingestion).

Runs on SQLite and PostgreSQL, on the small invented analyses in tests/fixtures/: an HTML
dispatch and a Markdown digest that tell the same coup, attack and treaty with different
precision, tolls and days, and two plain-text notes with stated, contradicted and missing dates.
Editors' changes are made here the way the admin records them: the field, then a Revision.
"""

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, func, select

from app.extraction.intake import MAX_BYTES
from app.ingest import DocumentInput, IngestSummary
from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    ExtractionNote,
    IngestionRun,
    Place,
    Revision,
)
from app.models.base import utcnow
from app.pipeline import run_ingestion

FIXTURES = Path(__file__).parent / "fixtures"
HTML = "niamey_dispatch.html"  # stated 12 October 2023; coup on July 26, toll 17, treaty Sep 16
MARKDOWN = "sahel_watch.md"  # no date; coup in July 2023, toll 23, treaty Sep 18
LETTER = "nouakchott_letter.txt"  # stated March 3, 2022 but reports March 2023; a planned vote
NOTES = "menaka_notes.txt"  # no date at all; "early April this year"


def _input(name: str, **known: Any) -> DocumentInput:
    return DocumentInput(filename=name, raw=(FIXTURES / name).read_bytes(), **known)


def _ingest(engine: Engine, *inputs: DocumentInput | str) -> IngestSummary:
    return run_ingestion(
        engine, [_input(i) if isinstance(i, str) else i for i in inputs], started_by="test"
    )


def _counts(session: Session) -> dict[str, int]:
    """Rows in every table of the model."""
    return {
        name: session.exec(select(func.count()).select_from(table)).one()
        for name, table in SQLModel.metadata.tables.items()
    }


def _document(session: Session, filename: str) -> Document:
    return session.exec(select(Document).where(Document.filename == filename)).one()


def _events(session: Session, type_: str, first: date, last: date | None = None) -> list[Event]:
    """Events of a type whose bounds meet the days from `first` to `last` (or just `first`)."""
    return list(
        session.exec(
            select(Event).where(
                Event.type == type_,
                col(Event.date_start) <= (last or first),
                col(Event.date_end) >= first,
            )
        ).all()
    )


def _event(session: Session, type_: str, first: date, last: date | None = None) -> Event:
    found = _events(session, type_, first, last)
    assert len(found) == 1, [(e.slug, e.date_start, e.date_end) for e in found]
    return found[0]


def _citations(session: Session, event: Event) -> list[Citation]:
    return list(
        session.exec(
            select(Citation).where(Citation.event_id == event.id).order_by(col(Citation.id))
        ).all()
    )


def _countries(session: Session, event: Event) -> set[str]:
    query = select(EventCountry.country_code).where(EventCountry.event_id == event.id)
    return set(session.exec(query).all())


def _places(session: Session, event: Event) -> set[str]:
    query = select(Place.slug).join(EventPlace).where(EventPlace.event_id == event.id)
    return set(session.exec(query).all())


def _actors(session: Session, event: Event) -> set[tuple[str, str]]:
    query = (
        select(Actor.slug, EventActor.role).join(EventActor).where(EventActor.event_id == event.id)
    )
    return set(session.exec(query).all())


def _cited_files(session: Session, event: Event) -> set[str]:
    return set(
        session.exec(
            select(Document.filename).join(Citation).where(Citation.event_id == event.id)
        ).all()
    )


def _revisions(session: Session, event: Event) -> list[Revision]:
    return list(
        session.exec(
            select(Revision).where(Revision.event_id == event.id).order_by(col(Revision.id))
        ).all()
    )


def _edit(session: Session, event: Event, **values: Any) -> None:
    """An editor's change, recorded as the admin records it: the fields, then the revision."""
    assert event.id is not None
    changes = {name: [getattr(event, name), value] for name, value in values.items()}
    for name, value in values.items():
        setattr(event, name, value)
    event.version += 1
    event.updated_at = utcnow()
    session.add(event)
    session.add(
        Revision(
            event_id=event.id,
            author_kind="editor",
            author="amina",
            action="update",
            changes=changes,
            event_version=event.version,
        )
    )
    session.commit()
    session.refresh(event)


# -- events, citations, links and the audit trail ----------------------------------------------


def test_fixture_analyses_become_dated_events_with_exact_quotes(
    engine: Engine, session: Session
) -> None:
    summary = _ingest(engine, HTML, MARKDOWN, LETTER)

    assert (summary.documents_new, summary.documents_failed) == (3, 0)
    assert summary.documents == ["niamey-dispatch", "sahel-watch", "nouakchott-letter"]
    citations = session.exec(select(Citation)).all()
    assert citations
    texts = {d.id: d.text for d in session.exec(select(Document)).all()}
    for citation in citations:
        quote = texts[citation.document_id][citation.char_start : citation.char_end]
        assert quote == citation.quote, citation
        assert citation.rule

    coup = _event(session, "coup", date(2023, 7, 26))
    assert (coup.date_start, coup.date_end, coup.precision, coup.edtf) == (
        date(2023, 7, 26),
        date(2023, 7, 26),
        "day",
        "2023-07-26",
    )
    assert coup.slug.startswith("2023-07-26-")
    assert coup.occurrence == "occurred"
    assert "NER" in _countries(session, coup)
    assert "niamey" in _places(session, coup)
    assert "mohamed-bazoum" in {slug for slug, _ in _actors(session, coup)}

    attack = _event(session, "armed_violence", date(2023, 8, 15))
    assert "tillaberi-region" in _places(session, attack)
    assert ("niger-armed-forces", "target") in _actors(session, attack)

    treaty = _event(session, "treaty", date(2023, 9, 16))
    assert {"MLI", "BFA", "NER"} <= _countries(session, treaty)
    assert "alliance-of-sahel-states" in {slug for slug, _ in _actors(session, treaty)}

    election = _event(session, "political_transition", date(2024, 6, 29))
    assert election.occurrence == "planned"
    assert "MRT" in _countries(session, election)

    attack_at_fassala = _event(session, "armed_violence", date(2023, 3, 5))
    assert attack_at_fassala.fatalities_best == 4
    assert _cited_files(session, attack_at_fassala) == {LETTER}


def test_every_event_is_created_by_the_run_and_the_run_keeps_its_summary(
    engine: Engine, session: Session
) -> None:
    summary = _ingest(engine, HTML, LETTER)

    run = session.exec(select(IngestionRun)).one()
    assert run.started_by == "test"
    assert run.finished_at is not None
    assert run.summary == summary.as_dict()
    assert run.summary["documents_new"] == 2
    events = session.exec(select(Event)).all()
    assert len(events) == summary.events_new > 0
    for event in events:
        assert event.status in ("candidate", "published")
        revisions = _revisions(session, event)
        assert [r.action for r in revisions] == ["create"]
        (created,) = revisions
        assert (created.author_kind, created.run_id, created.author) == (
            "ingestion",
            run.id,
            f"run {run.id}",
        )
        assert created.changes["title"] == [None, event.title]
        assert created.changes["date_start"] == [None, event.date_start.isoformat()]
        assert created.event_version == event.version == 1


def test_residue_is_read_around_and_never_quoted(engine: Engine, session: Session) -> None:
    _ingest(engine, MARKDOWN)

    document = _document(session, MARKDOWN)
    assert document.media_type == "text/markdown"
    caption = document.text.index("Photo: AFP")
    footer = document.text.index("Share this article")
    for citation in session.exec(select(Citation)).all():
        assert not citation.char_start <= caption < citation.char_end
        assert not citation.char_start <= footer < citation.char_end
    treaty = _event(session, "treaty", date(2023, 9, 18))
    assert "[Liptako-Gourma Charter](#)" in _citations(session, treaty)[0].quote
    assert "Liptako-Gourma Charter in Bamako" in treaty.summary
    assert "](#)" not in treaty.summary


def test_html_is_stored_as_its_visible_text_and_quoted_from_it(
    engine: Engine, session: Session
) -> None:
    _ingest(engine, HTML)

    document = _document(session, HTML)
    assert document.media_type == "text/html"
    assert "<p>" not in document.text and "trackPageView" not in document.text
    assert document.text.startswith("Niger after the putsch: a quarter of upheaval")
    coup = _event(session, "coup", date(2023, 7, 26))
    (citation,) = _citations(session, coup)
    assert citation.quote.startswith("On July 26, 2023, officers of the Presidential Guard")
    assert document.text[citation.char_start : citation.char_end] == citation.quote


# -- documents' own dates -------------------------------------------------------------------


def test_documents_dates_are_stated_inferred_or_corrected_with_warnings(
    engine: Engine, session: Session
) -> None:
    corrected = DocumentInput(
        filename="nouakchott_letter_edited.txt",
        raw=(FIXTURES / LETTER).read_bytes() + b"\nEditor's copy.\n",
        published="2022-03-03",
        content_date="2023-03",
        content_note="reports the March 2023 attack at Fassala",
    )
    summary = _ingest(engine, HTML, MARKDOWN, LETTER, corrected)

    stated = _document(session, HTML)
    assert (stated.published, stated.published_precision, stated.published_source) == (
        date(2023, 10, 12),
        "day",
        "stated",
    )
    assert (stated.published_stated, stated.date_warnings) == ("12 October 2023", [])

    inferred = _document(session, MARKDOWN)
    assert (inferred.published, inferred.published_source, inferred.published_stated) == (
        date(2023, 9, 18),
        "inferred",
        None,
    )
    assert inferred.date_warnings == [
        "no publication date stated; inferred from the latest date it reports (18 September 2023)"
    ]

    contradicted = _document(session, LETTER)
    assert contradicted.published_stated == "March 3, 2022"
    assert contradicted.published_source == "inferred"
    assert (contradicted.published, contradicted.published_precision) == (
        date(2023, 3, 1),
        "month",
    )
    (warning,) = contradicted.date_warnings
    assert "5 March 2023 as past, later than its stated date 3 March 2022" in warning
    # Relative to the better-supported date, the June 2024 vote is still to come.
    assert _event(session, "political_transition", date(2024, 6, 29)).occurrence == "planned"

    fixed = _document(session, "nouakchott_letter_edited.txt")
    assert fixed.published_stated == "2022-03-03"
    assert (fixed.published, fixed.published_precision, fixed.published_source) == (
        date(2023, 3, 1),
        "month",
        "corrected",
    )
    assert (
        "date corrected to March 2023: reports the March 2023 attack at Fassala"
        in fixed.date_warnings
    )

    assert f"{MARKDOWN}: {inferred.date_warnings[0]}" in summary.warnings
    assert f"{LETTER}: {warning}" in summary.warnings
    assert all(
        w.startswith((MARKDOWN, LETTER, "nouakchott_letter_edited")) for w in summary.warnings
    )


def test_a_stated_publication_date_anchors_relative_dates(engine: Engine, session: Session) -> None:
    _ingest(engine, _input(NOTES, published="2024-05"))

    document = _document(session, NOTES)
    assert (document.published, document.published_precision) == (date(2024, 5, 1), "month")
    assert (document.published_source, document.published_stated) == ("stated", "2024-05")
    attack = _event(session, "armed_violence", date(2024, 4, 5))
    assert (attack.date_start, attack.date_end, attack.precision) == (
        date(2024, 4, 1),
        date(2024, 4, 10),
        "part_of_month",
    )
    assert attack.fatalities_best == 9


# -- idempotency -----------------------------------------------------------------------------


def test_ingesting_the_same_file_again_changes_nothing(engine: Engine, session: Session) -> None:
    _ingest(engine, HTML, MARKDOWN)
    before = _counts(session)
    events_before = [e.model_dump() for e in session.exec(select(Event).order_by(col(Event.id)))]
    session.expunge_all()

    again = _ingest(engine, HTML)
    renamed = _ingest(
        engine, DocumentInput(filename="copy-of-dispatch.html", raw=(FIXTURES / HTML).read_bytes())
    )

    for summary in (again, renamed):
        assert (summary.documents_new, summary.documents_unchanged) == (0, 1)
        assert (summary.events_new, summary.events_updated, summary.events_merged) == (0, 0, 0)
        assert summary.documents == [] and summary.failures == []
    after = _counts(session)
    assert after == {**before, "ingestion_run": before["ingestion_run"] + 2}
    events_after = [e.model_dump() for e in session.exec(select(Event).order_by(col(Event.id)))]
    assert events_after == events_before


# -- consolidation across documents --------------------------------------------------------


@pytest.mark.parametrize("order", [(HTML, MARKDOWN), (MARKDOWN, HTML)], ids=["html", "md"])
def test_an_event_told_by_two_documents_is_one_event_with_the_finer_date(
    engine: Engine, session: Session, order: tuple[str, str]
) -> None:
    for name in order:  # one run each, so the second telling meets the stored event
        _ingest(engine, name)

    coups = _events(session, "coup", date(2023, 7, 1), date(2023, 7, 31))
    assert len(coups) == 1
    (coup,) = coups
    assert (coup.date_start, coup.date_end, coup.precision, coup.edtf) == (
        date(2023, 7, 26),
        date(2023, 7, 26),
        "day",
        "2023-07-26",
    )
    assert _cited_files(session, coup) == {HTML, MARKDOWN}
    readings = {
        (c.reading_start, c.reading_end, c.reading_precision) for c in _citations(session, coup)
    }
    assert (date(2023, 7, 26), date(2023, 7, 26), "day") in readings
    assert (date(2023, 7, 1), date(2023, 7, 31), "month") in readings
    if order[0] == MARKDOWN:
        # The month-precise event stored first is refined by the second run, which says so.
        update = _revisions(session, coup)[-1]
        assert (update.action, update.author_kind) == ("update", "ingestion")
        assert update.changes["date_start"] == ["2023-07-01", "2023-07-26"]
        assert update.changes["precision"] == ["month", "day"]
        assert update.run_id == session.exec(select(func.max(IngestionRun.id))).one()
        assert coup.version == 2


def test_disagreeing_tolls_and_days_are_kept_and_flagged(engine: Engine, session: Session) -> None:
    _ingest(engine, HTML, MARKDOWN)  # one transaction each: the second meets the stored events

    attack = _event(session, "armed_violence", date(2023, 8, 15))
    assert "fatalities_disagree" in attack.flags
    assert (attack.fatalities_low, attack.fatalities_high) == (17, 23)
    assert attack.fatalities_best in (17, 23)
    assert sorted(c.reading_fatalities or 0 for c in _citations(session, attack)) == [17, 23]
    assert _cited_files(session, attack) == {HTML, MARKDOWN}

    treaty = _event(session, "treaty", date(2023, 9, 16), date(2023, 9, 18))
    assert "dates_disagree" in treaty.flags
    assert {c.reading_start for c in _citations(session, treaty)} == {
        date(2023, 9, 16),
        date(2023, 9, 18),
    }


# -- editors own what they change ----------------------------------------------------------


@pytest.mark.parametrize("verdict", ["rejected", "deleted"])
def test_a_rerun_keeps_editors_fields_and_never_resurrects_their_verdicts(
    engine: Engine, session: Session, verdict: str
) -> None:
    _ingest(engine, MARKDOWN)
    coup = _event(session, "coup", date(2023, 7, 1), date(2023, 7, 31))
    _edit(session, coup, title="Presidential Guard removes Bazoum", confidence=0.5)
    attack = _event(session, "armed_violence", date(2023, 8, 15))
    _edit(session, attack, status=verdict)
    attack_state = attack.model_dump()
    attack_revisions = len(_revisions(session, attack))
    session.expunge_all()

    summary = _ingest(engine, HTML)  # tells both again, with a finer date and another toll

    assert summary.events_editor_owned == 2
    coup = _event(session, "coup", date(2023, 7, 26))
    assert coup.title == "Presidential Guard removes Bazoum"
    assert coup.confidence == 0.5
    # Fields the editor left alone still follow the sources.
    assert (coup.date_start, coup.date_end, coup.precision) == (
        date(2023, 7, 26),
        date(2023, 7, 26),
        "day",
    )
    ingestion_update = _revisions(session, coup)[-1]
    assert ingestion_update.author_kind == "ingestion"
    assert "date_start" in ingestion_update.changes
    assert not {"title", "confidence"} & set(ingestion_update.changes)

    attacks = _events(session, "armed_violence", date(2023, 8, 15))
    assert [a.id for a in attacks] == [attack_state["id"]]
    assert attacks[0].model_dump() == attack_state
    assert len(_revisions(session, attacks[0])) == attack_revisions


# -- failures --------------------------------------------------------------------------------


def test_bad_files_are_reported_and_leave_nothing_behind(
    engine: Engine, session: Session, tmp_path: Path
) -> None:
    files = {
        "empty.txt": b"",
        HTML: (FIXTURES / HTML).read_bytes(),
        "photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "latin1.txt": "Le 5 mars 2023, à Fassala, des hommes armés ont attaqué.".encode("latin-1"),
        "huge.txt": b"On 4 May 2024 troops left Gao. " * (MAX_BYTES // 31 + 1),
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    inputs = [DocumentInput(filename=name, raw=(tmp_path / name).read_bytes()) for name in files]
    empty = _counts(session)

    bad_only = run_ingestion(engine, [i for i in inputs if i.filename != HTML])

    assert (bad_only.documents_new, bad_only.documents_failed) == (0, 4)
    assert _counts(session) == {**empty, "ingestion_run": 1}

    summary = run_ingestion(engine, inputs)

    assert (summary.documents_new, summary.documents_failed) == (1, 4)
    assert summary.documents == ["niamey-dispatch"]
    reasons = dict(f.split(": ", 1) for f in summary.failures)
    assert list(reasons) == ["empty.txt", "photo.txt", "latin1.txt", "huge.txt"]
    assert reasons["empty.txt"] == "the file is empty"
    assert reasons["photo.txt"].startswith("binary content")
    assert reasons["latin1.txt"].startswith("not valid UTF-8 (byte 16 is 0xe0)")
    assert reasons["huge.txt"].startswith("too large")
    assert bad_only.failures == summary.failures

    (good,) = session.exec(select(Document)).all()
    assert good.filename == HTML
    # Every row written belongs to the one good document.
    counts = _counts(session)
    assert counts["ingestion_run"] == 2
    cited = session.exec(select(Citation.event_id).where(Citation.document_id == good.id)).all()
    assert counts["citation"] == len(cited)
    assert counts["event"] == len(set(cited)) > 0
    assert counts["revision"] == counts["event"]  # one "create" each, nothing else
    notes = session.exec(select(ExtractionNote).where(ExtractionNote.document_id == good.id))
    assert counts["extraction_note"] == len(notes.all())
    run = session.exec(select(IngestionRun).where(IngestionRun.id == 2)).one()
    assert run.summary["failures"] == summary.failures
    assert run.finished_at is not None


def test_a_document_too_long_for_its_columns_fails_alone(engine: Engine, session: Session) -> None:
    summary = _ingest(engine, _input(NOTES, title="A" * 501), LETTER)

    assert (summary.documents_new, summary.documents_failed) == (1, 1)
    (failure,) = summary.failures
    assert failure.startswith(f"{NOTES}: ") and "title" in failure
    assert session.exec(select(Document.filename)).all() == [LETTER]
    run = session.exec(select(IngestionRun)).one()
    assert run.finished_at is not None


def test_directional_titles_say_who_and_where_as_the_text_does(
    engine: Engine, session: Session
) -> None:
    text = (
        "France withdrew all its troops from Mali in August 2022.\n"
        "In March 2023, Mali received two batches of Turkish-made Bayraktar drones.\n"
        "In 2019, protesters in Bamako demanded the departure of all foreign troops.\n"
    )
    _ingest(
        engine,
        DocumentInput(filename="titles.txt", raw=text.encode(), published="2024-06-01"),
    )
    titles = {e.type + " " + str(e.date_start.year): e.title for e in session.exec(select(Event))}
    assert titles["troop_withdrawal 2022"] == "Withdrawal of France from Mali"
    assert titles["arms_transfer 2023"] == "Arms transfer to Mali"
    # No named agent: the title lists who the sentence names instead of inventing a direction.
    assert titles["troop_withdrawal 2019"] == "Departure: Mali"


def test_a_document_waits_out_another_writer_holding_the_sqlite_lock(tmp_path: Path) -> None:
    # Another process holds SQLite's write lock past the busy timeout (100 ms here): the
    # document's transaction runs again until it gets the lock, and is stored once, with its
    # events counted once.
    import sqlite3
    import threading
    import time

    from app import migrations
    from app.config import Settings
    from app.db import make_engine

    path = tmp_path / "locked.db"
    engine = make_engine(Settings(database_url=f"sqlite:///{path}", sqlite_busy_timeout_ms=100))
    migrations.upgrade(engine)
    taken = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(0.6)
        other.execute("ROLLBACK")
        other.close()

    holder = threading.Thread(target=hold)
    holder.start()
    taken.wait(5)
    summary = _ingest(engine, HTML)
    holder.join()
    assert (summary.documents_new, summary.failures) == (1, [])
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(Event)).one()
    assert summary.events_new == stored > 0
    engine.dispose()
