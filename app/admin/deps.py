"""What every admin router depends on: a signed-in editor (or administrator), the CSRF check of
state-changing requests, and the submitted form.

Routers list their guards in `dependencies=` (EDITORS or ADMINS), in this order: who is asking
first (anonymous visitors are sent to sign in), then CSRF. tests/admin/test_access.py checks
every route of the app against these lists.
"""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.params import Depends as DependsParam
from sqlalchemy import Engine
from starlette.datastructures import FormData

from app.auth import require_admin, require_editor
from app.csrf import MAX_PART_BYTES, require_csrf

EDITORS: list[DependsParam] = [Depends(require_editor), Depends(require_csrf)]
ADMINS: list[DependsParam] = [Depends(require_admin), Depends(require_csrf)]
PUBLIC_FORMS: list[DependsParam] = [Depends(require_csrf)]


async def submitted_form(request: Request) -> FormData:
    """The request's form (read once, by require_csrf, and cached by Starlette)."""
    return await request.form(max_part_size=MAX_PART_BYTES)


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


Form = Annotated[FormData, Depends(submitted_form)]
EngineDep = Annotated[Engine, Depends(get_engine)]


def text(form: FormData, name: str) -> str:
    """A text field of the form ("" when absent; a file sent instead is ignored)."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def texts(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str)]
