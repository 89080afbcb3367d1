"""Prometheus metrics of one app instance (own registry, so apps in one process don't clash)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


class Metrics:
    """Request latency, routing decisions and errors.

    Attributes:
        registry: The registry ``/metrics`` exposes.
        latency: ``triage_request_seconds{method,route,status}`` histogram.
        decisions: ``triage_decisions_total{queue,severity}``.
        errors: ``triage_errors_total{status,code}`` (every 4xx/5xx answer).
        stage_latency: ``triage_stage_seconds{stage}`` histogram (live hook).
        stage_cpu_seconds: ``triage_stage_cpu_seconds_total{stage}`` (live hook).
        live_chats: ``triage_live_chats`` gauge.
    """

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.latency = Histogram(
            "triage_request_seconds",
            "HTTP request latency in seconds (route is the path template).",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.decisions = Counter(
            "triage_decisions",
            "Routing decisions returned, by queue and severity.",
            ["queue", "severity"],
            registry=self.registry,
        )
        self.errors = Counter(
            "triage_errors",
            "Error answers by HTTP status and error code.",
            ["status", "code"],
            registry=self.registry,
        )
        self.stage_latency = Histogram(
            "triage_stage_seconds",
            "Time spent in each pipeline stage per live message (message and chat passes).",
            ["stage"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.stage_cpu_seconds = Counter(
            "triage_stage_cpu_seconds",
            "CPU time of the worker thread in each pipeline stage of the live hook.",
            ["stage"],
            registry=self.registry,
        )
        self.live_chats = Gauge(
            "triage_live_chats", "Live chats held in memory.", registry=self.registry
        )
        # per-stage children, looked up once: the live hook reports ~16 stage runs a message
        self._stage_latency: dict[str, Any] = {}
        self._stage_cpu: dict[str, Any] = {}

    def decision(self, queue: str | None, severity: str | None) -> None:
        """Count one routing decision."""
        self.decisions.labels(queue or "none", severity or "none").inc()

    def stage_time(self, stage: str, seconds: float) -> None:
        """Observe one stage run of the live hook."""
        child = self._stage_latency.get(stage)
        if child is None:
            child = self._stage_latency[stage] = self.stage_latency.labels(stage)
        child.observe(seconds)

    def stage_cpu(self, stage: str, seconds: float) -> None:
        """Count the CPU time of one stage run of the live hook."""
        child = self._stage_cpu.get(stage)
        if child is None:
            child = self._stage_cpu[stage] = self.stage_cpu_seconds.labels(stage)
        child.inc(seconds)

    def error(self, status: int, code: str) -> None:
        """Count one error answer."""
        self.errors.labels(str(status), code).inc()
