"""The review queue: candidate events from ingestion, highest confidence first, each with its
quotes shown in the context of their documents; accept, edit then accept, reject, or merge into
an existing event, one at a time or (accept, reject) for a selection.

Every decision names the version the editor saw ("slug:version"), so a candidate changed in the
meantime is skipped and reported rather than decided blind.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from app.admin.deps import EDITORS, EngineDep, Form, text, texts
from app.admin.events import editor
from app.admin.pages import redirect, render
from app.auth import EditorUser
from app.editing.events import review_events
from app.editing.merging import merge_events
from app.errors import EditConflict, InvalidParameters, NotFound
from app.models import Citation, Document, Event, IngestionRun
from app.models.taxonomy import EventStatus
from app.queries.records import load_records
from app.schemas.events import date_label

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)
PAGE_SIZE = 25
CONTEXT_CHARS = 280


@dataclass(frozen=True)
class QuoteInContext:
    document: str
    title: str
    before: str
    quote: str
    after: str
    start: int
    end: int


@dataclass(frozen=True)
class CandidateCard:
    slug: str
    version: int
    title: str
    summary: str
    type: str
    date: str
    confidence: float
    actors: list[str]
    places: list[str]
    countries: list[str]
    quotes: list[QuoteInContext]


@dataclass(frozen=True)
class ReviewPage:
    cards: list[CandidateCard]
    total: int
    page: int
    pages: int
    document: str
    document_title: str | None
    run: dict[str, Any] | None


def _window(text: str, start: int, end: int) -> tuple[str, str]:
    """The text around a quote, cut at word boundaries, with ellipses where it was cut."""
    before_start = max(0, start - CONTEXT_CHARS)
    before = text[before_start:start]
    if before_start > 0:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    after_end = min(len(text), end + CONTEXT_CHARS)
    after = text[end:after_end]
    if after_end < len(text):
        after = (after[: after.rfind(" ")] if " " in after else after) + "…"
    return before, after


def review_page(session: Session, *, document: str, page: int, run_id: int | None) -> ReviewPage:
    where: list[Any] = [col(Event.status) == EventStatus.CANDIDATE]
    title = None
    if document:
        doc = session.exec(select(Document).where(col(Document.slug) == document)).first()
        title = doc.title if doc else None
        where.append(
            exists().where(
                col(Citation.event_id) == col(Event.id),
                col(Citation.document_id) == (doc.id if doc else -1),
            )
        )
    total = session.exec(select(func.count()).select_from(Event).where(*where)).one()
    events = session.exec(
        select(Event)
        .where(*where)
        .order_by(col(Event.confidence).desc(), col(Event.date_start), col(Event.id))
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    records = load_records(session, events)
    texts_by_slug: dict[str, str] = {}
    wanted = {s.document for r in records for s in r.sources}
    if wanted:
        texts_by_slug = dict(
            session.exec(
                select(Document.slug, Document.text).where(col(Document.slug).in_(wanted))
            ).all()
        )
    cards = []
    for record in records:
        e = record.event
        quotes = []
        for source in record.sources:
            before, after = _window(
                texts_by_slug.get(source.document, ""), source.start, source.end
            )
            quotes.append(
                QuoteInContext(
                    source.document,
                    source.title,
                    before,
                    source.quote,
                    after,
                    source.start,
                    source.end,
                )
            )
        cards.append(
            CandidateCard(
                slug=e.slug,
                version=e.version,
                title=e.title,
                summary=e.summary,
                type=e.type,
                date=date_label(e.date_start, e.date_end, e.precision, e.edtf),
                confidence=e.confidence,
                actors=[f"{a.name} ({a.role})" for a in record.actors],
                places=[p.name for p in record.places],
                countries=record.countries,
                quotes=quotes,
            )
        )
    run = None
    if run_id is not None:
        found = session.get(IngestionRun, run_id)
        run = dict(found.summary, id=run_id) if found else None
    return ReviewPage(
        cards, total, page, max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE), document, title, run
    )


@router.get("/review", name="admin.review")
def read_review_queue(
    request: Request,
    engine: EngineDep,
    document: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    run: Annotated[int | None, Query(ge=1)] = None,
) -> HTMLResponse:
    with Session(engine) as session:
        data = review_page(session, document=document, page=page, run_id=run)
    return render(request, "admin/review.html", {"page": data, "result": _result(request)})


def _result(request: Request) -> dict[str, int] | None:
    counts = {k: request.query_params.get(k, "") for k in ("done", "skipped")}
    if not all(v.isdigit() for v in counts.values()):
        return None
    return {k: int(v) for k, v in counts.items()}


def _item(value: str) -> tuple[str, int] | None:
    slug, _, version = value.rpartition(":")
    return (slug, int(version)) if slug and version.isdigit() else None


@router.post("/review", name="admin.decide_review")
def decide_review(request: Request, form: Form, engine: EngineDep, user: EditorUser) -> Response:
    """One decision (a card's own button) or the same decision for every ticked card."""
    back = {"document": text(form, "document")} if text(form, "document") else {}
    author = editor(user)
    merge = _item(text(form, "merge_one"))
    if merge is not None:
        slug, version = merge
        into = text(form, f"into_{slug}").strip()
        try:
            merge_events(
                engine, duplicate=slug, into=into, duplicate_version=version, author=author
            )
        except (InvalidParameters, NotFound, EditConflict) as exc:
            with Session(engine) as session:
                data = review_page(session, document=back.get("document", ""), page=1, run_id=None)
            return render(
                request,
                "admin/review.html",
                {"page": data, "result": None, "error": f"Could not merge {slug}: {exc}"},
                status_code=exc.status_code,
            )
        return redirect(
            request, str(request.url_for("admin.edit_event_form", slug=into)), notice="merged"
        )
    single = [("accept_one", True), ("reject_one", False)]
    chosen = next(((form.get(name), accept) for name, accept in single if form.get(name)), None)
    if chosen is not None:
        items = [i for i in [_item(str(chosen[0]))] if i]
        accept = chosen[1]
    else:
        items = [i for i in (_item(v) for v in texts(form, "item")) if i]
        accept = text(form, "decision") == "accept"
    outcome = review_events(engine, items=items, accept=accept, author=author)
    return redirect(
        request,
        str(request.url_for("admin.review")),
        notice="reviewed",
        done=len(outcome.done),
        skipped=len(outcome.conflicts) + len(outcome.missing),
        **back,
    )
