"""Synthetic knowledge bases of any size, for benchmarks and load tests (never for analysis).

`fill_synthetic` writes `events` invented events into a migrated database through the models'
tables: the gazetteer's countries, places and actors (the same as the ingestion's), invented
documents whose text is made of the events' quotes (so every citation's offsets are right), one
citation and one `create` revision per event. The mix is meant to look like the real chronology:
more armed violence than treaties, more events in later years, most dates precise to the day and
some to a month, season, year or range; a few candidates and rejected events the public never
sees. Deterministic for a seed.

Speed (a million events in minutes, issue 7) comes from choices none of which bypasses the
schema or its triggers (full-text search, summaries, the data version all stay theirs): rows
are generated a batch at a time, converted by the tables' own column types, and written with
the driver's bulk path (COPY on PostgreSQL; on SQLite, TEMP tables moved with one INSERT ...
SELECT per table, see `_stage_and_move`); ids are reserved up front, from the sequences on
PostgreSQL so that they stay right.
"""

import itertools
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from time import perf_counter
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, text
from sqlmodel import Session, col, select

from app.config import DATA_DIR
from app.extraction.gazetteer import load_gazetteer
from app.extraction.temporal_bounds import (
    MONTH_NAMES,
    DateBounds,
    day_bounds,
    month_bounds,
    part_of_month_bounds,
    season_bounds,
    year_bounds,
    year_span_bounds,
)
from app.models import (
    Actor,
    Citation,
    Document,
    Event,
    EventActor,
    EventCountry,
    EventPlace,
    Place,
    Revision,
)
from app.models.taxonomy import EventType
from app.reference import sync_reference_data

FIRST_YEAR, LAST_YEAR = 2012, 2024
EVENTS_PER_DOCUMENT = 200
# Events generated and written per round: large enough for the bulk paths to pay, small enough
# that a round's rows stay a few tens of megabytes.
BATCH_EVENTS = 20_000
# SQLite page cache of the filling connection, in KiB: the event indexes take random inserts.
SQLITE_CACHE_KIB = 2 * 1024 * 1024

# Relative frequencies, roughly those of conflict-event datasets for the Sahel.
TYPE_WEIGHTS: dict[EventType, int] = {
    EventType.ARMED_VIOLENCE: 46,
    EventType.DIPLOMACY: 12,
    EventType.DEPLOYMENT: 8,
    EventType.PROTEST: 7,
    EventType.BORDER_INCIDENT: 5,
    EventType.POLITICAL_TRANSITION: 4,
    EventType.SANCTIONS: 3,
    EventType.INSTITUTIONAL: 4,
    EventType.TREATY: 3,
    EventType.TROOP_WITHDRAWAL: 3,
    EventType.MILITARY_EXERCISE: 2,
    EventType.ARMS_TRANSFER: 2,
    EventType.COUP: 1,
}
COUNTRY_WEIGHTS: dict[str, int] = {
    "MLI": 36,
    "BFA": 22,
    "NER": 15,
    "MRT": 6,
    "TCD": 5,
    "NGA": 5,
    "DZA": 2,
    "SEN": 2,
    "CIV": 2,
    "BEN": 2,
    "TGO": 1,
    "LBY": 1,
    "GIN": 1,
}
SECOND_COUNTRIES = ("FRA", "RUS", "MRT", "MLI", "NER", "DZA", "USA")
# The share of each precision; the rest of the synthetic date follows from it.
PRECISION_WEIGHTS = {"day": 62, "part_of_month": 8, "month": 14, "season": 3, "range": 4, "year": 9}
STATUS_WEIGHTS = {"published": 95, "candidate": 4, "rejected": 1}
# Intensity grows over the years, as the crisis did: later years weigh up to 3 times more.
YEARS = tuple(range(FIRST_YEAR, LAST_YEAR + 1))
YEAR_WEIGHTS = {y: 1 + 2 * i / (len(YEARS) - 1) for i, y in enumerate(YEARS)}
ROLES = ("perpetrator", "party", "target")
VERBS: dict[EventType, str] = {
    EventType.ARMED_VIOLENCE: "Gunmen attacked",
    EventType.DIPLOMACY: "A delegation visited",
    EventType.DEPLOYMENT: "Troops deployed to",
    EventType.PROTEST: "Protesters gathered in",
    EventType.BORDER_INCIDENT: "Soldiers crossed the border near",
    EventType.POLITICAL_TRANSITION: "The transitional authorities met in",
    EventType.SANCTIONS: "Sanctions were announced against",
    EventType.INSTITUTIONAL: "A new mandate was adopted for",
    EventType.TREATY: "An agreement was signed in",
    EventType.TROOP_WITHDRAWAL: "Foreign troops withdrew from",
    EventType.MILITARY_EXERCISE: "The army held an exercise near",
    EventType.ARMS_TRANSFER: "Armoured vehicles were delivered to",
    EventType.COUP: "Officers seized power in",
}

