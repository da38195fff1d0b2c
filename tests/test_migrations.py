"""The migrations build the schema the models describe, on both engines, and round-trip data."""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, func, inspect, text
from sqlmodel import Session, SQLModel, select

from app import migrations
from app.config import Settings
from app.db import make_engine
from app.errors import DatabaseSetupError
from app.models import Citation, Country, Document, Event, EventCountry, Revision


def _populate(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Country(code="MLI", name="Mali"))
        document = Document(
            slug="doc",
            title="Doc",
            filename="doc.txt",
            sha256="a" * 64,
            text="Soldiers seized power in Bamako on 18 August 2020.",
        )
        event = Event(
            slug="2020-08-18-mali-coup",
            title="Coup in Mali",
            type="coup",
            date_start=date(2020, 8, 18),
            date_end=date(2020, 8, 18),
            precision="day",
            edtf="2020-08-18",
            status="published",
        )
        session.add_all([document, event])
        session.flush()
        assert event.id is not None and document.id is not None
        session.add(EventCountry(event_id=event.id, country_code="MLI", role="location"))
        session.add(
            Citation(
                event_id=event.id,
                document_id=document.id,
                quote="Soldiers seized power",
                char_start=0,
                char_end=21,
            )
        )
        session.add(
            Revision(
                event_id=event.id,
                author_kind="editor",
                author="tester",
                action="create",
                changes={"title": [None, "Coup in Mali"]},
                event_version=1,
            )
        )
        session.commit()


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in SQLModel.metadata.tables
        }


def test_migrations_build_what_the_models_describe(empty_database_url: str) -> None:
    engine = make_engine(Settings(database_url=empty_database_url))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": migrations.include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []
    assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_every_downgrade_then_upgrade_keeps_the_rows(engine: Engine) -> None:
    _populate(engine)
    before = _row_counts(engine)
    assert before["event"] == 1 and before["citation"] == 1
    script = ScriptDirectory.from_config(migrations.alembic_config())
    revisions = [r for r in script.walk_revisions() if r.down_revision is not None]
    assert revisions, "there must be at least one migration after the initial schema to test"
    for revision in revisions:
        migrations.downgrade(engine, str(revision.down_revision))
        migrations.upgrade(engine)
        assert _row_counts(engine) == before, f"rows changed across {revision.revision}"


def test_search_index_follows_events_and_citations(engine: Engine) -> None:
    _populate(engine)
    if engine.dialect.name == "sqlite":
        query = "SELECT rowid FROM event_search WHERE event_search MATCH :q"
    else:
        query = "SELECT event_id FROM event_search WHERE document @@ plainto_tsquery('english', :q)"
    with engine.connect() as connection:
        assert connection.execute(text(query), {"q": "seized"}).all() != []
        assert connection.execute(text(query), {"q": "mutiny"}).all() == []
    with Session(engine) as session:
        event = session.exec(select(Event)).one()
        event.title = "Mutiny turns into a coup"
        session.add(event)
        session.commit()
    with engine.connect() as connection:
        assert len(connection.execute(text(query), {"q": "mutiny"}).all()) == 1


def test_require_current_schema_names_the_command(empty_database_url: str) -> None:
    engine = make_engine(Settings(database_url=empty_database_url))
    with pytest.raises(DatabaseSetupError, match="scripts/migrate.py"):
        migrations.require_current_schema(engine)
    migrations.upgrade(engine, "0001")
    with pytest.raises(DatabaseSetupError, match="at revision 0001, behind"):
        migrations.require_current_schema(engine)
    migrations.upgrade(engine)
    migrations.require_current_schema(engine)
    engine.dispose()


def test_a_schema_from_newer_code_is_refused_untouched(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    with pytest.raises(DatabaseSetupError, match="newer version"):
        migrations.upgrade(engine)
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
            == "ffff"
        )
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Event)).one() == 0


def test_search_stems_words_alike_on_both_engines(engine: Engine) -> None:
    _populate(engine)  # the title says "Coup", the quote "seized"
    if engine.dialect.name == "sqlite":
        query = "SELECT rowid FROM event_search WHERE event_search MATCH :q"
    else:
        query = "SELECT event_id FROM event_search WHERE document @@ plainto_tsquery('english', :q)"
    with engine.connect() as connection:
        assert connection.execute(text(query), {"q": "coups"}).all() != []
        assert connection.execute(text(query), {"q": "seizing"}).all() != []


def test_an_upgrade_that_fails_half_way_leaves_nothing_behind(empty_database_url: str) -> None:
    # The last migration meets a table already there: the upgrade fails, and none of the
    # earlier migrations' tables stay (on SQLite too, where the driver runs CREATE TABLE
    # outside any transaction unless one is opened first). A rerun then starts clean.
    engine = make_engine(Settings(database_url=empty_database_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE event_summary (x INTEGER)"))
    with pytest.raises(Exception, match="event_summary"):
        migrations.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == {"event_summary"}
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE event_summary"))
    migrations.upgrade(engine)
    assert migrations.schema_state(engine).up_to_date
    engine.dispose()
