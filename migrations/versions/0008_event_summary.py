"""event counts per status, type, month and country, actor or place, kept exact by triggers

The timeline's aggregates (lanes per country and month, counts per year, type, country, actor
and place) scanned every matching event: 0.6 s for the home page at 100k events on the first
request after any change. `event_summary` holds the same counts grouped by what those filters
and groupings need (app/queries/summary.py reads it), so they add up a few thousand rows.

Triggers keep it exact whoever writes: an event inserted, deleted, or updated in its status,
type or dates moves its counts; a link to a country, actor or place added or removed moves the
event's count for that value (an event linked to one value under two roles counts once, and an
event without a country counts under the country ""). SQLite fires row triggers after each row;
PostgreSQL fires AFTER ROW triggers only at the end of a statement, when every row of a
multi-row INSERT is already visible, so its link triggers run BEFORE each row instead. A link's
event or value is never updated in place (the app deletes and inserts links): a trigger refuses
it, as it would make the counts wrong. When an event is deleted its counts go first (a BEFORE
trigger, while its links are there); its links then cascade without their event, and count for
nothing.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-21
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = "(dim, status, key, first_month, last_month, type)"
# (link table, dim, column of the linked value)
LINKS = (
    ("event_country", "country", "country_code"),
    ("event_actor", "actor", "actor_id"),
    ("event_place", "place", "place_id"),
)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_month(day: str, *, yearly: bool, last: bool) -> str:
    year = f"CAST(substr({day}, 1, 4) AS INTEGER) * 100"
    if yearly:
        return f"({year} + {12 if last else 1})"
    return f"({year} + CAST(substr({day}, 6, 2) AS INTEGER))"


def _sqlite_upsert(select: str) -> str:
    # "WHERE true" in `select` keeps SQLite from reading ON CONFLICT as a join constraint.
    return (
        f"INSERT INTO event_summary {KEY[:-1]}, events) {select} "
        f"ON CONFLICT {KEY} DO UPDATE SET events = events + excluded.events;"
    )


def _sqlite_rows(dim: str, key: str, e: str, sign: str, tail: str = "WHERE true") -> str:
    """SELECT the summary row of `dim`/`key` for the event whose columns are `e`.<column>,
    with `sign` as its events (or without events when `sign` is empty)."""
    yearly = dim in ("actor", "place")
    first = _sqlite_month(f"{e}.date_start", yearly=yearly, last=False)
    last = _sqlite_month(f"{e}.date_end", yearly=yearly, last=True)
    events = f", {sign}" if sign else ""
    return f"SELECT '{dim}', {e}.status, {key}, {first}, {last}, {e}.type{events} {tail}"


def _sqlite_change(
    dim: str, key: str, e: str, sign: str, tail: str = "WHERE true", *, single: bool = True
) -> str:
    """Add `sign` to the rows `_sqlite_rows` selects (at most one when `single`); a row that
    reaches zero goes, so the table holds only what is there (not every key ever used)."""
    statement = _sqlite_upsert(_sqlite_rows(dim, key, e, sign, tail))
    if sign.startswith("-"):
        # "= (one row)" finds the row by its whole key; "IN (rows)" only by its first three
        # columns, which at a bulk load's pace scanned thousands of rows per link.
        operator = "=" if single else "IN"
        statement += (
            f" DELETE FROM event_summary WHERE events = 0 AND {KEY} {operator} "
            f"({_sqlite_rows(dim, key, e, '', tail)});"
        )
    return statement


def _sqlite_event_apply(e: str, sign: str, *, linked: bool = True) -> str:
    """Every summary row of the event `e` (NEW or OLD), with its current links (none when not
    `linked`: a new event, whose links can only come after it)."""
    statements = [
        _sqlite_change("event", "''", e, sign),
        _sqlite_change(
            "country",
            "''",
            e,
            sign,
            f"WHERE NOT EXISTS (SELECT 1 FROM event_country WHERE event_id = {e}.id)",
        ),
    ]
    for table, dim, column in LINKS if linked else ():
        # "WHERE true" after the FROM, for the upsert's sake.
        linked = f"FROM (SELECT DISTINCT {column} FROM {table} WHERE event_id = {e}.id) l"
        statements.append(
            _sqlite_change(
                dim, f"CAST(l.{column} AS TEXT)", e, sign, f"{linked} WHERE true", single=False
            )
        )
    return " ".join(statements)


def _sqlite_link_change(table: str, dim: str, column: str, row: str, sign: str) -> str:
    """Statements of an AFTER INSERT (sign 1, row NEW) or DELETE (sign -1, row OLD) on a link."""
    pair = (
        f"SELECT count(*) FROM {table} "
        f"WHERE event_id = {row}.event_id AND {column} = {row}.{column}"
    )
    present = "1" if sign == "1" else "0"
    statements = [
        _sqlite_change(
            dim,
            f"CAST({row}.{column} AS TEXT)",
            "e",
            sign,
            f"FROM event e WHERE e.id = {row}.event_id AND ({pair}) = {present}",
        )
    ]
    if dim == "country":
        # The event's first country takes it out of "no country"; its last puts it back.
        others = f"SELECT count(*) FROM {table} WHERE event_id = {row}.event_id"
        statements.append(
            _sqlite_change(
                "country",
                "''",
                "e",
                "-1" if sign == "1" else "1",
                f"FROM event e WHERE e.id = {row}.event_id AND ({others}) = {present}",
            )
        )
    return " ".join(statements)


def _sqlite_up() -> list[str]:
    changed = (
        "OLD.status IS NOT NEW.status OR OLD.type IS NOT NEW.type "
        "OR OLD.date_start IS NOT NEW.date_start OR OLD.date_end IS NOT NEW.date_end"
    )
    statements = [
        f"CREATE TRIGGER event_summary_ai AFTER INSERT ON event BEGIN "
        f"{_sqlite_event_apply('NEW', '1', linked=False)} END",
        f"CREATE TRIGGER event_summary_au AFTER UPDATE OF status, type, date_start, date_end "
        f"ON event WHEN {changed} BEGIN "
        f"{_sqlite_event_apply('OLD', '-1')} {_sqlite_event_apply('NEW', '1')} END",
        f"CREATE TRIGGER event_summary_bd BEFORE DELETE ON event BEGIN "
        f"{_sqlite_event_apply('OLD', '-1')} END",
    ]
    for table, dim, column in LINKS:
        statements += [
            f"CREATE TRIGGER {table}_summary_ai AFTER INSERT ON {table} BEGIN "
            f"{_sqlite_link_change(table, dim, column, 'NEW', '1')} END",
            f"CREATE TRIGGER {table}_summary_ad AFTER DELETE ON {table} BEGIN "
            f"{_sqlite_link_change(table, dim, column, 'OLD', '-1')} END",
            f"CREATE TRIGGER {table}_summary_bu BEFORE UPDATE OF event_id, {column} ON {table} "
            f"WHEN OLD.event_id IS NOT NEW.event_id OR OLD.{column} IS NOT NEW.{column} BEGIN "
            f"SELECT RAISE(ABORT, '{table}: delete the link and insert another instead'); END",
        ]
    return statements


def _sqlite_down() -> list[str]:
    names = ["event_summary_ai", "event_summary_au", "event_summary_bd"]
    for table, _, _ in LINKS:
        names += [f"{table}_summary_ai", f"{table}_summary_ad", f"{table}_summary_bu"]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


# --- PostgreSQL -------------------------------------------------------------------------------

_PG_FUNCTIONS = [
    """
    CREATE FUNCTION event_summary_month(day date, yearly boolean, last boolean)
    RETURNS integer AS $$
        SELECT CASE WHEN yearly THEN extract(year FROM day)::integer * 100
                                     + CASE WHEN last THEN 12 ELSE 1 END
                    ELSE extract(year FROM day)::integer * 100 + extract(month FROM day)::integer
               END
    $$ LANGUAGE sql IMMUTABLE
    """,
    f"""
    CREATE FUNCTION event_summary_add(p_dim text, p_key text, p_status text, p_type text,
                                      p_start date, p_end date, p_delta integer)
    RETURNS void AS $$
    DECLARE
        yearly boolean := p_dim IN ('actor', 'place');
        m_first integer := event_summary_month(p_start, yearly, false);
        m_last integer := event_summary_month(p_end, yearly, true);
    BEGIN
        INSERT INTO event_summary AS s {KEY[:-1]}, events)
        VALUES (p_dim, p_status, p_key, m_first, m_last, p_type, p_delta)
        ON CONFLICT {KEY} DO UPDATE SET events = s.events + EXCLUDED.events;
        -- A row that reaches zero goes: the table holds what is there, not every key ever used.
        IF p_delta < 0 THEN
            DELETE FROM event_summary
            WHERE dim = p_dim AND status = p_status AND key = p_key AND first_month = m_first
              AND last_month = m_last AND type = p_type AND events = 0;
        END IF;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION event_summary_apply(target integer, st text, ty text, ds date, de date,
                                        sign integer) RETURNS void AS $$
    DECLARE linked record;
    BEGIN
        PERFORM event_summary_add('event', '', st, ty, ds, de, sign);
        IF NOT EXISTS (SELECT 1 FROM event_country WHERE event_id = target) THEN
            PERFORM event_summary_add('country', '', st, ty, ds, de, sign);
        END IF;
        FOR linked IN
            SELECT DISTINCT 'country' AS dim, country_code::text AS key
            FROM event_country WHERE event_id = target
            UNION SELECT DISTINCT 'actor', actor_id::text FROM event_actor WHERE event_id = target
            UNION SELECT DISTINCT 'place', place_id::text FROM event_place WHERE event_id = target
        LOOP
            PERFORM event_summary_add(linked.dim, linked.key, st, ty, ds, de, sign);
        END LOOP;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION event_summary_on_event() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- A new event has no links yet: they can only be written after it.
            PERFORM event_summary_add('event', '', NEW.status, NEW.type, NEW.date_start,
                                      NEW.date_end, 1);
            PERFORM event_summary_add('country', '', NEW.status, NEW.type, NEW.date_start,
                                      NEW.date_end, 1);
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            PERFORM event_summary_apply(OLD.id, OLD.status, OLD.type, OLD.date_start,
                                        OLD.date_end, -1);
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
            PERFORM event_summary_apply(NEW.id, NEW.status, NEW.type, NEW.date_start,
                                        NEW.date_end, 1);
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
]


