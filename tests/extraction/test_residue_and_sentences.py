"""Residue is blanked without moving offsets; sentences split where a reader would split them."""

import pytest

from app.extraction.residue import mask_residue
from app.extraction.sentences import split_sentences

PAGE = """Border Watch | Sahel Weekly
Gunmen attacked a convoy near [Ménaka](https://example.org/menaka) on 3 March 2023.
AP Photo/Jane Doe, File
![a burned truck](truck.jpg)
Officials in Niamey condemned the attack.
Border Watch | Sahel Weekly
"""


def test_masking_keeps_length_and_link_words_and_blanks_the_rest() -> None:
    masked = mask_residue(PAGE)
    assert len(masked) == len(PAGE)
    assert "Ménaka" in masked and "https" not in masked and "[" not in masked
    assert "AP Photo" not in masked and "burned truck" not in masked
    assert "Border Watch" not in masked  # a header repeated on every page
    assert "condemned the attack" in masked
    at = masked.index("Gunmen")
    assert PAGE[at : at + 6] == "Gunmen"


def test_sentences_respect_abbreviations_initials_and_lines() -> None:
    text = (
        "The U.S. envoy met Gen. A. Diallo in Bamako on Jan. 5. He left the next day!\n"
        "- Troops withdrew from Gao. Attacks rose.\nHeading without stop"
    )
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "The U.S. envoy met Gen. A. Diallo in Bamako on Jan. 5.",
        "He left the next day!",
        "Troops withdrew from Gao.",
        "Attacks rose.",
        "Heading without stop",
    ]
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


@pytest.mark.parametrize(
    "dateline",
    ["OUAGADOUGOU, July 8, 2024 (Sahel Wire) - ", "NIAMEY, Niger (AP) — ", "BAMAKO, 3 May 2023 – "],
)
def test_a_wire_dateline_is_no_part_of_the_first_sentence(dateline: str) -> None:
    text = dateline + "The junta signed the charter on Saturday."
    masked = mask_residue(text)
    assert len(masked) == len(text)
    assert masked.strip() == "The junta signed the charter on Saturday."


def test_capitals_before_a_dash_without_a_date_or_agency_are_kept() -> None:
    text = "BAMAKO - The junta said. The UN - and others - agreed."
    assert mask_residue(text) == text
