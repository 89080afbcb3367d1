"""Security of the review app: sessions, CSRF, sign-in throttling, headers, role checks.

- Sessions: a random token in an HttpOnly, SameSite=Strict cookie (Secure over
  HTTPS); the store keeps only its SHA-256 and the session's CSRF token.
- CSRF: every form carries ``csrf_token``; JSON API writes send ``X-CSRF-Token``.
  The sign-in form uses a double-submit cookie (there is no session yet).
- Throttling: 5 failed sign-ins for one user name from one address within a
  minute lock that pair for :data:`LOCKOUT` (answer 429), whatever the password.
- Every response of the review routes gets a strict Content-Security-Policy
  (no scripts at all) and the usual hardening headers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from triage.store.models import LoginThrottle, User, WebSession, utcnow

SESSION_COOKIE = "triage_session"
LOGIN_CSRF_COOKIE = "triage_login_csrf"
SESSION_TTL = timedelta(hours=8)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=1)
LOCKOUT = timedelta(minutes=5)

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class ReviewHTTPError(Exception):
    """An error answer of the review app: HTML page or JSON, by path.

    Attributes:
        status: HTTP status.
        message: Chinese message safe to show (never echoes input).
        redirect: For HTML pages: send the browser there instead (e.g. ``/login``).
    """

    def __init__(self, status: int, message: str, redirect: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.redirect = redirect


def is_api(request: Request) -> bool:
    """Whether the request is for the JSON API (``/api/review/...``)."""
    return request.url.path.startswith("/api/")


class SecureRoute(APIRoute):
    """Route class of the review app: security headers on every answer, errors rendered.

    A :class:`ReviewHTTPError` raised by a dependency or a handler becomes an
    HTML page (or a redirect to ``/login``) on pages and ``{"error", "detail"}``
    JSON on the API.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                response = await original(request)
            except ReviewHTTPError as exc:
                response = error_response(request, exc)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return handler


def error_response(request: Request, exc: ReviewHTTPError) -> Response:
    """The answer for a :class:`ReviewHTTPError`."""
    from fastapi.responses import JSONResponse, RedirectResponse

    if is_api(request):
        return JSONResponse(
            {"error": f"E{exc.status}", "detail": exc.message}, status_code=exc.status
        )
    if exc.redirect:
        return RedirectResponse(exc.redirect, status_code=303)
    from triage.service.review.render import render

    return render(
        request,
        "error.html",
        {"status": exc.status, "message": exc.message},
        status_code=exc.status,
    )


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def cookie_secure(request: Request) -> bool:
    """Whether cookies must be Secure (the request came over HTTPS)."""
    return request.url.scheme == "https"


def set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int | None
) -> None:
    """Set an HttpOnly, SameSite=Strict cookie (Secure over HTTPS)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request),
        path="/",
    )


def start_session(session: Session, user: User) -> tuple[str, WebSession]:
    """Create a web session; returns the cookie token and the row (with its CSRF token)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    row = WebSession(
        token_hash=_hash(token),
        user_id=user.id,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        expires_at=now + SESSION_TTL,
    )
    session.add(row)
    session.flush()
    return token, row


def load_session(session: Session, request: Request) -> WebSession | None:
    """The valid web session of the request's cookie, or None."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > 200:
        return None
    row = session.get(WebSession, _hash(token))
    if row is None or row.expires_at < utcnow() or not row.user.active:
        return None
    return row


def end_session(session: Session, request: Request) -> None:
    """Delete the request's web session (sign-out)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


def check_csrf(expected: str | None, given: str | None) -> None:
    """Constant-time CSRF token comparison.

    Raises:
        ReviewHTTPError: 403 when missing or different.
    """
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise ReviewHTTPError(403, "请求已失效，请刷新页面后重试")


def _throttle_key(username: str, address: str) -> str:
    return _hash(f"{username.strip().lower()}\x00{address}")


def client_address(request: Request) -> str:
    """The client's address as the server sees it (behind a proxy: run uvicorn with
    ``--proxy-headers`` so this is the real client)."""
    return request.client.host if request.client else "unknown"


def throttled(session: Session, username: str, address: str) -> bool:
    """Whether sign-in for this user name from this address is locked now."""
    row = session.get(LoginThrottle, _throttle_key(username, address))
    return bool(row and row.locked_until and row.locked_until > utcnow())


def record_failure(session: Session, username: str, address: str) -> bool:
    """Count a failed sign-in; returns True when the pair is now locked."""
    key = _throttle_key(username, address)
    now = utcnow()
    row = session.get(LoginThrottle, key)
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_start=now)
        session.add(row)
    if now - row.window_start > FAILURE_WINDOW:
        row.window_start = now
        row.failures = 0
    row.failures += 1
    if row.failures >= MAX_FAILURES:
        row.locked_until = now + LOCKOUT
    session.flush()
    return bool(row.locked_until and row.locked_until > now)


def clear_failures(session: Session, username: str, address: str) -> None:
    """Forget failed sign-ins of the pair after a successful one."""
    session.execute(
        delete(LoginThrottle).where(LoginThrottle.key == _throttle_key(username, address))
    )


def purge_expired(session: Session) -> None:
    """Drop expired sessions and stale throttle rows."""
    now = utcnow()
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    stale = select(LoginThrottle.key).where(
        LoginThrottle.window_start < now - LOCKOUT - FAILURE_WINDOW
    )
    session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(stale)))
