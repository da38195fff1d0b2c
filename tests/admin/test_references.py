"""Reference data in the admin: actors, places with coordinates and periods — list, create,
edit, merge duplicates with aliases; the changes reach the API (new ETags, events updated) and
the ingestion keeps merged duplicates merged."""

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.models import Actor, EventActor, Period, Place, ReferenceRevision
from app.pipeline import load_reference
from app.reference import sync_reference_data
from tests.admin.conftest import Browser, World, html
from tests.factories import EventSpec, add_event


def test_creating_and_editing_a_place_with_coordinates(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    bad = editor.post(
        "/admin/places/new", {"name": "Boulkessi", "lat": "95", "lon": "", "country": "Atlantis"}
    )
    assert bad.status_code == 400
    page = html(bad)
    assert "from -90 to 90" in page.text and "no country is called 'Atlantis'" in page.text
    assert page.select_one("#f-name")["value"] == "Boulkessi"
    made = editor.post(
        "/admin/places/new",
        {
            "name": "Boulkessi",
            "lat": "14.5",
            "lon": "-1.8",
            "country": "Mali (MLI)",
            "aliases": "Boulkessy\nBoulkessi",
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"].endswith(
        "/admin/places/boulkessi?notice=reference-created"
    )
    with Session(app_engine) as session:
        place = session.exec(select(Place).where(Place.slug == "boulkessi")).one()
    assert (place.lat, place.lon, place.country_code, place.aliases) == (
        14.5, -1.8, "MLI", ["Boulkessy"],
    )  # fmt: skip
    half = editor.post("/admin/places/boulkessi", {"name": "Boulkessi", "lat": "14.6", "lon": ""})
    assert "give both coordinates" in half.text
    editor.post(
        "/admin/places/boulkessi",
        {"name": "Boulkessi", "lat": "14.6", "lon": "-1.8", "country": "MLI"},
    )
    assert editor.get("/api/v1/places/boulkessi").json()["lat"] == 14.6
    listing = html(editor.get("/admin/places", params={"q": "boulk"}))
    assert [a.text for a in listing.select("tbody a")] == ["Boulkessi"]


def test_renaming_an_actor_is_seen_by_api_clients(
    editor: Browser, world: World, app_engine: Engine, app: object
) -> None:
    with Session(app_engine) as session:
        fama = session.exec(select(Actor).where(Actor.slug == "fama")).one()
        add_event(
            session,
            EventSpec(
                slug="e1",
                title="Clash",
                type="armed_violence",
                start=date(2024, 5, 4),
                end=date(2024, 5, 4),
                precision="day",
                edtf="2024-05-04",
                actors=[(fama, "party")],
            ),
        )
        session.commit()
    public = TestClient(app)  # type: ignore[arg-type]
    before = public.get("/api/v1/events/e1")
    response = editor.post(
        "/admin/actors/fama",
        {"name": "FAMa", "kind": "armed_force", "country": "MLI", "aliases": "Malian army"},
    )
    assert response.status_code == 200
    after = public.get("/api/v1/events/e1", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["actors"][0]["name"] == "FAMa"
    assert after.json()["updated_at"] != before.json()["updated_at"]
    with Session(app_engine) as session:
        log = session.exec(select(ReferenceRevision)).one()
    assert (log.kind, log.slug, log.action, log.author) == ("actor", "fama", "update", "erin")
    assert log.changes["name"] == ["Malian Armed Forces", "FAMa"]
    assert "name: Malian Armed Forces → FAMa" in html(editor.get("/admin/actors/fama")).text


def test_merging_actors_moves_their_events_and_keeps_the_name_as_an_alias(
    editor: Browser, world: World, app_engine: Engine
) -> None:
    with Session(app_engine) as session:
        wagner = session.exec(select(Actor).where(Actor.slug == "wagner-group")).one()
        session.add(Actor(slug="africa-corps", name="Africa Corps", kind="armed_group"))
        session.flush()
        africa = session.exec(select(Actor).where(Actor.slug == "africa-corps")).one()
        add_event(
            session,
            EventSpec(
                slug="e1",
                title="Clash",
                type="armed_violence",
                start=date(2024, 5, 4),
                end=date(2024, 5, 4),
                precision="day",
                edtf="2024-05-04",
                actors=[(africa, "perpetrator"), (wagner, "perpetrator")],
            ),
        )
        session.commit()
    response = editor.post(
        "/admin/actors/africa-corps/merge", {"into": "Wagner Group"}, follow_redirects=False
    )
    assert response.headers["location"].endswith(
        "/admin/actors/wagner-group?notice=reference-merged"
    )
    with Session(app_engine) as session:
        assert session.exec(select(Actor).where(Actor.slug == "africa-corps")).first() is None
        kept = session.exec(select(Actor).where(Actor.slug == "wagner-group")).one()
        links = session.exec(select(EventActor)).all()
        # The ingestion does not bring the duplicate back, and links its slug to the survivor.
        gazetteer, _ = load_reference()
        ids = sync_reference_data(session, gazetteer)
        assert session.exec(select(Actor).where(Actor.slug == "africa-corps")).first() is None
        assert ids.actors["africa-corps"] == kept.id
    assert "Africa Corps" in kept.aliases
    assert [(link.actor_id, link.role) for link in links] == [(kept.id, "perpetrator")]
    assert editor.get("/api/v1/actors/africa-corps").status_code == 404


def test_periods(editor: Browser, world: World, app_engine: Engine) -> None:
    bad = editor.post("/admin/periods/new", {"name": "Transition", "start": "2024", "end": "2020"})
    assert "ends before it starts" in bad.text
    editor.post(
        "/admin/periods/new",
        {
            "name": "Mali's transition",
            "start": "18 August 2020",
            "end": "2024",
            "description": "After the coup.",
        },
    )
    editor.post("/admin/periods/new", {"name": "Transition (dup)", "start": "2020", "end": "2024"})
    with Session(app_engine) as session:
        period = session.exec(select(Period).where(Period.slug == "mali-s-transition")).one()
    assert (period.date_start, period.date_end) == (date(2020, 8, 18), date(2024, 12, 31))
    editor.post("/admin/periods/transition-dup/merge", {"into": "mali-s-transition"})
    with Session(app_engine) as session:
        slugs = set(session.exec(select(col(Period.slug))).all())
    assert slugs == {"mali-s-transition"}


def test_merging_into_itself_is_refused(editor: Browser, world: World) -> None:
    response = editor.post("/admin/actors/fama/merge", {"into": "fama"})
    assert response.status_code == 400 and "choose another entry" in response.text
