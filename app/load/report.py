"""The figures of a load run, as printed and as kept in docs/benchmarks.md."""

import os
from dataclasses import dataclass
from pathlib import Path

from app.load.workload import LoadResults

SECTION = "## Load with writes (issue 7)"
INTRO = """\
`python scripts/bench/load.py --engine sqlite|postgresql --write` fills a fresh database with
10k synthetic events, serves it with uvicorn on 127.0.0.1 and runs 100 concurrent clients for
60 s: about 80% reads (filtered list with facets, event, full-text search, home page, timeline
stats) and 20% writes (API creates, PATCH with If-Match, deletes, and edits through the admin's
form). Afterwards every acknowledged write is looked up in the database. Targets: zero 5xx, zero
lost writes. The load generator runs on the same 2 cores as the server, so req/s is a floor;
the load average is given with each line. The throwaway PostgreSQL runs with fsync off, as in
the tests; SQLite runs in WAL with synchronous=NORMAL (no fsync per commit either).
"""


@dataclass(frozen=True)
class Verdict:
    lost: list[str]
    inconsistent: list[str]


def summary(results: LoadResults, verdict: Verdict) -> str:
    """One paragraph: throughput, latency, errors, conflicts, lost writes."""
    writes = sum(results.per_action[a] for a in ("create", "patch", "delete", "admin-save"))
    rate = results.requests / results.seconds if results.seconds else 0.0
    transport = sum(results.transport_errors.values())
    return (
        f"{results.requests:,} requests in {results.seconds:.0f} s ({rate:.0f} req/s), "
        f"{writes:,} of them writes ({len(results.acks):,} acknowledged); "
        f"latency p50 {results.percentile(0.5):.0f} ms, p95 {results.percentile(0.95):.0f} ms, "
        f"p99 {results.percentile(0.99):.0f} ms; writes p95 "
        f"{results.percentile(0.95, 'patch'):.0f} ms (PATCH), "
        f"{results.percentile(0.95, 'create'):.0f} ms (POST); "
        f"5xx: {results.five_hundreds}; conflicts (409/412): {results.conflicts}; "
        f"connection errors: {transport}; lost writes: {len(verdict.lost)}; "
        f"inconsistencies: {len(verdict.inconsistent)}"
    )


def details(results: LoadResults) -> list[str]:
    """Per action: requests and latency percentiles; then statuses and 5xx samples."""
    lines = []
    for action, count in sorted(results.per_action.items()):
        lines.append(
            f"  {action:<13} {count:>7,}  p50 {results.percentile(0.5, action):6.0f} ms  "
            f"p95 {results.percentile(0.95, action):6.0f} ms  "
            f"p99 {results.percentile(0.99, action):6.0f} ms"
        )
    statuses = ", ".join(f"{s}: {n:,}" for s, n in sorted(results.statuses.items()))
    lines.append(f"  statuses: {statuses}")
    if results.transport_errors:
        lines.append(f"  connection errors: {dict(results.transport_errors)}")
    lines += [f"  5xx: {sample}" for sample in results.server_errors[:5]]
    return lines


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def append_entry(path: Path, entry: str) -> None:
    """Add `entry` (a Markdown list item) at the end of the section, creating it if needed."""
    text = path.read_text(encoding="utf-8")
    if SECTION not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{INTRO}\n"
    head, _, rest = text.partition(SECTION)
    following = rest.find("\n## ")
    body, tail = (rest, "") if following < 0 else (rest[:following], rest[following:])
    body = body.rstrip("\n")
    # A list continues its items; after the introduction's paragraph it needs a blank line.
    last = body.splitlines()[-1] if body.strip() else ""
    body += ("\n" if last.startswith(("- ", "  ")) else "\n\n") + entry.rstrip("\n") + "\n"
    path.write_text(head + SECTION + body + tail, encoding="utf-8")
