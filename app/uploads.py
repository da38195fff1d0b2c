"""A new analysis from the admin: checked at once, then ingested in the background.

`check_upload` refuses, field by field, what the ingestion would refuse (an empty, binary, non
UTF-8 or too large file, a document already ingested, metadata too long, a date it cannot read),
so the editor sees every problem on the form instead of a failed run. `start_run` makes the
IngestionRun row the progress page polls; `ingest_in_background` runs the same pipeline as
`scripts/ingest.py` (app.pipeline.run_ingestion) as that run, reporting each stage to a
`RunProgress` kept in memory, and marks the run finished even if the pipeline fails. Progress is
kept in memory rather than written to the run's row because on SQLite the document's own
transaction holds the write lock while it is stored.
"""

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.editing.dates import read_date
from app.errors import InvalidParameters, ParameterError
from app.extraction.intake import IntakeError, read_source
from app.ingest import DocumentInput, slugify
from app.models import Document, IngestionRun
from app.models.base import utcnow
from app.pipeline import run_ingestion

log = logging.getLogger(__name__)
_LIMITS = {"title": 500, "publisher": 300, "url": 2000, "filename": 500}


@dataclass(frozen=True)
class UploadDraft:
    """The upload form as sent: a file's bytes (or pasted text, encoded) and what is known."""

    filename: str
    raw: bytes
    pasted: bool = False
    title: str = ""
    authors: str = ""  # one per line, or separated by ";"
    publisher: str = ""
    url: str = ""
    published: str = ""  # as typed: "4 May 2024", "May 2024", "2024-05-04"


def check_upload(engine: Engine, draft: UploadDraft) -> DocumentInput:
    """The ingestion input of `draft`. Raises InvalidParameters naming every bad field."""
    errors: list[ParameterError] = []
    source_field = "text" if draft.pasted else "file"
    filename = draft.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    if draft.pasted:
        filename = f"{slugify(draft.title or 'pasted-analysis', 80)}.txt"
    title = " ".join(draft.title.split())
    values = {
        "title": title,
        "publisher": draft.publisher.strip(),
        "url": draft.url.strip(),
        "filename": filename,
    }
    for name, value in values.items():
        if len(value) > _LIMITS[name]:
            errors.append(
                ParameterError(
                    source_field if name == "filename" else name,
                    f"use at most {_LIMITS[name]:,} characters",
                )
            )
    if draft.pasted and not title:
        errors.append(ParameterError("title", "give the pasted analysis a title"))
    url = values["url"]
    if url and not url.lower().startswith(("http://", "https://")):
        errors.append(ParameterError("url", "use a web address starting with https://", url))
    published = draft.published.strip()
    if published:
        try:
            read_date(published)
        except ValueError as exc:
            errors.append(ParameterError("published", str(exc), published))
    if draft.pasted and not draft.raw.strip():
        errors.append(
            ParameterError(source_field, "choose a file to upload, or paste the text here")
        )
    else:
        try:
            source = read_source(draft.raw, filename or "upload.txt")
        except IntakeError as exc:
            errors.append(ParameterError(source_field, str(exc)))
        else:
            with Session(engine) as session:
                same = session.exec(
                    select(Document).where(col(Document.sha256) == source.sha256)
                ).first()
            if same is not None:
                errors.append(
                    ParameterError(
                        source_field,
                        f"this text was ingested already, as {same.title!r} ({same.slug})",
                    )
                )
    if errors:
        raise InvalidParameters(errors)
    authors = [a.strip() for a in draft.authors.replace(";", "\n").splitlines() if a.strip()]
    return DocumentInput(
        filename=filename or "upload.txt",
        raw=draft.raw,
        title=title or None,
        authors=tuple(authors),
        publisher=values["publisher"],
        url=url or None,
        published=published or None,
        published_stated=published or None,
    )


@dataclass
class RunState:
    stage: str = "queued"
    filename: str = ""


@dataclass
class RunProgress:
    """The stage each running ingestion has reached, shared by the worker and the pages."""

    _states: dict[int, RunState] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def report(self, run_id: int, filename: str, stage: str) -> None:
        with self._lock:
            self._states[run_id] = RunState(stage, filename)

    def get(self, run_id: int) -> RunState | None:
        with self._lock:
            return self._states.get(run_id)

    def forget(self, run_id: int) -> None:
        with self._lock:
            self._states.pop(run_id, None)


def start_run(engine: Engine, *, started_by: str) -> int:
    """The IngestionRun row of a run about to start in the background."""
    with Session(engine) as session:
        run = IngestionRun(started_by=started_by)
        session.add(run)
        session.commit()
        assert run.id is not None
        return run.id


def ingest_in_background(
    engine: Engine, item: DocumentInput, *, run_id: int, started_by: str, progress: RunProgress
) -> None:
    """Run the ingestion pipeline on `item` as run `run_id`. Never raises: a failure is written
    to the run's summary, so its page stops waiting."""
    progress.report(run_id, item.filename, "starting")
    try:
        run_ingestion(
            engine,
            [item],
            started_by=started_by,
            run_id=run_id,
            progress=lambda name, stage: progress.report(run_id, name, stage),
        )
    except Exception as exc:  # a bug or a database failure: record it for the editor
        log.exception("ingestion run %s failed", run_id)
        with Session(engine) as session:
            run = session.get(IngestionRun, run_id)
            if run is not None:
                summary: dict[str, Any] = dict(run.summary)
                summary.setdefault("failures", []).append(f"{item.filename}: {exc}")
                summary["documents_failed"] = 1
                run.summary, run.finished_at = summary, utcnow()
                session.add(run)
                session.commit()
    finally:
        progress.forget(run_id)


@dataclass(frozen=True)
class RunStatus:
    id: int
    finished: bool
    stage: str
    filename: str
    summary: dict[str, Any]
    document: str | None  # the slug of the document it stored

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "finished": self.finished,
            "stage": self.stage,
            "filename": self.filename,
            "document": self.document,
            "summary": self.summary,
        }


def run_status(session: Session, run_id: int, progress: RunProgress) -> RunStatus | None:
    run = session.get(IngestionRun, run_id)
    if run is None:
        return None
    live = progress.get(run_id)
    documents = run.summary.get("documents") or []
    finished = run.finished_at is not None
    stage = "finished" if finished else (live.stage if live else "waiting")
    return RunStatus(
        id=run_id,
        finished=finished,
        stage=stage,
        filename=live.filename if live else "",
        summary=dict(run.summary),
        document=str(documents[0]) if documents else None,
    )
