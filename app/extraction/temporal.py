"""Temporal expressions: find and resolve the dates written in English analysis and news text.

Pure module: no database, HTTP or settings imports; the standard library and python-dateutil
only. Dates are normalised exactly as docs/date-conventions.md says (bounds, precision, EDTF), by
the builders in `temporal_bounds`. The patterns live in `temporal_patterns`; the rules that turn
a match into a piece in `temporal_rules` (calendar dates) and `temporal_relative` ("two days
later", "last year"); pieces and how they resolve in `temporal_pieces`.

How `find_dates` reads a text:

1. every pattern is run over the text and each rule turns its matches into candidate pieces,
   dropping numbers that are not dates ("2,000 troops", "Resolution 2100", "May seek");
2. overlapping candidates are settled longest first ("early April 2024" beats "April 2024");
3. two neighbouring dates joined by "-", "–", "through", "from ... to", "between ... and" become
   one span ("between January 2020 and September 2021");
4. words just before a date are taken in: "around" (approximate, EDTF "~"), "since" (open span,
   from the date to the document date), "reportedly"/"possibly" (uncertain, EDTF "?");
5. pieces are resolved in text order. Year-less dates ("On September 16") take the anchor's year,
   else the latest such date not after the document date. Narrative expressions ("the following
   day", "two days later", "that year") count from the anchor, else the document date; deictic
   ones ("this year", "last May", "three years ago", "earlier this year") always count from the
   document date, as the writer does. Each resolved date becomes the anchor of the expressions
   after it in the same call, so "On 10 February ... Two days later" gives 12 February.

Deliberate choices and known limits:

- bare years are 2000-2039 and need a date context; a year before a unit ("2000 troops") is a
  count, so "In 2022 troops left" (no comma) is missed;
- "in the past 12 months" / "in the last few months" is a range ending at the document date;
  durations ("for nine years", "over the past decade", "a 25-year-old") give nothing;
- offsets measured from another event ("two days after the vote", "the day after he won") give
  nothing: the event they count from is not a date this stage can see;
- "a decade later" / "a decade ago" give nothing (the conventions treat them as spans of time);
- weekdays and times of day alone ("on Monday", "this morning") give nothing;
- in `parse_date_expression`, an EDTF string wins over English: "2021-22" is EDTF summer 2021
  (type "2021–2022" for the span) and "2011-12" is December 2011.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Final, Literal

from app.extraction import temporal_patterns as p
from app.extraction import temporal_relative as relative
from app.extraction import temporal_rules as rules
from app.extraction.temporal_bounds import (
    DateBounds,
    Precision,
    month_bounds,
    open_bounds,
    parse_edtf,
)
from app.extraction.temporal_pieces import Context, Kind, Piece

Rule = Callable[[re.Match[str], str], Piece | None]
# Each pattern with the rule that reads its matches. Order breaks ties between readings of equal
# length (the earlier rule wins).
_RULES: Final[tuple[tuple[re.Pattern[str], Rule], ...]] = (
    (p.DAY_FIRST, rules.day_first),
    (p.MONTH_FIRST, rules.month_first),
    (p.YEAR_SPAN, rules.year_span),
    (p.YEAR_FIRST, rules.year_first),
    (p.WEEK_OF, rules.week_of),
    (p.PART, rules.part),
    (p.QUARTER_OF, rules.quarter_of),
    (p.QUARTER_CODE, rules.quarter_code),
    (p.SEASON, rules.season),
    (p.UNIT, relative.unit),
    (p.DEIXIS, relative.deixis),
    (p.WEEKDAY_REF, relative.weekday),
)

__all__ = [
    "DateBounds",
    "Kind",
    "Precision",
    "TemporalMention",
    "find_dates",
    "parse_date_expression",
]


@dataclass(frozen=True)
class TemporalMention:
    """One date expression found in a text."""

    start: int  # character offsets into the text passed in (plus `offset`)
    end: int
    text: str  # the exact matched text
    bounds: DateBounds
    kind: Literal["absolute", "anchored", "relative", "open"]
    approximate: bool  # "around", "about", "nearly", "some" ...; the EDTF carries "~"


# Every rule below needs a digit, a month or season name, or a calendar unit word ("the
# following day", "a year later"); a text with none of them holds no date. Checked first because
# most sentences have none, and the full rule set costs far more than this one search. It runs on
# the lower-cased text without a case-insensitive flag or word boundaries, which makes it several
# times faster; it may say yes to a text with no date ("mayor"), never no to one with a date.
_MAY_HOLD_A_DATE = re.compile(
    r"\d|(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|days?|weeks?|weekends?|"
    r"months?|years?|decades?|century|centuries|quarters?|today|yesterday|tomorrow|spring|summer|"
    r"autumn|fall|winter|seasons?|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)


def find_dates(
    text: str, *, document_date: date, anchor: DateBounds | None = None, offset: int = 0
) -> list[TemporalMention]:
    """Find and resolve every temporal expression in `text`, in text order, non-overlapping.

    `document_date` is the publication date (for "this year", "last May", open ends and year-less
    dates without an anchor); `anchor` is the date of the event the text follows in the narrative,
    if any. Offsets are into `text` plus `offset`. Never raises on unusual text.
    """
    if isinstance(document_date, datetime):  # datetimes do not compare with dates
        document_date = document_date.date()
    if not _MAY_HOLD_A_DATE.search(text.lower()):
        return []  # most sentences of an analysis: no digit and no calendar word
    pieces = _join_spans(text, _longest_first(_candidates(text)))
    mentions: list[TemporalMention] = []
    current = anchor
    floor = 0
    for piece in pieces:
        found, current = _resolve(text, piece, floor, document_date, current)
        mentions.extend(
            TemporalMention(
                m.start + offset, m.end + offset, m.text, m.bounds, m.kind, m.approximate
            )
            for m in found
        )
        floor = piece.end
    return _share_listed_years(text, offset, mentions)


# Between the months of a list: "January and September 2022", "May, June and July".
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*")


def _share_listed_years(
    text: str, offset: int, mentions: list[TemporalMention]
) -> list[TemporalMention]:
    """A month listed before a month with a year shares that year: "in January and September
    2022" is January 2022, not the January before the document. Read from the end of the list
    ("May, June and July 2023")."""
    for i in range(len(mentions) - 2, -1, -1):
        first, second = mentions[i], mentions[i + 1]
        if (
            first.kind == "anchored"
            and first.bounds.precision == "month"
            and second.bounds.precision == "month"
            and second.kind == "absolute"
            and first.bounds.start.year != second.bounds.start.year
            and _LIST_GAP.fullmatch(text, first.end - offset, second.start - offset)
        ):
            mentions[i] = replace(
                first,
                bounds=month_bounds(second.bounds.start.year, first.bounds.start.month),
                kind="absolute",
            )
    return mentions


def _candidates(text: str) -> list[tuple[Piece, int]]:
    found: list[tuple[Piece, int]] = []
    for priority, (pattern, rule) in enumerate(_RULES):
        for match in pattern.finditer(text):
            piece = rule(match, text)
            if piece is not None and piece.end > piece.start:
                found.append((piece, priority))
    return found


def _longest_first(found: list[tuple[Piece, int]]) -> list[Piece]:
    """Keep the longest candidates that do not overlap, returned in text order."""
    ordered = sorted(found, key=lambda item: (item[0].start - item[0].end, item[0].start, item[1]))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Piece] = []
    for piece, _ in ordered:
        index = bisect_right(starts, piece.start)
        if index > 0 and ends[index - 1] > piece.start:
            continue
        if index < len(starts) and starts[index] < piece.end:
            continue
        starts.insert(index, piece.start)
        ends.insert(index, piece.end)
        chosen.insert(index, piece)
    return chosen


def _join_spans(text: str, pieces: list[Piece]) -> list[Piece]:
    joined: list[Piece] = []
    index = 0
    while index < len(pieces):
        span = _span(text, pieces[index], pieces[index + 1]) if index + 1 < len(pieces) else None
        joined.append(span or pieces[index])
        index += 2 if span else 1
    return joined


def _span(text: str, first: Piece, last: Piece) -> Piece | None:
    """One span from two calendar dates joined by a dash, "through", "from ... to/until" or
    "between ... and"; "2019 and 2020" without "between" stays two dates."""
    if first.calendar is None or last.calendar is None:
        return None
    joint = p.SPAN_JOIN.fullmatch(text, first.end, last.start)
    if joint is None:
        return None
    start = rules.span_start(text, first.start, (joint["word"] or "").lower())
    return None if start is None else Piece(start, last.end, parts=(first, last))


def _resolve(
    text: str, piece: Piece, floor: int, document_date: date, anchor: DateBounds | None
) -> tuple[list[TemporalMention], DateBounds | None]:
    """Mentions for one piece and the anchor for what follows it."""
    start, approximate, since, uncertain = _qualifiers(text, piece, floor)
    try:
        bounds, kind = piece.resolve(Context(document_date, anchor))
    except (ValueError, OverflowError):
        if piece.parts is None:
            return [], anchor
        mentions: list[TemporalMention] = []
        for part in piece.parts:  # the span cannot exist: keep its two ends as they are
            found, anchor = _resolve(text, part, floor, document_date, anchor)
            mentions.extend(found)
            floor = part.end
        return mentions, anchor
    resolved = bounds
    if since:
        bounds, kind = open_bounds(bounds, document_date), "open"
    bounds = bounds.qualified(approximate=approximate, uncertain=uncertain)
    mention = TemporalMention(start, piece.end, text[start : piece.end], bounds, kind, approximate)
    return [mention], resolved


def _qualifiers(text: str, piece: Piece, floor: int) -> tuple[int, bool, bool, bool]:
    """Start of the mention once "around"/"since" are taken in, and whether it is approximate,
    open ("since ...") and uncertain ("reportedly in ...")."""
    start = piece.start
    pattern = p.APPROX_OFFSET_BEFORE if piece.is_offset else p.APPROX_BEFORE
    approx = pattern.search(text, max(floor, start - 24), start)
    if approx and not piece.is_offset and p.MODIFIER_AFTER.match(text, piece.end):
        approx = None  # "concerns about 2024 elections": "about" is not about the date
    if approx:
        start = approx.start()
    since = p.SINCE_BEFORE.search(text, max(floor, start - 24), start)
    if since:
        start = since.start()
    uncertain = p.UNCERTAIN_BEFORE.search(text, max(floor, start - 32), start)
    return start, bool(approx) or piece.approximate, bool(since), bool(uncertain)


# --- typed values ---------------------------------------------------------------------------

_NEEDS_DOCUMENT_DATE: Final[dict[str, str]] = {
    "anchored": "'{value}' has no year; add one (or give the document date)",
    "relative": "'{value}' is relative; a document date is needed to resolve it",
    "open": "'{value}' is open-ended; a document date is needed to close it",
}
_PLACEHOLDER_DATE: Final = date(2000, 1, 1)  # resolves what needs a date; such results are refused


def parse_date_expression(value: str, *, document_date: date | None = None) -> DateBounds:
    """Parse one date an editor typed ("4 May 2024", "early May 2024", "2021–2022", "late 2021",
    "2015", "2024-05-04", "2022-01", "2021/2022", "since late 2021") into bounds.

    Raises ValueError with a message meant for the editor when it cannot.
    """
    cleaned = " ".join(value.split())
    if not cleaned:
        raise ValueError("an empty value is not a date")
    edtf = parse_edtf(cleaned, document_date)
    if edtf is not None:
        return edtf
    cleaned = p.ANY_CASE_MONTH.sub(lambda match: match[0].capitalize(), cleaned)
    _refuse_impossible_day(cleaned, value)
    # A bare "2015" or "May" is a date here, though not in running text: try it after "in".
    mention = _whole_value(cleaned, document_date) or _whole_value("in " + cleaned, document_date)
    if mention is None:
        raise ValueError(f"could not read '{value}' as a date")
    if document_date is None and mention.kind != "absolute":
        raise ValueError(_NEEDS_DOCUMENT_DATE[mention.kind].format(value=value))
    return mention.bounds


def _whole_value(candidate: str, document_date: date | None) -> TemporalMention | None:
    mentions = find_dates(candidate, document_date=document_date or _PLACEHOLDER_DATE)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    if mention.end != len(candidate) or not p.LEADING_WORDS.fullmatch(candidate, 0, mention.start):
        return None
    return mention


def _refuse_impossible_day(cleaned: str, value: str) -> None:
    for match in p.DAY_MONTH_TYPED.finditer(cleaned):
        number = "1" if match["d1"] else "2"
        month = p.MONTH_NUMBERS[match["m" + number].rstrip(".").lower()]
        year = int(match["y"]) if match["y"] else 2000  # 2000 was leap: 29 February can exist
        try:
            date(year, month, int(match["d" + number]))
        except ValueError:
            raise ValueError(f"'{value}' is not a real day") from None