def _pg_link_function(table: str, dim: str, column: str) -> str:
    # BEFORE the row: the rows of earlier links (of the same statement too) are visible, this
    # one is not yet (on insert) or still is (on delete).
    return f"""
    CREATE FUNCTION {table}_summary() RETURNS trigger AS $$
    DECLARE
        link {table}%ROWTYPE;
        delta integer;
        seen integer;
        ev record;
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF OLD.event_id IS DISTINCT FROM NEW.event_id
               OR OLD.{column} IS DISTINCT FROM NEW.{column} THEN
                RAISE EXCEPTION '{table}: delete the link and insert another instead';
            END IF;
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' THEN link := NEW; delta := 1; seen := 0;
        ELSE link := OLD; delta := -1; seen := 1; END IF;
        SELECT status, type, date_start, date_end INTO ev FROM event WHERE id = link.event_id;
        IF FOUND THEN
            IF (SELECT count(*) FROM {table}
                WHERE event_id = link.event_id AND {column} = link.{column}) = seen THEN
                PERFORM event_summary_add('{dim}', link.{column}::text, ev.status, ev.type,
                                          ev.date_start, ev.date_end, delta);
            END IF;
            IF '{dim}' = 'country'
               AND (SELECT count(*) FROM {table} WHERE event_id = link.event_id) = seen THEN
                PERFORM event_summary_add('country', '', ev.status, ev.type,
                                          ev.date_start, ev.date_end, -delta);
            END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """


