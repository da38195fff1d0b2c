"""Validate the curated gazetteers in ``data/``: countries, places and actors.

The files are edited by hand, so these tests check what an editor can break: TOML syntax,
required keys and their types, allowed kinds, ISO codes and references between files,
coordinates, alias windows, and — most importantly for the extractor — that no name or
alias points at two different entries of the same file.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeGuard

import pytest

DATA = Path(__file__).resolve().parents[1] / "data"

PLACE_KINDS = {"capital", "city", "town", "village", "region", "area", "camp", "base"}
ACTOR_KINDS = {"state", "armed_force", "armed_group", "organization", "mission", "person"}

COUNTRY_KEYS = {"code", "name", "aliases", "demonyms", "lat", "lon"}
PLACE_KEYS = {"id", "name", "aliases", "country", "admin_region", "kind", "lat", "lon"}
PLACE_OPTIONAL = {"countries"}
ACTOR_KEYS = {"id", "name", "kind", "country", "aliases", "windowed_aliases", "metonyms"}
ACTOR_OPTIONAL = {"roles"}

CODE_RE = re.compile(r"^[A-Z]{3}$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")

Entry = dict[str, Any]


def _load(name: str) -> dict[str, Any]:
    with open(DATA / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def countries() -> list[Entry]:
    return list(_load("countries")["country"])


@pytest.fixture(scope="module")
def places() -> list[Entry]:
    return list(_load("places")["place"])


@pytest.fixture(scope="module")
def actors() -> list[Entry]:
    return list(_load("actors")["actor"])


@pytest.fixture(scope="module")
def country_codes(countries: list[Entry]) -> set[str]:
    return {c["code"] for c in countries}


# --------------------------------------------------------------------------- helpers


def norm(text: str) -> str:
    """The key under which two spellings count as the same string for a matcher."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for quote in ("\u2019", "\u2018", "\u02bc", "`", "\u00b4"):
        stripped = stripped.replace(quote, "'")
    stripped = stripped.replace("-", " ").replace("\u2013", " ").replace("\u2014", " ")
    return " ".join(stripped.casefold().split())


def is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_str_list(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check_keys(entry: Entry, required: set[str], optional: set[str], label: str) -> list[str]:
    problems = []
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing:
        problems.append(f"{label}: missing keys {sorted(missing)}")
    if unknown:
        problems.append(f"{label}: unknown keys {sorted(unknown)}")
    return problems


def check_strings(values: Iterable[str], label: str) -> list[str]:
    return [
        f"{label}: blank or padded string {v!r}" for v in values if not v.strip() or v != v.strip()
    ]


def check_coords(entry: Entry, label: str) -> list[str]:
    problems = []
    lat, lon = entry.get("lat"), entry.get("lon")
    if not is_number(lat) or not -90 <= lat <= 90:
        problems.append(f"{label}: lat {lat!r} not a number in [-90, 90]")
    if not is_number(lon) or not -180 <= lon <= 180:
        problems.append(f"{label}: lon {lon!r} not a number in [-180, 180]")
    return problems


def collisions(owners: dict[str, set[str]], spelled: dict[str, set[str]]) -> list[str]:
    """Keys owned by more than one entry, reported with their spellings and owners."""
    return [
        f"{sorted(spelled[key])} -> {sorted(who)}"
        for key, who in sorted(owners.items())
        if len(who) > 1
    ]


def assert_no_problems(problems: list[str]) -> None:
    unique = list(dict.fromkeys(problems))
    assert not unique, f"{len(unique)} problem(s):\n" + "\n".join(unique)


def parse_iso(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


# --------------------------------------------------------------------------- countries


def test_countries_schema(countries: list[Entry]) -> None:
    problems: list[str] = []
    for c in countries:
        label = f"country {c.get('code', c.get('name', '?'))}"
        problems += check_keys(c, COUNTRY_KEYS, set(), label)
        if not isinstance(c.get("code"), str) or not CODE_RE.match(c["code"]):
            problems.append(f"{label}: code must be 3 upper-case letters")
        if not isinstance(c.get("name"), str) or not c["name"].strip():
            problems.append(f"{label}: name must be a non-empty string")
        for key in ("aliases", "demonyms"):
            if not is_str_list(c.get(key)):
                problems.append(f"{label}: {key} must be a list of strings")
            else:
                problems += check_strings(c[key], f"{label} {key}")
        problems += check_coords(c, label)
    assert_no_problems(problems)


def test_country_codes_unique(countries: list[Entry]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for c in countries:
        seen[c["code"]] += 1
    assert not [code for code, n in seen.items() if n > 1], "duplicate country codes"


def test_country_names_unambiguous(countries: list[Entry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for c in countries:
        for text in [c["name"], *c["aliases"], *c["demonyms"]]:
            owners[norm(text)].add(c["code"])
            spelled[norm(text)].add(text)
    assert_no_problems(collisions(owners, spelled))


def test_countries_cover_un_members_and_key_spellings(countries: list[Entry]) -> None:
    by_code = {c["code"]: c for c in countries}
    assert len(by_code) >= 193
    lookup = {norm(t): c["code"] for c in countries for t in [c["name"], *c["aliases"]]}
    dem = {norm(t): c["code"] for c in countries for t in c["demonyms"]}
    assert lookup[norm("Ivory Coast")] == "CIV"
    assert lookup[norm("U.S.")] == "USA"
    assert lookup[norm("Türkiye")] == "TUR"
    assert dem[norm("Malian")] == "MLI"
    assert dem[norm("Burkinabè")] == "BFA"
    assert dem[norm("Nigerien")] == "NER" and dem[norm("Nigerian")] == "NGA"


# --------------------------------------------------------------------------- places


def test_places_schema(places: list[Entry], country_codes: set[str]) -> None:
    problems: list[str] = []
    for p in places:
        label = f"place {p.get('id', '?')}"
        problems += check_keys(p, PLACE_KEYS, PLACE_OPTIONAL, label)
        if not isinstance(p.get("id"), str) or not ID_RE.match(p["id"]):
            problems.append(f"{label}: id must be a lower-case slug")
        for key in ("name", "admin_region", "country", "kind"):
            if not isinstance(p.get(key), str):
                problems.append(f"{label}: {key} must be a string")
        if isinstance(p.get("name"), str) and not p["name"].strip():
            problems.append(f"{label}: empty name")
        if not is_str_list(p.get("aliases")):
            problems.append(f"{label}: aliases must be a list of strings")
        else:
            problems += check_strings(p["aliases"], f"{label} aliases")
        if p.get("kind") not in PLACE_KINDS:
            problems.append(f"{label}: kind {p.get('kind')!r} not in {sorted(PLACE_KINDS)}")
        country = p.get("country")
        if country == "":
            listed = p.get("countries")
            if not is_str_list(listed) or len(listed) < 2:
                problems.append(f"{label}: country is '' so `countries` must list 2+ codes")
        elif not isinstance(country, str) or not CODE_RE.match(country):
            problems.append(f"{label}: country {country!r} is not an alpha-3 code")
        if "countries" in p and country and country not in p["countries"]:
            problems.append(f"{label}: `countries` does not include its own country {country}")
        if p.get("kind") == "region" and p.get("admin_region"):
            problems.append(f"{label}: a region's admin_region must be ''")
        problems += check_coords(p, label)
    assert_no_problems(problems)


def test_place_ids_unique(places: list[Entry]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for p in places:
        seen[p["id"]] += 1
    assert not [i for i, n in seen.items() if n > 1], "duplicate place ids"


def test_place_countries_exist(places: list[Entry], country_codes: set[str]) -> None:
    problems = []
    for p in places:
        for code in [p["country"], *p.get("countries", [])]:
            if code and code not in country_codes:
                problems.append(f"place {p['id']}: unknown country {code}")
    assert_no_problems(problems)


def test_place_admin_regions_exist(places: list[Entry]) -> None:
    regions = {(p["country"], p["name"]) for p in places if p["kind"] == "region"}
    problems = [
        f"place {p['id']}: admin_region {p['admin_region']!r} is not a region of {p['country']}"
        for p in places
        if p["admin_region"] and (p["country"], p["admin_region"]) not in regions
    ]
    assert_no_problems(problems)


def test_place_names_unambiguous(places: list[Entry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for p in places:
        for text in [p["name"], *p["aliases"]]:
            owners[norm(text)].add(p["id"])
            spelled[norm(text)].add(text)
    assert_no_problems(collisions(owners, spelled))


def test_places_cover_the_crisis_geography(places: list[Entry]) -> None:
    assert len(places) >= 200
    lookup = {norm(t): p for p in places for t in [p["name"], *p["aliases"]]}
    for name, country in [
        ("Adel Bagrou", "MRT"),
        ("Bassikounou", "MRT"),
        ("Mbera camp", "MRT"),
        ("Nema", "MRT"),
        ("Tombouctou", "MLI"),
        ("Menaka", "MLI"),
        ("Tin-Zaouaten", "MLI"),
        ("Djibo", "BFA"),
        ("Tillaberi", "NER"),
        ("N'Djamena", "TCD"),
    ]:
        assert lookup[norm(name)]["country"] == country, name
    assert lookup[norm("Hodh El Chargui")]["kind"] == "region"
    assert lookup[norm("Mopti")]["kind"] == "city"
    assert lookup[norm("Mopti region")]["kind"] == "region"
    assert set(lookup[norm("Liptako-Gourma")]["countries"]) == {"MLI", "BFA", "NER"}
    assert norm("Niger") not in lookup


# --------------------------------------------------------------------------- actors


def test_actors_schema(actors: list[Entry], country_codes: set[str]) -> None:
    problems: list[str] = []
    for a in actors:
        label = f"actor {a.get('id', '?')}"
        problems += check_keys(a, ACTOR_KEYS, ACTOR_OPTIONAL, label)
        if not isinstance(a.get("id"), str) or not ID_RE.match(a["id"]):
            problems.append(f"{label}: id must be a lower-case slug")
        if not isinstance(a.get("name"), str) or not a["name"].strip():
            problems.append(f"{label}: name must be a non-empty string")
        if a.get("kind") not in ACTOR_KINDS:
            problems.append(f"{label}: kind {a.get('kind')!r} not in {sorted(ACTOR_KINDS)}")
        country = a.get("country")
        if not isinstance(country, str) or (country and not CODE_RE.match(country)):
            problems.append(f"{label}: country {country!r} must be '' or an alpha-3 code")
        for key in ("aliases", "metonyms"):
            if not is_str_list(a.get(key)):
                problems.append(f"{label}: {key} must be a list of strings")
            else:
                problems += check_strings(a[key], f"{label} {key}")
        problems += _check_windows(a.get("windowed_aliases"), label)
        if "roles" in a:
            problems += _check_roles(a["roles"], label)
    assert_no_problems(problems)


def _check_windows(windows: object, label: str) -> list[str]:
    if not isinstance(windows, list):
        return [f"{label}: windowed_aliases must be a list"]
    problems = []
    for w in windows:
        if not isinstance(w, dict) or set(w) != {"alias", "from", "to"}:
            problems.append(f"{label}: windowed alias {w!r} needs exactly alias, from, to")
            continue
        if not isinstance(w["alias"], str) or not w["alias"].strip():
            problems.append(f"{label}: windowed alias with empty alias")
        for key in ("from", "to"):
            value = w[key]
            if not isinstance(value, str) or (value and not ISO_DATE_RE.match(value)):
                problems.append(f"{label}: {w['alias']!r} {key}={value!r} is not an ISO date or ''")
                continue
            if value:
                try:
                    parse_iso(value)
                except ValueError:
                    problems.append(f"{label}: {w['alias']!r} {key}={value!r} is not a real date")
        if (
            isinstance(w["from"], str)
            and isinstance(w["to"], str)
            and ISO_DATE_RE.match(w["from"])
            and ISO_DATE_RE.match(w["to"])
            and w["from"] >= w["to"]
        ):
            problems.append(f"{label}: {w['alias']!r} window {w['from']}..{w['to']} is empty")
    return problems


def _check_roles(roles: object, label: str) -> list[str]:
    if not isinstance(roles, list):
        return [f"{label}: roles must be a list"]
    problems = []
    for r in roles:
        if not isinstance(r, dict) or set(r) != {"title", "from", "to"}:
            problems.append(f"{label}: role {r!r} needs exactly title, from, to")
            continue
        if not isinstance(r["title"], str) or not r["title"].strip():
            problems.append(f"{label}: role with empty title")
        for key in ("from", "to"):
            value = r[key]
            if not isinstance(value, str) or (value and not PARTIAL_DATE_RE.match(value)):
                problems.append(
                    f"{label}: role {r['title']!r} {key}={value!r} is not YYYY[-MM[-DD]]"
                )
        start, end = r["from"], r["to"]
        if isinstance(start, str) and isinstance(end, str) and start and end:
            if start[: len(end)] > end[: len(start)]:
                problems.append(f"{label}: role {r['title']!r} ends ({end}) before it starts")
    return problems


def test_actor_ids_unique(actors: list[Entry]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for a in actors:
        seen[a["id"]] += 1
    assert not [i for i, n in seen.items() if n > 1], "duplicate actor ids"


def test_actor_countries_exist(actors: list[Entry], country_codes: set[str]) -> None:
    problems = [
        f"actor {a['id']}: unknown country {a['country']}"
        for a in actors
        if a["country"] and a["country"] not in country_codes
    ]
    assert_no_problems(problems)


def _bounds(window: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    """A window as the half-open interval [from, to); '' means unbounded.

    None for a malformed window (test_actors_schema reports those).
    """
    try:
        start = parse_iso(window["from"]) if window["from"] else dt.date.min
        end = parse_iso(window["to"]) if window["to"] else dt.date.max
    except (KeyError, TypeError, ValueError):
        return None
    return start, end


def test_actor_names_unambiguous(actors: list[Entry]) -> None:
    # Plain names, aliases and metonyms: one actor each.
    owners: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, set[str]] = defaultdict(set)
    for a in actors:
        for text in [a["name"], *a["aliases"], *a["metonyms"]]:
            owners[norm(text)].add(a["id"])
            spelled[norm(text)].add(text)
    problems = collisions(owners, spelled)

    # Windowed aliases: never equal to another actor's plain alias, and the windows of
    # different actors sharing an alias must not overlap (they may touch).
    windows: dict[str, list[tuple[str, dt.date, dt.date]]] = defaultdict(list)
    for a in actors:
        for w in a["windowed_aliases"]:
            key = norm(w["alias"])
            clash = owners.get(key, set()) - {a["id"]}
            if clash:
                problems.append(
                    f"windowed {w['alias']!r} of {a['id']} is a plain alias of {sorted(clash)}"
                )
            bounds = _bounds(w)
            if bounds is not None:
                windows[key].append((a["id"], *bounds))
    for key, spans in sorted(windows.items()):
        for i, (id1, s1, e1) in enumerate(spans):
            for id2, s2, e2 in spans[i + 1 :]:
                if id1 != id2 and s1 < e2 and s2 < e1:
                    problems.append(
                        f"windowed {key!r}: {id1} [{s1}, {e1}) overlaps {id2} [{s2}, {e2})"
                    )
    assert_no_problems(problems)


def test_actors_cover_the_brief(actors: list[Entry]) -> None:
    assert len(actors) >= 150
    by_id = {a["id"]: a for a in actors}
    lookup = {norm(t): a["id"] for a in actors for t in [a["name"], *a["aliases"]]}
    for alias, actor_id in [
        ("FAMa", "fama"),
        ("Malian forces", "fama"),
        ("Wagner", "wagner-group"),
        ("Russian mercenaries", "wagner-group"),
        ("JNIM", "jnim"),
        ("ISGS", "islamic-state-sahel-province"),
        ("Sahel G5", "g5-sahel"),
        ("MINUSMA", "minusma"),
        ("Goita", "assimi-goita"),
        ("Ghazouani", "mohamed-ould-ghazouani"),
        ("Mauritanian army", "mauritanian-armed-forces"),
        ("Malian government", "government-of-mali"),
    ]:
        assert lookup.get(norm(alias)) == actor_id, alias
    mali = by_id["government-of-mali"]
    assert {"alias": "the junta", "from": "2020-08-18", "to": ""} in mali["windowed_aliases"]
    assert {"Bamako", "Koulouba"} <= set(mali["metonyms"])
    assert by_id["assimi-goita"]["kind"] == "person"
