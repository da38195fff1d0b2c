"""Each page's real context matches its dataclass, and each template reads only what it gets.

As Datasette checks its RowContext: the context a page is rendered with (recorded by the test
client) has exactly the fields of the page's dataclass, every value of the declared type (deeply,
through lists and nested dataclasses), and no template uses a variable nobody gives it.
"""

import dataclasses
import types
import typing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jinja2 import meta, nodes

from app.templating import TEMPLATES_DIR, templates
from app.web.rendering import PAGES
from tests.api.world import INCURSION

PATHS = {
    "/": "web/timeline.html",
    "/?type=coupp": "web/timeline.html",
    f"/events/{INCURSION}": "web/event.html",
    "/documents/analysis-a": "web/document.html",
    "/actors/fama": "web/entity.html",
    "/places/adel-bagrou": "web/entity.html",
    "/countries/MLI": "web/entity.html",
    "/periods/mali-transition": "web/entity.html",
    "/actors": "web/index.html",
    "/documents": "web/index.html",
    "/map": "web/map.html",
    "/events/none": "web/error.html",
}


def conforms(value: Any, annotation: Any, where: str) -> None:
    """Assert that `value` is of type `annotation`, looking inside lists, dicts and dataclasses."""
    origin = typing.get_origin(annotation)
    if annotation is Any:
        return
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in typing.get_args(annotation):
            try:
                conforms(value, option, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: {value!r} is none of {annotation}: {errors}")
    if annotation is None or annotation is type(None):
        assert value is None, f"{where}: {value!r} is not None"
        return
    if origin is list:
        assert isinstance(value, list), f"{where}: {type(value).__name__} is not a list"
        (item,) = typing.get_args(annotation)
        for i, element in enumerate(value):
            conforms(element, item, f"{where}[{i}]")
        return
    if origin is tuple:
        assert isinstance(value, tuple), f"{where}: not a tuple"
        args = typing.get_args(annotation)
        if len(args) == 2 and args[1] is Ellipsis:
            for i, element in enumerate(value):
                conforms(element, args[0], f"{where}[{i}]")
        else:
            assert len(value) == len(args), f"{where}: wrong length"
            for i, (element, arg) in enumerate(zip(value, args, strict=True)):
                conforms(element, arg, f"{where}[{i}]")
        return
    if origin is dict:
        assert isinstance(value, dict), f"{where}: not a dict"
        key_type, value_type = typing.get_args(annotation)
        for key, element in value.items():
            conforms(key, key_type, f"{where} key")
            conforms(element, value_type, f"{where}[{key!r}]")
        return
    if dataclasses.is_dataclass(annotation):
        assert type(value) is annotation, f"{where}: {type(value).__name__} is not {annotation}"
        hints = typing.get_type_hints(annotation)
        for field in dataclasses.fields(annotation):
            conforms(getattr(value, field.name), hints[field.name], f"{where}.{field.name}")
        return
    if annotation is float:
        assert isinstance(value, int | float) and not isinstance(value, bool), where
        return
    if annotation is date:
        assert isinstance(value, date), where
        return
    assert isinstance(value, annotation), f"{where}: {value!r} is not {annotation}"


@pytest.mark.parametrize(("path", "template"), PATHS.items())
def test_real_context_matches_its_dataclass(
    context_client: TestClient, path: str, template: str
) -> None:
    response = context_client.get(path)
    assert response.status_code in (200, 400, 404)
    assert response.template.name == template  # type: ignore[attr-defined]
    context: dict[str, Any] = response.context  # type: ignore[attr-defined]
    page = PAGES[template]
    names = {f.name for f in dataclasses.fields(page)}
    assert set(context) == names | {"request"}
    hints = typing.get_type_hints(page)
    for name in names:
        conforms(context[name], hints[name], f"{page.__name__}.{name}")


def _variables(name: str) -> set[str]:
    """The variables a template reads that it does not define (imported macros are defined)."""
    source = (TEMPLATES_DIR / name).read_text(encoding="utf-8")
    tree = templates.env.parse(source)
    imported = {
        alias if isinstance(alias, str) else alias[1]
        for node in tree.find_all(nodes.FromImport)
        for alias in node.names
    }
    return set(meta.find_undeclared_variables(tree)) - imported


# What every template may read without being given it: Jinja's and our globals.
GLOBALS = set(templates.env.globals) | {"request"}


@pytest.mark.parametrize("template", sorted(PAGES))
def test_templates_read_only_their_context(template: str) -> None:
    fields = {f.name for f in dataclasses.fields(PAGES[template])}
    # base.html is read by every page; its own blocks are filled by the page.
    unknown = _variables(template) - fields - GLOBALS
    assert unknown == set()
    assert _variables("base.html") - GLOBALS <= fields | {"title"}


@pytest.mark.parametrize(
    "partial",
    sorted(p.name for p in (Path(TEMPLATES_DIR) / "web").glob("_*.html")),
)
def test_partials_read_only_their_arguments(partial: str) -> None:
    assert _variables(f"web/{partial}") - GLOBALS == set()
