"""Who and where a title names, for the titles that say a direction.

"Withdrawal of {who} from {where}", "Deployment of {who} in {where}", "Arms transfer to
{where}", "Sanctions on {where}": naming the nearest actor and country, as the other titles do,
writes "Withdrawal of Mali from France" for "Malians demanded the departure of French troops".
Here the sentence's words decide instead:
- {who} is the name right after the trigger joined by "of" or "by" ("the withdrawal of French
  troops", "an attack by JNIM"), or the owner ("France's withdrawal"), else the subject: the
  last name before the trigger in its clause not governed by a preposition ("France
  withdrew ...", not "opening up to Russia and ending ...").
- {where} is the name after the template's own preposition in the clause ("... from Mali"),
  never {who}'s own country nor a maker ("Chinese-made drones"). For an arms transfer told by
  its buyer ("Mali received drones", "Algeria's deal to purchase drones"), the buyer is where the
  arms went.
When the sentence does not say, the slot stays empty and the title leaves it out rather than
guess ("Withdrawal from Mali", "Withdrawal of French Armed Forces").
"""

import re
from dataclasses import dataclass

from app.extraction.entities import Involved

# Words between a nominal trigger and its agent: "withdrawal of (all the) French troops".
_AGENT_AFTER = re.compile(r"\s+(?:of|by)\s+(?:(?:the|all|its|their|some|remaining)\s+)*$", re.I)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:to|with|from|in|into|of|for|against|toward|towards|on|at|about|between|than)\s+"
    r"(?:the\s+)?$",
    re.I,
)
# A name's possessive right before the trigger, up to two words between: "France's (sudden)".
_POSSESSIVE = re.compile(r"\w['’]s?\s+(?:[a-z]+\s+){0,2}$")
_OF_AFTER = re.compile(r"\s+(?:of|by)\b", re.I)
# A country named as the maker of something, not as a party: "Turkish-made", "Chinese built".
_MAKER = re.compile(r"[-\s](?:made|built|manufactured|designed|origin)\b", re.I)
# The prepositions that introduce each template's {where}, right before the name.
_PREPOSITIONS = {
    word: re.compile(rf"\b(?:{alternatives})\s+(?:the\s+)?$", re.I)
    for word, alternatives in {
        "from": r"from|out of",
        "in": r"in|into|to|across|inside",
        "to": r"to",
        "on": r"on|against",
    }.items()
}
_WHERE_SLOT = re.compile(r"(\w+) \{where\}")
# Verbs that tell an arms transfer from the buyer's side.
_BUYER_VERB = re.compile(
    r"\b(?:receiv|acquir|bought|buy|purchas|obtain|ordered|procur|took delivery)\w*", re.I
)


@dataclass(frozen=True)
class TitleSlots:
    """References for the title: "actor:ID", "country:CODE" or "place:ID"; "" when unknown."""

    who: str = ""
    where: str = ""


def _preposition(template: str) -> str | None:
    match = _WHERE_SLOT.search(template)
    return match[1] if match and match[1] in _PREPOSITIONS else None


def title_slots(
    text: str,
    involved: Involved,
    trigger: tuple[int, int],
    clause: tuple[int, int],
    template: str,
    kind: str,
) -> TitleSlots:
    """The {who} and {where} of a directional title from the clause's words (module docstring).

    Returns empty slots for templates that name no direction; `involved` holds the clause's
    resolved names with their offsets in `text`."""
    preposition = _preposition(template)
    if "{who}" not in template and preposition not in ("from", "to", "on"):
        return TitleSlots()  # "Coup in {where}": the nearest place says it well
    start, end = clause
    agents = [(at, f"actor:{a}") for a, at in involved.actors] + [
        (at, f"country:{code}")
        for code, at in involved.country_mentions
        if not _MAKER.match(text, _name_end(text, at))
    ]
    agents = sorted((at, ref) for at, ref in agents if start <= at < end)
    who = _agent(text, agents, trigger)
    where = ""
    if kind == "arms_transfer" and who and _BUYER_VERB.search(text, start, end):
        where = who
    elif preposition is not None:
        where = _after_preposition(text, involved, agents, trigger, clause, preposition, who)
    return TitleSlots(who if "{who}" in template else "", where)


_WORD_AT = re.compile(r"[\w'’.-]+")


def _name_end(text: str, at: int) -> int:
    """Where the name starting at `at` ends (its last word): enough to look at what follows."""
    match = _WORD_AT.match(text, at)
    return match.end() if match else at


def _agent(text: str, agents: list[tuple[int, str]], trigger: tuple[int, int]) -> str:
    # A trigger may span its complement ("withdrawal of French troops"): look after its first
    # word.
    head = _name_end(text, trigger[0])
    after = [(at, ref) for at, ref in agents if at >= head]
    if after and _AGENT_AFTER.fullmatch(text, head, after[0][0]):
        return after[0][1]
    owners = [ref for at, ref in agents if at < trigger[0]]
    if owners and _POSSESSIVE.search(text, max(0, trigger[0] - 48), trigger[0]):
        # "France's sudden withdrawal": the owner is the agent (the last name before it).
        return owners[-1]
    if _OF_AFTER.match(text, head):
        # "demanded the departure of all foreign troops": the agent is the unnamed troops,
        # not whoever demanded it.
        return ""
    # A name after a preposition is not the subject: "opening up to Russia and ending military
    # cooperation with France" tells nothing of what Russia did ("by" names an agent).
    before = [
        ref
        for at, ref in agents
        if at < trigger[0] and not _PREPOSITION_BEFORE.search(text, max(0, at - 16), at)
    ]
    return before[-1] if before else ""


def _after_preposition(
    text: str,
    involved: Involved,
    agents: list[tuple[int, str]],
    trigger: tuple[int, int],
    clause: tuple[int, int],
    preposition: str,
    who: str,
) -> str:
    """The first place or country named after the preposition, following the trigger."""
    words = _PREPOSITIONS[preposition]
    own_country = who.removeprefix("country:") if who.startswith("country:") else ""
    if who.startswith("actor:"):
        own_country = involved.actor_countries.get(who.removeprefix("actor:"), "")
    # Sanctions and arms go to governments and groups too ("sanctions against the junta");
    # troops withdraw from and deploy in places.
    targets = agents if preposition in ("on", "to") else [a for a in agents if "country:" in a[1]]
    names = sorted([(at, f"place:{p}") for p, at in involved.places] + targets)
    for at, ref in names:
        if not (trigger[1] <= at < clause[1]) or ref == who:
            continue
        if own_country and ref == f"country:{own_country}":
            continue
        if words.search(text, max(0, at - 16), at):
            return ref
    return ""
