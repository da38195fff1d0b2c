"""The review queue: candidates highest confidence first with their quotes in context; accept,
reject, edit then accept, merge into an existing event (every citation and both histories kept),
and bulk decisions that skip what changed meanwhile."""

from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.models import Citation, Document, Event, Revision
from tests.admin.conftest import Browser, World, html
from tests.admin.test_event_forms import _form_of
from tests.factories import EventSpec, add_event

QUEUE = "/admin/review"


def _candidates(engine: Engine) -> None:
    with Session(engine) as session:
        document = session.exec(select(Document)).one()
        for slug, title, confidence, quote in (
            (
                "2024-05-04-clash",
                "Clash near Léré",
                0.55,
                "Malian troops and Wagner fighters clashed with an armed group near Léré",
            ),
            (
                "2024-06-01-manoeuvres",
                "Manoeuvres near Fassala",
                0.4,
                "Mauritania's army held manoeuvres near Fassala",
            ),
            (
                "2024-05-04-second-report",
                "Second report of the clash",
                0.5,
                "a second report described the clash near Léré",
            ),
        ):
            add_event(
                session,
                EventSpec(
                    slug=slug,
                    title=title,
                    type="armed_violence",
                    start=date(2024, 5, 4),
                    end=date(2024, 5, 4),
                    precision="day",
                    edtf="2024-05-04",
                    status="candidate",
                    confidence=confidence,
                    quotes=[(document, quote)],
                ),
            )
        session.commit()


def _status(engine: Engine, slug: str) -> str:
    with Session(engine) as session:
        return session.exec(select(Event.status).where(col(Event.slug) == slug)).one()


def test_the_queue_lists_candidates_by_confidence_with_context(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    _candidates(app_engine)
    page = html(editor.get(QUEUE))
    titles = [h.get_text(strip=True) for h in page.select(".candidate h2")]
    assert titles == ["Clash near Léré", "Second report of the clash", "Manoeuvres near Fassala"]
    first = page.select_one(".candidate .in-context blockquote")
    assert first.mark.text == world.quote
    assert first.text.startswith("On 4 May 2024, ") and "twelve people" in first.text
    assert "3 candidates waiting" in page.text
    home = html(editor.get("/admin"))
    assert home.select_one(".cards .card .big").text == "3"
    assert home.select_one(".admin-nav .admin-count").text == "3"


def test_the_queue_can_be_filtered_to_a_document(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    _candidates(app_engine)
    page = html(editor.get(QUEUE, params={"document": "sahel-notes"}))
    assert len(page.select(".candidate")) == 3 and "Notes from the Sahel" in page.text
    empty = html(editor.get(QUEUE, params={"document": "another"}))
    assert empty.select(".candidate") == []


def test_accept_and_reject_one(editor: Browser, world: World, app_engine: Engine) -> None:
    _candidates(app_engine)
    editor.post(QUEUE, {"accept_one": "2024-05-04-clash:1"})
    editor.post(QUEUE, {"reject_one": "2024-06-01-manoeuvres:1"})
    assert _status(app_engine, "2024-05-04-clash") == "published"
    assert _status(app_engine, "2024-06-01-manoeuvres") == "rejected"
    with Session(app_engine) as session:
        revision = session.exec(
            select(Revision).where(Revision.author_kind == "editor").order_by(col(Revision.id))
        ).first()
    assert revision is not None and revision.changes == {"status": ["candidate", "published"]}
    assert editor.get("/api/v1/events/2024-05-04-clash").json()["status"] == "published"


def test_bulk_decisions_skip_what_changed_meanwhile(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    _candidates(app_engine)
    response = editor.post(
        QUEUE,
        {"item": ["2024-05-04-clash:1", "2024-06-01-manoeuvres:9"], "decision": "accept"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "done=1" in response.headers["location"]
    assert "skipped=1" in response.headers["location"]
    assert _status(app_engine, "2024-05-04-clash") == "published"
    assert _status(app_engine, "2024-06-01-manoeuvres") == "candidate"
    page = editor.get(response.headers["location"])
    assert "1 decided, 1 skipped" in page.text
    editor.post(
        QUEUE,
        {"item": ["2024-06-01-manoeuvres:1", "2024-05-04-second-report:1"], "decision": "reject"},
    )
    assert _status(app_engine, "2024-06-01-manoeuvres") == "rejected"
    assert _status(app_engine, "2024-05-04-second-report") == "rejected"


def test_edit_then_accept(editor: Browser, world: World, app_engine: Engine) -> None:
    _candidates(app_engine)
    page = html(editor.get("/admin/events/2024-05-04-clash/edit?accept=1"))
    assert page.select_one("#f-status option[selected]")["value"] == "published"
    assert page.select_one("input[name=accepting]")["value"] == "1"
    form = [(k, v) for k, v in _form_of(page) if k != "title"] + [("title", "Clash at Léré")]
    response = editor.post("/admin/events/2024-05-04-clash/edit", form, follow_redirects=False)
    assert response.status_code == 303 and "/admin/review" in response.headers["location"]
    with Session(app_engine) as session:
        event = session.exec(select(Event).where(col(Event.slug) == "2024-05-04-clash")).one()
    assert (event.title, event.status) == ("Clash at Léré", "published")


def test_merging_keeps_every_citation_and_both_histories(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    _candidates(app_engine)
    editor.post(QUEUE, {"accept_one": "2024-05-04-clash:1"})
    response = editor.post(
        QUEUE,
        {
            "merge_one": "2024-05-04-second-report:1",
            "into_2024-05-04-second-report": "2024-05-04-clash",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "/admin/events/2024-05-04-clash/edit" in response.headers["location"]
    with Session(app_engine) as session:
        kept = session.exec(select(Event).where(col(Event.slug) == "2024-05-04-clash")).one()
        gone = session.exec(
            select(Event).where(col(Event.slug) == "2024-05-04-second-report")
        ).one()
        quotes = {
            c.quote for c in session.exec(select(Citation).where(Citation.event_id == kept.id))
        }
    assert gone.status == "deleted"
    assert quotes == {world.quote, "a second report described the clash near Léré"}
    history = html(editor.get("/admin/events/2024-05-04-clash/history"))
    revisions = history.select(".revision")
    merged = [r for r in revisions if "merged" in r.get("class", [])]
    assert merged, "the duplicate's revisions are shown with the kept event's"
    assert any("Merged from" in r.text for r in revisions)
    assert "2024-05-04-second-report" in history.text
    # The public sees one event with both quotes.
    api = editor.get("/api/v1/events/2024-05-04-clash").json()
    assert len(api["sources"]) == 2


def test_a_merge_into_an_unknown_event_is_explained(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    _candidates(app_engine)
    response = editor.post(
        QUEUE, {"merge_one": "2024-05-04-clash:1", "into_2024-05-04-clash": "nothing-like-it"}
    )
    assert response.status_code == 404
    assert "Could not merge 2024-05-04-clash" in response.text
    assert _status(app_engine, "2024-05-04-clash") == "candidate"
