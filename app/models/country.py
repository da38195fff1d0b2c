"""Countries, keyed by their ISO 3166-1 alpha-3 code."""

from sqlmodel import Field, SQLModel

from app.models.base import json_column


class Country(SQLModel, table=True):
    __tablename__ = "country"

    code: str = Field(primary_key=True, min_length=3, max_length=3)
    name: str = Field(max_length=120)
    aliases: list[str] = Field(default_factory=list, sa_column=json_column())
    demonyms: list[str] = Field(default_factory=list, sa_column=json_column())
    lat: float | None = None
    lon: float | None = None
