"""Run summary: counts and distributions aggregated while records stream by.

The summary holds counters and a few bounded examples, never the records, so
memory stays flat however many records a run scores. It feeds the printed
summary, the HTML report (:mod:`triage.report`) and can be rebuilt from a
scored JSONL file (:func:`summarize_file`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from triage.errors import RecordError
from triage.schema import INTENT_ZH, QUEUE_ZH, SEVERITY_ZH

EXAMPLES_PER_RULE = 3
EXCERPT_CHARS = 60
SCORE_BUCKETS = tuple(range(0, 101, 10))  # 0-9, 10-19, …, 90-99, 100


@dataclass
class RuleStats:
    """How often one QA rule failed, with a few redacted evidence excerpts."""

    rule: str
    name: str | None = None
    dimension: str | None = None
    red_line: bool = False
    failed: int = 0
    deducted: int = 0
    examples: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class AgentStats:
    """Per-agent QA figures."""

    agent: str
    records: int = 0
    score_sum: int = 0
    passed: int = 0
    red_lines: int = 0
    flagged: int = 0

    @property
    def mean_score(self) -> float:
        """Average QA score."""
        return self.score_sum / self.records if self.records else 0.0

    @property
    def pass_rate(self) -> float:
        """Share of this agent's records that passed QA."""
        return self.passed / self.records if self.records else 0.0


