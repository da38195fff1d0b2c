"""SQLModel tables. Importing this package registers every table on `SQLModel.metadata`."""

import app.models.base  # noqa: F401  (sets the naming convention before any table)
from app.models.actor import Actor
from app.models.citation import Citation
from app.models.country import Country
from app.models.document import Document
from app.models.event import Event, EventRelation, EventTag
from app.models.links import EventActor, EventCountry, EventPlace
from app.models.period import Period
from app.models.place import Place
from app.models.revision import ExtractionNote, IngestionRun, ReferenceRevision, Revision
from app.models.summary import DataVersionRow, EventSummary
from app.models.user import ApiToken, LoginFailure, User

__all__ = [
    "Actor",
    "ApiToken",
    "Citation",
    "Country",
    "DataVersionRow",
    "Document",
    "Event",
    "EventActor",
    "EventCountry",
    "EventPlace",
    "EventRelation",
    "EventSummary",
    "EventTag",
    "ExtractionNote",
    "IngestionRun",
    "LoginFailure",
    "Period",
    "Place",
    "ReferenceRevision",
    "Revision",
    "User",
]
