"""History and revert: field-level diffs of every revision (by editors, the API, ingestion),
and reverting to any revision as a new revision, which can itself be reverted."""

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.models import Event, Revision
from tests.admin.conftest import Browser, World, html
from tests.admin.test_event_forms import NEW, _form_of, event_form

SLUG = "2024-05-04-clash-near-lere"
EDIT = f"/admin/events/{SLUG}/edit"
HISTORY = f"/admin/events/{SLUG}/history"


def _edit(editor: Browser, **changes: str) -> None:
    form = [(k, v) for k, v in _form_of(html(editor.get(EDIT))) if k not in changes]
    response = editor.post(EDIT, form + list(changes.items()), follow_redirects=False)
    assert response.status_code == 303, response.text


def _event(engine: Engine) -> Event:
    with Session(engine) as session:
        return session.exec(select(Event).where(col(Event.slug) == SLUG)).one()


def test_the_history_shows_field_level_diffs(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    editor.post(NEW, event_form())
    _edit(editor, title="Clash at Léré", date="early May 2024")
    page = html(editor.get(HISTORY))
    newest = page.select(".revision")[0]
    assert "update" in newest.header.text and "version 2" in newest.header.text
    assert "erin" in newest.header.text and "editor" in newest.header.text
    rows = {r.th.text: r for r in newest.select("tbody tr")}
    assert set(rows) == {"Title", "First day", "Last day", "Precision", "EDTF"}
    assert rows["Title"].select_one("del").text == "Clash near Léré"
    assert rows["Title"].select_one("ins").text == "Clash at Léré"
    assert rows["Precision"].select_one("ins").text == "part_of_month"
    creation = page.select(".revision")[-1]
    assert "create" in creation.header.text
    assert "Malian Armed Forces (perpetrator)" in creation.text
    assert "“Malian troops and Wagner fighters clashed" in creation.text


def test_revert_is_itself_a_revision(editor: Browser, world: World, app_engine: Engine) -> None:
    editor.post(NEW, event_form())
    _edit(editor, title="Clash at Léré", fatalities_best="20")
    _edit(editor, summary="A third version.")
    with Session(app_engine) as session:
        first = session.exec(select(Revision).order_by(col(Revision.id))).first()
    assert first is not None
    page = html(editor.get(HISTORY))
    forms = page.select("form[action$='/revert']")
    assert len(forms) == 2  # not for the current revision
    response = editor.post(
        f"/admin/events/{SLUG}/revert",
        {"revision": str(first.id), "version": "3"},
        follow_redirects=False,
    )
    assert response.status_code == 303 and "notice=reverted" in response.headers["location"]
    event = _event(app_engine)
    assert (event.title, event.fatalities_best, event.version) == ("Clash near Léré", 12, 4)
    assert event.summary == "Malian troops and Wagner fighters clashed with an armed group."
    with Session(app_engine) as session:
        revert = session.exec(select(Revision).where(Revision.action == "revert")).one()
    assert revert.changes["reverted_to"] == [None, 1]
    assert set(revert.changes) == {"title", "summary", "fatalities_best", "reverted_to"}
    # Revert the revert: back to version 3.
    editor.post(f"/admin/events/{SLUG}/revert", {"revision": str(revert.id - 1), "version": "4"})
    assert _event(app_engine).title == "Clash at Léré"


def test_reverting_from_a_stale_page_is_a_conflict(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    editor.post(NEW, event_form())
    _edit(editor, title="Clash at Léré")
    with Session(app_engine) as session:
        first = session.exec(select(Revision).order_by(col(Revision.id))).first()
    assert first is not None
    response = editor.post(
        f"/admin/events/{SLUG}/revert", {"revision": str(first.id), "version": "1"}
    )
    assert response.status_code == 409
    assert _event(app_engine).title == "Clash at Léré"
