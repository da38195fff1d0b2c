"""The timeline's geometry: buckets, packing, aggregation, bounds. Pure: no database."""

from datetime import date, timedelta

from app.web.chart import (
    MAX_MARKS,
    PLOT_WIDTH,
    PLOT_X,
    LaneInput,
    MarkInput,
    PeriodInput,
    Window,
    buckets,
    count_text,
    draw_timeline,
)


def _zoom(lane: str | None, first: date, last: date) -> str:
    return f"/?lane={lane}&start={first}&end={last}"


def _mark(slug: str, day: date, end: date | None = None, precision: str = "day") -> MarkInput:
    return MarkInput(slug, f"/events/{slug}", slug, "coup", day, end or day, precision, str(day))


WHOLE = Window(date(2012, 1, 1), date(2024, 12, 31))


def test_bucket_size_follows_the_window() -> None:
    assert buckets(WHOLE)[0] == "half year"
    assert buckets(Window(date(2019, 1, 1), date(2024, 12, 31)))[0] == "quarter"
    assert buckets(Window(date(2020, 1, 1), date(2020, 12, 31)))[0] == "month"
    assert buckets(Window(date(2020, 1, 1), date(2020, 4, 30)))[0] == "week"
    assert buckets(Window(date(2020, 3, 1), date(2020, 3, 31)))[0] == "day"
    name, starts = buckets(Window(date(2020, 2, 15), date(2021, 5, 3)))
    assert starts[0] <= date(2020, 2, 15) and starts[-1] > date(2021, 5, 3)


def test_days_map_to_x_within_the_plot() -> None:
    assert WHOLE.x(date(2012, 1, 1)) == PLOT_X
    assert WHOLE.x_after(date(2024, 12, 31)) == round(PLOT_X + PLOT_WIDTH, 2)
    assert WHOLE.x(date(2000, 1, 1)) == PLOT_X  # clamped


def test_quiet_lane_draws_marks_in_rows_without_overlap() -> None:
    same_day = [_mark(f"e{i}", date(2020, 5, 1)) for i in range(3)]
    lane = LaneInput("MLI", "Mali", "/countries/MLI", 3, [(date(2020, 5, 1), 3)], same_day)
    chart = draw_timeline(WHOLE, [lane], [], zoom=_zoom, typed_lanes=False, title="t")
    (drawn,) = chart.lanes
    assert len(drawn.marks) == 3 and drawn.bubbles == []
    assert len({m.y for m in drawn.marks}) == 3  # stacked in three rows
    assert drawn.height >= 3 * 14


def test_crowded_lane_is_aggregated_into_bubbles() -> None:
    days = [(date(2012, 1, 1) + timedelta(days=i), 7) for i in range(0, 4700, 3)]
    spread = [date(2012, 1, 1) + timedelta(days=200 * i) for i in range(10)]
    marks = [_mark(f"e{i}", d) for i, d in enumerate(spread)]
    lanes = [
        LaneInput("MLI", "Mali", None, sum(n for _, n in days), days, None),
        # Too many marks on one day for MAX_ROWS rows: aggregated too.
        LaneInput(
            "MRT",
            "Mauritania",
            None,
            10,
            [(date(2020, 1, 1), 10)],
            [_mark(f"m{i}", date(2020, 1, 1)) for i in range(10)],
        ),
        LaneInput("BFA", "Burkina Faso", None, 10, [(d, 1) for d in spread], marks),
    ]
    chart = draw_timeline(WHOLE, lanes, [], zoom=_zoom, typed_lanes=False, title="t")
    mali, mauritania, burkina = chart.lanes
    assert mali.marks == [] and len(mali.bubbles) <= 26
    assert sum(
        int(b.label.split(": ")[1].split(" ")[0].replace(",", "")) for b in mali.bubbles
    ) == (mali.total)
    assert mauritania.bubbles and not mauritania.marks
    assert burkina.marks and not burkina.bubbles
    first = mali.bubbles[0]
    assert first.href == "/?lane=MLI&start=2012-01-01&end=2012-06-30"
    assert "first half of 2012; zoom in" in first.label
    assert max(b.r for b in mali.bubbles) == 12.0


def test_ranges_are_bars_and_out_of_window_parts_are_clipped() -> None:
    window = Window(date(2021, 1, 1), date(2021, 12, 31))
    marks = [
        _mark("range", date(2020, 6, 1), date(2022, 6, 1), "range"),
        _mark("month", date(2021, 3, 1), date(2021, 3, 31), "month"),
    ]
    lane = LaneInput("MLI", "Mali", None, 2, [], marks)
    (drawn,) = draw_timeline(window, [lane], [], zoom=_zoom, typed_lanes=False, title="t").lanes
    by_slug = {m.href.rsplit("/", 1)[1]: m for m in drawn.marks}
    assert by_slug["range"].bar and by_slug["range"].x1 == PLOT_X
    assert by_slug["range"].x2 == round(PLOT_X + PLOT_WIDTH, 2)
    assert by_slug["month"].whisker and not by_slug["month"].bar


def test_period_bands_and_axis() -> None:
    periods = [
        PeriodInput("Before", "/periods/a", date(2012, 1, 1), date(2020, 8, 17)),
        PeriodInput("Transition", "/periods/b", date(2020, 8, 18), date(2024, 12, 31)),
        PeriodInput("Elsewhere", "/periods/c", date(1990, 1, 1), date(1991, 1, 1)),
    ]
    chart = draw_timeline(WHOLE, [], periods, zoom=_zoom, typed_lanes=False, title="t")
    assert [b.title for b in chart.bands] == ["Before", "Transition"]
    assert chart.bands[0].x + chart.bands[0].width == chart.bands[1].x
    assert [label.text for label in chart.labels if label.major] == [
        str(y) for y in range(2012, 2025)
    ]
    assert sum(t.major for t in chart.ticks) == 12  # a gridline at each new year
    assert chart.empty


def test_counts_are_short() -> None:
    assert [count_text(n) for n in (7, 999, 1000, 1234, 12_345)] == [
        "7",
        "999",
        "1k",
        "1.2k",
        "12k",
    ]
    assert MAX_MARKS >= 20
