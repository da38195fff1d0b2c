"""GeoJSON: a FeatureCollection with one Point per event that has a located place.

The point is the event's first located place (where it happened comes first); the properties
are the event's fields, flattened as in the CSV where a GIS wants scalars. Events without any
place with coordinates are left out. Coordinates are [longitude, latitude], WGS 84 (RFC 7946).
"""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from app.exports.base import ExportContext
from app.schemas.events import EventPublic


def feature(event: EventPublic) -> dict[str, Any] | None:
    """The GeoJSON Feature of an event, or None when it has no located place."""
    located = next((p for p in event.places if p.lat is not None and p.lon is not None), None)
    if located is None:
        return None
    fatalities = event.fatalities
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [located.lon, located.lat]},
        "properties": {
            "id": event.id,
            "title": event.title,
            "summary": event.summary,
            "type": event.type,
            "start": event.date.start.isoformat(),
            "end": event.date.end.isoformat(),
            "precision": event.date.precision,
            "edtf": event.date.edtf,
            "date_label": event.date.label,
            "place": located.id,
            "place_name": located.name,
            "places": [p.id for p in event.places],
            "countries": event.countries,
            "actors": [a.id for a in event.actors],
            "fatalities": fatalities.best if fatalities else None,
            "occurrence": event.occurrence,
            "tags": event.tags,
            "flags": event.flags,
            "sources": len(event.sources),
            "updated_at": event.updated_at.isoformat(),
            "url": event.url,
        },
    }


def write(events: Iterable[EventPublic], context: ExportContext) -> Iterator[str]:
    head = {"type": "FeatureCollection", "name": context.title, "source": context.source_url}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ['
    first = True
    for event in events:
        found = feature(event)
        if found is None:
            continue
        yield ("\n" if first else ",\n") + json.dumps(found, ensure_ascii=False)
        first = False
    yield "\n]}\n"
