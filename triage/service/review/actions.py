"""What the review pages and the JSON API do, in one place (both call these).

Every function checks the caller's right to the object (roles were checked by
the route), writes the audit entry and raises :class:`ReviewHTTPError` with a
safe Chinese message on refusal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from triage.schema import INTENT_ZH, INTENTS, QUEUE_ZH, SEVERITIES, SEVERITY_ZH
from triage.service.review.deps import Auth
from triage.service.review.security import ReviewHTTPError
from triage.store import repository as repo
from triage.store.ingest import apply_sampling
from triage.store.models import Appeal, Interaction, User
from triage.store.settings import DEFAULTS

PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*[A-Z0-9]>|[0-9A-Za-z]*\*{2,}[0-9A-Za-z*]*")
SPEAKER_ZH = {"agent": "坐席", "customer": "客户", "system": "系统"}


def reason_zh(code: str) -> str:
    """Chinese label of a flag reason code (uses the review stage's labels when present)."""
    try:
        from triage.review_flag import reason_zh as stage_reason_zh
    except ImportError:  # pragma: no cover - the stage ships with the package
        return code
    return stage_reason_zh(code)


# ---------------------------------------------------------------- access


def interaction_for(db: Session, auth: Auth, interaction_id: str) -> Interaction:
    """The interaction if the user may see it (agents: only their own), else 404."""
    inter = db.get(Interaction, interaction_id)
    if inter is None:
        raise ReviewHTTPError(404, "未找到该会话")
    if auth.user.role == "agent" and (
        not auth.user.agent_id or inter.agent_id != auth.user.agent_id
    ):
        raise ReviewHTTPError(404, "未找到该会话")
    return inter


# ---------------------------------------------------------------- transcript


@dataclass(frozen=True)
class Segment:
    """A piece of turn text with how to show it."""

    text: str
    pii: bool
    rules: tuple[str, ...]
    #: Last piece of a run of evidence with these rules: the rule ids are shown after it.
    tag: bool = False


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[Segment]:
    """Split a redacted turn into pieces: PII placeholders and evidence spans marked.

    Args:
        text: Redacted turn text.
        spans: ``(start, end, rule)`` evidence spans of failed checks in this turn.
    """
    n = len(text)
    cuts = {0, n}
    clean = []
    for start, end, rule in spans:
        s, e = max(0, min(n, int(start))), max(0, min(n, int(end)))
        if e > s:
            clean.append((s, e, rule))
            cuts.update((s, e))
    pii = [(m.start(), m.end()) for m in PLACEHOLDER.finditer(text) if m.end() > m.start()]
    for s, e in pii:
        cuts.update((s, e))
    points = sorted(cuts)
    out: list[Segment] = []
    for a, b in zip(points, points[1:], strict=False):
        if b <= a:
            continue
        rules = tuple(sorted({r for s, e, r in clean if s <= a and b <= e}))
        is_pii = any(s <= a and b <= e for s, e in pii)
        if out and out[-1].rules == rules and out[-1].pii == is_pii and not is_pii:
            out[-1] = Segment(out[-1].text + text[a:b], False, rules)
        else:
            out.append(Segment(text[a:b], is_pii, rules))
    return [
        Segment(
            seg.text,
            seg.pii,
            seg.rules,
            bool(seg.rules) and (i + 1 == len(out) or out[i + 1].rules != seg.rules),
        )
        for i, seg in enumerate(out)
    ]


def clock(seconds: Any) -> str:
    """``mm:ss`` (or ``h:mm:ss``) of a time in seconds; empty when unknown."""
    if not isinstance(seconds, int | float) or seconds < 0:
        return ""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def detail(db: Session, auth: Auth, inter: Interaction) -> dict[str, Any]:
    """Everything the detail page and ``GET /api/review/interactions/{id}`` show."""
    record = inter.record
    failed = repo.failed_checks(inter)
    spans_by_turn: dict[int, list[tuple[int, int, str]]] = {}
    for c in failed:
        for ev in c.evidence or []:
            if isinstance(ev, dict) and isinstance(ev.get("turn"), int):
                spans_by_turn.setdefault(ev["turn"], []).append(
                    (ev.get("start", 0), ev.get("end", 0), c.rule)
                )
    turns = []
    for i, t in enumerate(record.get("turns") or []):
        if not isinstance(t, dict):
            continue
        speaker = str(t.get("speaker", ""))
        turns.append(
            {
                "index": i,
                "speaker": speaker,
                "speaker_zh": SPEAKER_ZH.get(speaker, "其他"),
                "start": clock(t.get("start")),
                "end": clock(t.get("end")),
                "segments": segments(str(t.get("text", "")), spans_by_turn.get(i, [])),
                "text": str(t.get("text", "")),
            }
        )
    verdict = repo.current_verdict(db, inter.id)
    decisions = {vc.rule: vc.decision for vc in verdict.checks} if verdict else {}
    auto_dims = (record.get("qa") or {}).get("dimensions") or {}
    reviewed_dims = repo.reviewed_dimensions(inter, verdict)
    intent = record.get("intent") or {}
    severity = record.get("severity") or {}
    appeal = repo.open_appeal(db, inter.id)
    can_appeal = (
        auth.user.role == "agent" and repo.appeal_block_reason(db, inter, auth.user) is None
    )
    deadline = repo.appeal_deadline(db, verdict) if verdict else None
    item = inter.review
    return {
        "id": inter.id,
        "channel": inter.channel,
        "agent_id": inter.agent_id,
        "segment": inter.segment,
        "started_at": inter.started_at,
        "queue": inter.queue,
        "queue_zh": QUEUE_ZH.get(inter.queue or "", inter.queue or ""),
        "priority": inter.priority,
        "flagged": inter.flagged,
        "flag_reasons": [r for r in inter.flag_reasons.split("|") if r],
        "turns": turns,
        "intent": {
            "label": inter.intent,
            "label_zh": INTENT_ZH.get(inter.intent or "", inter.intent or ""),
            "confidence": inter.intent_confidence,
            "secondary": [str(s) for s in intent.get("secondary") or []],
        },
        "severity": {
            "level": inter.severity,
            "level_zh": SEVERITY_ZH.get(inter.severity or "", ""),
            "reasons": [str(r) for r in severity.get("reasons") or []],
        },
        "qa": {
            "score": inter.qa_score,
            "passed": inter.passed,
            "red_line": inter.red_line,
            "dimensions": {str(k): v for k, v in auto_dims.items()},
            "reviewed_dimensions": reviewed_dims,
        },
        "checks": [
            {
                "rule": c.rule,
                "name": c.name or "",
                "dimension": c.dimension or "",
                "passed": c.passed,
                "deduction": c.deduction,
                "red_line": c.red_line,
                "expected": c.expected or "",
                "evidence": list(c.evidence or []),
                "decision": decisions.get(c.rule),
            }
            for c in inter.checks
        ],
        "failed_rules": [c.rule for c in failed],
        "review": {
            "status": item.status if item else None,
            "source": item.source if item else None,
            "assignee": item.assignee.username if item and item.assignee else None,
            "assignee_id": item.assignee_id if item else None,
        },
        "verdict": verdict_dict(verdict) if verdict else None,
        "history": [verdict_dict(v) for v in repo.verdict_history(db, inter.id)],
        "open_appeal": appeal_dict(appeal) if appeal else None,
        "can_appeal": can_appeal,
        "appeal_block": None
        if can_appeal
        else (
            repo.appeal_block_reason(db, inter, auth.user) if auth.user.role == "agent" else None
        ),
        "appeal_deadline": deadline,
    }


def verdict_dict(v: Any) -> dict[str, Any]:
    """JSON-ready view of a verdict."""
    return {
        "id": v.id,
        "kind": v.kind,
        "reviewer": v.reviewer.username if v.reviewer else None,
        "created_at": v.created_at.isoformat(timespec="seconds"),
        "auto_intent": v.auto_intent,
        "reviewed_intent": v.reviewed_intent,
        "auto_severity": v.auto_severity,
        "reviewed_severity": v.reviewed_severity,
        "auto_score": v.auto_score,
        "reviewed_score": v.reviewed_score,
        "auto_passed": v.auto_passed,
        "reviewed_passed": v.reviewed_passed,
        "reviewed_red_line": v.reviewed_red_line,
        "comment": v.comment,
        "checks": {vc.rule: vc.decision for vc in v.checks},
    }


def appeal_dict(a: Appeal) -> dict[str, Any]:
    """JSON-ready view of an appeal."""
    return {
        "id": a.id,
        "interaction_id": a.interaction_id,
        "verdict_id": a.verdict_id,
        "agent": a.agent_user.username if a.agent_user else None,
        "reason": a.reason,
        "status": a.status,
        "created_at": a.created_at.isoformat(timespec="seconds"),
        "decided_by": a.decided_by.username if a.decided_by else None,
        "decided_at": a.decided_at.isoformat(timespec="seconds") if a.decided_at else None,
        "decision_comment": a.decision_comment,
        "result_verdict_id": a.result_verdict_id,
    }


# ---------------------------------------------------------------- queue


def parse_date(value: str | None, end: bool = False) -> datetime | None:
    """A ``YYYY-MM-DD`` filter date (``end``: the day after, for an exclusive bound)."""
    if not value:
        return None
    try:
        day = datetime.strptime(value.strip(), "%Y-%m-%d")
    except ValueError as exc:
        raise ReviewHTTPError(400, "日期格式应为 YYYY-MM-DD") from exc
    return day + timedelta(days=1) if end else day


def queue_filter(db: Session, params: dict[str, str | None]) -> repo.QueueFilter:
    """Queue filters from query parameters, validated against the known codes."""
    severity = params.get("severity") or None
    if severity and severity not in SEVERITIES:
        raise ReviewHTTPError(400, "严重程度无效")
    queue = params.get("queue") or None
    if queue and queue not in QUEUE_ZH:
        raise ReviewHTTPError(400, "队列无效")
    intent = params.get("intent") or None
    if intent and intent not in INTENTS:
        raise ReviewHTTPError(400, "问题分类无效")
    status = params.get("status") or "open"
    if status not in ("open", "pending", "assigned", "reviewed", "all"):
        raise ReviewHTTPError(400, "状态无效")
    assignee_id: int | None = None
    assignee = params.get("assignee") or None
    if assignee:
        user = repo.get_user_by_name(db, assignee)
        assignee_id = user.id if user is not None else -1
    rule = (params.get("rule") or "").strip() or None
    if rule and not re.fullmatch(r"[A-Za-z0-9_.\-]{1,40}", rule):
        raise ReviewHTTPError(400, "规则编号无效")
    agent = (params.get("agent") or "").strip() or None
    if agent and len(agent) > 100:
        raise ReviewHTTPError(400, "坐席工号无效")
    reason = (params.get("reason") or "").strip() or None
    if reason and len(reason) > 100:
        raise ReviewHTTPError(400, "标记原因无效")
    return repo.QueueFilter(
        status=status,
        reason=reason,
        severity=severity,
        rule=rule,
        queue=queue,
        agent_id=agent,
        intent=intent,
        assignee_id=assignee_id,
        date_from=parse_date(params.get("date_from")),
        date_to=parse_date(params.get("date_to"), end=True),
    )


def queue_item_dict(item: Any) -> dict[str, Any]:
    """JSON-ready view of a queue row."""
    inter = item.interaction
    return {
        "id": inter.id,
        "channel": inter.channel,
        "agent_id": inter.agent_id,
        "started_at": inter.started_at.isoformat(timespec="seconds") if inter.started_at else None,
        "intent": inter.intent,
        "severity": inter.severity,
        "queue": inter.queue,
        "qa_score": inter.qa_score,
        "passed": inter.passed,
        "red_line": inter.red_line,
        "flag_reasons": [r for r in inter.flag_reasons.split("|") if r],
        "source": item.source,
        "status": item.status,
        "assignee": item.assignee.username if item.assignee else None,
    }


# ---------------------------------------------------------------- decisions


def assign(db: Session, auth: Auth, interaction_id: str, assignee: str | None) -> None:
    """Assign (supervisors: anyone; reviewers: themselves) or release an item."""
    interaction_for(db, auth, interaction_id)
    target: User | None = None
    if assignee:
        target = repo.get_user_by_name(db, assignee)
        if target is None:
            raise ReviewHTTPError(400, "只能分配给质检员或质检主管")
    inter = db.get(Interaction, interaction_id)
    item = inter.review if inter else None
    if auth.user.role == "reviewer":
        if target is not None and target.id != auth.user.id:
            raise ReviewHTTPError(403, "质检员只能领取给自己")
        if target is None and item is not None and item.assignee_id not in (None, auth.user.id):
            raise ReviewHTTPError(403, "只能退回自己领取的会话")
        if (
            target is not None
            and item is not None
            and item.assignee_id
            not in (
                None,
                auth.user.id,
            )
        ):
            raise ReviewHTTPError(409, "该会话已分配给其他质检员")
    try:
        repo.assign(db, interaction_id, target)
    except repo.QueueError as exc:
        raise ReviewHTTPError(409, str(exc)) from exc
    repo.log_event(
        db,
        auth.user,
        "assign",
        "interaction",
        interaction_id,
        assignee_id=target.id if target else None,
    )


def verdict(
    db: Session,
    auth: Auth,
    interaction_id: str,
    decisions: dict[str, str],
    intent: str | None,
    severity: str | None,
    comment: str,
) -> Any:
    """Record a reviewer's verdict (reviewers: items that are theirs or unassigned)."""
    inter = interaction_for(db, auth, interaction_id)
    item = inter.review
    if (
        auth.user.role == "reviewer"
        and item is not None
        and item.assignee_id not in (None, auth.user.id)
    ):
        raise ReviewHTTPError(403, "该会话已分配给其他质检员")
    try:
        v = repo.record_verdict(
            db,
            inter,
            auth.user,
            decisions,
            intent=intent or None,
            severity=severity or None,
            comment=comment,
        )
    except repo.VerdictError as exc:
        raise ReviewHTTPError(400, str(exc)) from exc
    repo.log_event(
        db,
        auth.user,
        "verdict",
        "interaction",
        interaction_id,
        verdict_id=v.id,
        decisions=dict(sorted(decisions.items())),
        intent=v.reviewed_intent,
        severity=v.reviewed_severity,
        auto_score=v.auto_score,
        reviewed_score=v.reviewed_score,
    )
    return v


def appeal(db: Session, auth: Auth, interaction_id: str, reason: str) -> Appeal:
    """File the agent's appeal."""
    inter = interaction_for(db, auth, interaction_id)
    try:
        a = repo.create_appeal(db, inter, auth.user, reason)
    except repo.AppealError as exc:
        raise ReviewHTTPError(409, str(exc)) from exc
    repo.log_event(
        db,
        auth.user,
        "appeal",
        "interaction",
        interaction_id,
        appeal_id=a.id,
        verdict_id=a.verdict_id,
    )
    return a


def decide(
    db: Session,
    auth: Auth,
    appeal_id: int,
    accept: bool,
    decisions: dict[str, str] | None,
    comment: str,
) -> Appeal:
    """A supervisor upholds or accepts an appeal."""
    a = db.get(Appeal, appeal_id)
    if a is None:
        raise ReviewHTTPError(404, "未找到该申诉")
    try:
        repo.decide_appeal(db, a, auth.user, accept, decisions=decisions, comment=comment)
    except (repo.AppealError, repo.VerdictError) as exc:
        raise ReviewHTTPError(409, str(exc)) from exc
    repo.log_event(
        db,
        auth.user,
        "appeal_decision",
        "appeal",
        str(a.id),
        interaction_id=a.interaction_id,
        status=a.status,
        result_verdict_id=a.result_verdict_id,
    )
    return a


def update_settings(db: Session, auth: Auth, values: dict[str, Any]) -> dict[str, Any]:
    """Change settings (``sampling_share`` also queues newly drawn stored interactions)."""
    changed: dict[str, Any] = {}
    for key, value in values.items():
        if key not in DEFAULTS or value in (None, ""):
            continue
        try:
            changed[key] = repo.set_setting(db, key, value)
        except (ValueError, TypeError) as exc:
            raise ReviewHTTPError(400, "设置值超出范围") from exc
    added = 0
    if "sampling_share" in changed:
        added = apply_sampling(db, float(changed["sampling_share"]))
    repo.log_event(
        db,
        auth.user,
        "settings_update",
        "setting",
        ",".join(sorted(changed)),
        sampled_added=added,
        **changed,
    )
    return {"settings": repo.all_settings(db), "sampled_added": added}


def parse_decisions(form: dict[str, Any], failed_rules: list[str]) -> dict[str, str]:
    """``decision_<RULE>`` form fields → ``{rule: confirm|overturn}`` for failed rules."""
    out: dict[str, str] = {}
    for rule in failed_rules:
        value = form.get(f"decision_{rule}")
        if value in ("confirm", "overturn"):
            out[rule] = str(value)
        elif value not in (None, ""):
            raise ReviewHTTPError(400, "复核结论只能是“确认”或“推翻”")
    return out


# ---------------------------------------------------------------- sign-in

GENERIC_LOGIN_ERROR = "用户名或密码错误"
THROTTLED_ERROR = "登录失败次数过多，请稍后再试"


def attempt_login(db: Session, address: str, username: str, password: str) -> User:
    """Check a sign-in; throttled per (user name, address).

    Raises:
        ReviewHTTPError: 429 while locked, 401 (generic message) on a failure.
    """
    from triage.service.review.security import clear_failures, record_failure, throttled

    username = (username or "").strip()[:64]
    if throttled(db, username, address):
        db.commit()
        raise ReviewHTTPError(429, THROTTLED_ERROR)
    user = repo.authenticate(db, username, password or "") if username else None
    if user is None:
        record_failure(db, username, address)
        repo.log_event(db, None, "login_failed", "user", "")
        db.commit()
        raise ReviewHTTPError(401, GENERIC_LOGIN_ERROR)
    clear_failures(db, username, address)
    return user


def home_for(user: User) -> str:
    """Where a user lands after signing in."""
    return {"agent": "/review/mine", "admin": "/review/settings"}.get(user.role, "/review")


def own_results(
    db: Session, auth: Auth, page: int, per_page: int = 25
) -> tuple[list[dict[str, Any]], int]:
    """An agent's own interactions with automatic and reviewed scores, newest first."""
    from sqlalchemy import func, select

    from triage.store.models import Appeal as AppealRow

    agent_id = auth.user.agent_id or "\x00"
    base = select(Interaction).where(Interaction.agent_id == agent_id)
    total = db.scalar(select(func.count()).select_from(base.subquery())) or 0
    rows = db.scalars(
        base.order_by(Interaction.started_at.desc(), Interaction.id)
        .offset((max(1, page) - 1) * per_page)
        .limit(per_page)
    )
    status_zh = {"open": "处理中", "upheld": "维持原判", "accepted": "申诉成立"}
    out = []
    for inter in rows:
        v = repo.current_verdict(db, inter.id)
        last = db.scalar(
            select(AppealRow)
            .where(AppealRow.interaction_id == inter.id)
            .order_by(AppealRow.id.desc())
            .limit(1)
        )
        out.append(
            {
                "id": inter.id,
                "started_at": inter.started_at,
                "intent": inter.intent,
                "severity": inter.severity,
                "qa_score": inter.qa_score,
                "passed": inter.passed,
                "verdict": verdict_dict(v) if v else None,
                "appeal": status_zh.get(last.status) if last else None,
            }
        )
    return out, int(total)
