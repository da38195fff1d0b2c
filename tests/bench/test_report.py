"""The figures in docs/benchmarks.md: one table per engine and size, replaced by a new run,
hand-written text around them kept."""

from datetime import UTC, datetime
from pathlib import Path

from app.bench.report import SECTION, record, table
from app.bench.run import ExportMeasure, Measure, RunResult
from app.bench.scenarios import FloorResult
from app.bench.wrk import WrkResult


def _wrk(rate: float, p50: float) -> WrkResult:
    return WrkResult(int(rate * 5), 5.0, 1000, 0, 0, p50, p50 * 2, p50 * 3, p50 * 4)


def _result(engine: str, events: int, list_rate: float) -> RunResult:
    started = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    ours = Measure("list", "events list", 80.0, _wrk(10, 20), _wrk(list_rate, 90), 150.0, 1.5)
    theirs = Measure("datasette", "Datasette", 30.0, _wrk(30, 10), _wrk(50, 40), 60.0, 1.5)
    export = ExportMeasure(9000, 4.0, 3.0, 50.0, 170.0, True, 1.2)
    return RunResult(
        engine,
        events,
        started,
        build_seconds=12.0,
        build_cpu_seconds=10.0,
        schema="0006",
        measures=[ours],
        export=export,
        datasette=theirs if engine == "sqlite" else None,
        floors=[FloorResult(False, 30, 5.0, 6.0)],
        loads=(1.0, 2.0, 2.5),
        server_hwm_mb=180.0,
        connections=16,
    )


def test_table_gives_every_figure_and_the_ratio_to_datasette() -> None:
    text = table(_result("sqlite", 10_000, 100), "python scripts/bench/http_bench.py")
    assert text.startswith("### SQLite, 10,000 events\n")
    assert "| events list | 100.0 | 20.0 / 40.0 / 60.0 (50) | 180 | 80 | 150 | 0 | 1.5 |" in text
    assert "9,000 rows" in text and "3,000 rows/s" in text
    assert "2.00× its throughput at 16 clients" in text and "0.50× its speed" in text
    assert "Command: `python scripts/bench/http_bench.py`." in text


def test_record_replaces_its_own_table_and_keeps_the_rest(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\n## Earlier\n\nkept\n", encoding="utf-8")
    record(doc, _result("sqlite", 10_000, 100), "Machine: test.", "cmd")
    record(doc, _result("postgresql", 10_000, 70), "Machine: test.", "cmd")
    text = doc.read_text(encoding="utf-8")
    assert text.index("## Earlier") < text.index(SECTION) < text.index("Machine: test.")
    # A verdict written by hand after the tables, and a section after this one, survive.
    text = text.replace(SECTION, "## Next\n\nafter\n\n" + SECTION)
    doc.write_text(text + "\n### Targets\n\nby hand\n\n## Later\n\nalso kept\n", encoding="utf-8")
    record(doc, _result("sqlite", 10_000, 300), "Machine: test.", "cmd")
    record(doc, _result("sqlite", 100_000, 50), "Machine: test.", "cmd")
    text = doc.read_text(encoding="utf-8")
    assert text.count("### SQLite, 10,000 events") == 1 and "| events list | 300.0 |" in text
    assert "| events list | 100.0 |" not in text
    order = [
        "### SQLite, 10,000 events",
        "### PostgreSQL, 10,000 events",
        "### SQLite, 100,000 events",
        "### Targets",
        "by hand",
        "## Later",
        "also kept",
    ]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert text.count(SECTION) == 1 and "## Earlier\n\nkept" in text and "## Next" in text
