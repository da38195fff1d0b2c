"""The visual timeline as geometry: lanes, marks, count bubbles, period bands and an axis.

Pure: dates, counts and links in, coordinates (in the units of the SVG's viewBox) out; no
database or HTTP. web/_timeline.html draws exactly what this module decides.

A lane draws one mark per event when it has few enough events for their marks to fit in a few
rows; otherwise it folds its events into calendar buckets (days, weeks, months, quarters, half
years or years: the finest whose bubbles still fit side by side) and draws one count bubble per
bucket, linked to the zoomed-in view of that bucket. So a chart costs the same whether it holds
a hundred events or a hundred thousand: at most a few hundred marks or bubbles.
"""

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.extraction.temporal_bounds import MONTH_NAMES, add_months, interval_bounds
from app.web.palette import type_style

WIDTH = 1000
PLOT_X = 150.0  # lane labels on the left
PLOT_WIDTH = WIDTH - PLOT_X - 14
ROW = 14.0  # height of a row of marks
LANE_PAD = 7.0
LANE_MIN = 30.0
MAX_ROWS = 4
MAX_MARKS = 40  # a lane with more events is aggregated
MARK_HALF = 6.0
MIN_BUCKET = 22.0  # the narrowest bucket that holds a bubble
MAX_RADIUS = 12.0
BAND_ROW = 18.0
MAX_BAND_ROWS = 3
AXIS = 40.0
LABEL_CHARS = 22

ZoomHref = Callable[[str | None, date, date], str]


