"""After a load or a crash: is every acknowledged write in the database, and is it consistent?

`lost_writes` reads, for every event in the ledger (app.load.workload.Ack), its row and its
revisions, and names each acknowledged write the database does not show: a create without its
event, a change or deletion without its revision at the version the server reported, or, for
events whose every write was answered, a final version, title or status other than the last
acknowledged one. `consistency_problems` checks the database itself: SQLite's integrity and
foreign keys, the full-text index holding exactly one up-to-date row per event on either engine,
and every event's version recorded by a revision.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, bindparam, text

from app.load.workload import Ack

_CHUNK = 500


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _stored(engine: Engine, slugs: Sequence[str]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    events: dict[str, Any] = {}
    revisions: dict[str, list[Any]] = defaultdict(list)
    event_sql = text(
        "SELECT id, slug, version, title, status FROM event WHERE slug IN :slugs"
    ).bindparams(bindparam("slugs", expanding=True))
    revision_sql = text(
        "SELECT e.slug, r.event_version, r.action, r.changes FROM revision r "
        "JOIN event e ON e.id = r.event_id WHERE e.slug IN :slugs"
    ).bindparams(bindparam("slugs", expanding=True))
    with engine.connect() as connection:
        for chunk in _chunks(slugs):
            for row in connection.execute(event_sql, {"slugs": list(chunk)}):
                events[row.slug] = row
            for row in connection.execute(revision_sql, {"slugs": list(chunk)}):
                revisions[row.slug].append(row)
    return events, revisions


def _changes(value: Any) -> dict[str, Any]:
    if isinstance(value, str):  # SQLite's JSON comes back as text through raw SQL
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return value if isinstance(value, dict) else {}


def lost_writes(engine: Engine, acks: Sequence[Ack], uncertain: Iterable[str] = ()) -> list[str]:
    """One line per acknowledged write the database does not show (empty: nothing lost).

    Events in `uncertain` had a write whose outcome is unknown (a 5xx, a dropped connection,
    a killed server): their acknowledged writes must be there, but a later unacknowledged one
    may have been stored too, so their final state is not compared.
    """
    by_slug: dict[str, list[Ack]] = defaultdict(list)
    for ack in acks:
        by_slug[ack.slug].append(ack)
    events, revisions = _stored(engine, sorted(by_slug))
    unsure = set(uncertain)
    lost: list[str] = []
    for slug, written in sorted(by_slug.items()):
        event = events.get(slug)
        if event is None:
            lost.extend(f"{a.action} of {slug} (v{a.version}): no such event" for a in written)
            continue
        at_version = {r.event_version: r for r in revisions[slug]}
        for ack in written:
            revision = at_version.get(ack.version)
            if revision is None or revision.action != ack.action:
                lost.append(f"{ack.action} of {slug} (v{ack.version}, {ack.via}): no revision")
            elif ack.title is not None:
                title = _changes(revision.changes).get("title")
                if not isinstance(title, list) or title[-1] != ack.title:
                    lost.append(f"{ack.action} of {slug} (v{ack.version}): title is {title!r}")
        if slug in unsure:
            continue
        last = max(written, key=lambda a: a.version)
        titled = [a for a in written if a.title is not None]
        if event.version != last.version:
            lost.append(f"{slug}: version {event.version}, last acknowledged {last.version}")
        if titled and event.title != max(titled, key=lambda a: a.version).title:
            lost.append(f"{slug}: title {event.title!r} is not the last acknowledged one")
        deleted = any(a.action == "delete" for a in written)
        if deleted != (event.status == "deleted"):
            lost.append(f"{slug}: status {event.status!r} after {'a' if deleted else 'no'} delete")
    return lost


def consistency_problems(engine: Engine) -> list[str]:
    """One line per inconsistency of the database (empty: consistent)."""
    problems: list[str] = []
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:

        def scalar(sql: str) -> Any:
            return connection.execute(text(sql)).scalar()

        if sqlite:
            integrity = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
            if integrity != ["ok"]:
                problems.append(f"integrity_check: {'; '.join(integrity[:5])}")
            broken = connection.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                problems.append(f"foreign_key_check: {len(broken)} rows, e.g. {tuple(broken[0])}")
            indexed = "SELECT rowid AS event_id, title FROM event_search"
        else:
            indexed = "SELECT event_id FROM event_search"
        events = scalar("SELECT count(*) FROM event")
        rows = scalar("SELECT count(*) FROM event_search")
        missing = scalar(
            f"SELECT count(*) FROM event e WHERE NOT EXISTS (SELECT 1 FROM ({indexed}) s "
            "WHERE s.event_id = e.id)"
        )
        if rows != events or missing:
            problems.append(f"search index: {rows} rows for {events} events, {missing} missing")
        if sqlite:
            stale = scalar(
                "SELECT count(*) FROM event e JOIN event_search s ON s.rowid = e.id "
                "WHERE s.title IS NOT e.title"
            )
        else:
            # Every title's words must be found in its event's document (it is indexed).
            stale = scalar(
                "SELECT count(*) FROM event e JOIN event_search s ON s.event_id = e.id "
                "WHERE numnode(plainto_tsquery('english', e.title)) > 0 "
                "AND NOT s.document @@ plainto_tsquery('english', e.title)"
            )
        if stale:
            problems.append(f"search index: {stale} events indexed with an old title")
        unrecorded = scalar(
            "SELECT count(*) FROM event e WHERE e.version <> "
            "(SELECT coalesce(max(r.event_version), 0) FROM revision r WHERE r.event_id = e.id)"
        )
        if unrecorded:
            problems.append(f"{unrecorded} events whose version no revision records")
    return problems
