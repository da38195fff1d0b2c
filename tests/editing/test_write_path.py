"""The write path without HTTP: quotes found whatever the pasting did, the date field read and
shown back, diffs and undo, the ingestion's ownership contract, merges and concurrent saves."""

import threading
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.editing.dates import date_text, read_date
from app.editing.drafts import CitationDraft, EventDraft, LinkDraft
from app.editing.events import Author, create_event, revert_event, update_event
from app.editing.merging import merge_events
from app.editing.quotes import find_quote, longest_found_prefix
from app.editing.state import SCALARS, diff, read_state, undo
from app.errors import EditConflict, InvalidParameters
from app.models import Citation, Event, Revision
from app.models.taxonomy import AuthorKind
from tests.factories import add_actor, add_country, add_document

EDITOR = Author(AuthorKind.EDITOR, "erin")
TEXT = "Soldiers seized power in Bamako on 18 August 2020.\nA “second”  coup — in May 2021."


def test_quotes_are_found_whatever_pasting_did_to_them() -> None:
    assert find_quote(TEXT, "seized power") == (9, 21)
    # Line breaks, doubled spaces, straight quotes and dashes all match their variants.
    span = find_quote(TEXT, 'August 2020. A "second" coup - in May')
    assert span is not None and TEXT[span[0] : span[1]].startswith("August 2020.\nA “second”")
    assert find_quote(TEXT, "seized the palace") is None
    assert find_quote(TEXT, "   ") is None
    assert longest_found_prefix(TEXT, "seized power in Paris") == "seized power in"
    twice = "a clash. a clash."
    assert find_quote(twice, "a clash", near=9) == (9, 16)
    assert find_quote(twice, "a clash", near=3) == (0, 7)