@dataclass(frozen=True)
class Window:
    """The days the chart spans, both included, and how a day maps to x."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def x(self, day: date) -> float:
        """The x of the start of `day` (clamped to the plot)."""
        offset = min(max((day - self.start).days, 0), self.days)
        return round(PLOT_X + offset / self.days * PLOT_WIDTH, 2)

    def x_after(self, day: date) -> float:
        """The x of the end of `day`."""
        return self.x(day + timedelta(days=1))


@dataclass(frozen=True)
class MarkInput:
    slug: str
    href: str
    title: str
    type: str
    start: date
    end: date
    precision: str
    date_label: str


@dataclass(frozen=True)
class LaneInput:
    key: str | None  # a type or a country code (None: events without a country)
    label: str
    href: str | None  # the lane's own page
    total: int
    days: list[tuple[date, int]]  # events per first day
    marks: list[MarkInput] | None  # None: too many to draw one by one


@dataclass(frozen=True)
class PeriodInput:
    name: str
    href: str
    start: date
    end: date


@dataclass(frozen=True)
class Mark:
    href: str
    label: str  # what a screen reader says and the tooltip shows
    type: str
    symbol: str
    x: float  # the shape's centre
    y: float
    x1: float  # the date bounds
    x2: float
    bar: bool  # a range: drawn as a bar from x1 to x2
    whisker: bool  # an imprecise date: a thin line from x1 to x2


@dataclass(frozen=True)
class Bubble:
    href: str
    label: str
    x: float
    y: float
    r: float
    text: str  # the count as printed inside ("" when it does not fit)
    type: str | None  # the lane's type when lanes are types (its colour)


@dataclass(frozen=True)
class Lane:
    key: str | None
    label: str  # as printed (shortened)
    full_label: str
    href: str | None
    total: int
    y: float
    height: float
    marks: list[Mark]
    bubbles: list[Bubble]

    @property
    def middle(self) -> float:
        return round(self.y + self.height / 2, 2)

    @property
    def aggregated(self) -> bool:
        return bool(self.bubbles)


@dataclass(frozen=True)
class Band:
    href: str
    title: str
    label: str  # shortened to fit
    x: float
    width: float
    shade: int  # 0, 1 or 2: alternating tints
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    x: float
    major: bool  # a year boundary (a gridline) or a month


@dataclass(frozen=True)
class AxisLabel:
    x: float
    y: float
    text: str
    major: bool


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: float
    plot_x: float
    plot_width: float
    top: float  # where the lanes start (below the period labels)
    bottom: float  # where they end (above the axis)
    start: str  # ISO first day, for the drag-to-zoom script
    end: str
    days: int
    bucket: str  # what a bubble counts: "month", "quarter"...
    lanes: list[Lane]
    bands: list[Band]
    ticks: list[Tick]
    labels: list[AxisLabel]
    title: str
    description: str

    @property
    def empty(self) -> bool:
        return not self.lanes


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def count_text(n: int) -> str:
    if n < 1000:
        return str(n)
    if n < 10_000:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    return f"{n // 1000}k"


# Bucket sizes, finest first: (name, months, days).
_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("day", 0, 1),
    ("week", 0, 7),
    ("month", 1, 0),
    ("quarter", 3, 0),
    ("half year", 6, 0),
    ("year", 12, 0),
)


def buckets(window: Window) -> tuple[str, list[date]]:
    """The bucket size for `window` and the first day of each bucket, plus the day after the
    last: the finest calendar unit whose buckets are at least MIN_BUCKET wide."""
    per_day = PLOT_WIDTH / window.days
    for name, months, days in _BUCKETS:
        if (months * 30.4 + days) * per_day < MIN_BUCKET and name != "year":
            continue
        if months:
            first = date(window.start.year, (window.start.month - 1) // months * months + 1, 1)
            starts = [first]
            while starts[-1] <= window.end:
                starts.append(add_months(starts[-1], months))
        else:
            starts = [window.start]
            while starts[-1] <= window.end:
                starts.append(starts[-1] + timedelta(days=days))
        return name, starts
    raise AssertionError("unreachable: the year bucket always fits")


def _pack(extents: list[tuple[float, float]]) -> list[int] | None:
    """A row for each extent (sorted by left edge) so that none overlaps in a row; None when
    that takes more than MAX_ROWS rows."""
    ends: list[float] = []
    rows = []
    for left, right in extents:
        for row, end in enumerate(ends):
            if left >= end + 1:
                ends[row] = right
                rows.append(row)
                break
        else:
            if len(ends) == MAX_ROWS:
                return None
            ends.append(right)
            rows.append(len(ends) - 1)
    return rows


def _marks(window: Window, inputs: list[MarkInput], top: float) -> list[Mark] | None:
    placed = []
    for m in inputs:
        x1 = window.x(max(m.start, window.start))
        x2 = window.x_after(min(m.end, window.end))
        long = x2 - x1 >= 4
        bar = long and m.precision == "range"
        x = x1 + MARK_HALF / 2 if bar else round((x1 + x2) / 2, 2)
        left, right = (x1, max(x2, x + MARK_HALF)) if bar else (x - MARK_HALF, x + MARK_HALF)
        placed.append((left, right, x, x1, x2, bar, long and not bar, m))
    placed.sort(key=lambda p: (p[0], p[1]))
    rows = _pack([(p[0], p[1]) for p in placed])
    if rows is None:
        return None
    marks = []
    for row, (_, _, x, x1, x2, bar, whisker, m) in zip(rows, placed, strict=True):
        style = type_style(m.type)
        marks.append(
            Mark(
                href=m.href,
                label=f"{m.title}, {m.date_label} ({style.label.lower()})",
                type=style.value,
                symbol=style.symbol,
                x=x,
                y=round(top + LANE_PAD + row * ROW + ROW / 2, 2),
                x1=x1,
                x2=x2,
                bar=bar,
                whisker=whisker,
            )
        )
    return marks


def _bucket_counts(window: Window, lane: LaneInput, starts: list[date]) -> list[int]:
    counts = [0] * (len(starts) - 1)
    for day, n in lane.days:
        index = bisect.bisect_right(starts, max(day, window.start)) - 1
        if 0 <= index < len(counts):
            counts[index] += n
    return counts


def _bubbles(
    window: Window,
    lane: LaneInput,
    starts: list[date],
    counts: list[int],
    middle: float,
    biggest: int,
    zoom: ZoomHref,
    typed: bool,
) -> list[Bubble]:
    bubbles = []
    for i, n in enumerate(counts):
        if not n:
            continue
        first = max(starts[i], window.start)
        last = min(starts[i + 1] - timedelta(days=1), window.end)
        x = round((window.x(first) + window.x_after(last)) / 2, 2)
        r = round(max(4.0, MAX_RADIUS * math.sqrt(n / biggest)), 2)
        text = count_text(n)
        # Bold 9px digits are about 6 units wide; the count shows only when it fits inside.
        fits = len(text) * 6.2 <= 2 * r - 2
        events = "event" if n == 1 else "events"
        span = interval_bounds(first, last).label()
        bubbles.append(
            Bubble(
                href=zoom(lane.key, first, last),
                label=f"{lane.label}: {n:,} {events}, {span}; zoom in",
                x=x,
                y=middle,
                r=r,
                text=text if fits else "",
                type=lane.key if typed else None,
            )
        )
    return bubbles


def _axis(window: Window, y: float) -> tuple[list[Tick], list[AxisLabel]]:
    ticks: list[Tick] = []
    labels: list[AxisLabel] = []
    year_width = PLOT_WIDTH * 365.25 / window.days
    step = max(1, math.ceil(34 / year_width))
    for year in range(window.start.year, window.end.year + 1):
        first, last = max(date(year, 1, 1), window.start), min(date(year, 12, 31), window.end)
        if first == date(year, 1, 1) and first != window.start:
            ticks.append(Tick(window.x(first), True))
        visible = window.x_after(last) - window.x(first)
        if year % step == 0 and visible >= 26:
            middle = (window.x(first) + window.x_after(last)) / 2
            labels.append(AxisLabel(round(middle, 2), y + 30, str(year), True))
    month_width = year_width / 12
    if month_width >= 5:
        month = date(window.start.year, window.start.month, 1)
        while month <= window.end:
            if month.month != 1 and month > window.start:
                ticks.append(Tick(window.x(month), False))
            if month_width >= 14:
                name = MONTH_NAMES[month.month - 1]
                text = name[:3] if month_width >= 28 else name[0]
                last = min(add_months(month, 1) - timedelta(days=1), window.end)
                middle = (window.x(max(month, window.start)) + window.x_after(last)) / 2
                labels.append(AxisLabel(round(middle, 2), y + 14, text, False))
            month = add_months(month, 1)
    return ticks, labels


def _bands(window: Window, periods: list[PeriodInput]) -> tuple[list[Band], int]:
    placed: list[tuple[float, float, PeriodInput]] = []
    for p in sorted(periods, key=lambda p: (p.start, p.end)):
        if p.end < window.start or p.start > window.end:
            continue
        x1 = window.x(max(p.start, window.start))
        x2 = window.x_after(min(p.end, window.end))
        placed.append((x1, x2, p))
    rows = []
    ends: list[float] = []
    for x1, x2, _ in placed:
        for row, end in enumerate(ends):
            if x1 >= end:
                ends[row] = x2
                rows.append(row)
                break
        else:
            ends.append(x2)
            rows.append(len(ends) - 1)
    bands = []
    for i, ((x1, x2, p), row) in enumerate(zip(placed, rows, strict=True)):
        shown_row = min(row, MAX_BAND_ROWS - 1)
        chars = int((x2 - x1 - 10) / 7.0)
        bands.append(
            Band(
                href=p.href,
                title=p.name,
                label=shorten(p.name, chars) if chars >= 3 else "",
                x=x1,
                width=round(x2 - x1, 2),
                shade=i % 3,
                label_x=round(x1 + 3, 2),
                label_y=round(shown_row * BAND_ROW + 13, 2),
            )
        )
    return bands, min(len(ends), MAX_BAND_ROWS)


def draw_timeline(
    window: Window,
    lanes: list[LaneInput],
    periods: list[PeriodInput],
    *,
    zoom: ZoomHref,
    typed_lanes: bool,
    title: str,
) -> TimelineChart:
    """The chart of `lanes` over `window`, with `periods` as background bands.

    `zoom(lane, first, last)` is the link of a bubble: the view of that lane and those days.
    `typed_lanes` says the lanes are event types (bubbles then take the type's colour).
    """
    name, starts = buckets(window)
    bands, band_rows = _bands(window, periods)
    top = band_rows * BAND_ROW + (4 if band_rows else 0)
    # First pass: which lanes fit their marks, and the bucket counts of the others.
    fits = [lane.marks is not None and _marks(window, lane.marks, 0) is not None for lane in lanes]
    counts = [
        [] if fit else _bucket_counts(window, lane, starts)
        for lane, fit in zip(lanes, fits, strict=True)
    ]
    biggest = max((max(c, default=0) for c in counts), default=0) or 1
    y = top
    drawn: list[Lane] = []
    for lane, fit, lane_counts in zip(lanes, fits, counts, strict=True):
        marks: list[Mark] = []
        bubbles: list[Bubble] = []
        if fit and lane.marks is not None:
            marks = _marks(window, lane.marks, y) or []
            rows = max((round((m.y - y - LANE_PAD - ROW / 2) / ROW) for m in marks), default=0)
            height = max(LANE_MIN, (rows + 1) * ROW + 2 * LANE_PAD)
        else:
            height = LANE_MIN
            bubbles = _bubbles(
                window, lane, starts, lane_counts, y + height / 2, biggest, zoom, typed_lanes
            )
        drawn.append(
            Lane(
                key=lane.key,
                label=shorten(lane.label, LABEL_CHARS),
                full_label=lane.label,
                href=lane.href,
                total=lane.total,
                y=round(y, 2),
                height=height,
                marks=marks,
                bubbles=bubbles,
            )
        )
        y += height
    ticks, labels = _axis(window, y)
    span = interval_bounds(window.start, window.end).label()
    description = (
        f"{len(drawn)} lanes over {span}; each event is a mark shaped and coloured by its type, "
        f"a range of dates is a bar, and busy lanes show the number of events per {name} in a "
        "bubble that zooms in. The chronology below lists the same events as text."
        if drawn
        else f"No event matches these filters in {span}."
    )
    return TimelineChart(
        width=WIDTH,
        height=round(y + AXIS, 2),
        plot_x=PLOT_X,
        plot_width=PLOT_WIDTH,
        top=top,
        bottom=round(y, 2),
        start=window.start.isoformat(),
        end=window.end.isoformat(),
        days=window.days,
        bucket=name,
        lanes=drawn,
        bands=bands,
        ticks=ticks,
        labels=labels,
        title=title,
        description=description,
    )
