"""Pieces of the temporal-expression stage: dates found but not yet resolved, and how they
resolve once the document date and the narrative anchor are known.

Pure module: no database, HTTP or settings imports.

A `Piece` knows where it sits in the text and how to resolve itself. Resolution happens after all
pieces are found, in text order (app.extraction.temporal), so that each date can serve as the
anchor of the expressions after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal

from app.extraction.temporal_bounds import (
    DateBounds,
    add_months,
    interval_bounds,
    month_bounds,
    month_end,
    span_bounds,
    year_bounds,
    year_span_bounds,
)

Kind = Literal["absolute", "anchored", "relative", "open"]
Unit = Literal["day", "week", "month", "year"]
# "A few months later" is the first to the sixth month after (docs/date-conventions.md); "several",
# "some" and a bare plural ("months later") are read the same way.
FEW: Final = (1, 6)
_CONTEXT_WIDTH: Final = 40  # characters looked at before a match for its leading words


@dataclass(frozen=True)
class Context:
    document_date: date
    anchor: DateBounds | None

    @property
    def base(self) -> DateBounds:
        """What narrative expressions count from: the anchor, else the document date."""
        if self.anchor is not None:
            return self.anchor
        return interval_bounds(self.document_date, self.document_date)


@dataclass(frozen=True)
class YearRef:
    """Where a calendar date gets its year: written, missing, or by reference ("that year")."""

    base: Literal["explicit", "auto", "document", "anchor"]
    value: int = 0  # the year when explicit, else an offset in years


Builder = Callable[[int], DateBounds]  # year -> bounds; raises ValueError for impossible dates
Resolver = Callable[[Context], DateBounds]


@dataclass(frozen=True)
class Calendar:
    build: Builder
    year: YearRef
    first_month: int = 1  # orders the two ends of "from November to February 2022"


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    calendar: Calendar | None = None
    relative: Resolver | None = None
    parts: tuple[Piece, Piece] | None = None  # "between X and Y", resolved as one span
    approximate: bool = False  # inherent, as in "a week later"
    is_offset: bool = False  # offsets take the wider set of qualifiers ("nearly", "some")

    def resolve(self, ctx: Context) -> tuple[DateBounds, Kind]:
        """Bounds and kind; raises ValueError when the date cannot exist."""
        if self.parts is not None:
            first, last = self.parts[0].calendar, self.parts[1].calendar
            if first is None or last is None:
                raise ValueError("a span joins calendar dates only")
            return resolve_span(first, last, ctx)
        if self.calendar is not None:
            return resolve_calendar(self.calendar, ctx)
        if self.relative is not None:
            return self.relative(ctx), "relative"
        raise ValueError("empty piece")


# --- resolution -----------------------------------------------------------------------------------


def _known_year(ref: YearRef, ctx: Context) -> tuple[int, Kind] | None:
    if ref.base == "explicit":
        return ref.value, "absolute"
    if ref.base == "document":
        return ctx.document_date.year + ref.value, "relative"
    if ref.base == "anchor":
        return ctx.base.start.year + ref.value, "relative"
    return None


def auto_year(calendar: Calendar, ctx: Context) -> int:
    """The year of a year-less date ("On September 16", "mid-October").

    With an anchor it is simply the anchor's year, even when the day falls before the anchor: a
    forward narrative rarely steps back, and guessing the next year would be wrong as often.
    Without one it is the latest such date that starts on or before the document date.
    """
    if ctx.anchor is not None:
        return ctx.anchor.start.year
    latest = ctx.document_date
    for year in range(latest.year, latest.year - 8, -1):  # 8 years always reach a 29 February
        try:
            if calendar.build(year).start <= latest:
                return year
        except ValueError:
            continue
    raise ValueError("no year fits this date")


def resolve_calendar(calendar: Calendar, ctx: Context) -> tuple[DateBounds, Kind]:
    known = _known_year(calendar.year, ctx)
    if known is not None:
        return calendar.build(known[0]), known[1]
    return calendar.build(auto_year(calendar, ctx)), "anchored"


def resolve_span(first: Calendar, last: Calendar, ctx: Context) -> tuple[DateBounds, Kind]:
    """One end lends its year to the other: "from March to May 2022", "November to February"."""
    head, tail = _known_year(first.year, ctx), _known_year(last.year, ctx)
    if head is None and tail is None:
        head = (auto_year(first, ctx), "anchored")
    if head is None and tail is not None:
        before = first.first_month <= last.first_month
        head = (tail[0] if before else tail[0] - 1, tail[1])
    if tail is None and head is not None:
        after = last.first_month >= first.first_month
        tail = (head[0] if after else head[0] + 1, head[1])
    if head is None or tail is None:  # unreachable; keeps the types exact
        raise ValueError("span without a year")
    kinds = {head[1], tail[1]}
    kind: Kind = (
        "relative" if "relative" in kinds else ("absolute" if "absolute" in kinds else "anchored")
    )
    return span_bounds(first.build(head[0]), last.build(tail[0])), kind


def shift(base: DateBounds, unit: Unit, low: int, high: int) -> DateBounds:
    """Move `base` by low..high units: days and weeks keep day bounds, months and years widen to
    whole months and years ("nine months later" is a month, "a year later" a year)."""
    if unit in ("day", "week"):
        days = 7 if unit == "week" else 1
        return interval_bounds(
            base.start + timedelta(days=low * days), base.end + timedelta(days=high * days)
        )
    if unit == "month":
        last = add_months(base.end, high)
        return interval_bounds(add_months(base.start, low), month_end(last.year, last.month))
    return year_span_bounds(base.start.year + low, base.end.year + high)


def calendar_week(day: date, weeks: int = 0) -> DateBounds:
    monday = day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)
    return interval_bounds(monday, monday + timedelta(days=6))


def whole(unit: Unit, base: DateBounds) -> DateBounds:
    """The day, week, month or year around `base`; `base` itself when it is wider than that."""
    start = base.start
    around = {
        "day": lambda: interval_bounds(start, start),
        "week": lambda: calendar_week(start),
        "month": lambda: month_bounds(start.year, start.month),
        "year": lambda: year_bounds(start.year),
    }[unit]()
    return around if around.contains(base) else base


def later_or_earlier(unit: Unit, base: DateBounds, later: bool) -> DateBounds:
    """Later that year: the rest of the year after `base`; earlier that month: the days before."""
    around = whole(unit, base)
    if later and base.end < around.end:
        return interval_bounds(base.end + timedelta(days=1), around.end)
    if not later and around.start < base.start:
        return interval_bounds(around.start, base.start - timedelta(days=1))
    return around


# --- looking around a match ----------------------------------------------------------------------


def before(
    pattern: re.Pattern[str], text: str, pos: int, width: int = _CONTEXT_WIDTH
) -> re.Match[str] | None:
    """`pattern` (anchored with $) matched against the `width` characters before `pos`."""
    return pattern.search(text, max(0, pos - width), pos)


def starts_word(text: str, pos: int, also: str = "") -> bool:
    """True when `pos` starts a word: not inside a word or number ("FY2020", "amid") nor, with
    `also`, right after one of the given characters ("12,2020", "$2020")."""
    if pos == 0:
        return True
    previous = text[pos - 1]
    return not (previous.isalnum() or previous in also)
