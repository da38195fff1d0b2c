"""Date bounds: the one normalised shape every Sahel Chronicle date takes.

Pure module: no database, HTTP or settings imports; the standard library and python-dateutil only.
The shapes follow docs/date-conventions.md exactly: inclusive day bounds, a precision name and an
EDTF string. Every builder here goes through `interval_bounds`, so one interval always comes out
with one representation however it was written ("1-10 May 2024" and "early May 2024" agree).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Final, Literal

Precision = Literal["day", "month", "part_of_month", "season", "year", "range"]
Part = Literal["early", "mid", "late"]

MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# EDTF level-1 season codes (21 spring ... 24 winter) and their first month.
SEASON_CODES: Final[dict[str, int]] = {
    "spring": 21,
    "summer": 22,
    "autumn": 23,
    "fall": 23,
    "winter": 24,
}
_SEASON_NAMES: Final = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}
_SEASON_FIRST_MONTH: Final = {21: 3, 22: 6, 23: 9, 24: 12}
_MONTH_PARTS: Final[dict[Part, tuple[int, int]]] = {
    "early": (1, 10),
    "mid": (11, 20),
    "late": (21, 31),
}
_YEAR_PARTS: Final[dict[Part, tuple[int, int]]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_DECADE_PARTS: Final[dict[Part, tuple[int, int]]] = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_QUALIFIERS: Final = "~?%"
OPEN_END: Final = ".."


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class DateBounds:
    """Inclusive day bounds of a date, with its precision and EDTF form."""

    start: date
    end: date  # inclusive
    precision: Precision
    edtf: str

    @property
    def approximate(self) -> bool:
        return "~" in self.edtf or "%" in self.edtf

    @property
    def uncertain(self) -> bool:
        return "?" in self.edtf or "%" in self.edtf

    @property
    def is_open(self) -> bool:
        """True for "since ..." dates, whose end is only the document date."""
        return self.edtf.endswith("/" + OPEN_END)

    def contains(self, other: DateBounds) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: DateBounds) -> bool:
        return self.start <= other.end and other.start <= self.end

    def qualified(self, *, approximate: bool = False, uncertain: bool = False) -> DateBounds:
        """The same bounds with EDTF qualifiers added ("~" approximate, "?" uncertain, "%" both)."""
        if not (approximate or uncertain):
            return self
        return replace(self, edtf=qualify(self.edtf, approximate=approximate, uncertain=uncertain))

    def label(self) -> str:
        """The human form: "4 May 2024", "early May 2024", "2021–2022", "around May 2024"."""
        text = self._plain_label()
        if self.approximate:
            text = "around " + text
        if self.uncertain:
            text = "possibly " + text
        return text

    def _plain_label(self) -> str:
        start, end = self.start, self.end
        if self.is_open:
            return "since " + _point_label(edtf_endpoints(self.edtf)[0])
        if self.precision == "day":
            return _day_label(start)
        if self.precision == "month":
            return f"{MONTH_NAMES[start.month - 1]} {start.year}"
        if self.precision == "part_of_month":
            prefix = {1: "early ", 11: "mid-", 21: "late "}.get(start.day, "")
            return f"{prefix}{MONTH_NAMES[start.month - 1]} {start.year}"
        if self.precision == "season":
            code = _SEASON_FIRST_MONTH_TO_CODE.get(start.month, 21)
            return f"{_SEASON_NAMES[code]} {start.year}"
        if self.precision == "year":
            return str(start.year)
        if strip_qualifiers(self.edtf).endswith("X"):
            return f"the {start.year}s"
        return _range_label(start, end)


_SEASON_FIRST_MONTH_TO_CODE: Final = {month: code for code, month in _SEASON_FIRST_MONTH.items()}
_NAMED_MONTH_RANGES: Final = {
    (1, 4): "early {y}",
    (5, 8): "mid-{y}",
    (9, 12): "late {y}",
    (1, 6): "first half of {y}",
    (7, 12): "second half of {y}",
    (1, 3): "first quarter of {y}",
    (4, 6): "second quarter of {y}",
    (7, 9): "third quarter of {y}",
    (10, 12): "fourth quarter of {y}",
}


def _day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _range_label(start: date, end: date) -> str:
    months_aligned = start.day == 1 and end == month_end(end.year, end.month)
    if months_aligned and start.month == 1 and end.month == 12:
        return f"{start.year}–{end.year}"
    if months_aligned and start.year == end.year:
        named = _NAMED_MONTH_RANGES.get((start.month, end.month))
        if named:
            return named.format(y=start.year)
        return f"{MONTH_NAMES[start.month - 1]}–{MONTH_NAMES[end.month - 1]} {start.year}"
    if months_aligned:
        return (
            f"{MONTH_NAMES[start.month - 1]} {start.year} – {MONTH_NAMES[end.month - 1]} {end.year}"
        )
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month - 1]} – {_day_label(end)}"
    return f"{_day_label(start)} – {_day_label(end)}"


def _point_label(point: str) -> str:
    parts = [int(p) for p in point.split("-")]
    if len(parts) == 3:
        return _day_label(date(parts[0], parts[1], parts[2]))
    if len(parts) == 2:
        return f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


# --- building bounds -----------------------------------------------------------------------------


def interval_bounds(start: date, end: date) -> DateBounds:
    """The canonical bounds of an arbitrary inclusive interval.

    A whole month is `month`, a whole early/mid/late month `part_of_month`, a whole year `year`;
    anything else is a `range`, written in EDTF with the coarsest unit that is exact (years, then
    months, then days). Seasons and decades keep their own EDTF and are built elsewhere.
    """
    if end < start:
        raise ValueError(f"{end.isoformat()} is before {start.isoformat()}")
    if start == end:
        return DateBounds(start, end, "day", start.isoformat())
    if start.day == 1 and end == month_end(end.year, end.month):
        if start.month == 1 and end.month == 12:
            if start.year == end.year:
                return DateBounds(start, end, "year", f"{start.year:04d}")
            return DateBounds(start, end, "range", f"{start.year:04d}/{end.year:04d}")
        if (start.year, start.month) == (end.year, end.month):
            return DateBounds(start, end, "month", f"{start.year:04d}-{start.month:02d}")
        edtf = f"{start.year:04d}-{start.month:02d}/{end.year:04d}-{end.month:02d}"
        return DateBounds(start, end, "range", edtf)
    edtf = f"{start.isoformat()}/{end.isoformat()}"
    if (start.year, start.month) == (end.year, end.month) and _is_month_part(start, end):
        return DateBounds(start, end, "part_of_month", edtf)
    return DateBounds(start, end, "range", edtf)


def _is_month_part(start: date, end: date) -> bool:
    last = month_end(end.year, end.month).day
    return (start.day, end.day) in {(1, 10), (11, 20), (21, last)}


def day_bounds(year: int, month: int, day: int) -> DateBounds:
    """A single day; raises ValueError for days that do not exist (31 February)."""
    single = date(year, month, day)
    return interval_bounds(single, single)


def month_bounds(year: int, month: int) -> DateBounds:
    return interval_bounds(date(year, month, 1), month_end(year, month))


def part_of_month_bounds(year: int, month: int, part: Part) -> DateBounds:
    first, last = _MONTH_PARTS[part]
    last = min(last, month_end(year, month).day)
    return interval_bounds(date(year, month, first), date(year, month, last))


def week_of_month_bounds(year: int, month: int, week: int) -> DateBounds:
    """Week 1-4 of a month is days 1-7, 8-14 ...; week -1 is the month's last seven days."""
    last = month_end(year, month).day
    first = last - 6 if week < 0 else 7 * (week - 1) + 1
    return interval_bounds(date(year, month, first), date(year, month, first + 6))