@dataclass
class RunSummary:
    """What a batch run produced.

    Attributes:
        records: Scored records written.
        errors: Records sent to the errors file.
        skipped: Records skipped (e.g. already in the output when resuming).
        seconds: Wall time of the run.
    """

    records: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0
    pipeline: str | None = None
    version: str | None = None
    workers: int = 1
    error_codes: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    segments: Counter[str] = field(default_factory=Counter)
    intents: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    queues: Counter[str] = field(default_factory=Counter)
    escalated: int = 0
    qa_passed: int = 0
    qa_red_line: int = 0
    qa_score_sum: int = 0
    score_histogram: Counter[int] = field(default_factory=Counter)
    dimension_sums: Counter[str] = field(default_factory=Counter)
    dimension_counts: Counter[str] = field(default_factory=Counter)
    flagged: int = 0
    flag_reasons: Counter[str] = field(default_factory=Counter)
    pii_types: Counter[str] = field(default_factory=Counter)
    rules: dict[str, RuleStats] = field(default_factory=dict)
    agents: dict[str, AgentStats] = field(default_factory=dict)

    # ------------------------------------------------------------------ adding
    def add_record(self, rec: dict[str, Any]) -> None:
        """Count one scored output record (SPEC §3)."""
        self.records += 1
        self.channels[str(rec.get("channel"))] += 1
        customer = rec.get("customer")
        if isinstance(customer, dict) and customer.get("segment"):
            self.segments[str(customer["segment"])] += 1
        intent = rec.get("intent") or {}
        self.intents[str(intent.get("label"))] += 1
        self.severities[str((rec.get("severity") or {}).get("level"))] += 1
        route = rec.get("route") or {}
        self.queues[str(route.get("queue"))] += 1
        self.escalated += bool(route.get("escalate"))
        for ent in rec.get("pii") or []:
            self.pii_types[str(ent.get("type"))] += 1
        review = rec.get("review") or {}
        if review.get("flagged"):
            self.flagged += 1
            for reason in review.get("reasons") or []:
                self.flag_reasons[str(reason)] += 1
        qa = rec.get("qa") or {}
        score = int(qa.get("score", 0))
        self.qa_score_sum += score
        self.qa_passed += bool(qa.get("passed"))
        self.qa_red_line += bool(qa.get("red_line"))
        self.score_histogram[min(score // 10 * 10, 100)] += 1
        for dim, value in (qa.get("dimensions") or {}).items():
            self.dimension_sums[str(dim)] += int(value)
            self.dimension_counts[str(dim)] += 1
        for check in qa.get("checks") or []:
            if not check.get("passed", True):
                self._add_failed_check(rec, check)
        agent = rec.get("agent")
        if isinstance(agent, dict) and agent.get("id") is not None:
            a = self.agents.setdefault(str(agent["id"]), AgentStats(str(agent["id"])))
            a.records += 1
            a.score_sum += score
            a.passed += bool(qa.get("passed"))
            a.red_lines += bool(qa.get("red_line"))
            a.flagged += bool(review.get("flagged"))

    def _add_failed_check(self, rec: dict[str, Any], check: dict[str, Any]) -> None:
        rule = str(check.get("rule"))
        stats = self.rules.get(rule)
        if stats is None:
            stats = self.rules[rule] = RuleStats(rule)
        stats.name = stats.name or check.get("name")
        stats.dimension = stats.dimension or check.get("dimension")
        stats.red_line = stats.red_line or bool(check.get("red_line"))
        stats.failed += 1
        stats.deducted += int(check.get("deduction") or 0)
        if len(stats.examples) < EXAMPLES_PER_RULE:
            stats.examples.append(_example(rec, check))

    def add_error(self, err: RecordError) -> None:
        """Count one record sent to the errors file."""
        self.errors += 1
        self.error_codes[err.error] += 1

    def add_results(self, results: Iterable[dict[str, Any] | RecordError]) -> None:
        """Count a sequence of output records and errors."""
        for r in results:
            if isinstance(r, RecordError):
                self.add_error(r)
            else:
                self.add_record(r)

    # ---------------------------------------------------------------- reading
    @property
    def total(self) -> int:
        """Records read (scored + errors)."""
        return self.records + self.errors

    @property
    def qa_pass_rate(self) -> float:
        """Share of scored records that passed QA."""
        return self.qa_passed / self.records if self.records else 0.0

    @property
    def mean_score(self) -> float:
        """Average QA score."""
        return self.qa_score_sum / self.records if self.records else 0.0

    @property
    def rate(self) -> float:
        """Records (scored + errors) per second."""
        return self.total / self.seconds if self.seconds > 0 else 0.0

    def top_rules(self, n: int = 10) -> list[RuleStats]:
        """The most often failed rules."""
        return sorted(self.rules.values(), key=lambda r: (-r.failed, r.rule))[:n]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (written beside the report, used by tests and tools)."""
        return {
            "records": self.records,
            "errors": self.errors,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.rate, 2),
            "pipeline": self.pipeline,
            "version": self.version,
            "workers": self.workers,
            "error_codes": dict(self.error_codes),
            "channels": dict(self.channels),
            "segments": dict(self.segments),
            "intents": dict(self.intents),
            "severities": dict(self.severities),
            "queues": dict(self.queues),
            "escalated": self.escalated,
            "qa": {
                "passed": self.qa_passed,
                "pass_rate": round(self.qa_pass_rate, 4),
                "red_line": self.qa_red_line,
                "mean_score": round(self.mean_score, 2),
                "histogram": {str(k): v for k, v in sorted(self.score_histogram.items())},
                "dimensions": {
                    d: round(self.dimension_sums[d] / self.dimension_counts[d], 2)
                    for d in self.dimension_counts
                },
            },
            "flagged": self.flagged,
            "flag_reasons": dict(self.flag_reasons),
            "pii_types": dict(self.pii_types),
            "rules": [
                {
                    "rule": r.rule,
                    "name": r.name,
                    "dimension": r.dimension,
                    "red_line": r.red_line,
                    "failed": r.failed,
                    "examples": r.examples,
                }
                for r in self.top_rules(len(self.rules))
            ],
            "agents": [
                {
                    "agent": a.agent,
                    "records": a.records,
                    "mean_score": round(a.mean_score, 2),
                    "pass_rate": round(a.pass_rate, 4),
                    "red_lines": a.red_lines,
                    "flagged": a.flagged,
                }
                for a in sorted(self.agents.values(), key=lambda a: a.agent)
            ],
        }

    def format_text(self) -> str:
        """The human-readable summary printed at the end of a run."""

        def dist(counter: Counter[str], names: dict[str, str]) -> str:
            items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
            return ", ".join(f"{names.get(k, k)}({k}) {v}" for k, v in items) or "-"

        lines = [
            f"records scored: {self.records}   errors: {self.errors}"
            + (f"   skipped: {self.skipped}" if self.skipped else "")
            + f"   time: {self.seconds:.1f}s ({self.rate:.1f} records/s, workers {self.workers})",
        ]
        if self.error_codes:
            codes = ", ".join(f"{k} {v}" for k, v in sorted(self.error_codes.items()))
            lines.append(f"errors by code: {codes}")
        if self.records:
            lines += [
                f"intents:    {dist(self.intents, INTENT_ZH)}",
                f"severities: {dist(self.severities, SEVERITY_ZH)}",
                f"queues:     {dist(self.queues, QUEUE_ZH)}",
                f"QA: pass rate {self.qa_pass_rate:.1%} ({self.qa_passed}/{self.records}), "
                f"mean score {self.mean_score:.1f}, red lines {self.qa_red_line}",
                f"flagged for review: {self.flagged}/{self.records}"
                + (
                    " (" + ", ".join(f"{k} {v}" for k, v in self.flag_reasons.most_common()) + ")"
                    if self.flag_reasons
                    else ""
                ),
            ]
        return "\n".join(lines)


def _example(rec: dict[str, Any], check: dict[str, Any]) -> dict[str, Any]:
    """A redacted evidence excerpt (output text is already redacted)."""
    example: dict[str, Any] = {"id": rec.get("id")}
    turns = rec.get("turns") or []
    evidence = check.get("evidence") or []
    if evidence:
        span = evidence[0]
        t = span.get("turn")
        if isinstance(t, int) and 0 <= t < len(turns):
            text = str(turns[t].get("text", ""))
            s, e = int(span.get("start", 0)), int(span.get("end", 0))
            lo = max(0, s - 15)
            hi = min(len(text), max(e, s) + 15)
            if hi - lo > EXCERPT_CHARS:
                hi = lo + EXCERPT_CHARS
            example.update(
                turn=t,
                speaker=turns[t].get("speaker"),
                before=text[lo:s],
                hit=text[s : min(e, hi)],
                after=text[min(e, hi) : hi],
            )
    if check.get("expected"):
        example["expected"] = str(check["expected"])
    return example


def summarize_file(path: str | Path, errors_path: str | Path | None = None) -> RunSummary:
    """Rebuild a summary from a scored JSONL file (and its errors file)."""
    summary = RunSummary()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                summary.add_record(json.loads(line))
    if errors_path and Path(errors_path).exists():
        with open(errors_path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    d = json.loads(line)
                    summary.add_error(
                        RecordError(d.get("source", ""), int(d.get("line", 0)), d["error"], "")
                    )
    return summary
