"""Upgrade the database named by DATABASE_URL to the newest schema (creating it if empty)."""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import migrations  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--revision", default="head", help="target revision (default: head)")
    args = parser.parse_args()
    try:
        engine = make_engine(get_settings())
        before = migrations.schema_state(engine)
        migrations.upgrade(engine, args.revision)
        after = migrations.schema_state(engine)
    except DatabaseSetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if before.current == after.current:
        print(f"database schema already at {after.current}")
    else:
        print(f"database schema upgraded from {before.current or 'empty'} to {after.current}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
