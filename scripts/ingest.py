"""Ingest analyses into the knowledge base named by DATABASE_URL (migrating it first).

With no FILE, ingests every document of seeds/manifest.toml (or of --manifest). Exits 1 when
any file failed (the others still go in), 2 on bad arguments or an unusable database.
"""

import argparse
import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import SEEDS_DIR, get_settings  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.errors import DatabaseSetupError  # noqa: E402
from app.ingest import DocumentInput, IngestSummary  # noqa: E402
from app.manifest import ManifestError, read_manifest  # noqa: E402
from app.pipeline import run_ingestion  # noqa: E402

STAGES = ("reading", "dating", "extracting", "storing", "done")


class ProgressBar:
    """One line on a terminal, redrawn per stage; one line per document otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.index = 0
        self.current = ""
        self.tty = sys.stderr.isatty()

    def __call__(self, name: str, stage: str) -> None:
        if name != self.current:
            self.current, self.index = name, self.index + 1
        finished = stage in ("done", "unchanged", "failed")
        step = (
            self.index - 1 + (1 if finished else STAGES.index(stage) / len(STAGES))
        ) / self.total
        bar = "#" * int(step * 30)
        line = f"[{bar:<30}] {self.index}/{self.total} {name}: {stage}"
        if self.tty:
            sys.stderr.write(
                "\r\033[K" + line + ("\n" if finished and self.index == self.total else "")
            )
        elif finished:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()


def _is_calendar_date(value: str) -> bool:
    """YYYY-MM-DD or YYYY-MM naming a real day or month. The shape alone let "2024-13" through
    to every file's intake, after the database was migrated, as a failure per file (exit 1)."""
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        return False
    try:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError:
        return False
    return True


def _inputs(args: argparse.Namespace) -> list[DocumentInput]:
    if not args.files:
        return read_manifest(args.manifest or SEEDS_DIR / "manifest.toml")
    inputs = []
    for file in args.files:
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            raw = b""
            print(f"error: {file}: cannot read ({exc.strerror})", file=sys.stderr)
            continue
        inputs.append(
            DocumentInput(
                filename=file,
                raw=raw,
                title=args.title,
                url=args.url,
                publisher=args.publisher or "",
                published=args.published,
            )
        )
    return inputs


def _report(summary: IngestSummary, unreadable: int) -> None:
    print(
        f"documents: {summary.documents_new} new, {summary.documents_unchanged} unchanged, "
        f"{summary.documents_failed + unreadable} failed"
    )
    print(
        f"events: {summary.events_new} new, {summary.events_updated} updated, "
        f"{summary.events_merged} merged, {summary.events_editor_owned} left to their editors"
    )
    for warning in summary.warnings:
        print(f"warning: {warning}")
    for failure in summary.failures:
        print(f"failed: {failure}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", metavar="FILE", help="text, Markdown or HTML files")
    parser.add_argument("--title", help="title (one FILE)")
    parser.add_argument("--url", help="where the analysis was published")
    parser.add_argument("--publisher", help="who published it")
    parser.add_argument(
        "--published",
        metavar="YYYY-MM-DD|YYYY-MM",
        help="publication date; without it the date is read from the text",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        metavar="MANIFEST.toml",
        help="ingest the documents a manifest lists (default without FILE: seeds/manifest.toml)",
    )
    args = parser.parse_args()
    if args.manifest and args.files:
        parser.error("--manifest lists its own files: give either FILE or --manifest")
    if args.published is not None and not _is_calendar_date(args.published):
        parser.error(f"--published {args.published!r}: use YYYY-MM-DD or YYYY-MM")
    # Without FILE the seeds are ingested with their manifest, which these options would
    # silently not apply to.
    if not args.files and (args.title or args.url or args.publisher or args.published):
        parser.error("--title, --url, --publisher and --published describe files: give FILE")
    if args.title and len(args.files) > 1:
        parser.error("--title names one document: give a single FILE with it")
    try:
        inputs = _inputs(args)
        engine = make_engine(get_settings())
        unreadable = len(args.files) - len(inputs) if args.files else 0
        summary = run_ingestion(engine, inputs, progress=ProgressBar(max(1, len(inputs))))
    except (DatabaseSetupError, ManifestError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _report(summary, unreadable)
    return 1 if summary.documents_failed or unreadable else 0


if __name__ == "__main__":
    sys.exit(main())
