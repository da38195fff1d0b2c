"""A document with the spans of every visible event cited in it, in reading order."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.models import Citation, Event


@dataclass(frozen=True)
class Span:
    event: str  # event slug
    title: str
    type: str
    quote: str
    start: int
    end: int
    citation: int  # the citation's id


def document_spans(session: Session, document_id: int, statuses: tuple[str, ...]) -> list[Span]:
    """The cited spans of document `document_id` whose event has one of `statuses`."""
    rows = session.exec(
        select(Citation, Event)
        .join(Event, col(Event.id) == col(Citation.event_id))
        .where(col(Citation.document_id) == document_id, col(Event.status).in_(statuses))
        .order_by(col(Citation.char_start), col(Citation.char_end), col(Event.slug))
    ).all()
    return [
        Span(e.slug, e.title, e.type, c.quote, c.char_start, c.char_end, c.id or 0) for c, e in rows
    ]
