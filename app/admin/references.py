"""Reference data in the admin: actors, places (with coordinates) and periods. Each kind has the
same pages, built by `reference_router`: a searchable list, a form to create, a form to edit with
a merge of the entry into another (for duplicates), all through app.editing.references."""

from dataclasses import dataclass
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from app.admin.deps import EDITORS, EngineDep, Form, text
from app.admin.pages import redirect, render
from app.auth import EditorUser
from app.editing.references import (
    Entry,
    ReferenceDraft,
    create_reference,
    merge_reference,
    update_reference,
)
from app.errors import InvalidParameters, NotFound
from app.models import Actor, Country, EventActor, EventPlace, Period, Place, ReferenceRevision
from app.models.taxonomy import ActorKind

PAGE_SIZE = 100
FIELDS = (
    "name",
    "kind",
    "country",
    "aliases",
    "description",
    "admin_region",
    "lat",
    "lon",
    "start",
    "end",
)


@dataclass(frozen=True)
class Kind:
    name: str  # actor, place, period
    plural: str
    title: str
    model: type[Actor] | type[Place] | type[Period]


KINDS = (
    Kind("actor", "actors", "Actors", Actor),
    Kind("place", "places", "Places", Place),
    Kind("period", "periods", "Periods", Period),
)


@dataclass(frozen=True)
class ReferenceLine:
    slug: str
    name: str
    detail: str
    events: int | None


def _lines(session: Session, kind: Kind, q: str, page: int) -> tuple[list[ReferenceLine], int]:
    model = kind.model
    where: list[Any] = []
    if q.strip():
        pattern = f"%{q.strip().lower()}%"
        where.append(or_(func.lower(model.name).like(pattern), col(model.slug).like(pattern)))
    total = session.exec(select(func.count()).select_from(model).where(*where)).one()
    rows = cast(
        list[Entry],
        session.exec(
            select(model)
            .where(*where)
            .order_by(func.lower(model.name), col(model.slug))
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
        ).all(),
    )
    counts: dict[int, int] = {}
    ids = [r.id for r in rows if r.id is not None]
    if kind.name == "actor":
        counts = dict(
            session.exec(
                select(EventActor.actor_id, func.count(func.distinct(EventActor.event_id)))
                .where(col(EventActor.actor_id).in_(ids))
                .group_by(col(EventActor.actor_id))
            ).all()
        )
    if kind.name == "place":
        counts = dict(
            session.exec(
                select(EventPlace.place_id, func.count(func.distinct(EventPlace.event_id)))
                .where(col(EventPlace.place_id).in_(ids))
                .group_by(col(EventPlace.place_id))
            ).all()
        )
    lines = []
    for row in rows:
        if isinstance(row, Actor):
            detail = (
                f"{row.kind.replace('_', ' ')}{', ' + row.country_code if row.country_code else ''}"
            )
        elif isinstance(row, Place):
            where_ = (
                f"{row.lat:.4f}, {row.lon:.4f}"
                if row.lat is not None and row.lon is not None
                else "no coordinates"
            )
            detail = f"{row.country_code or '—'} · {where_}"
        else:
            detail = f"{row.date_start.isoformat()} – {row.date_end.isoformat()}"
        events = counts.get(row.id or 0, 0) if kind.name != "period" else None
        lines.append(ReferenceLine(row.slug, row.name, detail, events))
    return lines, total


def _values_of(session: Session, entry: Actor | Place | Period) -> dict[str, str]:
    country = ""
    if entry.country_code:
        found = session.get(Country, entry.country_code)
        country = f"{found.name} ({found.code})" if found else entry.country_code
    values = {"name": entry.name, "country": country}
    if isinstance(entry, Actor):
        values.update(
            kind=entry.kind, aliases="\n".join(entry.aliases), description=entry.description
        )
    elif isinstance(entry, Place):
        values.update(
            kind=entry.kind,
            aliases="\n".join(entry.aliases),
            admin_region=entry.admin_region,
            lat="" if entry.lat is None else f"{entry.lat:g}",
            lon="" if entry.lon is None else f"{entry.lon:g}",
        )
    else:
        values.update(
            start=entry.date_start.isoformat(),
            end=entry.date_end.isoformat(),
            description=entry.description,
        )
    return values


def _draft(form: Any) -> ReferenceDraft:
    return ReferenceDraft(**{name: text(form, name) for name in FIELDS})


