"""Citations: the exact quote, with its character offsets, that an event was taken from.

A citation also keeps the source's own reading of the date and toll, so that when two analyses
disagree both readings survive on the event (which is then flagged) and none is dropped.
"""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import utcnow


class Citation(SQLModel, table=True):
    __tablename__ = "citation"
    __table_args__ = (
        UniqueConstraint("event_id", "document_id", "char_start", "char_end"),
        Index("ix_citation_document", "document_id", "char_start"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    document_id: int = Field(foreign_key="document.id")
    quote: str
    # Offsets into Document.text, end exclusive: text[char_start:char_end] == quote.
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    # "extraction" with the rule that fired, or "editor".
    method: str = Field(default="extraction", max_length=16)
    rule: str = Field(default="", max_length=120)
    reading_start: date | None = None
    reading_end: date | None = None
    reading_precision: str | None = Field(default=None, max_length=16)
    reading_edtf: str | None = Field(default=None, max_length=64)
    reading_fatalities: int | None = Field(default=None, ge=0)
    created_at: datetime = Field(default_factory=utcnow)