# The columns each table is written with, in the order of the generated tuples.
EVENT_COLUMNS = (
    "id", "slug", "title", "summary", "type", "date_start", "date_end", "precision", "edtf",
    "status", "occurrence", "confidence", "fatalities_best", "fatalities_low", "fatalities_high",
    "flags", "created_at", "updated_at", "version",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "id", "slug", "title", "authors", "publisher", "published", "published_precision",
    "published_source", "date_warnings", "filename", "media_type", "sha256", "text",
    "ingested_at",
)  # fmt: skip
CITATION_COLUMNS = (
    "event_id", "document_id", "quote", "char_start", "char_end", "method", "rule", "created_at",
)  # fmt: skip
REVISION_COLUMNS = (
    "event_id", "at", "author_kind", "author", "action", "changes", "event_version",
)  # fmt: skip
LINK_COLUMNS: dict[str, tuple[str, ...]] = {
    "country": ("event_id", "country_code", "role"),
    "actor": ("event_id", "actor_id", "role"),
    "place": ("event_id", "place_id", "role"),
}


@dataclass(frozen=True)
class SynthSummary:
    events: int
    documents: int
    citations: int
    seconds: float


@dataclass(frozen=True)
class _Dated:
    bounds: DateBounds
    words: str  # how the quote opens: "On 4 May 2024", "In early May 2024"


@dataclass
class _Reference:
    places_by_country: dict[str, list[tuple[int, str]]]  # id and name of places with coordinates
    all_places: list[tuple[int, str]]
    actors: list[int]


@dataclass
class _Batch:
    """One round's rows, as tuples in the order of the *_COLUMNS above."""

    documents: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    citations: list[tuple[Any, ...]]
    revisions: list[tuple[Any, ...]]
    links: dict[str, list[tuple[Any, ...]]]


def _cumulative(weights: Mapping[Any, float]) -> tuple[list[Any], list[float]]:
    return list(weights), list(itertools.accumulate(weights.values()))


def _bounds(year: int, day_of_year: int, precision: str, variant: int) -> DateBounds:
    day = date(year, 1, 1) + timedelta(days=day_of_year)
    if precision == "day":
        return day_bounds(day.year, day.month, day.day)
    if precision == "part_of_month":
        return part_of_month_bounds(day.year, day.month, ("early", "mid", "late")[variant])
    if precision == "month":
        return month_bounds(day.year, day.month)
    if precision == "season":
        return season_bounds(day.year, 21 + variant)
    if precision == "range" and day.year < LAST_YEAR:
        return year_span_bounds(day.year, day.year + 1)
    return year_bounds(day.year)


def _dated(
    cache: dict[tuple[int, int, str, int], _Dated], key: tuple[int, int, str, int]
) -> _Dated:
    found = cache.get(key)
    if found is None:
        bounds = _bounds(*key)
        if bounds.precision == "day":
            words = (
                f"On {bounds.start.day} {MONTH_NAMES[bounds.start.month - 1]} {bounds.start.year}"
            )
        else:
            words = "In " + bounds.label()
        found = cache[key] = _Dated(bounds, words)
    return found


