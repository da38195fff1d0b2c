"""Exports of a filtered event query: one module per format, each a generator of text chunks.

Every writer takes the events as an iterable of `EventPublic` (the same shape as the JSON API)
and yields its file piece by piece, so a response can stream any number of events in constant
memory. Writers never touch the database or HTTP.
"""

from app.exports import csv, geojson, ics, ndjson, timelinejs
from app.exports.base import Era, ExportContext, Exporter, ExportFormat

EXPORTERS: dict[ExportFormat, Exporter] = {
    ExportFormat.CSV: Exporter("text/csv; charset=utf-8", "sahel-chronicle-events.csv", csv.write),
    ExportFormat.NDJSON: Exporter(
        "application/x-ndjson", "sahel-chronicle-events.ndjson", ndjson.write
    ),
    ExportFormat.GEOJSON: Exporter(
        "application/geo+json", "sahel-chronicle-events.geojson", geojson.write
    ),
    ExportFormat.TIMELINEJS: Exporter(
        "application/json", "sahel-chronicle-timeline.json", timelinejs.write
    ),
    ExportFormat.ICS: Exporter(
        "text/calendar; charset=utf-8", "sahel-chronicle-events.ics", ics.write
    ),
}

__all__ = ["EXPORTERS", "Era", "ExportContext", "ExportFormat", "Exporter"]
