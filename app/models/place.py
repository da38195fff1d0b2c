"""Places below the country: towns, regions, camps, border areas, with coordinates."""

from sqlmodel import Field, SQLModel

from app.models.base import json_column


class Place(SQLModel, table=True):
    __tablename__ = "place"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="", max_length=32)
    country_code: str | None = Field(default=None, foreign_key="country.code", index=True)
    admin_region: str = Field(default="", max_length=200)
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = Field(default_factory=list, sa_column=json_column())