def _reference(session: Session) -> _Reference:
    sync_reference_data(session, load_gazetteer(DATA_DIR))
    places = [
        (p.id, p.name, p.country_code)
        for p in session.exec(
            select(Place).where(col(Place.lat).is_not(None)).order_by(col(Place.id))
        )
        if p.id is not None
    ]
    by_country: dict[str, list[tuple[int, str]]] = {}
    for place_id, name, country in places:
        if country is not None:
            by_country.setdefault(country, []).append((place_id, name))
    actors = [a for a in session.exec(select(col(Actor.id)).order_by(col(Actor.id))).all() if a]
    return _Reference(by_country, [(p[0], p[1]) for p in places], actors)


class _Generator:
    """Invents rows a batch at a time; every random draw comes from one seeded generator."""

    def __init__(self, ref: _Reference, seed: int, first_serial: int) -> None:
        self.ref = ref
        self.seed = seed
        self.rng = random.Random(seed)
        self.serial = first_serial
        self.documents = 0
        self.now = datetime(2024, 12, 31, 12, tzinfo=UTC)
        self.dates: dict[tuple[int, int, str, int], _Dated] = {}
        self.types = _cumulative(TYPE_WEIGHTS)
        self.countries = _cumulative(COUNTRY_WEIGHTS)
        self.precisions = _cumulative(PRECISION_WEIGHTS)
        self.statuses = _cumulative(STATUS_WEIGHTS)
        self.years = _cumulative(YEAR_WEIGHTS)

    def _draw(self, table: tuple[list[Any], list[float]], k: int) -> list[Any]:
        return self.rng.choices(table[0], cum_weights=table[1], k=k)

    def batch(self, event_ids: Sequence[int], document_ids: Sequence[int]) -> _Batch:
        rng, n = self.rng, len(event_ids)
        kinds: list[EventType] = self._draw(self.types, n)
        countries: list[str] = self._draw(self.countries, n)
        precisions: list[str] = self._draw(self.precisions, n)
        statuses: list[str] = self._draw(self.statuses, n)
        years: list[int] = self._draw(self.years, n)
        out = _Batch([], [], [], [], {"country": [], "actor": [], "place": []})
        sentences: list[str] = []
        offset = 0
        document = iter(document_ids)
        document_id = next(document)
        for i, event_id in enumerate(event_ids):
            if i and i % EVENTS_PER_DOCUMENT == 0:
                self._document(out, document_id, sentences)
                document_id, sentences, offset = next(document), [], 0
            kind, country, precision, status = kinds[i], countries[i], precisions[i], statuses[i]
            pool = self.ref.places_by_country.get(country) or self.ref.all_places
            place_id, place_name = pool[int(rng.random() * len(pool))]
            dated = _dated(self.dates, (years[i], rng.randrange(365), precision, rng.randrange(3)))
            bounds = dated.bounds
            verb = VERBS[kind]
            title = f"{kind.value.replace('_', ' ').capitalize()} in {place_name}"
            quote = f"{dated.words}, {verb[0].lower()}{verb[1:]} {place_name}."
            created = self.now - timedelta(hours=rng.randrange(900 * 24))
            serial = self.serial
            self.serial += 1
            out.events.append(
                (
                    event_id,
                    f"{bounds.start.isoformat()}-synthetic-{self.seed}-{serial}",
                    title,
                    f"{verb} {place_name} (synthetic event {serial}).",
                    kind.value,
                    bounds.start,
                    bounds.end,
                    bounds.precision,
                    bounds.edtf,
                    status,
                    "occurred",
                    round(0.5 + 0.49 * rng.random(), 2),
                    rng.randrange(60) if kind == EventType.ARMED_VIOLENCE else None,
                    None,
                    None,
                    [],
                    created,
                    created,
                    1,
                )
            )
            out.links["country"].append((event_id, country, "location"))
            if rng.random() < 0.18:
                other = SECOND_COUNTRIES[int(rng.random() * len(SECOND_COUNTRIES))]
                if other != country:
                    out.links["country"].append((event_id, other, "location"))
            first = rng.choice(self.ref.actors)
            out.links["actor"].append((event_id, first, rng.choice(ROLES)))
            if rng.random() < 1 / 3:
                second = rng.choice(self.ref.actors)
                if second != first:
                    out.links["actor"].append((event_id, second, rng.choice(ROLES)))
            out.links["place"].append((event_id, place_id, "location"))
            out.citations.append(
                (
                    event_id,
                    document_id,
                    quote,
                    offset,
                    offset + len(quote),
                    "extraction",
                    "synthetic",
                    created,
                )
            )
            out.revisions.append(
                (
                    event_id,
                    created,
                    "ingestion",
                    "synthetic",
                    "create",
                    {"status": [None, status], "title": [None, title]},
                    1,
                )
            )
            sentences.append(quote)
            offset += len(quote) + 1
        self._document(out, document_id, sentences)
        return out

    def _document(self, out: _Batch, document_id: int, sentences: list[str]) -> None:
        self.documents += 1
        body = " ".join(sentences)
        name = f"synthetic-{self.seed}-{self.serial:07d}"
        out.documents.append(
            (
                document_id,
                name,
                f"Synthetic analysis {self.documents} (seed {self.seed})",
                ["Synthetic Author"],
                "Sahel Chronicle benchmarks",
                date(LAST_YEAR, 12, 31),
                "day",
                "stated",
                [],
                f"{name}.txt",
                "text/plain",
                sha256(f"{self.seed}:{self.serial}:{body}".encode()).hexdigest(),
                body,
                self.now,
            )
        )


