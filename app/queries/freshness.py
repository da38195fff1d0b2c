"""The data's version, for ETag and Last-Modified headers and the per-version caches.

One row, `data_version` (migration 0007), counts the writes: triggers on every table a reader
can see bump it in the writer's own transaction, whoever the writer is (the ingestion, the
admin, the API, a script, a bulk load), so a new version becomes visible at commit together
with the data it describes, and a rolled-back write leaves it unchanged. Reading it is one
primary-key lookup.

Read the version before the data it stands for: a cache entry computed after a later write then
holds newer data under an older tag (harmless; it is dropped at the next request), never older
data under a newer tag.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select
from sqlmodel import col

from app.models import DataVersionRow


@dataclass(frozen=True)
class DataVersion:
    tag: str  # changes whenever the data does
    last_modified: datetime | None  # the latest known write, timezone-aware


def data_version(connection: Connection) -> DataVersion:
    """The current version of the data, read in one statement."""
    row = connection.execute(
        select(col(DataVersionRow.counter), col(DataVersionRow.changed_at)).where(
            col(DataVersionRow.id) == 1
        )
    ).one()
    counter, changed_at = row
    # The time too: a database rebuilt or restored may count up to the same number again.
    tag = hashlib.blake2b(f"{counter}@{changed_at.isoformat()}".encode(), digest_size=10)
    return DataVersion(tag.hexdigest(), changed_at)
