"""Dates as text keys in SQL, for grouping by year, month or day on either engine.

SQLite stores a date as ISO text, so a prefix of it is its year, month or day, and taking it is
far cheaper than strftime (which parses every row); PostgreSQL formats its dates with to_char.
Both give the same keys ("2024", "2024-04", "2024-04-01"), which Python reads back with
date.fromisoformat. This is the one place that knows the difference.
"""

from enum import StrEnum
from typing import Any

from sqlalchemy import func


class DateUnit(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


_LENGTH = {DateUnit.YEAR: 4, DateUnit.MONTH: 7, DateUnit.DAY: 10}
_FORMAT = {DateUnit.YEAR: "YYYY", DateUnit.MONTH: "YYYY-MM", DateUnit.DAY: "YYYY-MM-DD"}


def date_key(column: Any, unit: DateUnit, dialect: str) -> Any:
    """SQL for the year, month or day of the date `column` as ISO text ("2024-04")."""
    if dialect == "sqlite":
        return func.substr(column, 1, _LENGTH[unit])
    return func.to_char(column, _FORMAT[unit])
