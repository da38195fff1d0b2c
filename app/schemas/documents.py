"""Documents (the analyses events are cited from) as the API shows them."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_DOCUMENT: dict[str, Any] = {
    "id": "001-46d044e6bc364c25",
    "title": "For Mali and the Sahel, new tensions and an old — and worsening — security problem",
    "authors": ["Rida Lyammouri"],
    "publisher": "Middle East Institute (MEI) Policy Center",
    "url": None,
    "published": "2021-11-01",
    "published_stated": "November 2021",
    "published_precision": "month",
    "date_warnings": [],
    "filename": "001_46d044e6bc364c25.txt",
    "media_type": "text/plain",
    "sha256": "9f2c" + "0" * 60,
    "ingested_at": "2024-06-01T12:00:00Z",
    "events": 21,
}
_SPAN: dict[str, Any] = {
    "event": "2021-09-15-wagner-deployment-in-mali",
    "title": "Wagner deployment in Mali",
    "type": "deployment",
    "quote": "reports that Mali was close to a deal with the Wagner Group",
    "start": 812,
    "end": 871,
}


class DocumentPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_DOCUMENT]})

    id: str = Field(description="Stable slug.")
    title: str
    authors: list[str]
    publisher: str
    url: str | None = Field(description="Where the analysis was published, if known.")
    published: date | None = Field(description="Publication date (first day when imprecise).")
    published_stated: str | None = Field(description="The date exactly as the text states it.")
    published_precision: str = Field(description="day, month or year.")
    date_warnings: list[str] = Field(description="Why the publication date is doubtful.")
    filename: str
    media_type: str
    sha256: str = Field(description="SHA-256 of the file as ingested.")
    ingested_at: datetime
    events: int = Field(description="Published events cited in it.")


class DocumentsPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_DOCUMENT], "total": 1, "next": None}]}
    )

    items: list[DocumentPublic]
    total: int = Field(description="How many documents there are in all.")
    next: str | None = Field(description="The URL of the next page; null on the last page.")


class SpanPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SPAN]})

    event: str = Field(description="The cited event's id.")
    title: str
    type: str
    quote: str
    start: int = Field(description="Offset of the first character in `text`.")
    end: int = Field(description="Offset just after the last character (exclusive).")


class DocumentDetailPublic(DocumentPublic):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_DOCUMENT, "text": "… the full text …", "spans": [_SPAN]}]
        }
    )

    text: str = Field(description="The full text as stored; span offsets index into it.")
    spans: list[SpanPublic] = Field(description="Every published event cited in it, in order.")
