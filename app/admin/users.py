"""Accounts, for administrators: list, create, and change an account's role, password or whether
it may sign in (each change ends the account's sessions)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from app.accounts import MIN_PASSWORD_LENGTH, Role, change_account, create_user, list_users
from app.admin.deps import ADMINS, EngineDep, Form, text
from app.admin.pages import redirect, render
from app.errors import InvalidParameters, NotFound
from app.models import User

router = APIRouter(prefix="/admin/users", dependencies=ADMINS, include_in_schema=False)


def _errors(exc: InvalidParameters) -> dict[str, str]:
    return {e.name: e.message for e in reversed(exc.errors)}


@router.get("", name="admin.users")
def read_users(request: Request, engine: EngineDep) -> HTMLResponse:
    with Session(engine) as session:
        users = list_users(session)
    return render(
        request,
        "admin/users.html",
        {
            "users": users,
            "roles": [r.value for r in Role],
            "values": {},
            "errors": {},
            "min_length": MIN_PASSWORD_LENGTH,
        },
    )


@router.post("", name="admin.create_user")
def create_user_from_form(request: Request, form: Form, engine: EngineDep) -> Response:
    try:
        create_user(
            engine,
            username=text(form, "username"),
            password=text(form, "password"),
            confirmation=text(form, "password_again"),
            role=text(form, "role"),
        )
    except InvalidParameters as exc:
        with Session(engine) as session:
            users = list_users(session)
        return render(
            request,
            "admin/users.html",
            {
                "users": users,
                "roles": [r.value for r in Role],
                "errors": _errors(exc),
                "values": {"username": text(form, "username"), "role": text(form, "role")},
                "min_length": MIN_PASSWORD_LENGTH,
            },
            status_code=400,
        )
    return redirect(request, str(request.url_for("admin.users")), notice="user-created")


def _user(engine: EngineDep, user_id: int) -> User:
    with Session(engine) as session:
        user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"there is no account with id {user_id}")
    return user


@router.get("/{user_id}", name="admin.user")
def read_user(request: Request, user_id: int, engine: EngineDep) -> HTMLResponse:
    return render(
        request,
        "admin/user_form.html",
        {
            "account": _user(engine, user_id),
            "roles": [r.value for r in Role],
            "errors": {},
            "min_length": MIN_PASSWORD_LENGTH,
        },
    )


@router.post("/{user_id}", name="admin.update_user")
def update_user_from_form(
    request: Request, user_id: int, form: Form, engine: EngineDep
) -> Response:
    try:
        change_account(
            engine,
            user_id=user_id,
            role=text(form, "role") or None,
            active=text(form, "active") == "1",
            password=text(form, "password") or None,
            confirmation=text(form, "password_again"),
        )
    except InvalidParameters as exc:
        return render(
            request,
            "admin/user_form.html",
            {
                "account": _user(engine, user_id),
                "roles": [r.value for r in Role],
                "errors": _errors(exc),
                "min_length": MIN_PASSWORD_LENGTH,
            },
            status_code=400,
        )
    return redirect(
        request, str(request.url_for("admin.user", user_id=user_id)), notice="user-saved"
    )
