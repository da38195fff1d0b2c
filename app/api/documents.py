"""Documents: the analyses events are cited from, with their text and the cited spans."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.api.params import PageParams
from app.api.problems import problems
from app.api.urls import Urls
from app.errors import NotFound
from app.models import Document
from app.queries.documents import document_spans
from app.queries.references import get_counted, read_counted_page
from app.schemas.documents import (
    DocumentDetailPublic,
    DocumentPublic,
    DocumentsPublic,
    SpanPublic,
)

router = APIRouter(tags=["documents"])

DocumentId = Annotated[
    str, Path(description="The document's id (its slug).", examples=["001-46d044e6bc364c25"])
]


def _metadata(document: Document, events: int) -> dict[str, object]:
    return {
        "id": document.slug,
        "title": document.title,
        "authors": list(document.authors),
        "publisher": document.publisher,
        "url": document.url,
        "published": document.published,
        "published_stated": document.published_stated,
        "published_precision": document.published_precision,
        "date_warnings": list(document.date_warnings),
        "filename": document.filename,
        "media_type": document.media_type,
        "sha256": document.sha256,
        "ingested_at": document.ingested_at,
        "events": events,
    }


@router.get("/documents", response_model=DocumentsPublic, responses=problems(400))
def read_documents(
    request: Request,
    params: Annotated[PageParams, Query()],
    session: SessionDep,
    editor: CurrentEditor,
) -> DocumentsPublic:
    """Every ingested document, by id, with its metadata and number of published events."""
    urls = Urls(request)
    page = read_counted_page(
        session, "document", readable_statuses(editor), limit=params.limit, cursor=params.cursor
    )
    return DocumentsPublic(
        items=[DocumentPublic.model_validate(_metadata(c.row, c.events)) for c in page.items],
        total=page.total,
        next=urls.with_cursor(page.next_cursor),
    )


@router.get("/documents/{id}", response_model=DocumentDetailPublic, responses=problems(404))
def read_document(
    id: DocumentId, session: SessionDep, editor: CurrentEditor
) -> DocumentDetailPublic:
    """One document: metadata, full text, and the span of every published event cited in it
    (offsets index the text: `text[start:end] == quote`)."""
    statuses = readable_statuses(editor)
    counted = get_counted(session, "document", id, statuses)
    if counted is None:
        raise NotFound(f"no document has the id {id!r}")
    document: Document = counted.row
    assert document.id is not None
    spans = [
        SpanPublic(
            event=s.event, title=s.title, type=s.type, quote=s.quote, start=s.start, end=s.end
        )
        for s in document_spans(session, document.id, statuses)
    ]
    return DocumentDetailPublic.model_validate(
        {**_metadata(document, counted.events), "text": document.text, "spans": spans}
    )
