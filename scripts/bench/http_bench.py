"""HTTP benchmark (issue 7): the app under wrk at N events on SQLite and PostgreSQL, against
Datasette and the raw query (app/bench/).

For each engine and size: fills a database with N synthetic events, or reuses the one cached
under --cache-dir (default /tmp/sahel-bench; --rebuild to refill); serves the app with uvicorn on
127.0.0.1 (a free port in 8100-8199); and runs wrk, for --seconds with one client then with
--connections clients, on the filtered list with facets, an event's detail, full-text search,
the timeline stats and the home page; then streams the whole CSV export while sampling the
server's memory. On SQLite it also times the list's queries through the sqlite3 module (the
floor) and runs the same filter on Datasette over the same file (installed from PyPI into its
own virtual environment under --cache-dir on first use). Prints a Markdown table per engine and
size; --write puts them into docs/benchmarks.md, section "HTTP benchmarks (issue 7)".

Needs wrk (`apt-get install -y wrk`) and, for PostgreSQL, its server binaries
(`apt-get install -y postgresql`; the cluster is a throwaway one under --cache-dir).

    python scripts/bench/http_bench.py --engine sqlite --events 10000 100000 1000000 --write
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from app.bench.report import record, table  # noqa: E402
from app.bench.run import ENGINES, Options, machine, run_benchmark  # noqa: E402
from app.bench.wrk import WrkError  # noqa: E402
from app.config import PROJECT_ROOT  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--engine", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument(
        "--events", nargs="+", type=int, default=[10_000, 100_000, 1_000_000], help="sizes"
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="per wrk run (8)")
    parser.add_argument("--connections", type=int, default=8, help="clients of the load (8)")
    parser.add_argument("--export-seconds", type=float, default=120.0, help="export cut (120)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/sahel-bench"))
    parser.add_argument("--rebuild", action="store_true", help="refill cached databases")
    parser.add_argument("--no-datasette", action="store_true", help="skip Datasette")
    parser.add_argument("--write", action="store_true", help="record in docs/benchmarks.md")
    args = parser.parse_args()
    if min(args.events) < 1 or args.seconds <= 0 or args.connections < 1:
        parser.error("--events, --seconds and --connections must be positive")
    return args


def main() -> int:
    args = _arguments()
    options = Options(
        cache_dir=args.cache_dir,
        seconds=args.seconds,
        connections=args.connections,
        export_seconds=args.export_seconds,
        rebuild=args.rebuild,
        datasette=not args.no_datasette,
    )
    date = subprocess.run(["date", "-u"], capture_output=True, text=True, check=False).stdout
    command = " ".join(["python scripts/bench/http_bench.py", *sys.argv[1:]])
    preamble = f"Machine: {machine()}. First recorded {date.strip()}."
    print(f"{machine()}; {date.strip()}", file=sys.stderr)
    for engine in args.engine:
        for events in args.events:
            print(f"{engine}, {events:,} events:", file=sys.stderr)
            try:
                result = run_benchmark(
                    engine, events, options, lambda line: print(line, file=sys.stderr)
                )
            except (WrkError, RuntimeError, DatabaseSetupError) as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            print(table(result, command))
            if args.write:
                record(PROJECT_ROOT / "docs" / "benchmarks.md", result, preamble, command)
    return 0


if __name__ == "__main__":
    sys.exit(main())
