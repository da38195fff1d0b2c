"""Signing in and out of the admin. The only admin routes open to anonymous visitors, and still
behind the CSRF check (a visitor gets a session holding only a token when the form is shown)."""

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.accounts import end_sessions
from app.admin.deps import PUBLIC_FORMS, EngineDep, Form, text
from app.admin.pages import redirect, render, safe_next
from app.auth import WrongCredentials, current_user, end_session, sign_in, start_session
from app.errors import TooManyRequests

router = APIRouter(prefix="/admin", dependencies=PUBLIC_FORMS, include_in_schema=False)


@router.get("/login", name="admin.login_form")
def read_login_form(request: Request) -> Response:
    if current_user(request) is not None:
        return redirect(request, safe_next(request.query_params.get("next")))
    return render(request, "admin/login.html", {"next": request.query_params.get("next", "")})


@router.post("/login", name="admin.login")
def create_session(request: Request, form: Form, engine: EngineDep) -> Response:
    username, password, target = text(form, "username"), text(form, "password"), text(form, "next")
    try:
        user = sign_in(
            engine,
            request.app.state.settings,
            username=username,
            password=password,
            address=request.client.host if request.client else "unknown",
        )
    except (WrongCredentials, TooManyRequests) as exc:
        response = render(
            request,
            "admin/login.html",
            {"next": target, "username": username, "error": exc.message},
            status_code=exc.status_code,
        )
        response.headers.update(exc.headers)
        if "WWW-Authenticate" in response.headers:
            del response.headers["WWW-Authenticate"]
        return response
    start_session(request, user)
    return redirect(request, safe_next(target))


@router.post("/logout", name="admin.logout")
def delete_session(request: Request, engine: EngineDep) -> RedirectResponse:
    """Sign out: the session ends here and in every other browser of the account."""
    user = current_user(request)
    if user is not None:
        end_sessions(engine, user_id=user.id)
    end_session(request)
    return redirect(request, "/admin/login", notice="signed-out")
