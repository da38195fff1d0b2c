"""Events from text the pipeline was never tuned on: dates, types, roles, tolls and hedges."""

from datetime import date

import pytest

from app.extraction.events import Candidate, extract_events
from app.ingest import PUBLISH_THRESHOLD
from app.pipeline import load_reference

GAZETTEER, LEXICON = load_reference()


def _events(text: str, on: date = date(2024, 3, 1)) -> list[Candidate]:
    return extract_events(text, document_date=on, gazetteer=GAZETTEER, lexicon=LEXICON).candidates


def _one(text: str, on: date = date(2024, 3, 1)) -> Candidate:
    events = _events(text, on)
    assert len(events) == 1, events
    return events[0]


def test_a_dated_attack_with_its_toll_place_and_perpetrator() -> None:
    text = "On 4 March 2023, JNIM fighters ambushed a convoy near Ménaka, killing 11 soldiers."
    event = _one(text)
    assert event.type == "armed_violence"
    assert (event.bounds.start, event.bounds.end, event.bounds.precision) == (
        date(2023, 3, 4),
        date(2023, 3, 4),
        "day",
    )
    assert event.toll is not None and event.toll.best == 11
    assert "menaka" in event.places
    assert ("jnim", "perpetrator") in event.actors
    assert "MLI" in event.countries
    assert text[event.quote_start : event.quote_end] == event.quote == text


def test_a_coup_with_a_part_of_month() -> None:
    event = _one(
        "In late January 2022, mutinous soldiers ousted President Roch Marc Christian "
        "Kaboré in Ouagadougou."
    )
    assert event.type == "coup"
    assert (event.bounds.start, event.bounds.end) == (date(2022, 1, 21), date(2022, 1, 31))
    assert event.bounds.edtf == "2022-01-21/2022-01-31"
    assert "BFA" in event.countries


def test_a_scheduled_election_is_planned_not_occurred() -> None:
    event = _one(
        "The junta said presidential elections are scheduled for February 2027.",
        on=date(2024, 3, 1),
    )
    assert event.type == "political_transition"
    assert event.occurrence == "planned"


def test_hedged_and_statistical_clauses_are_not_events() -> None:
    text = (
        "France could withdraw its troops from Niger in June 2025. "
        "Attacks rose by 40 percent in 2023 compared with 2022."
    )
    result = extract_events(
        text, document_date=date(2024, 3, 1), gazetteer=GAZETTEER, lexicon=LEXICON
    )
    assert result.candidates == []
    reasons = " ".join(note.reason for note in result.notes)
    assert "hypothetical" in reasons and "statistic" in reasons


def test_relative_dates_follow_the_narrative() -> None:
    text = (
        "On 12 May 2021, gunmen attacked the village of Solhan. "
        "Two days later, hundreds of residents protested in Dori against the killings."
    )
    attack, protest = _events(text)
    assert attack.bounds.start == date(2021, 5, 12)
    assert protest.type == "protest"
    assert protest.bounds.start == protest.bounds.end == date(2021, 5, 14)


def test_one_sentence_can_hold_two_events_each_with_its_own_date() -> None:
    text = (
        "The three juntas signed a defence pact on 16 September 2023, weeks after soldiers "
        "seized power in Niamey in late July."
    )
    events = {e.type: e for e in _events(text, on=date(2023, 10, 1))}
    assert set(events) == {"treaty", "coup"}
    assert events["treaty"].bounds.start == date(2023, 9, 16)
    assert events["coup"].bounds.start == date(2023, 7, 21)


def test_a_year_less_date_takes_the_year_before_the_document() -> None:
    event = _one(
        "On November 14, the army recaptured Kidal after rebels withdrew.", on=date(2024, 2, 1)
    )
    assert event.bounds.start == date(2023, 11, 14)


