"""The home page benchmark runs end to end (on a few events; the figures come from 100k)."""

import re
import subprocess
import sys

from app.config import PROJECT_ROOT


def test_bench_home_runs_and_reports_both_figures() -> None:
    done = subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "scripts" / "bench_home.py"),
            "--events",
            "300",
            "--runs",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("filled 300 events in ")
    assert re.fullmatch(
        r"`/` at 300 events \(\d+ kB of HTML\): cold \(counts computed\) median \d+ ms, "
        r"p95 \d+ ms; warm \(counts cached for the data version\) median \d+ ms, p95 \d+ ms; "
        r"2 runs each; load average \d+\.\d",
        lines[1],
    ), lines[1]
