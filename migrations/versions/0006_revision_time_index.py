"""index revisions by time, for the data version behind ETags and cached page counts

Every API response and page asks for the newest revision's time (app/queries/freshness.py);
without an index on `at` that is a scan of every revision, about 10 ms at 100k events.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_revision_at", "revision", ["at"])


def downgrade() -> None:
    op.drop_index("ix_revision_at", table_name="revision")
