"""Load with writes: N concurrent clients reading and writing for D seconds, then zero lost writes?

By default fills a fresh database (SQLite in WAL in a temporary folder, or with --engine
postgresql a throwaway PostgreSQL server) with --events synthetic events, creates an editor with
an API token, serves the app with uvicorn (--workers) on 127.0.0.1, runs the clients
(app/load/workload.py), stops the server and checks every acknowledged write against the
database (app/load/verify.py). With --url, runs against a server already listening on this
machine instead; give its --database (to check the writes) and an editor's --token (and
--admin USER:PASSWORD for the admin's forms). Exits 1 on any 5xx, lost write or inconsistency.
--write appends the figures to docs/benchmarks.md.

    python scripts/bench/load.py --engine sqlite --clients 100 --seconds 60 --write
"""

import argparse
import sys
import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from app.bench.postgres import cluster, find_bindir  # noqa: E402
from app.bench.server import app_server  # noqa: E402
from app.config import PROJECT_ROOT, Settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402
from app.load.report import Verdict, append_entry, details, load_average, summary  # noqa: E402
from app.load.server import free_port, prepare_database  # noqa: E402
from app.load.verify import consistency_problems, lost_writes  # noqa: E402
from app.load.workload import run_load  # noqa: E402


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database", help="a database URL to use instead of a fresh one")
    parser.add_argument("--events", type=int, default=10_000, help="synthetic events (10000)")
    parser.add_argument("--clients", type=int, default=100, help="concurrent clients (100)")
    parser.add_argument("--seconds", type=float, default=60, help="duration (60)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (2)")
    parser.add_argument("--port", type=int, help="port of the server (default: a free one)")
    parser.add_argument("--no-admin", action="store_true", help="no edits through the forms")
    parser.add_argument("--url", help="a running server on 127.0.0.1 (needs --database, --token)")
    parser.add_argument("--token", help="an editor's API token (with --url)")
    parser.add_argument("--admin", help="USER:PASSWORD of an editor (with --url)")
    parser.add_argument("--server-log", type=Path, help="keep the server's log in this file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", action="store_true", help="append to docs/benchmarks.md")
    args = parser.parse_args()
    if args.url and not (args.database and args.token):
        parser.error("--url needs --database (to check the writes) and --token")
    if args.clients < 1 or args.seconds <= 0 or args.workers < 1:
        parser.error("--clients, --seconds and --workers must be positive")
    return args


def _postgres(stack: ExitStack) -> str:
    bindir = find_bindir()
    if bindir is None:
        raise DatabaseSetupError("PostgreSQL's server binaries are not installed")
    base = stack.enter_context(cluster(bindir))
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE sahel_load"))
    admin.dispose()
    return f"{base}/sahel_load"


def main() -> int:
    args = _arguments()
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="sahel-load-")))
        url = args.database
        if url is None:
            url = _postgres(stack) if args.engine == "postgresql" else f"sqlite:///{folder}/load.db"
        engine_name = url.split(":", 1)[0].split("+")[0]
        try:
            if args.url:
                base_url, token = args.url, args.token
                admin = tuple(args.admin.split(":", 1)) if args.admin else None
            else:
                account = prepare_database(url, events=args.events, seed=args.seed)
                token = account.token
                admin = None if args.no_admin else (account.username, account.password)
                server = app_server(
                    url, port=args.port or free_port(), workers=args.workers,
                    log=args.server_log or folder / "server.log",
                )  # fmt: skip
                stack.enter_context(server)
                base_url = server.base_url
        except (DatabaseSetupError, RuntimeError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        before = load_average()
        print(
            f"{args.clients} clients for {args.seconds:.0f} s against {base_url} "
            f"({engine_name}, {args.workers} workers); load average {before}",
            flush=True,
        )
        results = run_load(
            base_url, token=token, clients=args.clients, seconds=args.seconds,
            seed=args.seed, admin=admin,
        )  # fmt: skip
        after = load_average()
        if not args.url:
            server.stop()  # every acknowledged write is committed: check what a restart sees
        engine = make_engine(Settings(database_url=url))
        verdict = Verdict(
            lost_writes(engine, results.acks, results.uncertain), consistency_problems(engine)
        )
        engine.dispose()
        if not args.url and (results.five_hundreds or results.transport_errors):
            print(f"server log (tail):\n{server.tail(60)}", file=sys.stderr)
    line = summary(results, verdict)
    print(line)
    print("\n".join(details(results)))
    for problem in [*verdict.lost[:20], *verdict.inconsistent]:
        print(f"  problem: {problem}")
    if args.write:
        command = (
            f"`python scripts/bench/load.py --engine {engine_name} --clients {args.clients} "
            f"--seconds {args.seconds:.0f} --workers {args.workers} --events {args.events}`"
        )
        append_entry(
            PROJECT_ROOT / "docs" / "benchmarks.md",
            f"- {date.today()}: {command}: {line}; load average before/after {before} → {after}",
        )
    failed = results.five_hundreds or verdict.lost or verdict.inconsistent
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
