"""Consolidation: one event for each real-world event, however many times it is told.

Two tellings are the same event when they have the same type and occurrence, their dates
overlap, and they involve the same things: for two precise dates (a month or finer) a shared
country is enough; a coarse date (a season, a range, a year) must also share an actor or a place,
because a year holds many attacks (unless they share two countries, or the type is rare:
a coup, treaty, withdrawal, sanctions or a transition). Two day-precise tellings up to three
days apart that share an actor or place are also the same event, its dates flagged as
disagreeing. Within one document a shared country is not enough (an analysis that tells two
delegations between the same countries in one month tells two events), except for the rare
types when they do not name different actors.
The merged date is the most precise reading consistent with the others; every reading is kept.
"""

from dataclasses import dataclass, field
from datetime import date

from app.extraction.events import Candidate
from app.extraction.temporal import DateBounds

_PRECISE_DAYS = 31
_RARE_TYPES = frozenset({"coup", "treaty", "troop_withdrawal", "sanctions", "political_transition"})
_DISAGREEING_DAYS = 3


@dataclass(frozen=True)
class Shape:
    """What decides whether two tellings are one event."""

    type: str
    occurrence: str
    bounds: DateBounds
    countries: frozenset[str]
    actors: frozenset[str]
    places: frozenset[str]

    @classmethod
    def of(cls, candidate: Candidate) -> "Shape":
        return cls(
            candidate.type,
            candidate.occurrence,
            candidate.bounds,
            frozenset(candidate.countries),
            frozenset(a for a, _ in candidate.actors),
            frozenset(candidate.places),
        )


@dataclass
class Telling:
    """One candidate and the document it comes from."""

    document: str
    candidate: Candidate


@dataclass
class Cluster:
    tellings: list[Telling] = field(default_factory=list)

    @property
    def best(self) -> Candidate:
        """The most precise, then most confident, telling: it gives the event its date and title."""
        return min(
            (t.candidate for t in self.tellings),
            key=lambda c: (_span(c.bounds), -c.confidence, c.quote_start),
        )

    @property
    def shape(self) -> Shape:
        best = self.best
        return Shape(
            best.type,
            best.occurrence,
            best.bounds,
            frozenset(code for t in self.tellings for code in t.candidate.countries),
            frozenset(actor for t in self.tellings for actor, _ in t.candidate.actors),
            frozenset(place for t in self.tellings for place in t.candidate.places),
        )

    @property
    def flags(self) -> list[str]:
        flags = []
        bounds = [t.candidate.bounds for t in self.tellings]
        if any(not _overlap(a, b) for a in bounds for b in bounds):
            flags.append("dates_disagree")
        tolls = {t.candidate.toll.best for t in self.tellings if t.candidate.toll}
        if len(tolls) > 1:
            flags.append("fatalities_disagree")
        return flags


def _span(bounds: DateBounds) -> int:
    return (bounds.end - bounds.start).days


def _overlap(a: DateBounds, b: DateBounds) -> bool:
    return a.start <= b.end and b.start <= a.end


def _gap_days(a: date, b: date) -> int:
    return abs((a - b).days)


def same_event(a: Shape, b: Shape, *, one_document: bool = False) -> bool:
    """Whether two shapes are the same real-world event (see the module docstring).

    `one_document`: both are told by the same document, which rarely tells one event twice
    without naming the same actor or place again; two of its attacks in one year, or its
    delegation in January and another in the same month, are two events."""
    if a.type != b.type or a.occurrence != b.occurrence:
        return False
    shares_who = bool(a.actors & b.actors or a.places & b.places)
    # Coups, treaties, withdrawals, sanctions and transitions are rare enough that one per
    # country and period is the same one, even in one document.
    rare_in_country = a.type in _RARE_TYPES and bool(a.countries & b.countries)
    if one_document and a.actors and b.actors and not a.actors & b.actors:
        # One analysis naming different doers tells different events ("Takuba ended its
        # mission", "the Danish contingent was expelled").
        rare_in_country = False
    shares_country = bool(a.countries & b.countries) and not one_document
    if not _overlap(a.bounds, b.bounds):
        both_days = a.bounds.precision == "day" == b.bounds.precision
        return (
            both_days
            and shares_who
            and (_gap_days(a.bounds.start, b.bounds.start) <= _DISAGREEING_DAYS)
        )
    if max(_span(a.bounds), _span(b.bounds)) <= _PRECISE_DAYS:
        return shares_country or shares_who or rare_in_country
    # Anything sharing two countries is the same event too, told by two documents.
    return (
        shares_who or (len(a.countries & b.countries) >= 2 and not one_document) or rare_in_country
    )


def _told_apart(cluster: Cluster, telling: Telling) -> bool:
    """Whether the cluster holds another subject's event split from the same sentence: the
    document said they were several ("X and Y both withdrew")."""
    mine = telling.candidate
    return bool(mine.subject) and any(
        t.document == telling.document
        and t.candidate.quote_start == mine.quote_start
        and t.candidate.subject not in ("", mine.subject)
        for t in cluster.tellings
    )


def consolidate(tellings: list[Telling]) -> list[Cluster]:
    """Group tellings into events, finest dates first so that coarse mentions join precise ones."""
    clusters: list[Cluster] = []
    for telling in sorted(
        tellings, key=lambda t: (_span(t.candidate.bounds), t.document, t.candidate.quote_start)
    ):
        shape = Shape.of(telling.candidate)
        home = next(
            (
                c
                for c in clusters
                if not _told_apart(c, telling)
                and same_event(
                    c.shape,
                    shape,
                    one_document=all(t.document == telling.document for t in c.tellings),
                )
            ),
            None,
        )
        if home is None:
            clusters.append(Cluster([telling]))
        else:
            home.tellings.append(telling)
    return clusters