def test_an_undated_report_takes_the_narrative_year_and_waits_for_review() -> None:
    text = (
        "In March 2022, Malian troops and foreign fighters killed hundreds of people in Moura. "
        "Mauritania summoned the Malian ambassador over the killing of its herders."
    )
    events = _events(text, on=date(2022, 12, 1))
    summons = next(e for e in events if e.type == "diplomacy")
    assert (summons.bounds.start, summons.bounds.end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert summons.confidence < PUBLISH_THRESHOLD


def test_an_undated_report_after_a_paragraph_break_from_its_year_dates_nothing() -> None:
    text = (
        "In 2022, Malian troops and foreign fighters killed hundreds of people in Moura.\n\n"
        "Mauritania summoned the Malian ambassador over the killing of its herders."
    )
    extraction = extract_events(
        text, document_date=date(2023, 6, 1), gazetteer=GAZETTEER, lexicon=LEXICON
    )
    assert [e.type for e in extraction.candidates] == ["armed_violence"]
    assert any("earlier paragraph" in n.reason for n in extraction.notes)


def test_residue_is_never_quoted() -> None:
    text = "Photo: AFP/Someone, File\nTroops withdrew from Gao in [August 2023](#) under pressure."
    event = _one(text, on=date(2023, 12, 1))
    assert "Photo" not in event.quote
    assert event.type == "troop_withdrawal"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n\n",
        "2019 2020 2021",
        "!!! ??? ...",
        "[](#) [x](y) ![z](w)",
        "A" * 5000,
        "Mali " * 2000,
    ],
)
def test_unusual_text_never_raises(text: str) -> None:
    extract_events(text, document_date=date(2024, 1, 1), gazetteer=GAZETTEER, lexicon=LEXICON)


def test_relative_dates_in_a_document_of_unknown_date_wait_for_review() -> None:
    text = "Gunmen attacked a convoy near Gao in early April this year, killing nine soldiers."
    known = extract_events(
        text, document_date=date(2024, 6, 1), gazetteer=GAZETTEER, lexicon=LEXICON
    ).candidates
    unknown = extract_events(
        text, document_date=date(2024, 6, 1), gazetteer=GAZETTEER, lexicon=LEXICON, date_known=False
    ).candidates
    assert known[0].confidence >= PUBLISH_THRESHOLD
    assert unknown[0].confidence < PUBLISH_THRESHOLD
    assert unknown[0].bounds == known[0].bounds


def test_a_coup_is_a_coup_even_when_it_names_the_elected_president() -> None:
    event = _one(
        "On 26 July 2023, soldiers detained the elected president and seized power, "
        "announcing the suspension of the constitution.",
        on=date(2023, 9, 1),
    )
    assert event.type == "coup"


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        # The narrative's year, given just before, is the year of a date written without one.
        (
            "Protests against the junta spread through 2023. On October 20, security forces "
            "fired on demonstrators in N'Djamena.",
            date(2024, 8, 5),
            date(2023, 10, 20),
        ),
        # A year told in an earlier paragraph is background: the latest such date before the
        # document.
        (
            "In 2014, France launched Operation Barkhane across the region.\n"
            "On February 17, France announced the withdrawal of its troops from Mali.",
            date(2022, 3, 1),
            date(2022, 2, 17),
        ),
        # A year that names a thing dates nothing that follows.
        (
            "Bamako never implemented a 2015 peace agreement with the rebels. On June 30, "
            "the Security Council ended the peacekeeping mission in Mali.",
            date(2023, 8, 1),
            date(2023, 6, 30),
        ),
        # A planned date after the document's is no narrative year: "In March" is the March
        # before the document.
        (
            "The withdrawal takes legal effect one year after notice is given, in January 2025. "
            "On March 6, the chiefs of staff announced a joint force.",
            date(2024, 7, 8),
            date(2024, 3, 6),
        ),
    ],
)
def test_the_year_of_a_date_written_without_one(text: str, on: date, expected: date) -> None:
    events = [e for e in _events(text, on) if e.bounds.precision == "day"]
    assert [e.bounds.start for e in events] == [expected]


