"""Tolls are read for one event, never from cumulative figures or proportions."""

import pytest

from app.extraction.fatalities import find_toll
from app.extraction.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "best", "low", "high"),
    [
        ("an ambush killed at least 30 soldiers near Djibo", 30, 30, None),
        ("clashes that resulted in the deaths of seven civilians", 7, None, None),
        ("twenty-one herders were reportedly killed by unidentified gunmen", 21, None, None),
        ("the most notable attack resulting in 12 deaths", 12, None, None),
        ("the death toll rose to 1,200 after the siege", 1200, None, None),
        ("between 20 and 30 people were killed in the raid", 25, 20, 30),
        ("nearly 40 villagers died when the bridge was mined and killed", 40, None, 40),
    ],
)
def test_event_tolls(text: str, best: int, low: int | None, high: int | None) -> None:
    toll = find_toll(text, 0, len(text))
    assert toll is not None
    assert (toll.best, toll.low, toll.high) == (best, low, high)


@pytest.mark.parametrize(
    "text",
    [
        "more than 150 peacekeepers have been killed since 2013",
        "4,000 people were killed in total over the past decade",
        "four out of five people killed were civilians",
        "fatalities rose by 40 percent and 300 soldiers were killed",
        "the army deployed 2,000 troops to the border",
    ],
)
def test_cumulative_figures_and_non_tolls_are_not_tolls(text: str) -> None:
    assert find_toll(text, 0, len(text)) is None


def test_number_words() -> None:
    assert [
        parse_number(v)
        for v in ("seven", "twenty-one", "two hundred", "1.5 million", "a dozen", "several")
    ] == [7, 21, 200, 1_500_000, 12, None]
