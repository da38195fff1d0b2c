"""Directional titles name who did it and where, as the sentence says, or leave it out."""

from datetime import date

import pytest

from app.extraction.events import Candidate, extract_events
from app.pipeline import load_reference

GAZETTEER, LEXICON = load_reference()


def _event(text: str, kind: str) -> Candidate:
    found = extract_events(
        text, document_date=date(2024, 6, 1), gazetteer=GAZETTEER, lexicon=LEXICON
    ).candidates
    matching = [c for c in found if c.type == kind]
    assert matching, found
    return matching[0]


@pytest.mark.parametrize(
    ("text", "kind", "who", "where"),
    [
        # The subject withdraws from the place after "from".
        (
            "France withdrew all its troops from Mali in August 2022.",
            "troop_withdrawal",
            "country:FRA",
            "country:MLI",
        ),
        # The agent after "of": not whoever demanded the departure.
        (
            "In 2019, Malians demanded the withdrawal of French troops from Mali.",
            "troop_withdrawal",
            "actor:french-armed-forces",
            "country:MLI",
        ),
        # The owner of a nominal trigger, not the name governed by a preposition before it.
        (
            "In 2021, Bamako turned to Russia after France's sudden withdrawal from the north.",
            "troop_withdrawal",
            "country:FRA",
            "",
        ),
        # Unnamed troops: no agent rather than the wrong one.
        (
            "In 2019, protesters in Bamako demanded the departure of all foreign troops.",
            "troop_withdrawal",
            "",
            "",
        ),
        # The buyer is where the arms went; the maker is never the recipient.
        (
            "In March 2023, Mali received Turkish-made Bayraktar drones.",
            "arms_transfer",
            "",
            "country:MLI",
        ),
        (
            "In January 2024, Turkey delivered Bayraktar drones to Mali.",
            "arms_transfer",
            "",
            "country:MLI",
        ),
        # Sanctions fall on whoever follows "on" or "against", a government included.
        (
            "In January 2022, ECOWAS imposed sanctions on Mali.",
            "sanctions",
            "",
            "country:MLI",
        ),
    ],
)
def test_directional_title_slots(text: str, kind: str, who: str, where: str) -> None:
    event = _event(text, kind)
    assert (event.title_who, event.title_where) == (who, where)


def test_titles_that_name_no_direction_leave_the_slots_empty() -> None:
    event = _event("On 26 July 2023, soldiers seized power in Niamey.", "coup")
    assert (event.title_who, event.title_where) == ("", "")