def _reserve_ids(connection: Connection, table: Table, count: int) -> list[int]:
    """`count` fresh ids for `table`. PostgreSQL's come from its sequence, so later inserts by
    the app never collide; SQLite's follow the largest id (a fill is the only writer)."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": count},
        )
        return [int(r[0]) for r in rows]
    last = connection.execute(select(func.max(table.c.id))).scalar()
    first = int(last or 0) + 1
    return list(range(first, first + count))


# Converted values per (dialect, table, column), kept during a fill (see _converted).
_MEMO: dict[tuple[str, str, str], dict[Any, Any]] = {}


def _converted(
    connection: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Iterator[tuple[Any, ...]]:
    """`rows` with each value converted by its column's type as the ORM would (dates, times
    and JSON on SQLite, JSON on PostgreSQL)."""
    dialect = connection.dialect
    processors = [
        (i, p, _MEMO.setdefault((dialect.name, table.name, name), {}))
        for i, name in enumerate(columns)
        if (p := table.c[name].type.dialect_impl(dialect).bind_processor(dialect)) is not None
    ]
    for row in rows:
        values = list(row)
        for i, process, memo in processors:
            value = values[i]
            # Dates and hours repeat a lot; converting each once saves about a minute per
            # million events. Lists and dicts (JSON) are converted every time.
            if isinstance(value, date | str | int):
                found = memo.get(value)
                if found is None:
                    if len(memo) > 50_000:
                        memo.clear()
                    found = memo[value] = process(value)
                values[i] = found
            else:
                values[i] = process(value)
        yield tuple(values)


_LINK_MODELS: dict[str, Any] = {"country": EventCountry, "actor": EventActor, "place": EventPlace}


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _tables(batch: _Batch) -> list[tuple[Table, tuple[str, ...], list[tuple[Any, ...]]]]:
    """The batch's rows per table, parents before children (foreign keys are checked at once)."""
    return [
        (_table(Document), DOCUMENT_COLUMNS, batch.documents),
        (_table(Event), EVENT_COLUMNS, batch.events),
        (_table(Citation), CITATION_COLUMNS, batch.citations),
        *((_table(_LINK_MODELS[n]), LINK_COLUMNS[n], rows) for n, rows in batch.links.items()),
        (_table(Revision), REVISION_COLUMNS, batch.revisions),
    ]


