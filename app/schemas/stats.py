"""Event counts per year or month: the data of the web timeline's histogram."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class TimelineBucket(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "period": "2022-01",
                    "start": "2022-01-01",
                    "end": "2022-01-31",
                    "total": 4,
                    "counts": {"sanctions": 4},
                }
            ]
        }
    )

    period: str = Field(description='"2022" or "2022-01".')
    start: date
    end: date
    total: int = Field(description="Events starting in the period.")
    counts: dict[str, int] = Field(
        description="Events per type or per country code (with `split`); an event in two "
        "countries counts once in each."
    )


class TimelineStatsPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "interval": "year",
                    "split": "type",
                    "total": 7,
                    "buckets": [
                        {
                            "period": "2021",
                            "start": "2021-01-01",
                            "end": "2021-12-31",
                            "total": 3,
                            "counts": {"coup": 1, "diplomacy": 2},
                        },
                        {
                            "period": "2022",
                            "start": "2022-01-01",
                            "end": "2022-12-31",
                            "total": 4,
                            "counts": {"sanctions": 4},
                        },
                    ],
                }
            ]
        }
    )

    interval: str = Field(description="year or month.")
    split: str | None = Field(description="type, country, or null.")
    total: int = Field(description="Events counted, all buckets together.")
    buckets: list[TimelineBucket] = Field(
        description="In date order, from the first to the last period with events, empty "
        "periods included."
    )
