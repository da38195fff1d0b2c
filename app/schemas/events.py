"""Events as the API shows them, a page of them with facets, and how a record becomes one."""

from datetime import date, datetime
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, Field

from app.extraction.temporal_bounds import DateBounds, Precision
from app.queries.facets import FacetCount
from app.queries.records import EventRecord

EVENT_EXAMPLE: dict[str, Any] = {
    "id": "2024-04-05-malian-armed-forces-incursion-near-adel-bagrou",
    "title": "Malian Armed Forces incursion near Adel Bagrou",
    "summary": "Malian troops and Wagner fighters crossed into Mauritania near Adel Bagrou.",
    "type": "border_incident",
    "date": {
        "start": "2024-04-01",
        "end": "2024-04-10",
        "precision": "part_of_month",
        "edtf": "2024-04-01/2024-04-10",
        "label": "early April 2024",
    },
    "countries": ["MLI", "MRT"],
    "actors": [{"id": "fama", "name": "Malian Armed Forces", "role": "perpetrator"}],
    "places": [{"id": "adel-bagrou", "name": "Adel Bagrou", "lat": 15.53, "lon": -7.06}],
    "fatalities": {"best": 2, "low": 1, "high": 3},
    "occurrence": "occurred",
    "tags": ["border-crisis-2024"],
    "status": "published",
    "confidence": 0.85,
    "sources": [
        {
            "document": "000-fbfefeaae2fe5c67",
            "filename": "000_fbfefeaae2fe5c67.txt",
            "title": "Mauritania's militarised response to the 2024 border tensions with Mali",
            "quote": "In early April 2024, Malian troops crossed into Adel Bagrou.",
            "start": 1520,
            "end": 1581,
        }
    ],
    "flags": ["fatalities_disagree"],
    "updated_at": "2024-06-01T12:00:00Z",
    "url": "http://127.0.0.1:8000/events/2024-04-05-malian-armed-forces-incursion-near-adel-bagrou",
}


class EventDate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE["date"]]})

    start: date = Field(description="First day the event may have happened on (inclusive).")
    end: date = Field(description="Last day the event may have happened on (inclusive).")
    precision: str = Field(
        description="How precisely the date is known: day, part_of_month, month, season, "
        "range or year."
    )
    edtf: str = Field(description="The date in Extended Date/Time Format (ISO 8601-2).")
    label: str = Field(description='How a person says it: "early April 2024", "2021–2022".')


class ActorRef(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE["actors"][0]]})

    id: str = Field(description="The actor's slug (see /api/v1/actors/{id}).")
    name: str
    role: str = Field(description="perpetrator, target, party, host, location or mentioned.")


class PlaceRef(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE["places"][0]]})

    id: str = Field(description="The place's slug (see /api/v1/places/{id}).")
    name: str
    lat: float | None = Field(description="Latitude, WGS 84.")
    lon: float | None = Field(description="Longitude, WGS 84.")


class Fatalities(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE["fatalities"]]})

    best: int | None = Field(description="The best estimate of people killed.")
    low: int | None = Field(description="The lowest figure the sources give.")
    high: int | None = Field(description="The highest figure the sources give.")


class SourceRef(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE["sources"][0]]})

    document: str = Field(description="The document's slug (see /api/v1/documents/{id}).")
    filename: str
    title: str
    quote: str = Field(description="The exact words the event was taken from.")
    start: int = Field(description="Offset of the quote's first character in the document text.")
    end: int = Field(description="Offset just after the quote's last character (exclusive).")


class EventPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EVENT_EXAMPLE]})

    id: str = Field(description="Stable, readable slug.")
    title: str
    summary: str
    type: str = Field(description="The event type (see /api/v1/types).")
    date: EventDate
    countries: list[str] = Field(description="ISO 3166-1 alpha-3 codes.")
    actors: list[ActorRef]
    places: list[PlaceRef] = Field(description="Where it happened first, then other places.")
    fatalities: Fatalities | None = Field(description="People killed, when the sources say.")
    occurrence: str = Field(description="occurred, or planned (announced, not yet done).")
    tags: list[str]
    status: str = Field(description="published (or, for editors, candidate/rejected/deleted).")
    confidence: float = Field(description="How sure the extraction or the editor is, 0 to 1.")
    sources: list[SourceRef] = Field(description="Every passage that reports the event.")
    flags: list[str] = Field(
        description="Warnings: dates_disagree, fatalities_disagree (the sources differ)."
    )
    updated_at: datetime
    url: str = Field(description="The event's page on the web.")


class FacetValue(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"value": "MRT", "label": "Mauritania", "count": 12, "selected": False}]
        }
    )

    value: str = Field(description="The value to filter on (a type, code, slug, year...).")
    label: str = Field(description="Its human name.")
    count: int = Field(description="Events with this value under the other filters.")
    selected: bool = Field(description="Whether the current filter already chooses this value.")


class EventsPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [EVENT_EXAMPLE],
                    "total": 1,
                    "next": None,
                    "facets": {
                        "type": [
                            {
                                "value": "border_incident",
                                "label": "border_incident",
                                "count": 1,
                                "selected": False,
                            }
                        ]
                    },
                }
            ]
        }
    )

    items: list[EventPublic]
    total: int = Field(description="Events matching the filters, on every page together.")
    next: str | None = Field(description="The URL of the next page; null on the last page.")
    facets: dict[str, list[FacetValue]] = Field(
        description="Counts per value of each facet asked for (empty without `facets`)."
    )


def date_label(start: date, end: date, precision: str, edtf: str) -> str:
    """The human label of a date; the plain day range when the stored EDTF cannot be read."""
    try:
        return DateBounds(start, end, cast(Precision, precision), edtf).label()
    except (ValueError, IndexError, KeyError):
        return start.isoformat() if start == end else f"{start.isoformat()} – {end.isoformat()}"


def event_public(record: EventRecord, page_url: str) -> EventPublic:
    """The API form of an event record; `page_url` is the event's web page."""
    e = record.event
    fatalities = None
    if (e.fatalities_best, e.fatalities_low, e.fatalities_high) != (None, None, None):
        fatalities = Fatalities(
            best=e.fatalities_best, low=e.fatalities_low, high=e.fatalities_high
        )
    return EventPublic(
        id=e.slug,
        title=e.title,
        summary=e.summary,
        type=e.type,
        date=EventDate(
            start=e.date_start,
            end=e.date_end,
            precision=e.precision,
            edtf=e.edtf,
            label=date_label(e.date_start, e.date_end, e.precision, e.edtf),
        ),
        countries=record.countries,
        actors=[ActorRef(id=a.slug, name=a.name, role=a.role) for a in record.actors],
        places=[PlaceRef(id=p.slug, name=p.name, lat=p.lat, lon=p.lon) for p in record.places],
        fatalities=fatalities,
        occurrence=e.occurrence,
        tags=record.tags,
        status=e.status,
        confidence=e.confidence,
        sources=[
            SourceRef(
                document=s.document,
                filename=s.filename,
                title=s.title,
                quote=s.quote,
                start=s.start,
                end=s.end,
            )
            for s in record.sources
        ],
        flags=list(e.flags),
        updated_at=e.updated_at,
        url=page_url,
    )


def facets_public(counts: dict[str, list[FacetCount]]) -> dict[str, list[FacetValue]]:
    return {
        name: [
            FacetValue(value=c.value, label=c.label, count=c.count, selected=c.selected)
            for c in values
        ]
        for name, values in counts.items()
    }
