"""The audit trail: ingestion runs, every change to an event or to reference data, and what
extraction passed over."""

from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.models.base import json_column, utcnow


class IngestionRun(SQLModel, table=True):
    __tablename__ = "ingestion_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    # Who started it: "cli", or "admin:<username>".
    started_by: str = Field(default="cli", max_length=120)
    summary: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())


class Revision(SQLModel, table=True):
    __tablename__ = "revision"
    __table_args__ = (
        Index("ix_revision_event_at", "event_id", "at"),
        # The newest revision's time is part of every response's data version.
        Index("ix_revision_at", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow)
    author_kind: str = Field(max_length=16)
    # The editor's username, the API token's owner, or "run <id>" for an ingestion run.
    author: str = Field(max_length=120)
    run_id: int | None = Field(default=None, foreign_key="ingestion_run.id")
    # create, update, delete, restore, revert, merge
    action: str = Field(max_length=16)
    # Field-level diff: {"title": [old, new], ...}; on create, old values are null.
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    event_version: int = Field(ge=1)


class ExtractionNote(SQLModel, table=True):
    """Why a passage that looked like an event gave none, kept for editors to review."""

    __tablename__ = "extraction_note"
    __table_args__ = (Index("ix_extraction_note_document", "document_id", "char_start"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    run_id: int | None = Field(default=None, foreign_key="ingestion_run.id")
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    reason: str = Field(max_length=500)


class ReferenceRevision(SQLModel, table=True):
    """A change an editor made to reference data: an actor, place, period or country created,
    edited or merged into another.

    A merge deletes the duplicate and records its slug in `retired_slug`, so that the ingestion
    links what the gazetteer still calls by that slug to the entry it was merged into (and does
    not bring the duplicate back). The newest id is part of the data's version (ETags).
    """

    __tablename__ = "reference_revision"
    __table_args__ = (Index("ix_reference_revision_retired", "kind", "retired_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    author: str = Field(max_length=120)
    # actor, place, period or country
    kind: str = Field(max_length=16)
    # The entry changed (after a merge: the one kept); a country's code is its slug.
    slug: str = Field(max_length=120)
    # create, update, merge
    action: str = Field(max_length=16)
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    retired_slug: str | None = Field(default=None, max_length=120)
