"""Events related to one event: those sharing its actors or places, and those near it in time.

Both read only events of the given statuses, so a reader never sees an unpublished neighbour.
"""

from datetime import timedelta

from sqlalchemy import func, literal, union_all
from sqlmodel import Session, col, select

from app.models import Event, EventActor, EventCountry, EventPlace
from app.queries.records import EventRecord, load_records

# How far apart in time a related event may be, and how many candidates are ranked in Python.
RELATED_WINDOW = timedelta(days=5 * 365)
CANDIDATES = 150


def _distance(a: Event, b: Event) -> int:
    return abs((a.date_start - b.date_start).days)


def related_events(
    session: Session, event: Event, statuses: tuple[str, ...], *, limit: int = 8
) -> list[EventRecord]:
    """Events sharing at least one actor or place with `event`, within five years of it: those
    sharing the most first, then the nearest in time."""
    assert event.id is not None
    actors = select(col(EventActor.actor_id)).where(col(EventActor.event_id) == event.id)
    places = select(col(EventPlace.place_id)).where(col(EventPlace.event_id) == event.id)
    links = union_all(
        select(col(EventActor.event_id).label("event_id"), literal(1).label("one")).where(
            col(EventActor.actor_id).in_(actors)
        ),
        select(col(EventPlace.event_id).label("event_id"), literal(1).label("one")).where(
            col(EventPlace.place_id).in_(places)
        ),
    ).subquery()
    shared = (
        select(links.c.event_id, func.count().label("shared")).group_by(links.c.event_id).subquery()
    )
    base = (
        select(Event, shared.c.shared)
        .join(shared, shared.c.event_id == col(Event.id))
        .where(
            col(Event.id) != event.id,
            col(Event.status).in_(statuses),
            col(Event.date_start) <= event.date_end + RELATED_WINDOW,
            col(Event.date_end) >= event.date_start - RELATED_WINDOW,
        )
    )
    # The best candidates on each side of its date, so ranking by distance sees the nearest.
    before = base.where(col(Event.date_start) <= event.date_start).order_by(
        shared.c.shared.desc(), col(Event.date_start).desc()
    )
    after = base.where(col(Event.date_start) > event.date_start).order_by(
        shared.c.shared.desc(), col(Event.date_start)
    )
    rows = [*session.exec(before.limit(CANDIDATES)), *session.exec(after.limit(CANDIDATES))]
    ranked = sorted(rows, key=lambda row: (-int(row[1]), _distance(row[0], event), row[0].slug))
    return load_records(session, [e for e, _ in ranked[:limit]])


def nearby_events(
    session: Session,
    event: Event,
    statuses: tuple[str, ...],
    *,
    days: int = 60,
    limit: int = 6,
    exclude: set[str] | None = None,
) -> list[EventRecord]:
    """Events in the same countries (any country if it has none) starting within `days` of its
    first day, nearest first, leaving out the slugs in `exclude`."""
    assert event.id is not None
    countries = select(col(EventCountry.country_code)).where(col(EventCountry.event_id) == event.id)
    in_countries = select(col(EventCountry.event_id)).where(
        col(EventCountry.country_code).in_(countries)
    )
    span = timedelta(days=days)
    statement = select(Event).where(
        col(Event.id) != event.id,
        col(Event.status).in_(statuses),
        col(Event.date_start) >= event.date_start - span,
        col(Event.date_start) <= event.date_start + span,
    )
    has_country = session.exec(countries.limit(1)).first() is not None
    if has_country:
        statement = statement.where(col(Event.id).in_(in_countries))
    candidates = session.exec(statement.order_by(col(Event.date_start)).limit(CANDIDATES)).all()
    skipped = exclude or set()
    ranked = sorted(
        (e for e in candidates if e.slug not in skipped),
        key=lambda e: (_distance(e, event), e.slug),
    )
    return load_records(session, sorted(ranked[:limit], key=lambda e: (e.date_start, e.slug)))
