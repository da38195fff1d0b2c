"""full-text search over event titles, summaries and cited quotes

SQLite gets an FTS5 table keyed by event id; PostgreSQL a table of tsvectors with a GIN index.
Triggers keep both in step with `event` and `citation`, whoever writes (ingestion, admin, API,
bulk loaders), so search can never drift from the data. app.search is the one place that reads it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_REFRESH = """
    DELETE FROM event_search WHERE rowid = {id};
    INSERT INTO event_search (rowid, title, summary, quotes)
    SELECT e.id, e.title, e.summary,
           coalesce((SELECT group_concat(c.quote, ' ') FROM citation c WHERE c.event_id = e.id), '')
    FROM event e WHERE e.id = {id};
"""

_SQLITE_UP = [
    "CREATE VIRTUAL TABLE event_search USING fts5(title, summary, quotes, "
    "tokenize = 'unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER event_search_ai AFTER INSERT ON event BEGIN "
    f"{_SQLITE_REFRESH.format(id='new.id')} END",
    f"CREATE TRIGGER event_search_au AFTER UPDATE OF title, summary ON event BEGIN "
    f"{_SQLITE_REFRESH.format(id='new.id')} END",
    "CREATE TRIGGER event_search_ad AFTER DELETE ON event BEGIN "
    "DELETE FROM event_search WHERE rowid = old.id; END",
    f"CREATE TRIGGER citation_search_ai AFTER INSERT ON citation BEGIN "
    f"{_SQLITE_REFRESH.format(id='new.event_id')} END",
    f"CREATE TRIGGER citation_search_au AFTER UPDATE ON citation BEGIN "
    f"{_SQLITE_REFRESH.format(id='old.event_id')} {_SQLITE_REFRESH.format(id='new.event_id')} END",
    f"CREATE TRIGGER citation_search_ad AFTER DELETE ON citation BEGIN "
    f"{_SQLITE_REFRESH.format(id='old.event_id')} END",
    "INSERT INTO event_search (rowid, title, summary, quotes) "
    "SELECT e.id, e.title, e.summary, coalesce((SELECT group_concat(c.quote, ' ') "
    "FROM citation c WHERE c.event_id = e.id), '') FROM event e",
]

_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS citation_search_ad",
    "DROP TRIGGER IF EXISTS citation_search_au",
    "DROP TRIGGER IF EXISTS citation_search_ai",
    "DROP TRIGGER IF EXISTS event_search_ad",
    "DROP TRIGGER IF EXISTS event_search_au",
    "DROP TRIGGER IF EXISTS event_search_ai",
    "DROP TABLE IF EXISTS event_search",
]

_PG_UP = [
    "CREATE TABLE event_search (event_id integer PRIMARY KEY REFERENCES event(id) "
    "ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX ix_event_search_document ON event_search USING gin (document)",
    """
    CREATE FUNCTION event_search_refresh(target integer) RETURNS void AS $$
    BEGIN
        DELETE FROM event_search WHERE event_id = target;
        INSERT INTO event_search (event_id, document)
        SELECT e.id,
               setweight(to_tsvector('english', e.title), 'A')
               || setweight(to_tsvector('english', e.summary), 'B')
               || setweight(to_tsvector('english', coalesce(
                    (SELECT string_agg(c.quote, ' ') FROM citation c WHERE c.event_id = e.id),
                    '')), 'C')
        FROM event e WHERE e.id = target;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION event_search_on_event() RETURNS trigger AS $$
    BEGIN PERFORM event_search_refresh(NEW.id); RETURN NULL; END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION event_search_on_citation() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM event_search_refresh(OLD.event_id); END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN PERFORM event_search_refresh(NEW.event_id); END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    "CREATE TRIGGER event_search_aiu AFTER INSERT OR UPDATE OF title, summary ON event "
    "FOR EACH ROW EXECUTE FUNCTION event_search_on_event()",
    "CREATE TRIGGER citation_search_aiud AFTER INSERT OR UPDATE OR DELETE ON citation "
    "FOR EACH ROW EXECUTE FUNCTION event_search_on_citation()",
    "SELECT event_search_refresh(id) FROM event",
]

_PG_DOWN = [
    "DROP TRIGGER IF EXISTS citation_search_aiud ON citation",
    "DROP TRIGGER IF EXISTS event_search_aiu ON event",
    "DROP FUNCTION IF EXISTS event_search_on_citation()",
    "DROP FUNCTION IF EXISTS event_search_on_event()",
    "DROP FUNCTION IF EXISTS event_search_refresh(integer)",
    "DROP TABLE IF EXISTS event_search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    _run(_SQLITE_UP if op.get_bind().dialect.name == "sqlite" else _PG_UP)


def downgrade() -> None:
    _run(_SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else _PG_DOWN)
