"""Error answers: one JSON shape ``{"error": CODE, "detail": …}``, never echoing input.

FastAPI's default 422 body repeats the offending ``input`` (which may be a
customer's message with PII); the handler here keeps only where the problem is
and what it is.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from triage.hook import HookError

BAD_REQUEST = "E100"  # request body or parameters invalid (see detail)
AUTH_REQUIRED = "E401"
NOT_FOUND = "E404"
BODY_TOO_LARGE = "E413"
INTERNAL = "E500"


def error_response(request: Request, status: int, code: str, detail: Any) -> JSONResponse:
    """A JSON error answer, counted in the metrics."""
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.error(status, code)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


def _clean(err: dict[str, Any]) -> dict[str, Any]:
    loc = [str(p) for p in err.get("loc", ())]
    if err.get("type") == "json_invalid":
        return {"loc": loc[:1], "msg": "invalid JSON", "type": "json_invalid"}
    # Drop "input" and "ctx": they may quote the request's text.
    return {"loc": loc, "msg": str(err.get("msg", "invalid")), "type": str(err.get("type", ""))}


async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
    return error_response(request, 422, BAD_REQUEST, [_clean(e) for e in exc.errors()])


async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = {401: AUTH_REQUIRED, 404: NOT_FOUND, 413: BODY_TOO_LARGE}.get(
        exc.status_code, f"E{exc.status_code}"
    )
    if isinstance(exc.detail, dict) and "error" in exc.detail:
        code = str(exc.detail["error"])
        detail = exc.detail.get("detail")
    else:
        detail = exc.detail
    return error_response(request, exc.status_code, code, detail)


async def _hook(request: Request, exc: HookError) -> JSONResponse:
    return error_response(request, exc.status, exc.code, exc.reason)


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    # The exception message may quote input: answer with its type only.
    return error_response(
        request, 500, INTERNAL, f"internal error ({type(exc).__name__}); see server log"
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(HookError, _hook)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _internal)