def test_an_event_in_a_further_clause_keeps_its_own_confidence() -> None:
    # Dated by the sentence itself, the summons is not a narrative guess: it can be published.
    events = _events(
        "In March 2023, several Mauritanian civilians were killed in Mali, prompting "
        "Nouakchott to summon the Malian ambassador.",
        on=date(2024, 5, 1),
    )
    summons = next(e for e in events if e.type == "diplomacy")
    assert summons.bounds.start == date(2023, 3, 1)
    assert summons.confidence >= PUBLISH_THRESHOLD


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two states' sides at a border.
        (
            "In January 2023, Malian soldiers killed seven Mauritanian herders near the border.",
            "border_incident",
        ),
        # Crossing it.
        (
            "In March 2022, jihadists launched a cross-border raid from Niger, killing 12 people.",
            "border_incident",
        ),
        # An attack that merely happened near a border is an attack.
        (
            "In June 2022, gunmen killed 86 civilians in Seytenga, near the border with Niger.",
            "armed_violence",
        ),
        (
            "On 20 October 2023, JNIM overran an army base near the Nigerien border, killing "
            "dozens.",
            "armed_violence",
        ),
    ],
)
def test_violence_is_a_border_incident_only_across_a_border_or_between_two_states(
    text: str, expected: str
) -> None:
    kinds = {e.type for e in _events(text, on=date(2024, 3, 1))}
    assert expected in kinds and not {"armed_violence", "border_incident"} <= kinds, kinds


@pytest.mark.parametrize(
    ("text", "subjects"),
    [
        (
            "Operation Barkhane and Task Force Takuba both ended their missions in 2022.",
            ["actor:operation-barkhane", "actor:task-force-takuba"],
        ),
        (
            "In 2022, both France and Germany withdrew their troops from Mali.",
            ["country:FRA", "country:DEU"],
        ),
    ],
)
def test_coordinated_subjects_that_each_did_it_tell_one_event_each(
    text: str, subjects: list[str]
) -> None:
    events = _events(text)
    assert [e.subject for e in events] == subjects
    assert [e.title_who for e in events] == subjects
    assert len({e.type for e in events}) == 1


@pytest.mark.parametrize(
    "text",
    [
        # Acting together: no word says each did it.
        "In 2022, France and Germany withdrew their troops from Mali.",
        # Two sides of one act.
        "In March 2024, Mali and Russia both signed the agreement.",
    ],
)
def test_coordinated_subjects_acting_together_tell_one_event(text: str) -> None:
    events = _events(text)
    assert len(events) == 1
    assert events[0].subject == ""


def test_a_date_counted_from_an_event_told_before() -> None:
    events = _events(
        "On 26 July 2023, soldiers seized power in Niger. In September 2023 a coup was foiled "
        "in Sierra Leone. ECOWAS imposed sanctions on Niger four days after the coup.",
        on=date(2024, 6, 1),
    )
    sanctions = next(e for e in events if e.type == "sanctions")
    # From Niger's coup, not the latest one: the sentence names Niger.
    assert (sanctions.bounds.start, sanctions.bounds.precision) == (date(2023, 7, 30), "day")
    # The coup it counts from is not told again.
    assert [e.bounds.start for e in events if e.type == "coup"] == [
        date(2023, 7, 26),
        date(2023, 9, 1),
    ]


def test_a_date_counted_from_an_event_never_told_dates_nothing() -> None:
    events = _events("ECOWAS imposed sanctions on Niger four days after the coup.")
    assert all(e.bounds.precision == "year" for e in events)