@pytest.mark.parametrize(
    "typed",
    [
        "4 May 2024",
        "early May 2024",
        "2021–2022",
        "late 2021",
        "2015",
        "summer 2019",
        "mid-June 2023",
        "around May 2024",
        "2024-04-01/2024-04-10",
    ],
)
def test_a_stored_date_reads_back_as_itself(typed: str) -> None:
    bounds = read_date(typed)
    shown = date_text(bounds.start, bounds.end, bounds.precision, bounds.edtf)
    assert read_date(shown) == bounds


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "give the date"),
        ("whenever", "could not read"),
        ("31 February 2024", "not a real day"),
        ("since late 2021", "open-ended"),
        ("1850", "outside 1900–2100"),
    ],
)
def test_unreadable_dates_say_why(typed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        read_date(typed)


def test_every_event_column_but_the_bookkeeping_is_editable() -> None:
    bookkeeping = {"id", "slug", "created_at", "updated_at", "version"}
    assert set(SCALARS) == set(Event.__table__.columns.keys()) - bookkeeping


def test_undo_gives_each_field_its_value_before_the_earliest_change() -> None:
    now = {"title": "C", "tags": ["b"], "summary": "s"}
    later = [
        Revision(
            event_id=1,
            author_kind="editor",
            author="x",
            action="update",
            event_version=3,
            changes={"title": ["B", "C"]},
        ),
        Revision(
            event_id=1,
            author_kind="editor",
            author="x",
            action="update",
            event_version=2,
            changes={"title": ["A", "B"], "tags": [["a"], ["b"]]},
        ),
    ]
    assert undo(now, later)["title"] == "A" and undo(now, later)["tags"] == ["a"]
    assert diff({"title": "A", "tags": []}, {"title": "A", "tags": ["x"]}) == {"tags": [[], ["x"]]}


def _world(engine: Engine) -> None:
    with Session(engine) as session:
        add_country(session, "MLI", "Mali")
        add_actor(session, "fama", "Malian Armed Forces", country="MLI")
        add_document(session, "doc", "Doc", TEXT)
        session.commit()


def _coup(engine: Engine, title: str = "Coup in Mali") -> str:
    return create_event(
        engine,
        draft=EventDraft(
            title=title,
            type="coup",
            date="18 August 2020",
            countries=(LinkDraft("Mali", ""),),
            actors=(LinkDraft("fama", "perpetrator"),),
            citations=(CitationDraft("doc", "seized power"),),
        ),
        author=EDITOR,
    ).slug


def test_create_fills_every_field_and_owns_it(engine: Engine) -> None:
    _world(engine)
    slug = _coup(engine)
    with Session(engine) as session:
        event = session.exec(select(Event)).one()
        state = read_state(session, event)
        revision = session.exec(select(Revision)).one()
    assert slug == "2020-08-18-coup-in-mali"
    assert set(SCALARS) <= set(revision.changes)
    assert revision.changes["status"] == [None, "published"]
    assert state["countries"] == ["MLI:location"] and state["citations"] == ["doc@9-21"]


def test_validation_lists_every_problem(engine: Engine) -> None:
    _world(engine)
    with pytest.raises(InvalidParameters) as raised:
        create_event(
            engine,
            draft=EventDraft(
                title="x" * 301,
                type="putsch",
                date="soon",
                confidence="2",
                fatalities_best="-1",
                tags=("no spaces <allowed>",),
                flags=("odd",),
                actors=(LinkDraft("Malian", "villain"),),
            ),
            author=EDITOR,
        )
    names = [e.name for e in raised.value.errors]
    assert names == [
        "title",
        "type",
        "date",
        "confidence",
        "fatalities_best",
        "flags",
        "tags",
        "actors[0]",
        "actors[0]",
    ]


def test_two_saves_of_the_same_version_one_wins(engine: Engine) -> None:
    _world(engine)
    slug = _coup(engine)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(title: str) -> None:
        barrier.wait()
        try:
            update_event(
                engine, slug=slug, draft=EventDraft(title=title), expected_version=1, author=EDITOR
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(t,)) for t in ("One", "Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    with Session(engine) as session:
        assert session.exec(select(Event.version)).one() == 2


def test_a_failed_validation_leaves_the_version_alone(engine: Engine) -> None:
    _world(engine)
    slug = _coup(engine)
    with pytest.raises(InvalidParameters):
        update_event(
            engine, slug=slug, draft=EventDraft(date="never"), expected_version=1, author=EDITOR
        )
    with Session(engine) as session:
        assert session.exec(select(Event.version)).one() == 1


def test_revert_restores_links_and_citations(engine: Engine) -> None:
    _world(engine)
    slug = _coup(engine)
    update_event(
        engine,
        slug=slug,
        expected_version=1,
        author=EDITOR,
        draft=EventDraft(actors=(), citations=(CitationDraft("doc", "coup"),)),
    )
    with Session(engine) as session:
        first = session.exec(select(Revision).order_by(col(Revision.id))).first()
    assert first is not None and first.id is not None
    revert_event(engine, slug=slug, revision_id=first.id, expected_version=2, author=EDITOR)
    with Session(engine) as session:
        state = read_state(session, session.exec(select(Event)).one())
        quotes = [c.quote for c in session.exec(select(Citation))]
    assert state["actors"] == ["fama:perpetrator"] and quotes == ["seized power"]


def test_merge_moves_citations_with_their_readings(engine: Engine) -> None:
    _world(engine)
    kept = _coup(engine)
    duplicate = create_event(
        engine,
        author=EDITOR,
        draft=EventDraft(
            title="Putsch",
            type="coup",
            date="2020",
            tags=("putsch",),
            citations=(CitationDraft("doc", "second"),),
        ),
    ).slug
    with Session(engine) as session:
        citation = session.exec(select(Citation).where(Citation.quote == "second")).one()
        citation.rule, citation.reading_start = "trigger:putsch", date(2020, 8, 18)
        session.add(citation)
        session.commit()
    merge_events(engine, duplicate=duplicate, into=kept, duplicate_version=1, author=EDITOR)
    with Session(engine) as session:
        moved = session.exec(select(Citation).where(Citation.quote == "second")).one()
        target = session.exec(select(Event).where(col(Event.slug) == kept)).one()
        source = session.exec(select(Event).where(col(Event.slug) == duplicate)).one()
        state = read_state(session, target)
    assert moved.event_id == target.id and moved.rule == "trigger:putsch"
    assert source.status == "deleted" and state["tags"] == ["putsch"]
    with pytest.raises(InvalidParameters, match="itself"):
        merge_events(engine, duplicate=kept, into=kept, duplicate_version=2, author=EDITOR)