def _copy(connection: Connection, batch: _Batch) -> None:
    """PostgreSQL: every table of the batch through COPY, in the caller's transaction."""
    quote = connection.dialect.identifier_preparer.quote
    cursor: Any = connection.connection.cursor()  # psycopg's, for COPY
    try:
        for table, columns, rows in _tables(batch):
            names = ", ".join(quote(c) for c in columns)
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for values in _converted(connection, table, columns, rows):
                    copy.write_row(values)
    finally:
        cursor.close()


def _stage_and_move(connection: Connection, batch: _Batch) -> None:
    """SQLite: the batch goes into TEMP tables in one transaction, then into each real table
    with one INSERT ... SELECT run outside any explicit transaction.

    Why: inside BEGIN ... COMMIT every statement whose triggers write the FTS5 table opens a
    statement savepoint, and FTS5 (3.40) flushes its pending index data at each savepoint, so
    the full-text triggers of `event` and `citation` wrote one tiny index segment per row, about
    150 µs per event. A lone INSERT ... SELECT in autocommit mode needs no statement savepoint,
    and FTS5 batches the whole statement's rows (about 30 µs per event, triggers unchanged).
    """
    quote = connection.dialect.identifier_preparer.quote
    staged = _tables(batch)
    connection.exec_driver_sql("BEGIN")
    for table, columns, rows in staged:
        names = ", ".join(quote(c) for c in columns)
        stage = quote(f"synthetic_{table.name}")
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS "
            f"SELECT {names} FROM main.{quote(table.name)} WHERE 0"
        )
        marks = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(
            f"INSERT INTO temp.{stage} ({names}) VALUES ({marks})",
            list(_converted(connection, table, columns, rows)),
        )
    connection.exec_driver_sql("COMMIT")
    for table, columns, _ in staged:
        names = ", ".join(quote(c) for c in columns)
        stage = quote(f"synthetic_{table.name}")
        connection.exec_driver_sql(
            f"INSERT INTO main.{quote(table.name)} ({names}) "
            f"SELECT {names} FROM temp.{stage} ORDER BY rowid"
        )
        connection.exec_driver_sql(f"DELETE FROM temp.{stage}")


def fill_synthetic(engine: Engine, events: int, *, seed: int = 1) -> SynthSummary:
    """Add `events` synthetic events (with documents, citations, links and revisions) to the
    migrated database behind `engine`: in one transaction on PostgreSQL; on SQLite, one
    transaction per table and batch of BATCH_EVENTS events, parents first, so an interrupted
    fill leaves whole rows that reference each other. Raises ValueError for events < 1."""
    if events < 1:
        raise ValueError("the number of events must be at least 1")
    started = perf_counter()
    with Session(engine) as session:
        ref = _reference(session)
        # Numbers that keep slugs unique when a database is filled twice.
        last = session.connection().execute(select(func.max(_table(Event).c.id))).scalar()
        session.commit()
    generator = _Generator(ref, seed, int(last or 0) + 1)
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Transactions are explicit here (see _stage_and_move).
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
            connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
        try:
            remaining = events
            while remaining > 0:
                size = min(BATCH_EVENTS, remaining)
                documents = -(-size // EVENTS_PER_DOCUMENT)
                batch = generator.batch(
                    _reserve_ids(connection, _table(Event), size),
                    _reserve_ids(connection, _table(Document), documents),
                )
                (_stage_and_move if sqlite else _copy)(connection, batch)
                remaining -= size
            if not sqlite:
                connection.commit()
        finally:
            if sqlite:
                for table, _, _ in _tables(_Batch([], [], [], [], {n: [] for n in LINK_COLUMNS})):
                    connection.exec_driver_sql(
                        f'DROP TABLE IF EXISTS temp."synthetic_{table.name}"'
                    )
                connection.exec_driver_sql(f"PRAGMA cache_size = {cache}")
            _MEMO.clear()
    return SynthSummary(events, generator.documents, events, perf_counter() - started)