def year_bounds(year: int) -> DateBounds:
    return interval_bounds(date(year, 1, 1), date(year, 12, 31))


def part_of_year_bounds(year: int, part: Part) -> DateBounds:
    first, last = _YEAR_PARTS[part]
    return month_span_bounds(year, first, year, last)


def month_span_bounds(year1: int, month1: int, year2: int, month2: int) -> DateBounds:
    return interval_bounds(date(year1, month1, 1), month_end(year2, month2))


def quarter_bounds(year: int, quarter: int) -> DateBounds:
    if not 1 <= quarter <= 4:
        raise ValueError(f"there is no quarter {quarter}")
    return month_span_bounds(year, 3 * quarter - 2, year, 3 * quarter)


def half_bounds(year: int, half: int) -> DateBounds:
    if not 1 <= half <= 2:
        raise ValueError(f"there is no half {half}")
    return month_span_bounds(year, 6 * half - 5, year, 6 * half)


def year_span_bounds(first: int, last: int) -> DateBounds:
    return interval_bounds(date(first, 1, 1), date(last, 12, 31))


def season_bounds(year: int, code: int) -> DateBounds:
    """Northern-hemisphere meteorological seasons; winter 2024 runs December 2024-February 2025."""
    first = _SEASON_FIRST_MONTH[code]
    start = date(year, first, 1)
    last = add_months(start, 2)
    return DateBounds(start, month_end(last.year, last.month), "season", f"{year:04d}-{code}")


def decade_bounds(first_year: int, part: Part | None = None) -> DateBounds:
    """A decade: "the 2010s" is 201X; "the early 2010s" is 2010-2013 (mid 2014-16, late 2017-19)."""
    if part is not None:
        low, high = _DECADE_PARTS[part]
        return year_span_bounds(first_year + low, first_year + high)
    bounds = year_span_bounds(first_year, first_year + 9)
    return replace(bounds, edtf=f"{first_year // 10:03d}X")


