"""The QA review web app (SPEC §9): pages under ``/review``, ``/login``, JSON under ``/api/review``.

Mounted by :mod:`triage.service.main` through :data:`router` (listed in its
``ROUTERS``); it works on any FastAPI app: the store URL is read from
``app.state.settings.db_url`` (``triage serve --db`` / ``TRIAGE_DB_URL``), else
``./triage.db``, and the schema is created or upgraded on first use.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import APIRouter, FastAPI

from triage.service.review.api import router as api_router
from triage.service.review.pages import router as pages_router

router = APIRouter()
router.include_router(api_router)
router.include_router(pages_router)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Bring the store schema up to date at start-up and purge expired sessions."""
    import anyio

    from triage.service.review.security import purge_expired
    from triage.store.db import ensure_schema, resolve_url, session_scope

    settings = getattr(app.state, "settings", None)
    if getattr(settings, "db_url", None) is None:
        yield  # no store configured: ./triage.db is opened on the first review request
        return
    url = resolve_url(settings.db_url)

    def prepare() -> None:
        ensure_schema(url)
        with session_scope(url) as session:
            purge_expired(session)

    await anyio.to_thread.run_sync(prepare)
    yield


__all__ = ["lifespan", "router"]
