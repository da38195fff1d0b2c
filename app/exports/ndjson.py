"""NDJSON: one event per line, exactly as the JSON API shows it."""

from collections.abc import Iterable, Iterator

from app.exports.base import ExportContext
from app.schemas.events import EventPublic


def write(events: Iterable[EventPublic], _context: ExportContext) -> Iterator[str]:
    for event in events:
        yield event.model_dump_json() + "\n"
