"""A document's date: stated, inferred from its content, or doubted when the content is later."""

from datetime import date

from app.config import DATA_DIR
from app.extraction.document_date import find_stated_date, settle_document_date
from app.extraction.lexicon import load_lexicon
from app.extraction.temporal import parse_date_expression

LEXICON = load_lexicon(DATA_DIR / "triggers.toml")


def test_a_dateline_among_the_first_lines_is_the_stated_date() -> None:
    text = "Sahel Brief\n\nBy A. Writer\n\nMarch 3, 2024\n\nIn 2023, the army retook Kidal.\n"
    found = find_stated_date(text)
    assert found is not None
    assert found[0] == "March 3, 2024"
    assert found[1].start == date(2024, 3, 3)
    settled = settle_document_date(text, LEXICON)
    assert settled.source == "stated" and settled.warnings == ()


def test_without_a_stated_date_the_latest_reported_date_stands_in() -> None:
    text = (
        "The junta took power in August 2020. Elections were postponed in February 2022. "
        "Talks resumed in June 2023."
    )
    settled = settle_document_date(text, LEXICON)
    assert settled.source == "inferred"
    assert settled.bounds is not None and settled.bounds.start == date(2023, 6, 1)
    assert "no publication date stated" in settled.warnings[0]


def test_a_stated_date_contradicted_by_later_past_events_is_doubted() -> None:
    text = (
        "January 5, 2021\n\nThe French army withdrew from its last base in Mali in "
        "August 2022, and the UN mission left in December 2023."
    )
    settled = settle_document_date(text, LEXICON)
    assert settled.source == "inferred"
    assert settled.bounds is not None and settled.bounds.start == date(2023, 12, 1)
    assert "later than its stated date" in settled.warnings[0]


def test_forward_facing_and_planned_dates_do_not_date_the_document() -> None:
    text = (
        "June 1, 2022\n\nThe mission's mandate runs until June 2024, and elections are "
        "scheduled for February 2024. Troops left Gao in May 2022."
    )
    settled = settle_document_date(text, LEXICON)
    assert settled.source == "stated" and settled.warnings == ()


def test_a_correction_wins_and_says_why() -> None:
    text = "February 27, 2022\n\nFatalities doubled over the whole of 2022."
    corrected = parse_date_expression("2023-02")
    settled = settle_document_date(
        text, LEXICON, corrected=corrected, correction_note="reports full-year 2022 figures"
    )
    assert settled.source == "corrected"
    assert settled.reference == date(2023, 2, 28)
    assert any("reports full-year 2022 figures" in w for w in settled.warnings)


def test_without_a_stated_date_a_date_without_a_year_follows_the_narrative() -> None:
    text = (
        "Chad's new constitution took effect in January 2024. Mahamat Déby was elected "
        "president in May. On 28 November, the government ended its defence pact with France."
    )
    when = settle_document_date(text, LEXICON)
    assert when.source == "inferred"
    assert when.bounds == parse_date_expression("28 November 2024")
    # A stated date still reads such dates itself: the narrative is not followed then.
    stated = settle_document_date(text, LEXICON, stated=parse_date_expression("1 March 2024"))
    assert stated.source == "stated" and stated.warnings == ()


def test_a_date_in_may_is_no_hedge_and_the_past_tense_may_lie_far_from_the_date() -> None:
    text = (
        "The presidential election was held on 6 May 2024. Then, on 28 November 2024, hours "
        "after a visit by the French foreign minister and a long day of meetings in the "
        "capital, the foreign ministry announced the end of the defence pact."
    )
    when = settle_document_date(text, LEXICON)
    assert when.bounds == parse_date_expression("28 November 2024")
    assert settle_document_date(text.split(". Then")[0] + ".", LEXICON).bounds == (
        parse_date_expression("6 May 2024")
    )


def test_a_wire_dateline_states_the_date() -> None:
    text = "Sahel Wire\n\nOUAGADOUGOU, July 8, 2024 (Sahel Wire) - The rulers signed a treaty."
    settled = settle_document_date(text, LEXICON)
    assert settled.source == "stated"
    assert settled.bounds == parse_date_expression("8 July 2024")
