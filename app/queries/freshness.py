"""A fingerprint of the whole knowledge base, for ETag and Last-Modified headers.

The data changes only through writes that leave a trace here: a new or updated event (its id and
`updated_at`), a revision, a new citation, a document, an ingestion run, a row of reference
data added, or a change to reference data (app.editing records each one as a
`ReferenceRevision`: a renamed actor, a place's new coordinates, a merge). Whoever writes outside
those paths must also touch one of them, e.g. `event.updated_at` or a revision, or clients keep
a stale copy until their cache expires. One cheap query, on maxima over indexed columns and small
tables.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select
from sqlmodel import col

from app.models import (
    Actor,
    Citation,
    Country,
    Document,
    Event,
    IngestionRun,
    Period,
    Place,
    ReferenceRevision,
    Revision,
)


@dataclass(frozen=True)
class DataVersion:
    tag: str  # changes whenever the data does
    last_modified: datetime | None  # the latest known write, timezone-aware


def data_version(connection: Connection) -> DataVersion:
    """The current version of the data, read in one statement."""
    parts = [
        select(func.max(col(Event.id))).scalar_subquery(),
        select(func.max(col(Event.updated_at))).scalar_subquery(),
        select(func.max(col(Revision.id))).scalar_subquery(),
        select(func.max(col(Citation.id))).scalar_subquery(),
        select(func.max(col(Document.id))).scalar_subquery(),
        select(func.max(col(Document.ingested_at))).scalar_subquery(),
        select(func.max(col(IngestionRun.finished_at))).scalar_subquery(),
        select(func.count()).select_from(Actor).scalar_subquery(),
        select(func.count()).select_from(Place).scalar_subquery(),
        select(func.count()).select_from(Country).scalar_subquery(),
        select(func.count()).select_from(Period).scalar_subquery(),
        select(func.max(col(Revision.at))).scalar_subquery(),
        select(func.max(col(ReferenceRevision.id))).scalar_subquery(),
        select(func.max(col(ReferenceRevision.at))).scalar_subquery(),
    ]
    row = connection.execute(select(*parts)).one()
    tag = hashlib.blake2b(repr(tuple(row)).encode(), digest_size=10).hexdigest()
    moments = [v for v in (row[1], row[5], row[6], row[11], row[13]) if isinstance(v, datetime)]
    return DataVersion(tag, max(moments) if moments else None)
