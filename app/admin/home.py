"""The admin's home page: what waits for review, what the knowledge base holds, recent runs."""

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.admin.deps import EDITORS, EngineDep
from app.admin.pages import render
from app.models import Citation, Document, Event, IngestionRun, User

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)


@dataclass(frozen=True)
class DocumentWaiting:
    slug: str
    title: str
    candidates: int


@dataclass(frozen=True)
class RunLine:
    id: int
    started_at: datetime
    started_by: str
    finished: bool
    documents_new: int
    events_new: int


@dataclass(frozen=True)
class HomePage:
    statuses: dict[str, int]
    documents: int
    waiting_by_document: list[DocumentWaiting]
    runs: list[RunLine]
    users: int


def home_page(session: Session) -> HomePage:
    statuses = dict(
        session.exec(select(Event.status, func.count()).group_by(col(Event.status))).all()
    )
    waiting = session.exec(
        select(Document.slug, Document.title, func.count(func.distinct(Citation.event_id)))
        .join(Citation, col(Citation.document_id) == col(Document.id))
        .join(Event, col(Event.id) == col(Citation.event_id))
        .where(Event.status == "candidate")
        .group_by(col(Document.slug), col(Document.title))
        .order_by(func.count(func.distinct(Citation.event_id)).desc(), col(Document.slug))
        .limit(10)
    ).all()
    runs = session.exec(select(IngestionRun).order_by(col(IngestionRun.id).desc()).limit(5)).all()
    return HomePage(
        statuses={s: statuses.get(s, 0) for s in ("candidate", "published", "rejected", "deleted")},
        documents=session.exec(select(func.count()).select_from(Document)).one(),
        waiting_by_document=[DocumentWaiting(s, t, n) for s, t, n in waiting],
        runs=[
            RunLine(
                r.id or 0,
                r.started_at,
                r.started_by,
                r.finished_at is not None,
                int(r.summary.get("documents_new", 0)),
                int(r.summary.get("events_new", 0)),
            )
            for r in runs
        ],
        users=session.exec(select(func.count()).select_from(User)).one(),
    )


@router.get("", name="admin.home")
def read_home(request: Request, engine: EngineDep) -> HTMLResponse:
    with Session(engine) as session:
        page = home_page(session)
    return render(request, "admin/home.html", {"page": page})
