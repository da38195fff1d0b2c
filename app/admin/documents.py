"""Documents: the list, a new analysis uploaded or pasted with its metadata, and the progress page
of its ingestion, which runs in the background (the same pipeline as scripts/ingest.py) and
ends on the review queue filtered to the new document."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import func
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.admin.deps import EDITORS, EngineDep, Form, text
from app.admin.pages import redirect, render
from app.auth import EditorUser
from app.errors import InvalidParameters, NotFound
from app.extraction.intake import MAX_BYTES
from app.models import Citation, Document, Event, IngestionRun
from app.uploads import (
    RunProgress,
    UploadDraft,
    check_upload,
    ingest_in_background,
    run_status,
    start_run,
)

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)
METADATA = ("title", "authors", "publisher", "url", "published")


@dataclass(frozen=True)
class DocumentLine:
    slug: str
    title: str
    filename: str
    published: str
    ingested_at: datetime
    events: int
    candidates: int


def _progress(request: Request) -> RunProgress:
    progress: RunProgress = request.app.state.ingestion_progress
    return progress


@router.get("/documents", name="admin.documents")
def read_documents(request: Request, engine: EngineDep) -> HTMLResponse:
    with Session(engine) as session:
        counts = {
            (doc_id, status): n
            for doc_id, status, n in session.exec(
                select(Citation.document_id, Event.status, func.count(func.distinct(Event.id)))
                .join(Event, col(Event.id) == col(Citation.event_id))
                .group_by(col(Citation.document_id), col(Event.status))
            ).all()
        }
        # Every column but the text, which can be megabytes.
        documents = [
            (d.id or 0, d.slug, d.title, d.filename, d.published_stated, d.ingested_at)
            for d in session.exec(
                select(Document)
                .options(defer(Document.text))  # type: ignore[arg-type]
                .order_by(col(Document.ingested_at).desc(), col(Document.id).desc())
            ).all()
        ]
        lines = [
            DocumentLine(
                slug,
                title,
                filename,
                published or "",
                ingested,
                sum(n for (d, _), n in counts.items() if d == doc_id),
                counts.get((doc_id, "candidate"), 0),
            )
            for doc_id, slug, title, filename, published, ingested in documents
        ]
        runs = session.exec(select(IngestionRun).order_by(col(IngestionRun.id).desc()).limit(10))
        return render(request, "admin/documents.html", {"lines": lines, "runs": list(runs)})


@router.get("/documents/new", name="admin.new_document_form")
def read_new_document_form(request: Request) -> HTMLResponse:
    return render(
        request,
        "admin/document_form.html",
        {"values": {}, "errors": {}, "max_megabytes": MAX_BYTES // (1024 * 1024)},
    )


@router.post("/documents/new", name="admin.create_document")
async def create_document(
    request: Request,
    form: Form,
    engine: EngineDep,
    user: EditorUser,
    background: BackgroundTasks,
) -> Response:
    """Check the upload at once (every problem on the form), then ingest it in the background
    and show its progress."""
    upload = form.get("file")
    pasted = text(form, "text")
    raw, filename = b"", ""
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read(MAX_BYTES + 1)
        filename = upload.filename
    values = {name: text(form, name) for name in METADATA}
    draft = UploadDraft(
        filename=filename,
        raw=raw if filename else pasted.encode("utf-8"),
        pasted=not filename,
        **values,
    )
    try:
        item = await run_in_threadpool(check_upload, engine, draft)
    except InvalidParameters as exc:
        errors = {e.name: e.message for e in reversed(exc.errors)}
        return render(
            request,
            "admin/document_form.html",
            {
                "values": dict(values, text=pasted),
                "errors": errors,
                "max_megabytes": MAX_BYTES // (1024 * 1024),
            },
            status_code=400,
        )
    started_by = f"admin:{user.username}"
    run_id = await run_in_threadpool(lambda: start_run(engine, started_by=started_by))
    background.add_task(
        ingest_in_background,
        engine,
        item,
        run_id=run_id,
        started_by=started_by,
        progress=_progress(request),
    )
    return redirect(request, str(request.url_for("admin.run", run_id=run_id)), follow=1)


@router.get("/runs/{run_id}", name="admin.run")
def read_run(
    request: Request, run_id: int, engine: EngineDep, follow: Annotated[int, Query()] = 0
) -> Response:
    """The progress of an ingestion run; once it is done, with `follow`, the review queue of the
    document it stored."""
    with Session(engine) as session:
        status = run_status(session, run_id, _progress(request))
    if status is None:
        raise NotFound(f"there is no ingestion run {run_id}")
    if follow and status.finished and status.document:
        return redirect(
            request, str(request.url_for("admin.review")), document=status.document, run=run_id
        )
    return render(request, "admin/run.html", {"status": status, "follow": follow})


@router.get("/runs/{run_id}/progress", name="admin.run_progress")
def read_run_progress(request: Request, run_id: int, engine: EngineDep) -> JSONResponse:
    """The run's stage as JSON, polled by its page; `next` is where to go when it is done."""
    with Session(engine) as session:
        status = run_status(session, run_id, _progress(request))
    if status is None:
        raise NotFound(f"there is no ingestion run {run_id}")
    body = status.as_json()
    body["next"] = (
        str(
            request.url_for("admin.review").include_query_params(
                document=status.document, run=run_id
            )
        )
        if status.finished and status.document
        else None
    )
    return JSONResponse(body)
