"""The audit trail: ingestion runs, every change to an event, and what extraction passed over."""

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
    __table_args__ = (Index("ix_revision_event_at", "event_id", "at"),)

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