def test_a_weekday_dates_events_only_in_a_document_dated_to_the_day() -> None:
    text = "Mali, Burkina Faso and Niger signed a treaty in Niamey on Saturday."
    # Monday 8 July 2024.
    [treaty] = extract_events(
        text, document_date=date(2024, 7, 8), gazetteer=GAZETTEER, lexicon=LEXICON
    ).candidates
    assert treaty.bounds.start == date(2024, 7, 6)
    undated = extract_events(
        text,
        document_date=date(2024, 7, 31),
        gazetteer=GAZETTEER,
        lexicon=LEXICON,
        day_known=False,
    ).candidates
    assert all(c.bounds.precision != "day" for c in undated)


def test_a_planned_weekday_is_the_next_one() -> None:
    # Saturday 30 December 2023.
    closing = _one(
        "The UN mission in Mali will formally close on Sunday, ending its mandate.",
        on=date(2023, 12, 30),
    )
    assert closing.bounds.start == date(2023, 12, 31)
    assert closing.occurrence == "planned"


@pytest.mark.parametrize(
    "text",
    [
        "In January 2024, Mali, Burkina Faso and Niger announced their withdrawal from ECOWAS.",
        "In May 2022, Mali pulled out of the G5 Sahel.",
    ],
)
def test_leaving_an_organisation_is_a_decision_not_a_troop_withdrawal(text: str) -> None:
    event = _one(text)
    assert (event.type, event.noun) == ("institutional", "Withdrawal from organization")


def test_leaving_a_mission_is_a_troop_withdrawal() -> None:
    assert _one("In 2023, Germany pulled out of MINUSMA.").type == "troop_withdrawal"


def test_a_trigger_told_for_two_dates_is_two_events() -> None:
    events = _events("Mali's officers seized power in August 2020 and again in May 2021.")
    assert [(e.type, e.bounds.edtf) for e in events] == [("coup", "2020-08"), ("coup", "2021-05")]


def test_dated_items_of_a_list_are_events_each_at_its_own_place() -> None:
    events = _events(
        "Jihadists struck Boulkessi in June 2019, Ménaka in November 2019 and Inates in "
        "December 2019."
    )
    assert [(e.bounds.edtf, e.places) for e in events] == [
        ("2019-06", ("boulkessi",)),
        ("2019-11", ("menaka",)),
        ("2019-12", ("inates",)),
    ]


def test_dates_of_clauses_with_verbs_of_their_own_are_no_list() -> None:
    events = _events("The army attacked Gao in May 2012, but rebels held Kidal in June 2012.")
    assert [e.bounds.edtf for e in events] == ["2012-05"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "In May 2023, the government expelled the head of the UN human rights division.",
            "diplomacy",
        ),
        ("In December 2022, Burkina Faso ordered the French ambassador to leave.", "diplomacy"),
        (
            "In January 2023, Mali ordered the French troops to leave within a month.",
            "troop_withdrawal",
        ),
        ("In October 2023, Mauritania hosted a regional security conference.", "diplomacy"),
        ("In January 2023, Mali released the remaining Ivorian soldiers.", "diplomacy"),
        ("In late 2023, the Wagner Group was rebranded as Africa Corps.", "institutional"),
        ("In 2023, Masra returned from exile to N'Djamena.", "political_transition"),
        ("In 2024, Ghazouani won a second term with 56 percent.", "political_transition"),
        (
            "In July 2024, rebels inflicted heavy losses on the army near Tinzaouaten.",
            "armed_violence",
        ),
        ("In April 2024, Russian military instructors landed in Niamey.", "deployment"),
        (
            "In February 2023, the Sabre task force lowered its flag in Ouagadougou.",
            "troop_withdrawal",
        ),
        ("In March 2024, the EU and Mauritania signed a migration partnership.", "treaty"),
        (
            "In October 2020, the junta freed 100 prisoners in exchange for four hostages.",
            "diplomacy",
        ),
        ("In July 2024, Wagner fighters suffered a heavy defeat at Tinzaouaten.", "armed_violence"),
    ],
)
def test_everyday_wording_of_each_kind(text: str, kind: str) -> None:
    assert _one(text).type == kind
