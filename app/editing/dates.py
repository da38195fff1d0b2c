"""The date field of the event forms: what an editor types, read into bounds, and back.

`read_date` reads what was typed with app.extraction.temporal's `parse_date_expression` and turns
its ValueError into the message shown at the field. `date_text` is what the field shows for a
stored date: its label ("early May 2024") when that reads back to the same bounds, else its EDTF
string, which always does.
"""

from dataclasses import dataclass
from datetime import date
from typing import cast

from app.extraction.temporal import DateBounds, parse_date_expression
from app.extraction.temporal_bounds import Precision

EXAMPLES = '"4 May 2024", "early May 2024", "2021–2022", "late 2021" or "2015"'
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True)
class DatePreview:
    """What the form shows under the date field before saving."""

    start: date
    end: date
    precision: str
    edtf: str
    label: str


def read_date(typed: str) -> DatePreview:
    """The bounds of a typed date. Raises ValueError with a message for the editor."""
    text = " ".join(typed.split())
    if not text:
        raise ValueError(f"give the date, e.g. {EXAMPLES}")
    try:
        bounds = parse_date_expression(text)
    except ValueError as exc:
        raise ValueError(f"{exc}; type a date such as {EXAMPLES}") from None
    if bounds.is_open:
        raise ValueError(f"'{text}' has no end; give both ends, e.g. 'late 2021–2024'")
    if not (MIN_YEAR <= bounds.start.year and bounds.end.year <= MAX_YEAR):
        raise ValueError(f"'{text}' is outside {MIN_YEAR}–{MAX_YEAR}")
    return DatePreview(bounds.start, bounds.end, bounds.precision, bounds.edtf, bounds.label())


def date_text(start: date, end: date, precision: str, edtf: str) -> str:
    """The text the date field shows for stored bounds (reads back to the same bounds)."""
    bounds = DateBounds(start, end, cast(Precision, precision), edtf)
    try:
        label = bounds.label()
        again = parse_date_expression(label)
    except (ValueError, IndexError, KeyError):
        return edtf
    same = (again.start, again.end, again.precision, again.edtf) == (start, end, precision, edtf)
    return label if same else edtf
