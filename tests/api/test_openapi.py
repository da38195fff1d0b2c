"""The OpenAPI documentation promises what the API does: every parameter described, examples on
every response schema, errors as problem+json, and /docs serving it."""

import re
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.main import API_PREFIX, ROUTERS


def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def operations(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, ops in schema["paths"].items() for op in ops.values()]


def test_the_docs_page_is_served(world_client: TestClient) -> None:
    response = world_client.get("/docs")
    assert response.status_code == 200
    assert "/openapi.json" in response.text


def test_every_endpoint_of_the_issue_is_documented(world_client: TestClient) -> None:
    paths = set(openapi(world_client)["paths"])
    for resource in ("events", "documents", "actors", "places", "countries", "types", "periods"):
        assert f"/api/v1/{resource}" in paths
        assert f"/api/v1/{resource}/{{id}}" in paths
    assert {"/api/v1/changes", "/api/v1/stats/timeline"} <= paths


def test_every_parameter_has_a_description(world_client: TestClient) -> None:
    for path, operation in operations(openapi(world_client)):
        assert operation.get("description"), path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), f"{path} {parameter['name']}"


def test_every_response_schema_has_an_example(world_client: TestClient) -> None:
    schema = openapi(world_client)
    components = schema["components"]["schemas"]
    for path, operation in operations(schema):
        for status, response in operation["responses"].items():
            for media_type, content in response.get("content", {}).items():
                body = content.get("schema", {})
                refs = [body] if "$ref" in body else body.get("anyOf", [])
                for ref in refs:
                    name = ref["$ref"].rsplit("/", 1)[1]
                    assert components[name].get("examples"), f"{path} {status} {name}"
                if not refs:
                    assert media_type != "application/json", f"{path} {status}"


def test_errors_are_documented_as_problem_json(world_client: TestClient) -> None:
    for path, operation in operations(openapi(world_client)):
        responses = operation["responses"]
        assert "422" not in responses, path
        for status, response in responses.items():
            if status.startswith("4"):
                assert list(response["content"]) == ["application/problem+json"], path
        if "{id}" in path:
            assert "404" in responses, path
        if operation.get("parameters") and "{id}" not in path:
            assert "400" in responses, path


def test_the_event_list_documents_its_exports(world_client: TestClient) -> None:
    events = openapi(world_client)["paths"]["/api/v1/events"]["get"]
    content = events["responses"]["200"]["content"]
    assert {"application/json", "text/csv", "application/x-ndjson", "application/geo+json",
            "text/calendar"} <= set(content)  # fmt: skip
    names = {p["name"] for p in events["parameters"]}
    assert names == {
        "start", "end", "type", "country", "actor", "place", "document", "period", "q",
        "precision", "status", "min_fatalities", "max_fatalities", "tag", "updated_since",
        "sort", "limit", "cursor", "facets", "format",
    }  # fmt: skip


def test_route_functions_are_a_verb_and_a_noun() -> None:
    for module in ROUTERS:
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            assert route.path.startswith("/") and API_PREFIX
            assert re.fullmatch(r"read_[a-z_]+", route.name), route.name
