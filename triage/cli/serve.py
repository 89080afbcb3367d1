"""``triage serve``: the HTTP service (live-chat routing hook, scoring, review app)."""

from __future__ import annotations

import argparse
import ipaddress
import sys

from triage.errors import UsageError


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost: may resolve anywhere


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage serve``."""
    p = subparsers.add_parser(
        "serve",
        help="run the HTTP service (live-chat hook, /v1/score, /metrics, review app)",
        description=(
            "Serve the live-chat routing hook (POST /v1/chats/{id}/messages), whole-record "
            "scoring (POST /v1/score), /healthz, /metrics and the OpenAPI docs at /docs. "
            "Settings come from TRIAGE_* environment variables (TRIAGE_API_TOKEN, "
            "TRIAGE_ENV, TRIAGE_SECRET_KEY, …); a non-loopback --host needs TRIAGE_API_TOKEN."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--db", metavar="URL", help="review store URL (sets TRIAGE_DB_URL)")
    p.add_argument(
        "--config", metavar="YAML", help="pipeline config (default pipelines/default.yaml)"
    )
    p.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="scoring processes (sets TRIAGE_WORKERS; default 1: the pipeline runs in the "
        "server process); a chat's messages always go to the same process",
    )
    p.add_argument("--access-log", action="store_true", help="log every request line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate the settings, refuse unsafe binds, then serve until interrupted."""
    from pydantic import ValidationError

    from triage.service.settings import Settings

    overrides: dict[str, object] = {}
    if args.db:
        overrides["db_url"] = args.db
    if args.config:
        overrides["pipeline"] = args.config
    if args.workers is not None:
        overrides["workers"] = args.workers
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        msgs = "; ".join(str(e.get("msg", "")) for e in exc.errors())
        raise UsageError(f"invalid settings: {msgs}") from None
    if not (1 <= args.port <= 65535):
        raise UsageError(f"--port must be 1..65535 (got {args.port})")
    if not is_loopback(args.host) and settings.api_token is None:
        raise UsageError(
            f"refusing to listen on non-loopback address {args.host!r} without TRIAGE_API_TOKEN"
        )
    import uvicorn

    from triage.service.main import create_app

    print(
        f"triage: serving on http://{args.host}:{args.port} (docs: /docs, health: /healthz)",
        file=sys.stderr,
    )
    uvicorn.run(
        create_app(settings),
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=args.access_log,
        lifespan="on",
    )
    return 0
