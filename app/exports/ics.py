"""iCalendar (RFC 5545): one all-day VEVENT per event, from its first to its last possible day.

DTEND is exclusive in iCalendar, so it is the day after the event's last day. Text is escaped and
lines are folded at 75 octets, as calendar programs require; lines end in CRLF.
"""

from collections.abc import Iterable, Iterator
from datetime import UTC, date, timedelta

from app.exports.base import ExportContext
from app.schemas.events import EventPublic

PRODID = "-//Sahel Chronicle//Events//EN"


def escape(text: str) -> str:
    """A TEXT value: backslashes, semicolons, commas and newlines escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded into 75-octet pieces, never splitting a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def vevent(event: EventPublic) -> Iterator[str]:
    stamp = event.updated_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    description = [event.summary, f"Date: {event.date.label} ({event.date.edtf})"]
    description += [f"Source: {s.title}: “{s.quote}”" for s in event.sources]
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.id}@sahel-chronicle",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"DTSTART;VALUE=DATE:{event.date.start:%Y%m%d}",
        f"SUMMARY:{escape(event.title)}",
        f"DESCRIPTION:{escape(chr(10).join(description))}",
        f"CATEGORIES:{escape(event.type)}",
        f"URL:{event.url}",
    ]
    if event.date.end < date.max:  # no DTEND means one day; date.max has no next day anyway
        lines.insert(5, f"DTEND;VALUE=DATE:{event.date.end + timedelta(days=1):%Y%m%d}")
    if event.places:
        lines.append(f"LOCATION:{escape(', '.join(p.name for p in event.places))}")
    located = next((p for p in event.places if p.lat is not None and p.lon is not None), None)
    if located is not None:
        lines.append(f"GEO:{located.lat};{located.lon}")
    if event.occurrence == "planned":
        lines.append("STATUS:TENTATIVE")
    lines.append("END:VEVENT")
    for line in lines:
        yield fold(line)


def write(events: Iterable[EventPublic], context: ExportContext) -> Iterator[str]:
    yield from (
        fold(line)
        for line in (
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{PRODID}",
            "CALSCALE:GREGORIAN",
            f"X-WR-CALNAME:{escape(context.title)}",
        )
    )
    for event in events:
        yield "".join(vevent(event))
    yield fold("END:VCALENDAR")