def reference_router(kind: Kind) -> APIRouter:
    router = APIRouter(
        prefix=f"/admin/{kind.plural}", dependencies=EDITORS, include_in_schema=False
    )
    base = f"admin.{kind.plural}"

    def show_form(
        request: Request,
        *,
        values: dict[str, str],
        errors: dict[str, str],
        slug: str | None,
        history: list[ReferenceRevision],
        status_code: int = 200,
    ) -> HTMLResponse:
        return render(
            request,
            "admin/reference_form.html",
            {
                "kind": kind,
                "values": values,
                "errors": errors,
                "slug": slug,
                "history": history,
                "actor_kinds": [k.value for k in ActorKind],
            },
            status_code=status_code,
        )

    @router.get("", name=f"{base}.list")
    def read_references(
        request: Request,
        engine: EngineDep,
        q: Annotated[str, Query(max_length=200)] = "",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    ) -> HTMLResponse:
        with Session(engine) as session:
            lines, total = _lines(session, kind, q, page)
        return render(
            request,
            "admin/references.html",
            {
                "kind": kind,
                "lines": lines,
                "total": total,
                "q": q,
                "page": page,
                "pages": max(1, (total + PAGE_SIZE - 1) // PAGE_SIZE),
            },
        )

    @router.get("/new", name=f"{base}.new")
    def read_new_reference_form(request: Request) -> HTMLResponse:
        return show_form(request, values={}, errors={}, slug=None, history=[])

    @router.post("/new", name=f"{base}.create")
    def create_reference_from_form(
        request: Request, form: Form, engine: EngineDep, user: EditorUser
    ) -> Response:
        try:
            slug = create_reference(
                engine, kind=kind.name, draft=_draft(form), author=user.username
            )
        except InvalidParameters as exc:
            return show_form(
                request,
                values={n: text(form, n) for n in FIELDS},
                errors={e.name: e.message for e in reversed(exc.errors)},
                slug=None,
                history=[],
                status_code=400,
            )
        return redirect(
            request, str(request.url_for(f"{base}.edit", slug=slug)), notice="reference-created"
        )

    @router.get("/{slug}", name=f"{base}.edit")
    def read_reference_form(request: Request, slug: str, engine: EngineDep) -> HTMLResponse:
        with Session(engine) as session:
            entry = cast(
                Entry | None,
                session.exec(select(kind.model).where(col(kind.model.slug) == slug)).first(),
            )
            if entry is None:
                raise NotFound(f"there is no {kind.name} {slug!r}")
            history = _history(session, kind, slug)
            return show_form(
                request, values=_values_of(session, entry), errors={}, slug=slug, history=history
            )

    @router.post("/{slug}", name=f"{base}.update")
    def update_reference_from_form(
        request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
    ) -> Response:
        try:
            changed = update_reference(
                engine, kind=kind.name, slug=slug, draft=_draft(form), author=user.username
            )
        except InvalidParameters as exc:
            with Session(engine) as session:
                history = _history(session, kind, slug)
            return show_form(
                request,
                values={n: text(form, n) for n in FIELDS},
                errors={e.name: e.message for e in reversed(exc.errors)},
                slug=slug,
                history=history,
                status_code=400,
            )
        return redirect(
            request,
            str(request.url_for(f"{base}.edit", slug=slug)),
            notice="reference-saved" if changed else "unchanged",
        )

    @router.post("/{slug}/merge", name=f"{base}.merge")
    def merge_reference_from_form(
        request: Request, slug: str, form: Form, engine: EngineDep, user: EditorUser
    ) -> Response:
        """Merge this entry (a duplicate) into the one named in `into`."""
        into = text(form, "into").strip()
        with Session(engine) as session:
            target = cast(
                Entry | None,
                session.exec(
                    select(kind.model).where(
                        or_(
                            col(kind.model.slug) == into,
                            func.lower(kind.model.name) == into.lower(),
                        )
                    )
                ).first(),
            )
        merge_reference(
            engine,
            kind=kind.name,
            duplicate=slug,
            into=target.slug if target else into,
            author=user.username,
        )
        kept = target.slug if target else into
        return redirect(
            request, str(request.url_for(f"{base}.edit", slug=kept)), notice="reference-merged"
        )

    return router


def _history(session: Session, kind: Kind, slug: str) -> list[ReferenceRevision]:
    return list(
        session.exec(
            select(ReferenceRevision)
            .where(
                ReferenceRevision.kind == kind.name,
                or_(
                    col(ReferenceRevision.slug) == slug, col(ReferenceRevision.retired_slug) == slug
                ),
            )
            .order_by(col(ReferenceRevision.id).desc())
            .limit(50)
        ).all()
    )


routers = [reference_router(kind) for kind in KINDS]