def _pg_up() -> list[str]:
    """The triggers (after _PG_FUNCTIONS, which the initial count uses too)."""
    statements = [
        "CREATE TRIGGER event_summary_ai AFTER INSERT ON event FOR EACH ROW "
        "EXECUTE FUNCTION event_summary_on_event()",
        "CREATE TRIGGER event_summary_au AFTER UPDATE OF status, type, date_start, date_end "
        "ON event FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status "
        "OR OLD.type IS DISTINCT FROM NEW.type OR OLD.date_start IS DISTINCT FROM NEW.date_start "
        "OR OLD.date_end IS DISTINCT FROM NEW.date_end) "
        "EXECUTE FUNCTION event_summary_on_event()",
        "CREATE TRIGGER event_summary_bd BEFORE DELETE ON event FOR EACH ROW "
        "EXECUTE FUNCTION event_summary_on_event()",
    ]
    for table, dim, column in LINKS:
        statements += [
            _pg_link_function(table, dim, column),
            f"CREATE TRIGGER {table}_summary BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_summary()",
        ]
    return statements


def _pg_down() -> list[str]:
    statements = [
        "DROP TRIGGER IF EXISTS event_summary_ai ON event",
        "DROP TRIGGER IF EXISTS event_summary_au ON event",
        "DROP TRIGGER IF EXISTS event_summary_bd ON event",
    ]
    for table, _, _ in LINKS:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_summary ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_summary()",
        ]
    statements += [
        "DROP FUNCTION IF EXISTS event_summary_on_event()",
        "DROP FUNCTION IF EXISTS event_summary_apply(integer, text, text, date, date, integer)",
        "DROP FUNCTION IF EXISTS event_summary_add(text, text, text, text, date, date, integer)",
        "DROP FUNCTION IF EXISTS event_summary_month(date, boolean, boolean)",
    ]
    return statements


