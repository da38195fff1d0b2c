"""Fill a database with synthetic events for benchmarks and load tests (app/synthetic.py).

The database (DATABASE_URL, or --database) is migrated first; the events are added to whatever
it holds. Never point it at a database analysts read: the events are invented.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import migrations  # noqa: E402
from app.config import Settings, get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402
from app.synthetic import fill_synthetic  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, required=True, help="how many events to add")
    parser.add_argument("--database", help="database URL (default: DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args()
    if args.events < 1:
        parser.error("--events must be at least 1")
    settings = Settings(database_url=args.database) if args.database else get_settings()
    try:
        engine = make_engine(settings)
        migrations.upgrade(engine)
    except DatabaseSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summary = fill_synthetic(engine, args.events, seed=args.seed)
    engine.dispose()
    print(
        f"added {summary.events} synthetic events, {summary.documents} documents, "
        f"{summary.citations} citations in {summary.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
