"""How long the server takes to render the home page (the whole 2012–2024 range) at N events.

Fills a fresh SQLite database (a temporary file, or --database) with N synthetic events through
the models (app/synthetic.py, as scripts/synth.py does), then asks the app in-process for `/`
--runs times, twice over: "cold", with the page cache emptied before each request (every facet
and lane count computed again, from the trigger-kept summary of migration 0008, as after any
change to the data), and "warm", with the counts cached for the current data version (every
other request). Prints the median and 95th percentile of each, and the load average (the
machine's other work slows both); with --write, adds them at the end of the "Home page"
section of docs/benchmarks.md. Target: under 200 ms.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fastapi.testclient import TestClient  # noqa: E402

from app import migrations  # noqa: E402
from app.config import PROJECT_ROOT, Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.main import create_app  # noqa: E402
from app.synthetic import fill_synthetic  # noqa: E402
from app.web.cache import AggregateCache  # noqa: E402

SECTION = "## Home page at 100k events"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, runs: int, path: str) -> dict[str, float]:
    """Render times of `path` in milliseconds: cold and warm medians and 95th percentiles."""
    app = create_app(Settings(database_url=url))
    figures: dict[str, float] = {}
    with TestClient(app) as client:
        first = client.get(path)  # templates compiled, connections opened
        if first.status_code != 200:
            raise SystemExit(f"error: {path} answered {first.status_code}")
        figures["bytes"] = len(first.content)
        for label in ("cold", "warm"):
            times = []
            for _ in range(runs):
                if label == "cold":
                    app.state.page_cache = AggregateCache()
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
            figures[f"{label}_median"] = statistics.median(times)
            figures[f"{label}_p95"] = _percentile(times, 0.95)
    app.state.engine.dispose()
    return figures


def _add_to_section(text: str, entry: str) -> str:
    """`text` with `entry` as the last line of SECTION (created at the end when missing)."""
    if SECTION not in text:
        return text.rstrip("\n") + f"\n\n{SECTION}\n\n{entry}"
    head, _, rest = text.partition(SECTION)
    following = rest.find("\n## ")
    body, tail = (rest, "") if following < 0 else (rest[:following], rest[following:])
    return (
        head
        + SECTION
        + body.rstrip("\n")
        + "\n"
        + entry
        + ("\n" + tail.lstrip("\n") if tail else "")
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database", help="an empty SQLite URL to fill (default: a temp file)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--path", default="/", help="the page to render (default: /)")
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args()
    if args.events < 1 or args.runs < 1:
        parser.error("--events and --runs must be at least 1")
    with tempfile.TemporaryDirectory(prefix="bench-home-") as folder:
        url = args.database or f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(Settings(database_url=url))
        migrations.upgrade(engine)
        filled = fill_synthetic(engine, args.events, seed=7)
        engine.dispose()
        print(f"filled {filled.events:,} events in {filled.seconds:.1f} s")
        figures = measure(url, args.runs, args.path)
    line = (
        f"`{args.path}` at {args.events:,} events ({figures['bytes'] / 1024:.0f} kB of HTML): "
        f"cold (counts computed) median {figures['cold_median']:.0f} ms, "
        f"p95 {figures['cold_p95']:.0f} ms; warm (counts cached for the data version) median "
        f"{figures['warm_median']:.0f} ms, p95 {figures['warm_p95']:.0f} ms; "
        f"{args.runs} runs each; load average {os.getloadavg()[0]:.1f}"
    )
    print(line)
    if args.write:
        out = PROJECT_ROOT / "docs" / "benchmarks.md"
        text = out.read_text(encoding="utf-8")
        entry = f"- {date.today()}: `python scripts/bench_home.py --events {args.events}`: {line}\n"
        out.write_text(_add_to_section(text, entry), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
