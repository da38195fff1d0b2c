"""Named periods, drawn as background bands on the timeline."""

from datetime import date

from sqlmodel import Field, SQLModel


class Period(SQLModel, table=True):
    __tablename__ = "period"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    name: str = Field(max_length=200)
    date_start: date
    date_end: date
    description: str = ""
    country_code: str | None = Field(default=None, foreign_key="country.code")
