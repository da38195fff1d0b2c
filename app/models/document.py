"""Documents: the analyses events are cited from, with their full text and provenance."""

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from app.models.base import json_column, utcnow


class Document(SQLModel, table=True):
    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    title: str = Field(max_length=500)
    authors: list[str] = Field(default_factory=list, sa_column=json_column())
    publisher: str = Field(default="", max_length=300)
    url: str | None = Field(default=None, max_length=2000)
    # The date as the text or the editor states it ("February 27, 2022"), verbatim.
    published_stated: str | None = Field(default=None, max_length=100)
    # The date used to resolve relative dates: the stated one, or the inferred or corrected one.
    published: date | None = None
    published_precision: str = Field(default="day", max_length=16)
    published_source: str = Field(default="stated", max_length=16)
    # Why the date is doubtful, e.g. the content reports figures later than the stated date.
    date_warnings: list[str] = Field(default_factory=list, sa_column=json_column())
    filename: str = Field(max_length=500)
    media_type: str = Field(default="text/plain", max_length=100)
    sha256: str = Field(min_length=64, max_length=64, unique=True)
    text: str
    ingested_at: datetime = Field(default_factory=utcnow)
