"""Actors, places, countries, event types and periods as the API shows them, with event counts."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_EVENTS = Field(description="Published events linked to it.")
_EVENTS_URL = Field(description="The API URL listing its events.")
_NEXT = Field(description="The URL of the next page; null on the last page.")
_TOTAL = Field(description="How many there are in all.")


def _examples(item: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [item]})


def _page_examples(item: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [{"items": [item], "total": 1, "next": None}]})


_ACTOR: dict[str, Any] = {
    "id": "fama",
    "name": "Malian Armed Forces",
    "kind": "armed_force",
    "country": "MLI",
    "aliases": ["FAMa", "Malian army"],
    "description": "",
    "events": 12,
    "events_url": "http://127.0.0.1:8000/api/v1/events?actor=fama",
}
_PLACE: dict[str, Any] = {
    "id": "adel-bagrou",
    "name": "Adel Bagrou",
    "kind": "town",
    "country": "MRT",
    "admin_region": "Hodh Ech Chargui",
    "lat": 15.53,
    "lon": -7.06,
    "aliases": [],
    "events": 3,
    "events_url": "http://127.0.0.1:8000/api/v1/events?place=adel-bagrou",
}
_COUNTRY: dict[str, Any] = {
    "id": "MRT",
    "name": "Mauritania",
    "lat": 20.25,
    "lon": -10.5,
    "events": 40,
    "events_url": "http://127.0.0.1:8000/api/v1/events?country=MRT",
}
_TYPE: dict[str, Any] = {
    "id": "coup",
    "name": "Coup",
    "definition": "Seizure or attempted seizure of state power by the military or other insiders.",
    "events": 5,
    "events_url": "http://127.0.0.1:8000/api/v1/events?type=coup",
}
_PERIOD: dict[str, Any] = {
    "id": "mali-transition",
    "name": "Mali's military transition",
    "start": "2020-08-18",
    "end": "2024-12-31",
    "description": "",
    "country": "MLI",
    "events": 60,
    "events_url": "http://127.0.0.1:8000/api/v1/events?period=mali-transition",
}


class ActorPublic(BaseModel):
    model_config = _examples(_ACTOR)

    id: str = Field(description="Stable slug.")
    name: str
    kind: str = Field(
        description="state, armed_force, armed_group, organization, mission or person."
    )
    country: str | None = Field(description="ISO alpha-3 code of its country, if any.")
    aliases: list[str]
    description: str
    events: int = _EVENTS
    events_url: str = _EVENTS_URL


class ActorsPublic(BaseModel):
    model_config = _page_examples(_ACTOR)

    items: list[ActorPublic]
    total: int = _TOTAL
    next: str | None = _NEXT


class PlacePublic(BaseModel):
    model_config = _examples(_PLACE)

    id: str = Field(description="Stable slug.")
    name: str
    kind: str = Field(description="capital, city, town, village, region, area, camp or base.")
    country: str | None = Field(description="ISO alpha-3 code of its country.")
    admin_region: str
    lat: float | None = Field(description="Latitude, WGS 84.")
    lon: float | None = Field(description="Longitude, WGS 84.")
    aliases: list[str]
    events: int = _EVENTS
    events_url: str = _EVENTS_URL


class PlacesPublic(BaseModel):
    model_config = _page_examples(_PLACE)

    items: list[PlacePublic]
    total: int = _TOTAL
    next: str | None = _NEXT


class CountryPublic(BaseModel):
    model_config = _examples(_COUNTRY)

    id: str = Field(description="ISO 3166-1 alpha-3 code.")
    name: str
    lat: float | None = Field(description="Latitude of a central point, WGS 84.")
    lon: float | None = Field(description="Longitude of a central point, WGS 84.")
    events: int = _EVENTS
    events_url: str = _EVENTS_URL


class CountriesPublic(BaseModel):
    model_config = _page_examples(_COUNTRY)

    items: list[CountryPublic]
    total: int = _TOTAL
    next: str | None = _NEXT


class TypePublic(BaseModel):
    model_config = _examples(_TYPE)

    id: str = Field(description="The value to filter on with `type=`.")
    name: str
    definition: str = Field(description="What events of this type are.")
    events: int = _EVENTS
    events_url: str = _EVENTS_URL


class TypesPublic(BaseModel):
    model_config = _page_examples(_TYPE)

    items: list[TypePublic]
    total: int = _TOTAL
    next: str | None = _NEXT


class PeriodPublic(BaseModel):
    model_config = _examples(_PERIOD)

    id: str = Field(description="Stable slug.")
    name: str
    start: date
    end: date
    description: str
    country: str | None = Field(description="ISO alpha-3 code, when the period is one country's.")
    events: int = Field(description="Published events whose dates overlap the period.")
    events_url: str = _EVENTS_URL


class PeriodsPublic(BaseModel):
    model_config = _page_examples(_PERIOD)

    items: list[PeriodPublic]
    total: int = _TOTAL
    next: str | None = _NEXT
