"""Benchmark: review queue and filter speed with 100k interactions in the store.

Generates synthetic scored records (SPEC §3 shape, placeholders only, 13
checks each), ingests them with :func:`triage.store.ingest.ingest_records`,
records some verdicts, then times the queue queries the review app runs
(median of repeated runs, warm). Writes a Markdown report.

Usage::

    .venv/bin/python eval/bench/review_store.py --n 100000 \
        --report eval/bench/REVIEW_STORE.md [--db URL]

Without ``--db`` a fresh SQLite file in a temporary folder is used.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from triage.schema import INTENTS, QUEUES

RULES = [f"C{i:02d}" for i in range(1, 14)]
WEIGHTS = {
    "C01": 5,
    "C02": 15,
    "C03": 15,
    "C04": 0,
    "C05": 10,
    "C06": 0,
    "C07": 5,
    "C08": 10,
    "C09": 5,
    "C10": 5,
    "C11": 10,
    "C12": 5,
    "C13": 10,
}
DIMS = {
    "C01": "服务规范",
    "C02": "业务合规",
    "C03": "业务合规",
    "C04": "业务合规",
    "C05": "服务态度",
    "C06": "业务合规",
    "C07": "服务态度",
    "C08": "服务规范",
    "C09": "服务规范",
    "C10": "服务规范",
    "C11": "服务时效",
    "C12": "服务态度",
    "C13": "业务合规",
}


def synthetic_records(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``n`` scored records with realistic spreads of agents, dates, severities and failures."""
    rng = random.Random(seed)
    start = datetime(2026, 10, 1)
    for i in range(n):
        checks = []
        for rule in RULES:
            failed = rng.random() < (0.02 if rule in ("C04", "C06") else 0.12)
            checks.append(
                {
                    "rule": rule,
                    "passed": not failed,
                    "deduction": WEIGHTS[rule] if failed else 0,
                    "evidence": [{"turn": 2, "start": 0, "end": 4}] if failed else [],
                    "dimension": DIMS[rule],
                    "red_line": rule in ("C04", "C06"),
                }
            )
        score = max(0, 100 - sum(c["deduction"] for c in checks))
        red = any(c["red_line"] and not c["passed"] for c in checks)
        severity = rng.choices(["P1", "P2", "P3", "P4"], [0.03, 0.12, 0.3, 0.55])[0]
        reasons = []
        if red:
            reasons += [
                f"red_line:{c['rule']}" for c in checks if c["red_line"] and not c["passed"]
            ]
        if score < 80:
            reasons.append("qa:below_pass_mark")
        if severity in ("P1", "P2"):
            reasons.append(f"severity:{severity}")
        if rng.random() < 0.05:
            reasons.append("intent:low_confidence")
        started = start + timedelta(seconds=rng.randrange(60 * 86400))
        yield {
            "id": f"bench-{i:07d}",
            "channel": "call" if rng.random() < 0.7 else "chat",
            "started_at": started.isoformat() + "+08:00",
            "agent": {"id": f"A{rng.randrange(400):04d}"},
            "customer": {"segment": rng.choice(["retail", "vip", "elderly", "corporate"])},
            "turns": [
                {
                    "speaker": "agent",
                    "text": "您好，XX银行客服中心，工号1023。",
                    "start": 0.0,
                    "end": 2.0,
                },
                {
                    "speaker": "customer",
                    "text": "我的卡号是<BANK_CARD>，我叫<PERSON>。",
                    "start": 2.5,
                    "end": 6.0,
                },
                {
                    "speaker": "agent",
                    "text": "好的，请稍等，我帮您查询。",
                    "start": 6.5,
                    "end": 8.0,
                },
            ],
            "pii": [{"turn": 1, "start": 5, "end": 24, "type": "BANK_CARD", "score": 0.99}],
            "intent": {
                "label": rng.choice(INTENTS),
                "confidence": round(rng.random(), 3),
                "secondary": [],
            },
            "severity": {"level": severity, "reasons": []},
            "qa": {
                "score": score,
                "passed": score >= 80 and not red,
                "red_line": red,
                "dimensions": {},
                "checks": checks,
            },
            "route": {
                "queue": rng.choice(QUEUES),
                "priority": rng.randint(1, 4),
                "sla_minutes": 15,
                "escalate": False,
            },
            "review": {"flagged": bool(reasons), "reasons": reasons},
            "model": {"pipeline": "default", "version": "bench"},
        }


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median and max wall time in ms of ``repeat`` runs (after one warm-up)."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), result


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="interactions (default 100000)")
    ap.add_argument("--db", default=None, help="database URL (default: temporary SQLite file)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--verdicts", type=int, default=2000, help="verdicts to record")
    ap.add_argument("--report", default=None, help="Markdown report to write")
    ap.add_argument(
        "--pages-only",
        action="store_true",
        help="only time the HTTP pages on an already filled --db (appends to --report)",
    )
    args = ap.parse_args(argv)
    if args.pages_only:
        return pages_only(args)

    from sqlalchemy import func, select

    from triage.store import repository as repo
    from triage.store.db import safe_url, session_scope, upgrade
    from triage.store.ingest import ingest_records
    from triage.store.models import Interaction, ReviewItem, User

    tmp = tempfile.mkdtemp(prefix="triage-bench-")
    url = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
    upgrade(url)

    t0 = time.perf_counter()
    written = ingest_records(url, synthetic_records(args.n))
    ingest_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ingest_records(url, synthetic_records(min(args.n, 10_000)))
    reingest_s = time.perf_counter() - t0

    with session_scope(url) as s:
        queued = s.scalar(select(func.count(ReviewItem.id)))
        for i in range(5):
            repo.create_user(s, f"rev{i}", "reviewer", "bench-password")
        ids = list(
            s.scalars(
                select(ReviewItem.interaction_id).order_by(ReviewItem.id).limit(args.verdicts)
            )
        )
    t0 = time.perf_counter()
    rng = random.Random(3)
    with session_scope(url) as s:
        revs = list(s.scalars(select(User)))
        for k, rid in enumerate(ids):
            inter = s.get(Interaction, rid)
            failed = repo.failed_checks(inter)
            decisions = {c.rule: ("overturn" if rng.random() < 0.2 else "confirm") for c in failed}
            repo.record_verdict(
                s,
                inter,
                revs[k % len(revs)],
                decisions,
                intent=rng.choice(INTENTS) if rng.random() < 0.1 else None,
            )
    verdict_ms = (time.perf_counter() - t0) * 1000 / max(1, len(ids))
    with session_scope(url) as s:
        rows = list(s.scalars(select(ReviewItem).where(ReviewItem.status == "pending").limit(3000)))
        for k, item in enumerate(rows):
            item.assignee_id = revs[k % len(revs)].id
            item.status = "assigned"

    QF = repo.QueueFilter
    d0, d1 = datetime(2026, 10, 10), datetime(2026, 10, 17)
    cases: list[tuple[str, Callable[[Any], Any]]] = [
        ("queue, default sort (severity), page 1", lambda s: repo.list_queue(s)),
        ("queue, page 200", lambda s: repo.list_queue(s, page=200)),
        ("queue, sort by QA score", lambda s: repo.list_queue(s, sort="qa_score")),
        ("queue, sort newest first", lambda s: repo.list_queue(s, sort="-started_at")),
        ("filter severity=P2", lambda s: repo.list_queue(s, QF(severity="P2"))),
        ("filter failed rule=C05", lambda s: repo.list_queue(s, QF(rule="C05"))),
        ("filter red-line rule=C06", lambda s: repo.list_queue(s, QF(rule="C06"))),
        (
            "filter reason=qa:below_pass_mark",
            lambda s: repo.list_queue(s, QF(reason="qa:below_pass_mark")),
        ),
        ("filter agent=A0042", lambda s: repo.list_queue(s, QF(agent_id="A0042"))),
        ("filter date range (1 week)", lambda s: repo.list_queue(s, QF(date_from=d0, date_to=d1))),
        (
            "filter queue=complaints + P2 + 1 week",
            lambda s: repo.list_queue(
                s, QF(queue="complaints", severity="P2", date_from=d0, date_to=d1)
            ),
        ),
        ("filter assignee (my tasks)", lambda s: repo.list_queue(s, QF(assignee_id=revs[0].id))),
        (
            "status=all, intent=complaint",
            lambda s: repo.list_queue(s, QF(status="all", intent="complaint")),
        ),
        ("flag reason options (uncached)", lambda s: repo.flag_reason_options(s, ttl=0)),
        ("calibration (all verdicts)", lambda s: repo.calibration(s)),
    ]
    results = []
    with session_scope(url) as s:
        for name, fn in cases:
            med, worst, res = timed(lambda fn=fn: fn(s), args.repeat)
            total = getattr(res, "total", None)
            results.append((name, med, worst, total))
            print(
                f"{name:45s} median {med:8.1f} ms  max {worst:8.1f} ms  total={total}", flush=True
            )

    backend = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    lines = [
        "# Review store: queue and filter speed with 100k interactions",
        "",
        f"Command: `.venv/bin/python eval/bench/review_store.py --n {args.n}"
        + (" --db URL" if args.db else "")
        + f" --report {args.report}`",
        "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPU cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}; "
        "shared with other jobs while measured (load varied).",
        f"- Backend: {backend} (`{safe_url(url) if args.db else 'temporary SQLite file'}`)",
        f"- Interactions: {written:,}, 13 checks each ({written * 13:,} check rows); "
        f"in the review queue: {queued:,}; verdicts recorded: {len(ids):,}; "
        "assigned: 3,000.",
        f"- Ingest: {ingest_s:.1f} s for {written:,} records "
        f"({written / ingest_s:,.0f} records/s, batches of 500, one transaction each); "
        f"re-ingest of 10,000 existing records (update path): {reingest_s:.1f} s.",
        f"- Recording a verdict: {verdict_ms:.1f} ms each (ORM, incl. score recomputation).",
        "",
        f"Times are the median and the maximum of {args.repeat} warm runs of the repository "
        "call the page makes (page of 25 rows + the total count), in milliseconds.",
        "",
        "| query | median ms | max ms | matching items |",
        "|---|---:|---:|---:|",
    ]
    for name, med, worst, total in results:
        lines.append(
            f"| {name} | {med:.1f} | {worst:.1f} | {'' if total is None else f'{total:,}'} |"
        )
    lines += [
        "",
        "Indexes: the page query first orders and cuts narrow rows (review item id + sort "
        "keys) and then loads the 25 rows; `ix_interactions_queue_cover (id, severity, "
        "started_at, qa_score, priority, queue, intent, agent_id, flag_reasons)` lets the join "
        "skip the wide rows (the JSON record); the failed-rule filter is an `IN` over "
        "`checks(rule, passed, interaction_id)`; `review_items(status, enqueued_at)` and "
        "`(assignee_id, status)`; `interactions(flagged, flag_reasons)` for the reason list. "
        "The flag-reason filter is a `LIKE '%|reason|%'` over the covering index. SQLite "
        "statistics are refreshed (sampled `ANALYZE`) after ingests of 1,000+ records.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    if args.report:
        Path(args.report).write_text(report, encoding="utf-8")
    return 0


def time_pages(url: str, repeat: int) -> list[tuple[str, float, float]]:
    """Median/max ms of whole page requests (session, query, template, audit entry)."""
    from fastapi.testclient import TestClient

    from triage.service.main import create_app
    from triage.service.settings import Settings
    from triage.store.db import session_scope
    from triage.store.users import create_user

    with session_scope(url) as s:
        create_user(s, "bench-lead", "supervisor", "bench-password")
        some_id = s.scalar(
            select_first_queued()  # type: ignore[arg-type]
        )
    client = TestClient(create_app(Settings(db_url=url)))
    r = client.post(
        "/api/review/login", json={"username": "bench-lead", "password": "bench-password"}
    )
    r.raise_for_status()
    paths = [
        ("GET /review (default queue)", "/review"),
        ("GET /review?severity=P2", "/review?severity=P2"),
        ("GET /review?rule=C05", "/review?rule=C05"),
        ("GET /review?reason=qa:below_pass_mark", "/review?reason=qa:below_pass_mark"),
        (
            "GET /review?date_from=2026-10-10&date_to=2026-10-16",
            "/review?date_from=2026-10-10&date_to=2026-10-16",
        ),
        ("GET /review?page=200", "/review?page=200"),
        ("GET /review/{id} (detail)", f"/review/{some_id}"),
        ("GET /api/review/queue", "/api/review/queue"),
    ]
    out = []
    for name, path in paths:
        med, worst, resp = timed(lambda path=path: client.get(path), repeat)
        assert resp.status_code == 200, (path, resp.status_code)
        out.append((name, med, worst))
        print(f"{name:50s} median {med:8.1f} ms  max {worst:8.1f} ms", flush=True)
    return out


def select_first_queued():  # type: ignore[no-untyped-def]
    """The statement selecting one queued interaction id."""
    from sqlalchemy import select

    from triage.store.models import ReviewItem

    return select(ReviewItem.interaction_id).order_by(ReviewItem.id).limit(1)


def pages_only(args: argparse.Namespace) -> int:
    """Time the HTTP pages on a filled store and append a section to the report."""
    if not args.db:
        raise SystemExit("--pages-only needs --db (a store filled by a previous run)")
    rows = time_pages(args.db, args.repeat)
    backend = "PostgreSQL" if args.db.startswith("postgres") else "SQLite"
    lines = [
        "",
        f"### Whole pages over HTTP ({backend}, same 100k store)",
        "",
        f"Command: `.venv/bin/python eval/bench/review_store.py --pages-only --db URL "
        f"--report {args.report}` (in-process `TestClient`: cookie session, role check, "
        "query, template rendering and the audit entry each view writes). "
        f"Load average while measured: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.",
        "",
        "| request | median ms | max ms |",
        "|---|---:|---:|",
        *[f"| {name} | {med:.1f} | {worst:.1f} |" for name, med, worst in rows],
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.report:
        with open(args.report, "a", encoding="utf-8") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
