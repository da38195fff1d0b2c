"""stem words in SQLite's full-text index, as PostgreSQL's english configuration does

With the plain unicode61 tokenizer "attacks" did not find "attack" on SQLite while it did on
PostgreSQL; the porter tokenizer makes both engines answer the same query alike. The index is
rebuilt from its source rows, so nothing is lost either way.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REFILL = (
    "INSERT INTO event_search (rowid, title, summary, quotes) "
    "SELECT e.id, e.title, e.summary, coalesce((SELECT group_concat(c.quote, ' ') "
    "FROM citation c WHERE c.event_id = e.id), '') FROM event e"
)


def _rebuild(tokenize: str) -> None:
    # The triggers name event_search, not its definition, so they survive the swap.
    op.execute("DROP TABLE event_search")
    op.execute(
        f"CREATE VIRTUAL TABLE event_search USING fts5(title, summary, quotes, "
        f"tokenize = '{tokenize}')"
    )
    op.execute(_REFILL)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("porter unicode61 remove_diacritics 2")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild("unicode61 remove_diacritics 2")
