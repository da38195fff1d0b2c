"""Events, their tags and the typed relations between them.

An event's date is a pair of inclusive day bounds plus a precision and an EDTF string
(docs/date-conventions.md); `version` increases on every change so that two editors saving
the same event cannot silently overwrite each other.
"""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.models.base import json_column, utcnow


class Event(SQLModel, table=True):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_dates", "date_start", "date_end"),
        Index("ix_event_status_dates", "status", "date_start", "id"),
        Index("ix_event_type_dates", "type", "date_start"),
        # The timeline's type counts and type lanes read this index alone (migration 0005).
        Index("ix_event_status_type_dates", "status", "type", "date_start"),
        Index("ix_event_updated_at", "updated_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=160, unique=True)
    title: str = Field(max_length=300)
    summary: str = ""
    type: str = Field(max_length=32)
    date_start: date
    date_end: date
    precision: str = Field(max_length=16)
    edtf: str = Field(max_length=64)
    status: str = Field(default="candidate", max_length=16)
    occurrence: str = Field(default="occurred", max_length=16)
    confidence: float = Field(default=0.5, ge=0, le=1)
    fatalities_best: int | None = Field(default=None, ge=0)
    fatalities_low: int | None = Field(default=None, ge=0)
    fatalities_high: int | None = Field(default=None, ge=0)
    # Machine-readable warnings for readers, e.g. "dates_disagree", "fatalities_disagree".
    flags: list[str] = Field(default_factory=list, sa_column=json_column())
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, ge=1)


class EventTag(SQLModel, table=True):
    __tablename__ = "event_tag"
    __table_args__ = (Index("ix_event_tag_tag", "tag"),)

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    tag: str = Field(primary_key=True, max_length=80)


class EventRelation(SQLModel, table=True):
    __tablename__ = "event_relation"
    __table_args__ = (UniqueConstraint("from_event_id", "to_event_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    from_event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    to_event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16)
