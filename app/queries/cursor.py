"""Opaque keyset cursors: where the next page starts, tied to the query it belongs to.

A cursor is the sort key of a page's last row, plus a digest of the query, in base64url JSON with
a keyed BLAKE2b checksum. The checksum makes a mangled or hand-edited cursor a clear 400 instead of
a silently different page; it is not a secret (a cursor only says where a page starts, which
anyone may ask for), and decoding still checks every value's type, so even a forged cursor can
never reach the database as anything but a date, a timestamp, a number or an id.
"""

import base64
import binascii
import hashlib
import hmac
import json
import math
from datetime import date, datetime

from app.errors import InvalidParameters, ParameterError

_KEY = b"sahel-chronicle/cursor/v1"
_VERSION = 1

CursorValue = str | int | float
KeyValue = date | datetime | str | int | float


def _digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, key=_KEY, digest_size=12).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_cursor(query: str, key: tuple[KeyValue, ...]) -> str:
    """The cursor after a row whose sort key is `key`, for the query digest `query`."""
    values: list[CursorValue] = [
        v.isoformat() if isinstance(v, date | datetime) else v for v in key
    ]
    payload = json.dumps([_VERSION, query, values], separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_digest(payload))}"


def _refuse(message: str) -> InvalidParameters:
    return InvalidParameters([ParameterError("cursor", message)])


def decode_cursor(token: str, query: str, kinds: tuple[type, ...]) -> tuple[KeyValue, ...]:
    """The sort key a cursor holds, each value converted to the type in `kinds`.

    Raises InvalidParameters (400) when the token is not a cursor this server wrote, has been
    changed, or belongs to another query (other filters or another sort).
    """
    try:
        body, _, check = token.partition(".")
        payload = _unb64(body)
        valid = hmac.compare_digest(_unb64(check), _digest(payload))
    except (binascii.Error, ValueError):
        raise _refuse("not a cursor from this API; use the `next` URL as given") from None
    if not valid:
        raise _refuse("the cursor has been altered; use the `next` URL as given")
    try:
        version, cursor_query, values = json.loads(payload)
    except (ValueError, TypeError):
        raise _refuse("the cursor cannot be read; use the `next` URL as given") from None
    if version != _VERSION or cursor_query != query:
        raise _refuse(
            "the cursor belongs to another query (other filters or sort); "
            "start again without a cursor"
        )
    if not isinstance(values, list) or len(values) != len(kinds):
        raise _refuse("the cursor cannot be read; use the `next` URL as given")
    try:
        return tuple(_convert(v, kind) for v, kind in zip(values, kinds, strict=True))
    except (ValueError, TypeError):
        raise _refuse("the cursor cannot be read; use the `next` URL as given") from None


def _convert(value: object, kind: type) -> KeyValue:
    if kind is datetime and isinstance(value, str):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("naive timestamp")
        return parsed
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > 2**62:
            raise ValueError("out of range")
        return value
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return float(value)
    if kind is str and isinstance(value, str) and "\x00" not in value:
        return value
    raise TypeError(f"expected {kind.__name__}")
