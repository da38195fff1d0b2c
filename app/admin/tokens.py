"""API tokens, for administrators: issue one for an account (shown once), list, revoke."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from app.admin.deps import ADMINS, EngineDep, Form, text
from app.admin.pages import redirect, render
from app.auth import AdminUser
from app.errors import InvalidParameters
from app.models import User
from app.tokens import issue_token, list_tokens, revoke_token

router = APIRouter(prefix="/admin/tokens", dependencies=ADMINS, include_in_schema=False)


def _page(
    request: Request,
    engine: EngineDep,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    with Session(engine) as session:
        tokens = list_tokens(session)
        users = session.exec(
            select(User.id, User.username).where(col(User.active)).order_by(col(User.username))
        ).all()
    return render(
        request,
        "admin/tokens.html",
        {
            "tokens": tokens,
            "users": users,
            "errors": errors or {},
            "values": values or {},
        },
        status_code=status_code,
    )


@router.get("", name="admin.tokens")
def read_tokens(request: Request, engine: EngineDep) -> HTMLResponse:
    return _page(request, engine)


@router.post("", name="admin.issue_token")
def issue_token_from_form(
    request: Request, form: Form, engine: EngineDep, user: AdminUser
) -> Response:
    """Issue a token; the page shows it once and never again (only its digest is kept)."""
    user_id = text(form, "user")
    try:
        issued = issue_token(
            engine,
            user_id=int(user_id) if user_id.isdigit() else 0,
            name=text(form, "name"),
            issued_by=user.username,
        )
    except InvalidParameters as exc:
        return _page(
            request,
            engine,
            errors={e.name: e.message for e in exc.errors},
            values={"name": text(form, "name"), "user": user_id},
            status_code=400,
        )
    response = render(request, "admin/token_issued.html", {"issued": issued})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/{token_id}/revoke", name="admin.revoke_token")
def revoke_token_from_form(request: Request, token_id: int, engine: EngineDep) -> Response:
    revoke_token(engine, token_id=token_id)
    return redirect(request, str(request.url_for("admin.tokens")), notice="token-revoked")
