"""Tellings of one real event become one; different events stay apart."""

from datetime import date

from app.extraction.consolidate import Telling, consolidate
from app.extraction.events import Candidate, extract_events
from app.extraction.fatalities import Toll
from app.extraction.temporal import DateBounds, parse_date_expression
from app.pipeline import load_reference

GAZETTEER, LEXICON = load_reference()


def _candidate(
    kind: str,
    when: str,
    *,
    countries: tuple[str, ...] = ("MLI",),
    actors: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    toll: int | None = None,
    at: int = 0,
) -> Candidate:
    bounds: DateBounds = parse_date_expression(when)
    return Candidate(
        type=kind,
        bounds=bounds,
        approximate=False,
        occurrence="occurred",
        quote_start=at,
        quote_end=at + 10,
        quote="x" * 10,
        summary="s",
        rule=f"{kind}:x",
        confidence=0.7,
        actors=tuple((a, "party") for a in actors),
        places=places,
        countries=countries,
        toll=Toll(toll, None, None, at, at + 5) if toll is not None else None,
        title_template="{where}",
    )


def test_the_same_coup_told_three_ways_is_one_event_with_the_most_precise_date() -> None:
    clusters = consolidate(
        [
            Telling("a", _candidate("coup", "August 2020")),
            Telling("b", _candidate("coup", "18 August 2020")),
            Telling("c", _candidate("coup", "2020")),
        ]
    )
    assert len(clusters) == 1
    assert clusters[0].best.bounds.start == date(2020, 8, 18)
    assert clusters[0].flags == []


def test_two_coups_in_one_country_stay_apart() -> None:
    clusters = consolidate(
        [
            Telling("a", _candidate("coup", "August 2020")),
            Telling("a", _candidate("coup", "May 2021", at=50)),
        ]
    )
    assert len(clusters) == 2


def test_attacks_in_one_year_need_a_shared_actor_or_place() -> None:
    apart = consolidate(
        [
            Telling("a", _candidate("armed_violence", "2022", places=("gao",))),
            Telling("b", _candidate("armed_violence", "March 2022", places=("menaka",))),
        ]
    )
    together = consolidate(
        [
            Telling("a", _candidate("armed_violence", "2022", places=("menaka",))),
            Telling("b", _candidate("armed_violence", "March 2022", places=("menaka",))),
        ]
    )
    assert (len(apart), len(together)) == (2, 1)


def test_disagreeing_tolls_and_nearby_days_are_kept_and_flagged() -> None:
    clusters = consolidate(
        [
            Telling("a", _candidate("armed_violence", "4 June 2021", places=("solhan",), toll=132)),
            Telling("b", _candidate("armed_violence", "5 June 2021", places=("solhan",), toll=160)),
        ]
    )
    assert len(clusters) == 1
    assert set(clusters[0].flags) == {"dates_disagree", "fatalities_disagree"}
    assert len(clusters[0].tellings) == 2


def test_a_different_type_or_a_planned_event_is_never_merged() -> None:
    planned = _candidate("political_transition", "February 2022")
    planned = Candidate(**{**planned.__dict__, "occurrence": "planned"})
    clusters = consolidate(
        [
            Telling("a", _candidate("political_transition", "February 2022")),
            Telling("b", planned),
            Telling("c", _candidate("protest", "February 2022")),
        ]
    )
    assert len(clusters) == 3


def test_one_document_telling_two_events_of_a_kind_needs_a_shared_name_to_merge_them() -> None:
    # Two delegations between the same countries in one month of one analysis are two events;
    # the same month told by two analyses with a country in common is one.
    one_document = consolidate(
        [
            Telling("a", _candidate("diplomacy", "January 2023", actors=("govt_mrt",))),
            Telling("a", _candidate("diplomacy", "January 2023", actors=("govt_mli",), at=90)),
        ]
    )
    two_documents = consolidate(
        [
            Telling("a", _candidate("diplomacy", "January 2023", actors=("govt_mrt",))),
            Telling("b", _candidate("diplomacy", "January 2023", actors=("govt_mli",))),
        ]
    )
    named_again = consolidate(
        [
            Telling("a", _candidate("troop_withdrawal", "2022", actors=("takuba",))),
            Telling("a", _candidate("troop_withdrawal", "January 2022", actors=("takuba",), at=90)),
        ]
    )
    assert (len(one_document), len(two_documents), len(named_again)) == (2, 1, 1)


def test_split_subjects_of_one_sentence_stay_apart() -> None:
    events = extract_events(
        "In 2022, Operation Barkhane and Task Force Takuba both ended their missions in Mali.",
        document_date=date(2024, 1, 1),
        gazetteer=GAZETTEER,
        lexicon=LEXICON,
    ).candidates
    clusters = consolidate([Telling("doc", c) for c in events])
    assert len(clusters) == 2


def test_one_document_naming_different_doers_of_a_rare_kind_tells_two_events() -> None:
    events = extract_events(
        "In January 2022, Mali expelled the Danish contingent of Task Force Takuba. "
        "Operation Barkhane ended its mission in Mali in 2022.",
        document_date=date(2024, 1, 1),
        gazetteer=GAZETTEER,
        lexicon=LEXICON,
    ).candidates
    withdrawals = [c for c in events if c.type == "troop_withdrawal"]
    assert len(withdrawals) == 2
    assert len(consolidate([Telling("doc", c) for c in withdrawals])) == 2
