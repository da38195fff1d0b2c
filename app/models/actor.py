"""Actors: states, armed forces, armed groups, organizations, missions and persons."""

from sqlmodel import Field, SQLModel

from app.models.base import json_column


class Actor(SQLModel, table=True):
    __tablename__ = "actor"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=32)
    country_code: str | None = Field(default=None, foreign_key="country.code", index=True)
    aliases: list[str] = Field(default_factory=list, sa_column=json_column())
    description: str = ""
