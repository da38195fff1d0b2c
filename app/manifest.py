"""The seeds manifest (seeds/manifest.toml): what is known of each seed beyond its text."""

import tomllib
from pathlib import Path

from app.ingest import DocumentInput


class ManifestError(ValueError):
    """The manifest cannot be read; the message names the file and the entry."""


def read_manifest(path: Path) -> list[DocumentInput]:
    """One DocumentInput per `[[document]]`, its file read from beside the manifest.

    Raises ManifestError when the manifest is not TOML, an entry lacks `file`, or a listed file
    is missing. The bytes are read as they are; intake checks them like any other file.
    """
    try:
        with path.open("rb") as handle:
            entries = tomllib.load(handle).get("document", [])
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read the manifest ({exc})") from None
    inputs = []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("file")
        if not isinstance(name, str) or not name:
            raise ManifestError(f"{path}: document {number} has no `file`")
        file = path.parent / name
        if not file.is_file():
            raise ManifestError(f"{path}: document {number} lists {name}, which does not exist")
        inputs.append(
            DocumentInput(
                filename=name,
                raw=file.read_bytes(),
                title=entry.get("title") or None,
                authors=tuple(entry.get("authors", [])),
                publisher=entry.get("publisher", ""),
                url=entry.get("url") or None,
                published=entry.get("published") or None,
                published_stated=entry.get("published_stated") or None,
                content_date=entry.get("content_date") or None,
                content_note=entry.get("content_note", ""),
            )
        )
    return inputs
