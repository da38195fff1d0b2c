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
