"""CSV: one row per event, flat columns in the spirit of ACLED's.

The columns the issue names come first, in its order; lists are joined with "; ". `latitude` and
`longitude` are those of the event's first located place; `sources` lists each citation as
`document:start-end`. The file reads back with Python's csv module (and any spreadsheet).
"""

import csv
import io
from collections.abc import Iterable, Iterator

from app.exports.base import ExportContext
from app.schemas.events import EventPublic

COLUMNS = (
    "event_id",
    "start",
    "end",
    "precision",
    "edtf",
    "type",
    "countries",
    "actors",
    "places",
    "latitude",
    "longitude",
    "fatalities",
    "title",
    "summary",
    "sources",
    "date_label",
    "fatalities_low",
    "fatalities_high",
    "occurrence",
    "status",
    "confidence",
    "tags",
    "flags",
    "updated_at",
    "url",
)
SEPARATOR = "; "


def row(event: EventPublic) -> list[str]:
    """The CSV cells of one event, in COLUMNS order."""
    located = next((p for p in event.places if p.lat is not None and p.lon is not None), None)
    fatalities = event.fatalities
    return [
        event.id,
        event.date.start.isoformat(),
        event.date.end.isoformat(),
        event.date.precision,
        event.date.edtf,
        event.type,
        SEPARATOR.join(event.countries),
        SEPARATOR.join(a.name for a in event.actors),
        SEPARATOR.join(p.name for p in event.places),
        "" if located is None else str(located.lat),
        "" if located is None else str(located.lon),
        _number(fatalities.best if fatalities else None),
        event.title,
        event.summary,
        SEPARATOR.join(f"{s.document}:{s.start}-{s.end}" for s in event.sources),
        event.date.label,
        _number(fatalities.low if fatalities else None),
        _number(fatalities.high if fatalities else None),
        event.occurrence,
        event.status,
        str(event.confidence),
        SEPARATOR.join(event.tags),
        SEPARATOR.join(event.flags),
        event.updated_at.isoformat(),
        event.url,
    ]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def write(events: Iterable[EventPublic], _context: ExportContext) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow(row(event))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()
