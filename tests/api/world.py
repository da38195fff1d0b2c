"""A small, fully known knowledge base for the API contract tests (invented, not the seeds).

Eleven events over 2019-2024 exercise every filter: each precision, several countries, actors
and places (one without coordinates), tags, tolls, two documents, two periods, and one candidate
and one deleted event that the public must never see. Timestamps are fixed so that
`updated_since`, `sort=updated` and the changes feed have known answers.
"""

from datetime import UTC, date, datetime

from sqlmodel import Session

from tests.factories import (
    EventSpec,
    add_actor,
    add_country,
    add_document,
    add_event,
    add_period,
    add_place,
    set_status,
)

DOC_A_TEXT = (
    "Soldiers seized power in Bamako on 18 August 2020. A second coup followed on 24 May 2021. "
    "ECOWAS imposed sanctions on Mali on 9 January 2022. French troops began leaving Mali in "
    "February 2022. Diplomats of Mali and Mauritania met repeatedly in 2021 and 2022. "
    "In early April 2024, Malian troops and Wagner fighters crossed into Adel Bagrou, killing two."
)
DOC_B_TEXT = (
    "Gunmen killed forty villagers in Burkina Faso in the summer of 2019. Elections in Mali "
    "are planned for 2023. Witnesses in Adel Bagrou counted three dead after the incursion of "
    "early April 2024. On 10 June 2024 the Mauritanian army held a manoeuvre near Fassala."
)


def at(day: int) -> datetime:
    """A fixed moment: noon UTC on the `day`-th of January 2024."""
    return datetime(2024, 1, day, 12, 0, tzinfo=UTC)


# The published events, in date order (sort=date), with their ids.
COUP_2020 = "2020-08-18-coup-in-mali"
COUP_2021 = "2021-05-24-second-coup-in-mali"
SANCTIONS = "2022-01-09-ecowas-sanctions-on-mali"
WITHDRAWAL = "2022-02-01-french-withdrawal-from-mali"
TALKS = "2021-01-01-mali-mauritania-talks"
INCURSION = "2024-04-01-incursion-near-adel-bagrou"
MANOEUVRE = "2024-06-10-mauritanian-manoeuvre-near-fassala"
MASSACRE = "2019-06-01-massacre-in-burkina-faso"
ELECTIONS = "2023-01-01-elections-in-mali"
CANDIDATE = "2024-05-01-unconfirmed-clash"
DELETED = "2023-03-01-retracted-report"

BY_DATE = [MASSACRE, COUP_2020, TALKS, COUP_2021, SANCTIONS, WITHDRAWAL, ELECTIONS, INCURSION]
BY_DATE.append(MANOEUVRE)
PUBLISHED = set(BY_DATE)


