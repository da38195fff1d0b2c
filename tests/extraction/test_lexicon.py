"""The trigger lexicon's phrase language, and the shipped lexicon on sentences it has not seen."""

import pytest

from app.config import DATA_DIR
from app.extraction.lexicon import PhraseSet, load_lexicon

LEXICON = load_lexicon(DATA_DIR / "triggers.toml")


@pytest.mark.parametrize(
    ("phrase", "matches", "misses"),
    [
        ("withdr*", ["withdrew", "withdrawal"], ["redraw"]),
        ("seiz* power", ["seized power", "seizing  power"], ["seized the town"]),
        ("cross* ... border", ["crossed the international border"], ["border crossing"]),
        ("coup d'état", ["coup d’état", "coup d'état"], ["coupe"]),
        ("sit-in*", ["sit-ins", "sit in"], ["sitting"]),
        # Alternatives of one and of two words at one place.
        ("won ... term|run-off", ["won a second term", "won the run-off"], ["won the run"]),
        ("re-elected|reelected", ["was re-elected", "reelected"], ["elected"]),
    ],
)
def test_phrase_language(phrase: str, matches: list[str], misses: list[str]) -> None:
    phrases = PhraseSet.of([phrase])
    assert all(phrases.search(m) for m in matches)
    assert not any(phrases.search(m) for m in misses)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Mutinous officers ousted President Kaboré in Ouagadougou.", "coup"),
        ("Jihadists ambushed a convoy, killing 12 soldiers near Tessit.", "armed_violence"),
        ("Chad and Niger signed a defence agreement in N'Djamena.", "treaty"),
        ("Thousands of demonstrators rallied in Niamey against the French presence.", "protest"),
        ("ECOWAS imposed sanctions and closed borders with Guinea.", "sanctions"),
        ("The last French troops left Niger, ending the withdrawal.", "troop_withdrawal"),
        ("The foreign minister summoned the Algerian ambassador.", "diplomacy"),
        ("Voters went to the polls in a constitutional referendum.", "political_transition"),
        ("Turkey delivered Bayraktar drones to the air force.", "arms_transfer"),
        ("Niamey revoked its military cooperation agreement with Washington.", "troop_withdrawal"),
        (
            "The ministry announced that the last French soldiers had withdrawn from the base.",
            "troop_withdrawal",
        ),
        ("The US military handed over its drone base in Agadez to the army.", "troop_withdrawal"),
        (
            "The handover of the Ouallam camp to Nigerien forces ended the mission.",
            "troop_withdrawal",
        ),
        ("Washington agreed to withdraw its troops from Niger by September.", "troop_withdrawal"),
        ("German soldiers left their camp in Gao after ten years.", "troop_withdrawal"),
        ("The junta agreed on a roadmap for the transition with ECOWAS.", "political_transition"),
        ("The handover of power to a civilian president was postponed.", "political_transition"),
        ("Mali and Algeria agreed to resume talks in Algiers.", "diplomacy"),
        ("The two sides agreed to a ceasefire in Kidal.", "treaty"),
        ("Timbuktu fell to the rebels within days.", "armed_violence"),
        ("Gunmen took four aid workers hostage near Ménaka.", "armed_violence"),
        ("The MNLA proclaimed the independence of Azawad.", "political_transition"),
        ("The new president took office in Nouakchott.", "political_transition"),
        ("France replaced Operation Serval with a regional mission.", "deployment"),
        ("The government declared a state of emergency in the north.", "institutional"),
    ],
)
def test_unseen_sentences_get_the_right_type(sentence: str, expected: str) -> None:
    hits = LEXICON.hits(sentence, 0, len(sentence))
    assert hits and hits[0].type == expected, hits


def test_cues() -> None:
    assert LEXICON.cue("hypothetical", "the mission could close next year")
    assert LEXICON.cue("planned", "elections are scheduled for February")
    assert not LEXICON.cue("planned", "elections were held in February")


def test_one_pass_over_every_cue_finds_what_each_cue_finds_alone() -> None:
    # Overlapping phrases across sets, a gap phrase and a word starting phrases in two sets:
    # each set keeps its own leftmost, first-listed matches.
    sentences = [
        "Officials said the army could withdraw if the talks fail, and might return in May.",
        "At least 40% of the villages may have been emptied, according to a UN report.",
        "The junta is expected to hold elections, which were scheduled for February 2022.",
        "Troops crossed the border near the frontier post before the ceasefire.",
        "",
    ]
    for sentence in sentences:
        together = LEXICON.every_cue(sentence)
        assert set(together) == set(LEXICON.cues)
        for name in LEXICON.cues:
            alone = [(s, e) for _, s, e in LEXICON.cue_spans(name, sentence)]
            assert together[name] == alone, (name, sentence)
    assert LEXICON.every_cue(sentences[0])["hypothetical"]  # the test sees real matches


def test_an_accusation_beside_another_trigger_gives_way_to_it() -> None:
    told = "Residents accused soldiers of killing dozens of civilians in Karma."
    assert LEXICON.hits(told, 0, len(told))[0].type == "armed_violence"
    alone = "Bamako accused Algiers of interfering in its affairs."
    assert [h.type for h in LEXICON.hits(alone, 0, len(alone))] == ["diplomacy"]
