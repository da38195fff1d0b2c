"""Back up the knowledge base named by DATABASE_URL into a new file.

SQLite: a consistent copy through SQLite's online backup API (safe while the app serves).
PostgreSQL: pg_dump's custom format, for scripts/restore.py or pg_restore.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.backup import BackupError, backup  # noqa: E402
from app.config import get_settings  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path, help="the backup file to write (must not exist)")
    args = parser.parse_args()
    try:
        backup(get_settings().database_url, args.target)
    except (BackupError, DatabaseSetupError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"backed up to {args.target} ({args.target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
