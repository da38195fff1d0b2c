"""Every response carries the security headers; oversized request bodies are refused early."""

from fastapi.testclient import TestClient

from app.config import Settings
from app.security import SecurityMiddleware


def test_every_kind_of_response_has_the_security_headers(client: TestClient) -> None:
    for path in [
        "/",
        "/admin/login",
        "/api/v1/events",
        "/api/v1/events/nope",
        "/api/v1/types",
        "/openapi.json",
        "/static/css/app.css",
        "/no-such-page",
    ]:
        response = client.get(path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, path
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "unsafe-inline" not in script_src, path
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin", path


def test_a_body_over_the_limit_is_refused_with_413(client: TestClient, settings: Settings) -> None:
    limit = settings.max_body_bytes
    response = client.post(
        "/api/v1/events", content=b"x" * (limit + 1), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert f"{limit:,} bytes" in response.json()["detail"]


def test_the_limit_holds_for_bodies_sent_without_a_length() -> None:
    received: list[bytes] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        while True:
            message = await receive()
            received.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    client = TestClient(SecurityMiddleware(app, max_body_bytes=10))

    def chunks():  # type: ignore[no-untyped-def]
        yield b"0123456789"
        yield b"overflow"

    response = client.post("/", content=chunks())
    assert response.status_code == 413
