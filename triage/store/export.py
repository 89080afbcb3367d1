"""Export of reviewer corrections as a labelled Hugging Face ``datasets`` dataset.

One row per reviewed interaction (its current verdict): the redacted
transcript, the automatic and the reviewed category and severity, and per
failed check whether the reviewer confirmed it. Only redacted text is exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage.store.models import Interaction, Verdict
from triage.store.verdicts import latest_verdict_ids

SPEAKER_ZH = {"agent": "坐席", "customer": "客户", "system": "系统"}


def correction_rows(session: Session) -> list[dict[str, Any]]:
    """The export rows (one per reviewed interaction), ordered by id."""
    latest = latest_verdict_ids()
    stmt = (
        select(Verdict, Interaction)
        .join(latest, Verdict.id == latest.c.id)
        .join(Interaction, Interaction.id == Verdict.interaction_id)
        .options(selectinload(Verdict.checks))
        .order_by(Interaction.id)
    )
    rows: list[dict[str, Any]] = []
    for verdict, inter in session.execute(stmt):
        turns = [t for t in inter.record.get("turns") or [] if isinstance(t, dict)]
        rows.append(
            {
                "id": inter.id,
                "channel": inter.channel,
                "text": "\n".join(
                    f"{SPEAKER_ZH.get(str(t.get('speaker')), '其他')}：{t.get('text', '')}"
                    for t in turns
                ),
                "speakers": [str(t.get("speaker", "")) for t in turns],
                "turns": [str(t.get("text", "")) for t in turns],
                "auto_intent": verdict.auto_intent or "",
                "intent": verdict.reviewed_intent or "",
                "auto_severity": verdict.auto_severity or "",
                "severity": verdict.reviewed_severity or "",
                "check_rules": [vc.rule for vc in verdict.checks],
                "check_confirmed": [vc.decision == "confirm" for vc in verdict.checks],
                "auto_score": int(verdict.auto_score if verdict.auto_score is not None else -1),
                "reviewed_score": int(
                    verdict.reviewed_score if verdict.reviewed_score is not None else -1
                ),
                "verdict_kind": verdict.kind,
                "reviewed_at": verdict.created_at.isoformat(timespec="seconds"),
                "pipeline_version": inter.pipeline_version or "",
            }
        )
    return rows


def export_dataset(session: Session, out_dir: str | Path):  # type: ignore[no-untyped-def]
    """Write the corrections with ``Dataset.save_to_disk`` and return the dataset.

    Load it back with ``datasets.load_from_disk(out_dir)``.
    """
    from datasets import ClassLabel, Dataset, Features, Sequence, Value

    from triage.schema import INTENTS, SEVERITIES

    features = Features(
        {
            "id": Value("string"),
            "channel": Value("string"),
            "text": Value("string"),
            "speakers": Sequence(Value("string")),
            "turns": Sequence(Value("string")),
            "auto_intent": Value("string"),
            "intent": ClassLabel(names=list(INTENTS)),
            "auto_severity": Value("string"),
            "severity": ClassLabel(names=list(SEVERITIES)),
            "check_rules": Sequence(Value("string")),
            "check_confirmed": Sequence(Value("bool")),
            "auto_score": Value("int32"),
            "reviewed_score": Value("int32"),
            "verdict_kind": Value("string"),
            "reviewed_at": Value("string"),
            "pipeline_version": Value("string"),
        }
    )
    rows = [
        r
        for r in correction_rows(session)
        if r["intent"] in INTENTS and r["severity"] in SEVERITIES
    ]
    if rows:
        ds = Dataset.from_list(rows, features=features)
    else:
        ds = Dataset.from_dict({name: [] for name in features}, features=features)
    ds.save_to_disk(str(out_dir))
    return ds