def span_bounds(first: DateBounds, last: DateBounds) -> DateBounds:
    """From the start of `first` to the end of `last` ("between January 2020 and May 2021")."""
    return interval_bounds(first.start, last.end)


def open_bounds(since: DateBounds, document_date: date) -> DateBounds:
    """ "Since late 2021": from the start of `since` to the document date.

    When the document date is before the start (a bad date upstream) the span shrinks to its first
    day, so that start <= end always holds and the EDTF string still reads back the same.
    """
    end = max(document_date, since.start)
    edtf = f"{edtf_endpoints(since.edtf)[0]}/{OPEN_END}"
    return DateBounds(since.start, end, "range", edtf)


# --- EDTF strings --------------------------------------------------------------------------------


def strip_qualifiers(edtf: str) -> str:
    return edtf.translate({ord(q): None for q in _QUALIFIERS})


def qualify(edtf: str, *, approximate: bool, uncertain: bool) -> str:
    """Add "~", "?" or "%" to each dated side of an EDTF string."""
    symbol = "%" if approximate and uncertain else "~" if approximate else "?"
    sides = strip_qualifiers(edtf).split("/")
    return "/".join(side if side == OPEN_END else side + symbol for side in sides)


def edtf_endpoints(edtf: str) -> tuple[str, str]:
    """The first and last EDTF points of a date: "2024-21" -> ("2024-03", "2024-05")."""
    plain = strip_qualifiers(edtf)
    if "/" in plain:
        first, last = plain.split("/", 1)
        return first, last
    season = _EDTF_SEASON.fullmatch(plain)
    if season:
        bounds = season_bounds(int(season["year"]), int(season["code"]))
        return f"{bounds.start:%Y-%m}", f"{bounds.end:%Y-%m}"
    if plain.endswith("X"):
        return f"{plain[:3]}0", f"{plain[:3]}9"
    return plain, plain


# ASCII digits only: EDTF is a machine format.
_EDTF_POINT: Final = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?"
)
_EDTF_SEASON: Final = re.compile(r"(?P<year>[0-9]{4})-(?P<code>2[1-4])")
_EDTF_DECADE: Final = re.compile(r"(?P<decade>[0-9]{3})X")
_EDTF_SIDE: Final = re.compile(r"(?P<body>[0-9X-]+)(?P<qualifier>[~?%]?)")


def parse_edtf(value: str, document_date: date | None) -> DateBounds | None:
    """Bounds for an EDTF string, None when `value` is not EDTF-shaped at all.

    Raises ValueError when it is EDTF-shaped but names an impossible month or day, or is open
    ("2021-09/..") with no document date to close it.
    """
    first, sep, last = value.partition("/")
    first_side = _EDTF_SIDE.fullmatch(first)
    if first_side is None:
        return None
    if not sep:
        bounds = _edtf_point(first_side["body"], value)
        if bounds is None:
            return None
        return _with_qualifier(bounds, first_side["qualifier"])
    start = _edtf_point(first_side["body"], value)
    if start is None:
        return None
    if last == OPEN_END:
        if document_date is None:
            raise ValueError(f"'{value}' is open-ended; a document date is needed to close it")
        return _with_qualifier(open_bounds(start, document_date), first_side["qualifier"])
    last_side = _EDTF_SIDE.fullmatch(last)
    end = _edtf_point(last_side["body"], value) if last_side else None
    if last_side is None or end is None:
        return None
    if end.end < start.start:
        raise ValueError(f"'{value}' ends before it starts")
    bounds = span_bounds(start, end)
    return _with_qualifier(bounds, first_side["qualifier"] or last_side["qualifier"])


def _with_qualifier(bounds: DateBounds, qualifier: str) -> DateBounds:
    return bounds.qualified(approximate=qualifier in ("~", "%"), uncertain=qualifier in ("?", "%"))


def _edtf_point(body: str, value: str) -> DateBounds | None:
    decade = _EDTF_DECADE.fullmatch(body)
    if decade:
        return decade_bounds(int(decade["decade"]) * 10)
    season = _EDTF_SEASON.fullmatch(body)
    if season:
        return season_bounds(int(season["year"]), int(season["code"]))
    point = _EDTF_POINT.fullmatch(body)
    if point is None:
        return None
    year = int(point["year"])
    if point["month"] is None:
        return year_bounds(year)
    month = int(point["month"])
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' is not a real month")
    if point["day"] is None:
        return month_bounds(year, month)
    try:
        return day_bounds(year, month, int(point["day"]))
    except ValueError:
        raise ValueError(f"'{value}' is not a real day") from None
