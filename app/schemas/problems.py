"""The body of every error response (application/problem+json, RFC 9457)."""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProblemParameter(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"parameter": "limit", "in": "query", "message": "at most 1000", "value": "5000"}
            ]
        }
    )

    parameter: str = Field(description="The parameter's name.")
    in_: str = Field(alias="in", description="Where it was sent: query or path.")
    message: str = Field(description="What is wrong with it, and what would be right.")
    value: Any = Field(default=None, description="The value received.")


class Problem(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Bad Request",
                    "status": 400,
                    "detail": "type: unknown event type 'coupp'; limit: at most 1000",
                    "instance": "/api/v1/events?type=coupp&limit=5000",
                    "errors": [
                        {
                            "parameter": "type",
                            "in": "query",
                            "message": "unknown event type 'coupp'; use one of: coup, …",
                            "value": "coupp",
                        },
                        {
                            "parameter": "limit",
                            "in": "query",
                            "message": "at most 1000",
                            "value": "5000",
                        },
                    ],
                }
            ]
        }
    )

    type: str = Field(description="Always about:blank: the status says what kind of problem.")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="Every problem in one sentence.")
    instance: str | None = Field(default=None, description="The request's path and query.")
    errors: list[ProblemParameter] = Field(
        default_factory=list, description="Each bad parameter with its own message."
    )
