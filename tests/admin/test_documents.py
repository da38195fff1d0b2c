"""New analyses from the admin: uploaded or pasted, checked field by field, ingested in the
background by the same pipeline as the command line, with a progress page that ends on the
review queue of the new document; what an editor changed survives the next ingestion."""

import re
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.editing.drafts import EventDraft
from app.editing.events import Author, update_event
from app.models import Document, Event, IngestionRun
from app.models.taxonomy import AuthorKind
from tests.admin.conftest import Browser, html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NEW = "/admin/documents/new"


def _upload(editor: Browser, name: str, **fields: str) -> str:
    """Upload a fixture; returns the URL of its progress page."""
    data = {"title": "", "authors": "", "publisher": "", "url": "", "published": "", **fields}
    response = editor.post(
        NEW,
        data,
        files={"file": (name, (FIXTURES / name).read_bytes(), "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def test_an_upload_is_ingested_and_lands_on_its_review_queue(
    editor: Browser, app_engine: Engine
) -> None:
    progress = _upload(
        editor,
        "sahel_watch.md",
        title="Sahel Watch",
        publisher="Sahel Watch",
        published="September 2023",
        authors="A. Writer\nB. Writer",
    )
    run_id = int(re.search(r"/admin/runs/(\d+)", progress).group(1))  # type: ignore[union-attr]
    # The test client runs background tasks before it answers, so the run is over.
    status = editor.get(f"/admin/runs/{run_id}/progress").json()
    assert status["finished"] and status["document"] == "sahel-watch"
    assert status["next"].endswith(f"/admin/review?document=sahel-watch&run={run_id}")
    landed = editor.get(progress, follow_redirects=False)
    assert landed.status_code == 303
    assert landed.headers["location"].endswith(f"/admin/review?document=sahel-watch&run={run_id}")
    queue = html(editor.get(landed.headers["location"]))
    assert f"Ingestion run {run_id} finished" in queue.text
    assert "Sahel Watch" in queue.text
    with Session(app_engine) as session:
        document = session.exec(select(Document)).one()
        run = session.get(IngestionRun, run_id)
    assert (document.title, document.publisher, document.authors) == (
        "Sahel Watch", "Sahel Watch", ["A. Writer", "B. Writer"],
    )  # fmt: skip
    assert run is not None and run.started_by == "admin:erin" and run.finished_at is not None
    assert run.summary["events_new"] >= 3
    page = html(editor.get(f"/admin/runs/{run_id}"))
    assert "Finished." in page.text


def test_pasted_text_is_ingested_too(editor: Browser, app_engine: Engine) -> None:
    text = (FIXTURES / "nouakchott_letter.txt").read_text()
    response = editor.post(
        NEW, {"text": text, "title": "A letter from Nouakchott"}, follow_redirects=False
    )
    assert response.status_code == 303
    with Session(app_engine) as session:
        document = session.exec(select(Document)).one()
    assert document.title == "A letter from Nouakchott" and document.text.strip() == text.strip()
    assert document.filename == "a-letter-from-nouakchott.txt"


def test_problems_are_shown_on_the_form_and_nothing_is_ingested(
    editor: Browser, app_engine: Engine
) -> None:
    empty = editor.post(NEW, {"text": "  ", "title": "", "url": "ftp://x", "published": "whenever"})
    assert empty.status_code == 400
    page = html(empty)
    assert "paste the text here" in page.select_one("#f-text").find_next("p").text
    assert "give the pasted analysis a title" in page.text
    assert "starting with https://" in page.text
    assert "could not read 'whenever'" in page.text
    assert page.select_one("#f-url")["value"] == "ftp://x"
    binary = editor.post(
        NEW,
        {"title": "x"},
        files={"file": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")},
    )
    assert binary.status_code == 400 and "photo.txt" in binary.text
    _upload(editor, "sahel_watch.md")
    again = editor.post(
        NEW,
        {},
        files={"file": ("copy.md", (FIXTURES / "sahel_watch.md").read_bytes(), "text/markdown")},
    )
    assert again.status_code == 400 and "ingested already" in again.text
    with Session(app_engine) as session:
        assert len(session.exec(select(IngestionRun)).all()) == 1


def test_an_ingestion_never_overwrites_an_editors_change(
    editor: Browser, app_engine: Engine
) -> None:
    _upload(editor, "sahel_watch.md")
    with Session(app_engine) as session:
        coup = session.exec(select(Event).where(Event.type == "coup")).one()
    update_event(
        app_engine,
        slug=coup.slug,
        expected_version=coup.version,
        draft=EventDraft(title="Presidential Guard removes Bazoum", confidence="0.5"),
        author=Author(AuthorKind.EDITOR, "erin"),
    )
    _upload(editor, "niamey_dispatch.html")  # tells the coup again, with its exact day
    with Session(app_engine) as session:
        coup = session.exec(select(Event).where(col(Event.slug) == coup.slug)).one()
    assert coup.title == "Presidential Guard removes Bazoum" and coup.confidence == 0.5
    assert coup.precision == "day"  # a field the editor left alone still follows the sources


def test_the_documents_list(editor: Browser) -> None:
    _upload(editor, "sahel_watch.md")
    page = html(editor.get("/admin/documents"))
    row = page.select("tbody tr")[0]
    assert "sahel-watch" in row.text