# --- Both -------------------------------------------------------------------------------------


def _fill(sqlite: bool) -> None:
    """Count what is already there, with the same rules as the triggers."""

    def month(day: str, yearly: bool, last: bool) -> str:
        if sqlite:
            return _sqlite_month(day, yearly=yearly, last=last)
        return f"event_summary_month({day}, {str(yearly).lower()}, {str(last).lower()})"

    def insert(dim: str, key: str, source: str, *, distinct_events: bool) -> None:
        yearly = dim in ("actor", "place")
        first, last = month("e.date_start", yearly, False), month("e.date_end", yearly, True)
        events = "count(DISTINCT e.id)" if distinct_events else "count(*)"
        # PostgreSQL refuses a constant in GROUP BY.
        grouped = "" if key == "''" else f"{key}, "
        op.execute(
            f"INSERT INTO event_summary {KEY[:-1]}, events) "
            f"SELECT '{dim}', e.status, {key}, {first}, {last}, e.type, {events} "
            f"FROM {source} GROUP BY e.status, {grouped}{first}, {last}, e.type"
        )

    text = "TEXT" if sqlite else "text"
    insert("event", "''", "event e", distinct_events=False)
    insert(
        "country",
        "''",
        "event e WHERE NOT EXISTS (SELECT 1 FROM event_country l WHERE l.event_id = e.id)",
        distinct_events=False,
    )
    for table, dim, column in LINKS:
        insert(
            dim,
            f"CAST(l.{column} AS {text})",
            f"event e JOIN {table} l ON l.event_id = e.id",
            distinct_events=True,
        )


def upgrade() -> None:
    op.create_table(
        "event_summary",
        sa.Column("dim", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "dim",
            "status",
            "key",
            "first_month",
            "last_month",
            "type",
            name=op.f("pk_event_summary"),
        ),
        sqlite_with_rowid=False,
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in [] if sqlite else _PG_FUNCTIONS:
        op.execute(statement)
    _fill(sqlite)
    for statement in _sqlite_up() if sqlite else _pg_up():
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_down() if sqlite else _pg_down():
        op.execute(statement)
    op.drop_table("event_summary")
