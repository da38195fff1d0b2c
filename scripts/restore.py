"""Restore a backup made by scripts/backup.py into the empty database named by DATABASE_URL.

Refuses a target that already holds tables: restore into a new database, then point the app at it.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.backup import BackupError, check_restored, restore  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("backup", type=Path, help="a file written by scripts/backup.py")
    args = parser.parse_args()
    settings = get_settings()
    try:
        engine = make_engine(settings)
        restore(args.backup, settings.database_url, engine)
        check_restored(engine)
    except (BackupError, DatabaseSetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"restored {args.backup}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
