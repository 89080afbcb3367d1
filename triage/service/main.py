"""Builds the FastAPI app: ``create_app(settings)``.

Models load once, in the lifespan (never at import, never per request). Routers
are listed in :data:`ROUTERS` as module paths: each module exposes ``router``
(an ``APIRouter``) and may expose ``lifespan(app)``, an async context manager
entered at start-up in list order (e.g. to open the review store). Adding a
resource is one line here.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import anyio
from fastapi import FastAPI

from triage import __version__
from triage.hook import ChatHook
from triage.pipeline import Pipeline
from triage.service.errors import install_error_handlers
from triage.service.fastpath import ChatMessageFastPath
from triage.service.metrics import Metrics
from triage.service.middleware import BodyLimitMiddleware, MetricsMiddleware
from triage.service.pool import HookPool
from triage.service.runner import ScoringThread
from triage.service.settings import Settings

log = logging.getLogger("triage.service")

ROUTERS: tuple[str, ...] = (
    "triage.service.routers.health",
    "triage.service.routers.chats",
    "triage.service.routers.score",
    "triage.service.review",
    "triage.service.kpi",
)
"""Router modules included in the app, in order (the review web app adds its own here)."""

PURGE_INTERVAL_S = 60.0


def load_hook(
    settings: Settings,
    metrics: Metrics | None = None,
    *,
    observers: list[Callable[[dict[str, Any]], None]] | None = None,
    stage_timer: Callable[[str, float], None] | None = None,
    stage_cpu_timer: Callable[[str, float], None] | None = None,
) -> ChatHook:
    """Build and set up the pipeline and the chat hook (slow: loads models).

    Stage timers default to ``metrics``'; observers to the hook's default.
    """
    pipeline = Pipeline.from_config(settings.pipeline)
    pipeline.setup()
    if metrics is not None:
        stage_timer = stage_timer or metrics.stage_time
        stage_cpu_timer = stage_cpu_timer or metrics.stage_cpu
    return ChatHook(
        pipeline,
        max_chats=settings.max_chats,
        idle_ttl_s=settings.chat_ttl_s,
        max_turns=settings.chat_max_turns,
        max_text_chars=settings.max_message_chars,
        observers=observers,
        stage_timer=stage_timer,
        stage_cpu_timer=stage_cpu_timer,
    )


def load_scorer(settings: Settings, metrics: Metrics) -> ChatHook | HookPool:
    """The chat hook, or with ``settings.workers`` > 1 a pool of scoring processes."""
    if settings.workers > 1:
        return HookPool(
            settings,
            settings.workers,
            stage_timer=metrics.stage_time,
            stage_cpu_timer=metrics.stage_cpu,
        )
    return load_hook(settings, metrics)


async def _purge_forever(hook: ChatHook | HookPool) -> None:
    while True:
        await asyncio.sleep(PURGE_INTERVAL_S)
        await anyio.to_thread.run_sync(hook.purge_idle)  # a pool asks its processes


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    app.state.hook = await anyio.to_thread.run_sync(load_scorer, settings, app.state.metrics)
    # Models, vocabularies and dictionaries live as long as the process: move them out of
    # the garbage collector's view, so full collections stay short (no latency spikes).
    gc.collect()
    gc.freeze()
    app.state.limiter = anyio.CapacityLimiter(settings.threads)
    # The in-process hook scores one message at a time: one thread, no lock hand-offs.
    app.state.scoring_thread = None if isinstance(app.state.hook, HookPool) else ScoringThread()
    purger = asyncio.create_task(_purge_forever(app.state.hook))
    try:
        async with contextlib.AsyncExitStack() as stack:
            for module in app.state.router_modules:
                hook = getattr(module, "lifespan", None)
                if hook is not None:
                    await stack.enter_async_context(hook(app))
            log.info("service.started", extra={"pipeline": app.state.hook.pipeline.config.name})
            yield
    finally:
        purger.cancel()
        if app.state.scoring_thread is not None:
            await anyio.to_thread.run_sync(app.state.scoring_thread.close)
        if isinstance(app.state.hook, HookPool):
            await anyio.to_thread.run_sync(app.state.hook.close)


def create_app(settings: Settings | None = None, routers: tuple[str, ...] = ROUTERS) -> FastAPI:
    """The app, with its routers, error handlers and middleware.

    Args:
        settings: Settings (default: read from the ``TRIAGE_*`` environment).
        routers: Router module paths to include (default :data:`ROUTERS`).
    """
    settings = settings or Settings()
    app = FastAPI(
        title="triage",
        version=__version__,
        description="中文金融客服分流与质检：实时会话分流钩子、整单评分、审核。"
        " Live-chat routing hook, whole-record scoring, review.",
        lifespan=_lifespan,
        # No OpenTelemetry from FastAPI: its logs record exception messages (which may
        # quote a customer's text), and checking for providers costs CPU on every request.
        # The service's own metrics are on /metrics.
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    metrics = Metrics()
    app.state.settings = settings
    app.state.metrics = metrics
    modules: list[Any] = [importlib.import_module(name) for name in routers]
    app.state.router_modules = modules
    for module in modules:
        app.include_router(module.router)
    install_error_handlers(app)

    def limit_for(path: str) -> int:
        if path.startswith("/v1/chats"):
            return settings.max_message_bytes
        return settings.max_body_bytes

    if settings.fast_path and "triage.service.routers.chats" in routers:
        app.add_middleware(ChatMessageFastPath, fastapi_app=app)  # inside the two below
    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for, metrics=metrics)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
