"""Link tables from events to actors, places and countries, each with the role it plays."""

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class EventActor(SQLModel, table=True):
    __tablename__ = "event_actor"
    __table_args__ = (Index("ix_event_actor_actor", "actor_id", "event_id"),)

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    actor_id: int = Field(foreign_key="actor.id", primary_key=True)
    role: str = Field(primary_key=True, max_length=16)


class EventPlace(SQLModel, table=True):
    __tablename__ = "event_place"
    __table_args__ = (Index("ix_event_place_place", "place_id", "event_id"),)

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    place_id: int = Field(foreign_key="place.id", primary_key=True)
    role: str = Field(default="location", primary_key=True, max_length=16)


class EventCountry(SQLModel, table=True):
    __tablename__ = "event_country"
    __table_args__ = (Index("ix_event_country_country", "country_code", "event_id"),)

    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    country_code: str = Field(foreign_key="country.code", primary_key=True, max_length=3)
    role: str = Field(default="location", primary_key=True, max_length=16)
