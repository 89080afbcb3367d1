"""``triage kpi``: KPI / appraisal report, surge alerts, closure import."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from triage.errors import UsageError


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="review store URL or SQLite file (default: $TRIAGE_DB_URL, else ./triage.db)",
    )
    parser.add_argument(
        "--input",
        metavar="SCORED.jsonl",
        default=None,
        help="read scored records (triage score output) from this file instead of the store",
    )
    parser.add_argument(
        "--config", metavar="KPI.yaml", default=None, help="default: pipelines/kpi.yaml"
    )


def _time(value: str, option: str) -> datetime:
    from triage.kpi.records import parse_time

    dt = parse_time(value)
    if dt is None:
        raise UsageError(f"{option}: expected an ISO 8601 time such as 2026-11-20T08:00")
    return dt


def _report(args: argparse.Namespace) -> int:
    from triage.kpi.appraisal import appraise
    from triage.kpi.config import load_kpi_config
    from triage.kpi.report import text_summary, write_csv, write_html
    from triage.kpi.source import load_for_period, month_bounds

    cfg = load_kpi_config(args.config)
    month_bounds(args.period)  # validates YYYY-MM
    records = load_for_period(cfg, args.period, db_url=args.db, jsonl=args.input)
    report = appraise(records, args.period, cfg, team=args.team, agent=args.agent)
    print(text_summary(report.overall, f"{args.period} 总体指标"))
    for name, summary in report.teams.items():
        print()
        print(text_summary(summary, f"团队 {name}"))
    print()
    print(f"坐席 {len(report.agents)} 人:")
    for a in report.agents:
        k = a.summary.kpis
        rank = f"{a.rank}/{a.team_size}" if a.rank else "—"
        print(
            f"  {a.agent_id:<10} {a.team or '未分组'}  排名 {rank}  通数 {a.summary.n}  "
            f"平均分 {k['qa_avg_score'].fmt(k['qa_avg_score'].actual)}  "
            f"合格率 {k['qa_pass_rate'].fmt(k['qa_pass_rate'].actual)}  "
            f"扣分 {len(a.deductions)} 项  整改项 {len(a.rectification)}"
        )
    if args.output:
        from triage.kpi.alerting import period_alerts

        alerts = period_alerts(records, cfg, args.period)
        path = write_html(report, cfg, args.output, base_url=args.base_url, alerts=alerts)
        print(f"HTML report: {path}")
    if args.csv:
        path = write_csv(report, cfg, args.csv)
        print(f"CSV: {path}")
    return 0


def _alerts(args: argparse.Namespace) -> int:
    from triage.kpi.alerting import run_batch_alerts
    from triage.kpi.config import load_kpi_config

    cfg = load_kpi_config(args.config)
    since = _time(args.since, "--since") if args.since else None
    until = _time(args.until, "--until") if args.until else None
    if since is None and args.hours is not None:
        from datetime import UTC

        since = (until or datetime.now(UTC)) - timedelta(hours=args.hours)
    found, sent = run_batch_alerts(
        cfg,
        since=since,
        until=until,
        db_url=args.db,
        jsonl=args.input,
        webhook_url=args.webhook,
        banner=args.input is None and not args.no_banner,
        metrics_file=args.metrics_file,
    )
    if args.json:
        json.dump([a.to_dict() for a in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not found:
        print("未发现异常激增 (no surge detected)")
    for a in found:
        print(a.message_zh())
        for rid, text in a.examples:
            print(f"    例 {rid}: {text}")
    print(f"{len(found)} alert(s), {len(sent)} new sent to log/metrics/webhook")
    return 0


def _import(args: argparse.Namespace) -> int:
    from triage.kpi.closures import import_closures

    result = import_closures(args.file, args.db)
    for err in result.errors:
        print(json.dumps(err.to_dict(), ensure_ascii=False), file=sys.stderr)
    print(
        f"closures: {result.inserted} new, {result.updated} updated, "
        f"{len(result.errors)} rejected, {result.unknown} not (yet) in the store"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage kpi report|alerts|import``."""
    parser = subparsers.add_parser("kpi", help="service KPIs, agent appraisal, surge alerts")
    sub = parser.add_subparsers(dest="kpi_command", metavar="ACTION", required=True)

    rep = sub.add_parser("report", help="KPIs and monthly agent appraisal (text, HTML, CSV)")
    rep.add_argument("--period", required=True, metavar="YYYY-MM", help="appraised month")
    rep.add_argument("--team", default=None, help="only this team / skill group")
    rep.add_argument("--agent", default=None, help="only this agent id")
    rep.add_argument("-o", "--output", metavar="REPORT.html", default=None)
    rep.add_argument("--csv", metavar="REPORT.csv", default=None)
    rep.add_argument(
        "--base-url", default="", help="prefix of review-app links (e.g. http://localhost:8000)"
    )
    _add_common(rep)
    rep.set_defaults(func=_report)

    al = sub.add_parser("alerts", help="detect unusual hourly rises per intent/severity/queue")
    al.add_argument("--since", default=None, help="first hour tested (ISO 8601)")
    al.add_argument("--until", default=None, help="last hour tested (ISO 8601)")
    al.add_argument("--hours", type=float, default=None, help="test the last N hours")
    al.add_argument("--webhook", default=None, help="POST new alerts to this URL")
    al.add_argument("--json", action="store_true", help="print alerts as JSON")
    al.add_argument(
        "--metrics-file",
        metavar="FILE.prom",
        default=None,
        help="write surge metrics in Prometheus text format (node_exporter textfile collector)",
    )
    al.add_argument("--no-banner", action="store_true", help="do not store alerts for the banner")
    _add_common(al)
    al.set_defaults(func=_alerts)

    imp = sub.add_parser("import", help="import work-order closures (CSV: id,closed_at)")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--db", metavar="URL", default=None, help="review store URL or SQLite file")
    imp.set_defaults(func=_import)
