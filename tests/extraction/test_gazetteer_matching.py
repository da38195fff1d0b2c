"""Names are found by alias, case rules hold, and time windows and metonyms resolve in context."""

from datetime import date

from app.extraction.entities import resolve
from app.extraction.gazetteer import Actor, Country, Gazetteer, Place, fold


def _gazetteer() -> Gazetteer:
    g = Gazetteer()
    g.add_country(Country("MLI", "Mali", demonyms=("Malian", "Malians")))
    g.add_country(Country("BFA", "Burkina Faso", demonyms=("Burkinabe", "Burkinabè")))
    g.add_country(Country("USA", "United States", aliases=("US", "U.S.")))
    g.add_place(Place("bamako", "Bamako", "MLI", "capital"))
    g.add_place(Place("segou", "Ségou", "MLI", "city", aliases=("Segou",)))
    g.add_place(Place("ber", "Ber", "MLI", "town"))
    g.add_actor(
        Actor("fama", "Malian Armed Forces", "armed_force", "MLI", aliases=("FAMa", "Malian army"))
    )
    g.add_actor(
        Actor("government-of-mali", "Government of Mali", "state", "MLI", metonyms=("Bamako",)),
        [("the junta", date(2020, 8, 18), None)],
    )
    g.add_actor(
        Actor("government-of-burkina-faso", "Government of Burkina Faso", "state", "BFA"),
        [("the junta", date(2022, 1, 24), None)],
    )
    return g


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("Ségou’s  Jama'at") == "segou s jama at"


def test_aliases_match_longest_first_with_case_rules() -> None:
    g = _gazetteer()
    text = "The Malian army met US envoys in Segou; the soldiers told us about ber and Ber."
    found = [(m.text, m.candidates[0].key) for m in g.find(text)]
    assert found == [("Malian army", "fama"), ("US", "USA"), ("Segou", "segou"), ("Ber", "ber")]


def test_windowed_alias_applies_only_inside_its_window() -> None:
    g = _gazetteer()
    text = "In Bamako the junta expelled the envoy."
    before = resolve(g, text, g.find(text), date(2019, 5, 1))
    after = resolve(g, text, g.find(text), date(2021, 5, 1))
    assert [a for a, _ in before.actors] == []
    assert [a for a, _ in after.actors] == ["government-of-mali"]


def test_ambiguous_alias_prefers_the_country_the_clause_names() -> None:
    g = _gazetteer()
    text = "In Burkina Faso, the junta dissolved parliament."
    involved = resolve(g, text, g.find(text), date(2022, 10, 1))
    assert [a for a, _ in involved.actors] == ["government-of-burkina-faso"]


def test_a_capital_is_the_city_after_a_preposition_and_the_government_elsewhere() -> None:
    g = _gazetteer()
    city = "A delegation travelled to Bamako."
    government = "Bamako accused Paris of espionage."
    assert resolve(g, city, g.find(city), date(2022, 1, 1)).places == [("bamako", 26)]
    as_actor = resolve(g, government, g.find(government), date(2022, 1, 1))
    assert [a for a, _ in as_actor.actors] == ["government-of-mali"]
    assert as_actor.places == []
