"""``GET /healthz`` (open) and ``GET /metrics`` (Prometheus; token-protected when set)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from triage.service.deps import HookDep, MetricsDep, require_token
from triage.service.schemas import HealthPublic

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthPublic)
def healthz(request: Request, hook: HookDep) -> HealthPublic:
    """Liveness: the pipeline is loaded and answering."""
    config = hook.pipeline.config
    per_process = getattr(hook, "live_per_process", None)
    counts = per_process() if per_process is not None else None
    return HealthPublic(
        status="ok",
        pipeline=config.name,
        version=config.version,
        live_chats=sum(counts) if counts is not None else len(hook),
        live_chats_per_process=counts,
    )


@router.get("/metrics", dependencies=[Depends(require_token)], response_class=Response)
def metrics(metrics: MetricsDep, hook: HookDep) -> Response:
    """Prometheus text format: latency histogram, decisions by queue and severity, errors."""
    metrics.live_chats.set(len(hook))
    return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)
