"""The bodies the write API accepts and answers (POST, PATCH /api/v1/events)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.events import EVENT_EXAMPLE, EventPublic

WRITE_EXAMPLE: dict[str, Any] = {
    "title": "Clash near Léré",
    "type": "armed_violence",
    "date": "early May 2024",
    "summary": "Malian troops and an armed group clashed near Léré.",
    "countries": [{"id": "MLI"}],
    "actors": [{"id": "fama", "role": "party"}],
    "places": [{"id": "Léré"}],
    "tags": ["border-crisis-2024"],
    "citations": [
        {"document": "000-fbfefeaae2fe5c67", "quote": "In early May 2024, fighting broke out"}
    ],
}


class LinkWrite(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"id": "fama"}]})

    id: str = Field(
        max_length=200,
        description="The actor's, place's or country's id, name or alias (a country: its "
        'ISO alpha-3 code, name, or "Name (ABC)").',
    )
    role: str = Field(
        default="",
        max_length=16,
        description="perpetrator, target, party, host, location or mentioned (default: party "
        "for actors, location for places and countries).",
    )
    new_kind: str = Field(
        default="",
        max_length=32,
        description="Actors: create the actor with this kind (state, armed_force, armed_group, "
        "organization, mission, person) when no actor has this name.",
    )
    create: bool = Field(
        default=False,
        description='Places and countries: create it when unknown (a country as "Name (ABC)").',
    )


class RelationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(max_length=16, description="part_of, follows, responds_to or causes.")
    event: str = Field(max_length=160, description="The other event's id.")


class CitationWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(max_length=200, description="The document's id (its slug).")
    quote: str = Field(
        max_length=20_000,
        description="The exact words of the document; found in its text whatever the line "
        "breaks and quote marks, and stored with their offsets.",
    )
    start: int | None = Field(
        default=None, ge=0, description="Where the quote starts, when it occurs more than once."
    )


class FatalitiesWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    best: int | None = Field(default=None, ge=0, le=10_000_000)
    low: int | None = Field(default=None, ge=0, le=10_000_000)
    high: int | None = Field(default=None, ge=0, le=10_000_000)


class EventPatch(BaseModel):
    """The fields to change; those left out keep their value, a list sent replaces the list."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WRITE_EXAMPLE]})

    title: str | None = Field(default=None, max_length=1000)
    summary: str | None = Field(default=None, max_length=50_000)
    type: str | None = Field(default=None, max_length=64, description="See /api/v1/types.")
    date: str | None = Field(
        default=None,
        max_length=200,
        description='As a person writes it: "4 May 2024", "early May 2024", "2021–2022", '
        '"late 2021", "2015", or EDTF ("2024-05-01/2024-05-10").',
    )
    status: str | None = Field(
        default=None, max_length=16, description="candidate, published or rejected."
    )
    occurrence: str | None = Field(default=None, max_length=16, description="occurred or planned.")
    confidence: float | None = Field(default=None, description="0 to 1.")
    fatalities: FatalitiesWrite | None = None
    flags: list[str] | None = Field(
        default=None, max_length=10, description="dates_disagree, fatalities_disagree."
    )
    tags: list[str] | None = Field(default=None, max_length=100)
    actors: list[LinkWrite] | None = Field(default=None, max_length=200)
    places: list[LinkWrite] | None = Field(default=None, max_length=200)
    countries: list[LinkWrite] | None = Field(default=None, max_length=200)
    relations: list[RelationWrite] | None = Field(default=None, max_length=200)
    citations: list[CitationWrite] | None = Field(default=None, max_length=200)


class EventCreate(EventPatch):
    """A new event: title, type and date are required; status defaults to published."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [WRITE_EXAMPLE]})

    title: str = Field(max_length=1000)
    type: str = Field(max_length=64, description="See /api/v1/types.")
    date: str = Field(max_length=200, description='As a person writes it, e.g. "early May 2024".')


class EventStored(EventPublic):
    """The event as stored after the change, with the version to send back in If-Match."""

    model_config = ConfigDict(json_schema_extra={"examples": [dict(EVENT_EXAMPLE, version=3)]})

    version: int = Field(description="Increases on every change; send it as If-Match.")
