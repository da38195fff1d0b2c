"""The model holds events with provenance and uncertain dates, on both engines."""

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.models import (
    Actor,
    Citation,
    Country,
    Document,
    Event,
    EventActor,
    EventPlace,
    EventRelation,
    EventTag,
    Period,
    Place,
)
from app.models.taxonomy import EVENT_TYPE_DEFINITIONS, EventType, Precision


def _event(slug: str, **overrides: object) -> Event:
    values: dict[str, object] = {
        "slug": slug,
        "title": "Clash near the border",
        "type": "border_incident",
        "date_start": date(2024, 4, 1),
        "date_end": date(2024, 4, 10),
        "precision": "part_of_month",
        "edtf": "2024-04-01/2024-04-10",
    }
    values.update(overrides)
    return Event.model_validate(values)


def test_an_event_links_actors_places_citations_tags_and_relations(session: Session) -> None:
    session.add_all([Country(code="MLI", name="Mali"), Country(code="MRT", name="Mauritania")])
    session.flush()  # no ORM relationships, so the unit of work does not order by foreign key
    army = Actor(
        slug="fama",
        name="Malian Armed Forces",
        kind="armed_force",
        country_code="MLI",
        aliases=["FAMa", "Malian army"],
    )
    town = Place(slug="adel-bagrou", name="Adel Bagrou", country_code="MRT", lat=15.53, lon=-7.06)
    text = "In early April 2024, Malian troops crossed into Adel Bagrou."
    document = Document(slug="d", title="D", filename="d.txt", sha256="b" * 64, text=text)
    incursion = _event(
        "2024-04-early-incursion",
        fatalities_best=2,
        fatalities_low=1,
        fatalities_high=3,
        flags=["fatalities_disagree"],
    )
    protest = _event("2024-04-protest", type="protest", title="Protest in Adel Bagrou")
    session.add_all([army, town, document, incursion, protest])
    session.flush()
    assert incursion.id and protest.id and army.id and town.id and document.id
    start = text.index("Malian troops")
    session.add_all(
        [
            EventActor(event_id=incursion.id, actor_id=army.id, role="perpetrator"),
            EventPlace(event_id=incursion.id, place_id=town.id),
            EventTag(event_id=incursion.id, tag="first-wave"),
            EventRelation(from_event_id=protest.id, to_event_id=incursion.id, kind="responds_to"),
            Citation(
                event_id=incursion.id,
                document_id=document.id,
                quote=text[start:],
                char_start=start,
                char_end=len(text),
                rule="border_incident:crossed",
            ),
            Period(
                slug="second-wave",
                name="Second wave",
                date_start=date(2023, 1, 1),
                date_end=date(2024, 12, 31),
            ),
        ]
    )
    session.commit()

    stored = session.exec(select(Event).where(Event.slug == "2024-04-early-incursion")).one()
    assert stored.flags == ["fatalities_disagree"]
    assert stored.created_at.tzinfo is not None and stored.version == 1
    citation = session.exec(select(Citation)).one()
    assert document.text[citation.char_start : citation.char_end] == citation.quote
    relation = session.exec(select(EventRelation)).one()
    assert (relation.from_event_id, relation.kind) == (protest.id, "responds_to")
    assert session.exec(select(Actor)).one().aliases == ["FAMa", "Malian army"]


def test_slugs_are_unique(session: Session) -> None:
    session.add(_event("same"))
    session.commit()
    session.add(_event("same"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_a_citation_needs_a_real_document(session: Session) -> None:
    event = _event("e")
    session.add(event)
    session.commit()
    assert event.id is not None
    session.add(Citation(event_id=event.id, document_id=999, quote="x", char_start=0, char_end=1))
    with pytest.raises(IntegrityError):
        session.commit()


def test_every_event_type_has_a_definition() -> None:
    assert set(EVENT_TYPE_DEFINITIONS) == set(EventType)
    assert all(definition.endswith(".") for definition in EVENT_TYPE_DEFINITIONS.values())
    assert [p.value for p in Precision][:3] == ["day", "part_of_month", "month"]
