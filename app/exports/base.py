"""What every export format shares: the format names, the context a file is written in, and the
shape of a writer (events in, text chunks out)."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.schemas.events import EventPublic


class ExportFormat(StrEnum):
    JSON = "json"  # the paged JSON API itself, not an export
    CSV = "csv"
    NDJSON = "ndjson"
    GEOJSON = "geojson"
    TIMELINEJS = "timelinejs"
    ICS = "ics"


@dataclass(frozen=True)
class Era:
    """A named period, drawn behind the events (TimelineJS eras)."""

    id: str
    name: str
    start: date
    end: date
    description: str = ""


@dataclass(frozen=True)
class ExportContext:
    title: str
    source_url: str  # the API query the file was made from
    eras: list[Era] = field(default_factory=list)


Writer = Callable[[Iterable[EventPublic], ExportContext], Iterator[str]]


@dataclass(frozen=True)
class Exporter:
    media_type: str
    filename: str
    write: Writer


CHUNK_CHARS = 64 * 1024


def in_chunks(parts: Iterable[str], size: int = CHUNK_CHARS) -> Iterator[str]:
    """The writer's pieces joined into chunks of about `size` characters.

    A writer yields a piece per event; sent as they come, each piece would be its own trip
    through the server's thread pool and the gzip middleware, which costs far more than
    writing the row (about 1,000 rows a second). Memory stays at one chunk."""
    pending: list[str] = []
    length = 0
    for part in parts:
        pending.append(part)
        length += len(part)
        if length >= size:
            yield "".join(pending)
            pending, length = [], 0
    if pending:
        yield "".join(pending)
