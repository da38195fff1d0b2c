"""The sources: the list of documents, and one document with every cited span highlighted.

A document's text is cut at every citation's start and end into pieces; a piece inside one or
more citations becomes a <mark> linked to the innermost cited event, with the id `q-<citation>`
where a citation starts, so an event page can link to the very spot (/documents/x#q-12).
"""

from collections import defaultdict
from datetime import date
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session
from starlette.responses import Response

from app.api.deps import CurrentEditor, SessionDep, readable_statuses
from app.errors import NotFound
from app.models import Document
from app.queries.documents import Span, document_spans
from app.queries.filters import EventFilter, Facet
from app.queries.references import get_counted
from app.queries.stats import Split
from app.web.cache import Aggregates, aggregates_of
from app.web.chronology import badge, country_names
from app.web.contexts import (
    Alert,
    Cell,
    CitedSpan,
    Column,
    DocumentPage,
    Fact,
    IndexPage,
    TextPiece,
    TimelineSection,
)
from app.web.params import IndexPageParams, parse_query
from app.web.references import read_index
from app.web.rendering import render
from app.web.timeline import refused_alert, timeline_section
from app.web.urls import PageUrls, QueryState

router = APIRouter(include_in_schema=False)

QUOTE_CHARS = 220


def text_pieces(text: str, spans: list[Span], urls: PageUrls) -> list[TextPiece]:
    """`text` cut at every span's edges: plain pieces, and pieces inside spans (linked to the
    innermost span's event, with the anchors of the spans starting there)."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    edges = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in sorted(valid, key=lambda s: (s.start, -s.end, s.citation)):
        starting[s.start].append(s)
    pieces = []
    open_spans: list[Span] = []
    for a, b in zip(edges, edges[1:], strict=False):
        open_spans = [s for s in open_spans if s.end > a] + starting.get(a, [])
        if not open_spans:
            pieces.append(TextPiece(text[a:b], [], None, "", None))
            continue
        inner = min(open_spans, key=lambda s: (s.end - s.start, s.citation))
        pieces.append(
            TextPiece(
                text=text[a:b],
                anchors=[f"q-{s.citation}" for s in starting.get(a, [])],
                event_href=urls.event(inner.event),
                event_title=inner.title,
                type=inner.type,
            )
        )
    return pieces


def _published(document: Document) -> str:
    if document.published is None:
        return "unknown"
    stated = document.published_stated
    text = stated or document.published.isoformat()
    if document.published_source != "stated":
        text += f" ({document.published_source})"
    return text


def _facts(document: Document, events: int, urls: PageUrls) -> list[Fact]:
    facts = [
        Fact("Authors", ", ".join(document.authors) or "unknown"),
        Fact("Publisher", document.publisher or "unknown"),
        Fact("Published", _published(document)),
    ]
    if document.url:
        # Only web addresses become links: a stored javascript: or data: URL stays text.
        web = urlsplit(document.url).scheme.lower() in ("http", "https")
        facts.append(Fact("Original", document.url, document.url if web else None))
    facts += [
        Fact("File", f"{document.filename} ({document.media_type})"),
        Fact("SHA-256", document.sha256),
        Fact("Ingested", f"{document.ingested_at:%Y-%m-%d %H:%M} UTC"),
        Fact(
            "Events cited",
            f"{events:,}",
            urls.timeline(QueryState((("document", document.slug),))),
        ),
    ]
    return facts


def _section_of(
    session: Session,
    aggregates: Aggregates,
    document: Document,
    statuses: tuple[str, ...],
    urls: PageUrls,
) -> TimelineSection:
    f = EventFilter(documents=(document.slug,), statuses=statuses)
    query = QueryState((("document", document.slug),))
    facets = aggregates.facets(f, (Facet.YEAR, Facet.TYPE))
    return timeline_section(
        session,
        aggregates,
        f,
        split=Split.TYPE,
        query=query,
        page=urls.timeline,
        urls=urls,
        names=country_names(session),
        years=facets["year"],
        types=facets["type"],
        heading="Its events on a timeline",
        fit=True,
    )


@router.get("/documents/{id}", response_class=HTMLResponse, name="document_page")
def read_document_page(
    request: Request, id: str, session: SessionDep, editor: CurrentEditor
) -> Response:
    """One analysis: its metadata, its text with every cited span marked, its timeline."""
    statuses = readable_statuses(editor)
    counted = get_counted(session, "document", id, statuses)
    if counted is None:
        raise NotFound(f"No document has the id {id!r}.")
    document: Document = counted.row
    assert document.id is not None
    urls = PageUrls(request)
    spans = document_spans(session, document.id, statuses)
    alerts = []
    if document.date_warnings:
        alerts.append(Alert("warning", "The publication date is doubtful", document.date_warnings))
    section = _section_of(session, aggregates_of(request, session), document, statuses, urls)
    page = DocumentPage(
        title=document.title,
        alerts=alerts,
        facts=_facts(document, counted.events, urls),
        pieces=text_pieces(document.text, spans, urls),
        spans=[
            CitedSpan(
                anchor=f"q-{s.citation}",
                href=f"#q-{s.citation}",
                event_href=urls.event(s.event),
                event_title=s.title,
                badge=badge(s.type),
                quote=s.quote if len(s.quote) <= QUOTE_CHARS else s.quote[: QUOTE_CHARS - 1] + "…",
            )
            for s in spans
        ],
        timeline=section,
        json_href=urls.api(f"documents/{document.slug}"),
        events_href=urls.timeline(QueryState((("document", document.slug),))),
    )
    return render(request, "web/document.html", page, alternate=page.json_href)


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


@router.get("/documents", response_class=HTMLResponse, name="documents_page")
def read_documents_page(request: Request, session: SessionDep, editor: CurrentEditor) -> Response:
    """Every ingested analysis, with its publisher, date and number of events."""
    urls = PageUrls(request)
    parsed = parse_query(request.query_params, IndexPageParams)
    params = parsed.params
    listing, errors = read_index(session, "document", params, readable_statuses(editor))
    errors = parsed.errors + errors
    rows = []
    for item in listing.items:
        d: Document = item.row
        rows.append(
            [
                Cell(d.title, urls.document(d.slug)),
                Cell(", ".join(d.authors)),
                Cell(d.publisher),
                Cell(d.published_stated or _day(d.published)),
                Cell(f"{item.events:,}", urls.timeline(QueryState((("document", d.slug),)))),
            ]
        )
    query = QueryState.of(params)
    page = IndexPage(
        title="Sources",
        intro="The analyses every event is cited from. Open one to read it with each cited "
        "passage highlighted and linked to its event.",
        alerts=refused_alert(errors),
        columns=[
            Column("Title"),
            Column("Authors"),
            Column("Publisher"),
            Column("Published"),
            Column("Events", numeric=True),
        ],
        rows=rows,
        summary=f"{listing.total:,} documents.",
        next_href=urls.path("/documents", query.set(cursor=listing.next_cursor))
        if listing.next_cursor
        else None,
        first_href=urls.path("/documents", query.set()) if params.cursor else None,
        json_href=urls.api("documents"),
    )
    return render(
        request,
        "web/index.html",
        page,
        alternate=page.json_href,
        status=400 if errors else 200,
    )
