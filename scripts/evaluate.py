"""Score a knowledge base against a gold annotation: recall, precision, exact bounds, type.

By default only published events count (what the public sees); --include-candidates adds the
events waiting for review. See app/evaluation.py for how events are matched.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session  # noqa: E402

from app import migrations  # noqa: E402
from app.config import Settings, get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402
from app.evaluation import (  # noqa: E402
    GoldError,
    evaluate,
    format_report,
    format_threshold_table,
    read_extracted,
    read_gold,
    threshold_table,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    parser.add_argument("--database", metavar="URL", help="database URL (default: DATABASE_URL)")
    parser.add_argument(
        "--include-candidates", action="store_true", help="also score events waiting for review"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--thresholds",
        action="store_true",
        help="also show recall and precision if only events above each confidence were published",
    )
    args = parser.parse_args()
    try:
        gold = read_gold(args.gold)
        settings = Settings(database_url=args.database) if args.database else get_settings()
        engine = make_engine(settings)
        # An empty or older database ended in a traceback from the first query.
        migrations.require_current_schema(engine)
    except (GoldError, DatabaseSetupError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with Session(engine) as session:
        extracted, texts = read_extracted(session, include_candidates=args.include_candidates)
    report = evaluate(gold, extracted, texts)
    print(json.dumps(report.as_dict(), indent=2) if args.json else format_report(report))
    if args.thresholds:
        with Session(engine) as session:
            everything, _ = read_extracted(session, include_candidates=True)
        steps = [round(0.3 + 0.05 * i, 2) for i in range(13)]
        print("\n" + format_threshold_table(threshold_table(gold, everything, texts, steps)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