def build_world(session: Session) -> None:
    for code, name, lat, lon in (
        ("MLI", "Mali", 17.57, -4.0),
        ("MRT", "Mauritania", 21.0, -10.9),
        ("BFA", "Burkina Faso", 12.2, -1.56),
        ("FRA", "France", 46.2, 2.2),
        ("NER", "Niger", 17.6, 8.08),
    ):
        add_country(session, code, name, lat, lon)
    fama = add_actor(session, "fama", "Malian Armed Forces", country="MLI")
    wagner = add_actor(session, "wagner-group", "Wagner Group", kind="armed_group")
    army = add_actor(session, "mauritanian-army", "Mauritanian Army", country="MRT")
    ecowas = add_actor(session, "ecowas", "ECOWAS", kind="organization")
    france = add_actor(session, "french-armed-forces", "French Armed Forces", country="FRA")
    bamako = add_place(session, "bamako", "Bamako", "MLI", 12.64, -8.0)
    adel = add_place(session, "adel-bagrou", "Adel Bagrou", "MRT", 15.53, -7.06)
    fassala = add_place(session, "fassala", "Fassala", "MRT")  # no coordinates
    a = add_document(session, "analysis-a", "Mali's coups and their neighbours", DOC_A_TEXT)
    b = add_document(session, "analysis-b", "Border violence, 2019-2024", DOC_B_TEXT)
    add_period(
        session, "mali-transition", "Mali's transition", date(2020, 8, 18), date(2024, 12, 31)
    )
    add_period(session, "before-the-coups", "Before the coups", date(2012, 1, 1), date(2020, 8, 17))
    specs = [
        EventSpec(
            COUP_2020,
            "Coup in Mali",
            "coup",
            date(2020, 8, 18),
            date(2020, 8, 18),
            "day",
            "2020-08-18",
            summary="Soldiers seized power in Bamako.",
            countries=["MLI"],
            actors=[(fama, "perpetrator")],
            places=[(bamako, "location")],
            tags=["coups"],
            quotes=[(a, "Soldiers seized power in Bamako on 18 August 2020.")],
            created_at=at(1),
            updated_at=at(1),
        ),
        EventSpec(
            COUP_2021,
            "Second coup in Mali",
            "coup",
            date(2021, 5, 24),
            date(2021, 5, 24),
            "day",
            "2021-05-24",
            summary="A second coup.",
            countries=["MLI"],
            actors=[(fama, "perpetrator")],
            places=[(bamako, "location")],
            tags=["coups"],
            quotes=[(a, "A second coup followed on 24 May 2021.")],
            created_at=at(2),
            updated_at=at(2),
        ),
        EventSpec(
            SANCTIONS,
            "ECOWAS sanctions on Mali",
            "sanctions",
            date(2022, 1, 9),
            date(2022, 1, 9),
            "day",
            "2022-01-09",
            summary="ECOWAS imposed sanctions.",
            countries=["MLI"],
            actors=[(ecowas, "perpetrator")],
            quotes=[(a, "ECOWAS imposed sanctions on Mali on 9 January 2022.")],
            created_at=at(3),
            updated_at=at(3),
        ),
        EventSpec(
            WITHDRAWAL,
            "French withdrawal from Mali",
            "troop_withdrawal",
            date(2022, 2, 1),
            date(2022, 2, 28),
            "month",
            "2022-02",
            summary="French troops began leaving.",
            countries=["MLI", "FRA"],
            actors=[(france, "party")],
            quotes=[(a, "French troops began leaving Mali in February 2022.")],
            created_at=at(4),
            updated_at=at(4),
        ),
        EventSpec(
            TALKS,
            "Talks between Mali and Mauritania",
            "diplomacy",
            date(2021, 1, 1),
            date(2022, 12, 31),
            "range",
            "2021/2022",
            summary="Diplomats met repeatedly.",
            countries=["MLI", "MRT"],
            quotes=[(a, "Diplomats of Mali and Mauritania met repeatedly in 2021 and 2022.")],
            created_at=at(5),
            updated_at=at(5),
        ),
        EventSpec(
            INCURSION,
            "Incursion near Adel Bagrou",
            "border_incident",
            date(2024, 4, 1),
            date(2024, 4, 10),
            "part_of_month",
            "2024-04-01/2024-04-10",
            summary="Malian troops and Wagner fighters crossed into Mauritania.",
            countries=["MLI", "MRT"],
            actors=[(fama, "perpetrator"), (wagner, "perpetrator")],
            places=[(adel, "location"), (bamako, "mentioned")],
            tags=["border-crisis-2024"],
            fatalities=(2, 2, 3),
            flags=["fatalities_disagree"],
            quotes=[
                (
                    a,
                    "In early April 2024, Malian troops and Wagner fighters crossed into Adel "
                    "Bagrou, killing two.",
                ),
                (
                    b,
                    "Witnesses in Adel Bagrou counted three dead after the incursion of early "
                    "April 2024.",
                ),
            ],
            created_at=at(6),
            updated_at=at(20),
        ),
        EventSpec(
            MANOEUVRE,
            "Mauritanian manoeuvre near Fassala",
            "military_exercise",
            date(2024, 6, 10),
            date(2024, 6, 10),
            "day",
            "2024-06-10",
            summary="The Mauritanian army held a manoeuvre.",
            countries=["MRT"],
            actors=[(army, "party")],
            places=[(fassala, "location")],
            tags=["border-crisis-2024"],
            quotes=[(b, "On 10 June 2024 the Mauritanian army held a manoeuvre near Fassala.")],
            created_at=at(7),
            updated_at=at(7),
        ),
        EventSpec(
            MASSACRE,
            "Massacre in Burkina Faso",
            "armed_violence",
            date(2019, 6, 1),
            date(2019, 8, 31),
            "season",
            "2019-22",
            summary="Gunmen killed forty villagers.",
            countries=["BFA"],
            fatalities=(40, None, None),
            quotes=[(b, "Gunmen killed forty villagers in Burkina Faso in the summer of 2019.")],
            created_at=at(8),
            updated_at=at(8),
        ),
        EventSpec(
            ELECTIONS,
            "Elections in Mali",
            "political_transition",
            date(2023, 1, 1),
            date(2023, 12, 31),
            "year",
            "2023",
            summary="Elections are planned.",
            occurrence="planned",
            countries=["MLI"],
            quotes=[(b, "Elections in Mali are planned for 2023.")],
            created_at=at(9),
            updated_at=at(9),
        ),
        EventSpec(
            CANDIDATE,
            "Unconfirmed clash",
            "border_incident",
            date(2024, 5, 1),
            date(2024, 5, 1),
            "day",
            "2024-05-01",
            status="candidate",
            countries=["MRT"],
            places=[(adel, "location")],
            quotes=[(b, "counted three dead")],
            created_at=at(10),
            updated_at=at(10),
        ),
        EventSpec(
            DELETED,
            "Retracted report",
            "armed_violence",
            date(2023, 3, 1),
            date(2023, 3, 1),
            "day",
            "2023-03-01",
            countries=["NER"],
            created_at=at(11),
            updated_at=at(11),
        ),
    ]
    events = {spec.slug: add_event(session, spec) for spec in specs}
    set_status(session, events[DELETED], "deleted", at(15))
    session.commit()
