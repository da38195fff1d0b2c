"""The changes feed: which events to fetch again or drop from a local copy."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_CHANGE: dict[str, Any] = {
    "id": "2024-04-05-malian-armed-forces-incursion-near-adel-bagrou",
    "change": "updated",
    "updated_at": "2024-06-01T12:00:00Z",
}


class ChangePublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CHANGE]})

    id: str = Field(description="The event's id.")
    change: str = Field(
        description="created or updated (fetch it again), or deleted (drop it: it is no "
        "longer published)."
    )
    updated_at: datetime = Field(description="When it last changed.")


class ChangesPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_CHANGE], "total": 1, "next": None}]}
    )

    items: list[ChangePublic] = Field(description="Oldest change first.")
    total: int = Field(description="Changes since `since`, on every page together.")
    next: str | None = Field(description="The URL of the next page; null on the last page.")
