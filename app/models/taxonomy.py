"""The controlled vocabularies of the model: event types, date precisions, statuses, roles.

Each event type carries the one-line definition that the API (`/api/v1/types`) and the pages show,
so there is a single place to read what a type means.
"""

from enum import StrEnum


class EventType(StrEnum):
    COUP = "coup"
    BORDER_INCIDENT = "border_incident"
    TROOP_WITHDRAWAL = "troop_withdrawal"
    TREATY = "treaty"
    DEPLOYMENT = "deployment"
    ARMED_VIOLENCE = "armed_violence"
    MILITARY_EXERCISE = "military_exercise"
    ARMS_TRANSFER = "arms_transfer"
    DIPLOMACY = "diplomacy"
    PROTEST = "protest"
    SANCTIONS = "sanctions"
    POLITICAL_TRANSITION = "political_transition"
    INSTITUTIONAL = "institutional"


EVENT_TYPE_DEFINITIONS: dict[EventType, str] = {
    EventType.COUP: (
        "Seizure or attempted seizure of state power by the military or other insiders."
    ),
    EventType.BORDER_INCIDENT: (
        "An incident at or across an international border: incursions, cross-border raids, "
        "killings of one state's citizens by another's forces near the border."
    ),
    EventType.TROOP_WITHDRAWAL: (
        "Foreign or national forces or a mission leaving, drawing down or being told to leave."
    ),
    EventType.TREATY: "Agreements, pacts, alliances, charters and peace accords signed or agreed.",
    EventType.DEPLOYMENT: (
        "Forces, contractors or missions arriving, and military operations launched."
    ),
    EventType.ARMED_VIOLENCE: "Attacks, clashes, massacres, bombings, kidnappings and killings.",
    EventType.MILITARY_EXERCISE: "Military exercises, manoeuvres, drills and parades of force.",
    EventType.ARMS_TRANSFER: "Deliveries, sales or donations of weapons and military equipment.",
    EventType.DIPLOMACY: (
        "Visits, delegations, summits, summons of ambassadors, official protests and expulsions."
    ),
    EventType.PROTEST: "Demonstrations, riots and sit-ins by the public.",
    EventType.SANCTIONS: (
        "Sanctions, embargoes, border closures and suspensions imposed on a state."
    ),
    EventType.POLITICAL_TRANSITION: (
        "Elections, successions, transitional governments, charters of transition and roadmaps."
    ),
    EventType.INSTITUTIONAL: (
        "Organizations founded or left, mandates created or ended, UN resolutions, "
        "policy decisions."
    ),
}


class Precision(StrEnum):
    """How precisely the date bounds are known, from finest to coarsest."""

    DAY = "day"
    PART_OF_MONTH = "part_of_month"
    MONTH = "month"
    SEASON = "season"
    RANGE = "range"
    YEAR = "year"


# Finer first: `precision=month` in a filter keeps day-, part-of-month- and month-precise events.
PRECISION_RANK: dict[Precision, int] = {p: i for i, p in enumerate(Precision)}


class EventStatus(StrEnum):
    CANDIDATE = "candidate"
    PUBLISHED = "published"
    REJECTED = "rejected"
    DELETED = "deleted"


class Occurrence(StrEnum):
    OCCURRED = "occurred"
    PLANNED = "planned"


class ActorKind(StrEnum):
    STATE = "state"
    ARMED_FORCE = "armed_force"
    ARMED_GROUP = "armed_group"
    ORGANIZATION = "organization"
    MISSION = "mission"
    PERSON = "person"


class Role(StrEnum):
    """The part an actor, place or country plays in an event."""

    PERPETRATOR = "perpetrator"
    TARGET = "target"
    PARTY = "party"
    HOST = "host"
    LOCATION = "location"
    MENTIONED = "mentioned"


class RelationKind(StrEnum):
    PART_OF = "part_of"
    FOLLOWS = "follows"
    RESPONDS_TO = "responds_to"
    CAUSES = "causes"


class DateSource(StrEnum):
    """How a document's publication date is known."""

    STATED = "stated"
    INFERRED = "inferred"
    CORRECTED = "corrected"


class AuthorKind(StrEnum):
    """Who made a revision."""

    EDITOR = "editor"
    INGESTION = "ingestion"
    API = "api"
