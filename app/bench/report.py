"""The figures of a benchmark run as a Markdown table, and their place in docs/benchmarks.md.

Each engine and size has its own subsection of SECTION (`### SQLite, 1,000,000 events`); a new
run of the same engine and size replaces it, anything else in the section (the introduction,
the verdict on the targets) is kept as written.
"""

import re
from pathlib import Path

from app.bench.run import RunResult

SECTION = "## HTTP benchmarks (issue 7)"
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
INTRO = """\
`python scripts/bench/http_bench.py --write` (see its `--help`) fills or reuses a database of N
synthetic events (`app/synthetic.py`), serves the app with one uvicorn process on 127.0.0.1 and
runs wrk against each scenario, sending `Accept-Encoding: gzip` as browsers do: first with one
client (the latency columns, with the number of requests it completed), then with several
clients (req/s). "first" is the very first request, before any cache of the app is warm. Peak
RSS is the server's highest resident memory during the scenario. The machine has 2 cores shared
with other engineers' work: wrk, the server and whatever else runs compete for them, so each
table gives the load average, and figures are only comparable within one table.
"""


def heading(result: RunResult) -> str:
    return f"### {ENGINE_NAMES[result.engine]}, {result.events:,} events"


def table(result: RunResult, command: str | None = None) -> str:
    """The run as a Markdown subsection: a context line, one row per scenario, the command."""
    lines = [heading(result), ""]
    n = result.connections
    one, end, five = result.loads
    built = (
        f"synthesised in {result.build_seconds:.0f} s ({result.build_cpu_seconds or 0:.0f} s CPU "
        "in this process)"
        if result.build_seconds is not None
        else "database from the cache"
    )
    lines.append(
        f"{result.started:%Y-%m-%d %H:%M} UTC; load average {one:.1f} at the start, {end:.1f} at "
        f"the end (5-minute up to {five:.1f}); schema {result.schema}; {built}; server peak RSS "
        f"over the run {result.server_hwm_mb:.0f} MB."
    )
    lines += [
        "",
        f"| scenario | req/s ({n} clients) | p50 / p95 / p99 ms, 1 client (requests) "
        f"| p95 ms ({n} clients) | first ms | peak RSS MB | errors | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    measures = list(result.measures)
    if result.datasette is not None:
        measures.append(result.datasette)
    for m in measures:
        errors = m.single.errors + m.single.non_2xx + m.loaded.errors + m.loaded.non_2xx
        errors += m.first_status >= 400
        lines.append(
            f"| {m.label} | {m.loaded.rate:,.1f} | {m.single.p50_ms:,.1f} / {m.single.p95_ms:,.1f}"
            f" / {m.single.p99_ms:,.1f} ({m.single.requests:,}) | {m.loaded.p95_ms:,.0f} "
            f"| {m.first_ms:,.0f} "
            f"| {m.peak_mb:.0f} | {errors} | {m.load:.1f} |"
        )
    if result.export is not None:
        e = result.export
        scope = "complete" if e.complete else f"cut after {e.seconds:.0f} s"
        lines.append(
            f"| CSV export of every published event ({e.rows:,} rows, {e.megabytes:,.0f} MB, "
            f"{scope}) | {e.rows_per_second:,.0f} rows/s | – | – | {e.first_byte_ms:,.0f} "
            f"(first byte) | {e.peak_mb:.0f} | – | {e.load:.1f} |"
        )
    for f in result.floors:
        what = "page, total and both facets" if f.facets else "page and total"
        lines.append(
            f"| floor: the list's {what} from the base tables via sqlite3 + json.dumps, "
            f"in-process ({f.calls} calls) | {1000 / f.median_ms:,.1f} (1 caller) "
            f"| {f.median_ms:,.1f} / {f.p95_ms:,.1f} / – | – | – | – | – | – |"
        )
    ours = next((m for m in result.measures if m.name == "list"), None)
    if result.datasette is not None and ours is not None and result.datasette.loaded.rate:
        ratio = ours.loaded.rate / result.datasette.loaded.rate
        single = result.datasette.single.p50_ms / ours.single.p50_ms if ours.single.p50_ms else 0
        lines += [
            "",
            f"Ours / Datasette on the filtered list: {ratio:.2f}× its throughput at {n} clients, "
            f"{single:.2f}× its speed (p50) for one client.",
        ]
    if command:
        lines += ["", f"Command: `{command}`."]
    return "\n".join(lines) + "\n"


def record(path: Path, result: RunResult, preamble: str, command: str) -> None:
    """Put `result`'s table into SECTION of the Markdown file at `path`, replacing the table of
    the same engine and size; `preamble` (machine, command) opens a new section."""
    text = path.read_text(encoding="utf-8")
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{INTRO}\n{preamble}\n"
    head, _, rest = text.partition(SECTION)
    following = re.search(r"^## ", rest, flags=re.MULTILINE)
    cut = len(rest) if following is None else following.start()
    body, tail = rest[:cut], rest[cut:]
    block = table(result, command)
    mine = re.compile(rf"^{re.escape(heading(result))}\n.*?(?=^### |\Z)", re.MULTILINE | re.DOTALL)
    if mine.search(body):
        body = mine.sub(lambda _: block + "\n", body, count=1)
    else:
        # After the last run's table, before any hand-written subsection that follows it.
        runs = list(re.finditer(r"^### (SQLite|PostgreSQL), [\d,]+ events\n", body, re.MULTILINE))
        if runs:
            after = re.search(r"^### ", body[runs[-1].end() :], re.MULTILINE)
            at = len(body) if after is None else runs[-1].end() + after.start()
        else:
            after = re.search(r"^### ", body, re.MULTILINE)
            at = len(body) if after is None else after.start()
        body = body[:at].rstrip("\n") + "\n\n" + block + "\n" + body[at:].lstrip("\n")
    path.write_text(
        head + SECTION + body.rstrip("\n") + "\n" + ("\n" + tail if tail else ""), encoding="utf-8"
    )
