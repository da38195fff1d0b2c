"""Rows the database keeps itself, through triggers (migrations 0007 and 0008): the data's
version and the event counts behind the timeline's aggregates.

No application code writes these tables. Every write to the tables a reader can see fires a
trigger that bumps `data_version` and keeps `event_summary` exact, in the writer's own
transaction, so whoever writes (the ingestion, the admin, the API, a script, a bulk load) is
covered and both become visible at commit together with the data.
"""

from datetime import datetime

from sqlmodel import Field, SQLModel


class DataVersionRow(SQLModel, table=True):
    """The one row (id 1) counting committed writes, with the time of the latest."""

    __tablename__ = "data_version"

    id: int = Field(default=1, primary_key=True)
    counter: int = Field(default=0)
    changed_at: datetime


class EventSummary(SQLModel, table=True):
    """How many events share a status, a type, a month (or year) of first and last day, and a
    country, actor or place: what the timeline's counts add up instead of reading every event.

    `dim` says what `key` is: "event" (key ""; every event once), "country" (a country code,
    or "" for events without a country), "actor" or "place" (their id as text). An event linked
    to one country, actor or place under two roles counts once. `first_month` and `last_month`
    are the year and month of the event's bounds as one number (202404); for actors and places
    they keep the year only (202401 and 202412 for an event of April 2024), which keeps those
    rows few.
    """

    __tablename__ = "event_summary"
    dim: str = Field(primary_key=True, max_length=8)
    status: str = Field(primary_key=True, max_length=16)
    key: str = Field(primary_key=True, max_length=16)
    type: str = Field(primary_key=True, max_length=32)
    first_month: int = Field(primary_key=True)
    last_month: int = Field(primary_key=True)
    events: int = Field(default=0)
