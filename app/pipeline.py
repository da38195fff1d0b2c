"""Wiring for callers of the ingestion (the CLI, the admin): reference data from data/, and a
database migrated to the current schema before anything is written."""

from pathlib import Path

from sqlalchemy import Engine

from app import migrations
from app.config import DATA_DIR
from app.extraction.gazetteer import Gazetteer, load_gazetteer
from app.extraction.lexicon import Lexicon, load_lexicon
from app.ingest import DocumentInput, Ingestor, IngestSummary, Progress


def load_reference(data_dir: Path = DATA_DIR) -> tuple[Gazetteer, Lexicon]:
    return load_gazetteer(data_dir), load_lexicon(data_dir / "triggers.toml")


def run_ingestion(
    engine: Engine,
    inputs: list[DocumentInput],
    *,
    started_by: str = "cli",
    progress: Progress | None = None,
    run_id: int | None = None,
) -> IngestSummary:
    """Migrate the database, then ingest `inputs` in order, one transaction per document
    (as the IngestionRun `run_id` when the caller already made it)."""
    migrations.upgrade(engine)
    gazetteer, lexicon = load_reference()
    ingestor = Ingestor(
        engine, gazetteer=gazetteer, lexicon=lexicon, started_by=started_by, progress=progress
    )
    return ingestor.ingest(inputs, run_id)
