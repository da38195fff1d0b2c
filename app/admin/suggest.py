"""Suggestions for the pickers of the event form, as small JSON lists for a <datalist>:
actors, places, countries, events and documents whose name, alias or id matches what was typed.
The `value` is what the form field should hold; the `label` helps choose."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from app.admin.deps import EDITORS, EngineDep
from app.editing.lookup import fold
from app.models import Actor, Country, Document, Event, Place

router = APIRouter(prefix="/admin", dependencies=EDITORS, include_in_schema=False)
LIMIT = 15


def _named(rows: list[Any], typed: str, value: Any, label: Any) -> list[dict[str, str]]:
    wanted = fold(typed)
    found = []
    for row in rows:
        names = [row.name, row.slug if hasattr(row, "slug") else row.code, *row.aliases]
        if not wanted or any(wanted in fold(n) for n in names):
            found.append({"value": value(row), "label": label(row)})
        if len(found) >= LIMIT:
            break
    return found


@router.get("/suggest/{kind}", name="admin.suggest")
def read_suggestions(
    kind: Annotated[str, Path(pattern="^(actors|places|countries|events|documents)$")],
    engine: EngineDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> JSONResponse:
    with Session(engine) as session:
        if kind == "actors":
            actors = list(session.exec(select(Actor).order_by(col(Actor.name))).all())
            items = _named(
                actors, q, lambda a: a.name, lambda a: f"{a.kind.replace('_', ' ')} · {a.slug}"
            )
        elif kind == "places":
            places = list(session.exec(select(Place).order_by(col(Place.name))).all())
            items = _named(
                places, q, lambda p: p.name, lambda p: f"{p.country_code or ''} · {p.slug}"
            )
        elif kind == "countries":
            countries = list(session.exec(select(Country).order_by(col(Country.name))).all())
            items = _named(countries, q, lambda c: f"{c.name} ({c.code})", lambda c: c.code)
        elif kind == "events":
            pattern = f"%{q.strip().lower()}%"
            rows = session.exec(
                select(Event.slug, Event.title, Event.status)
                .where(
                    or_(func.lower(Event.title).like(pattern), col(Event.slug).like(pattern)),
                    Event.status != "deleted",
                )
                .order_by(col(Event.date_start).desc())
                .limit(LIMIT)
            ).all()
            items = [
                {"value": slug, "label": f"{title} ({status})"} for slug, title, status in rows
            ]
        else:
            pattern = f"%{q.strip().lower()}%"
            docs = session.exec(
                select(Document.slug, Document.title)
                .where(
                    or_(func.lower(Document.title).like(pattern), col(Document.slug).like(pattern))
                )
                .order_by(col(Document.title))
                .limit(LIMIT)
            ).all()
            items = [{"value": slug, "label": title} for slug, title in docs]
    return JSONResponse(items)
