"""``triage rules list`` and ``triage rules test``: inspect and test the QA rule pack.

``test`` runs each rule file against its ``.cases.jsonl`` (and optionally a
transcript file, redacted first by the pipeline's stages) and prints, per
case, fire / no-fire with evidence. Exit 1 on any mismatch, 2 on bad input.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from triage.config import PIPELINES_DIR
from triage.errors import ConfigError, UsageError
from triage.schema import CheckResult, Turn

DEFAULT_RULES = PIPELINES_DIR / "qa_rules"


def register(sub: Any) -> None:
    """Add the ``rules`` command group."""
    p = sub.add_parser("rules", help="list and test the QA rule pack")
    rsub = p.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), 2)[1])

    lp = rsub.add_parser("list", help="list the rules (id, dimension, severity, weight)")
    lp.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="rule directory")
    lp.set_defaults(func=cmd_list)

    tp = rsub.add_parser("test", help="run rule files against their cases (and a transcript)")
    tp.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="RULE_FILE",
        help="rule files (default: every rule in --rules)",
    )
    tp.add_argument("--rules", type=Path, default=DEFAULT_RULES, help="rule directory")
    tp.add_argument(
        "--transcript",
        type=Path,
        action="append",
        default=[],
        help="input records (JSONL/CSV/ASR JSON) to run the rules on; "
        "redacted by the default pipeline before any text is shown",
    )
    tp.add_argument(
        "--config",
        type=Path,
        default=None,
        help="pipeline YAML whose stages before qa prepare --transcript records "
        "(default: pipelines/default.yaml)",
    )
    tp.add_argument(
        "--similarity",
        action="store_true",
        help="also run similarity matchers (loads the sentence encoder)",
    )
    tp.add_argument("-q", "--quiet", action="store_true", help="print mismatches only")
    tp.set_defaults(func=cmd_test)


def cmd_list(args: argparse.Namespace) -> int:
    """Print one line per rule."""
    from triage.qa.rules import load_rules

    rules = load_rules(args.rules)
    print("规则  名称            维度      严重度  扣分  红线  语义  案例  说明")
    for r in rules:
        n_cases = _count_cases(r.cases_path)
        print(
            f"{r.id:<5} {_pad(r.name, 14)}  {_pad(r.dimension, 8)}  {r.severity:<4}  "
            f"{r.weight:>4}  {'是' if r.red_line else '否':<3}  "
            f"{'是' if r.uses_similarity else '否':<3}  {n_cases:>4}  "
            f"{r.description}{'' if r.enabled else '（已停用）'}"
        )
    return 0


def _pad(text: str, width: int) -> str:
    """Pad to a display width counting CJK characters as two columns."""
    w = sum(2 if ord(c) > 0x2E80 else 1 for c in text)
    return text + " " * max(0, width - w)


def _count_cases(path: Path) -> int:
    if not path.is_file():
        return 0
    with open(path, encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip())


def _evidence(check: CheckResult | None, turns: Sequence[Turn]) -> str:
    if check is None:
        return "不适用"
    if check.passed:
        return "通过"
    parts = []
    for s in check.evidence[:4]:
        snippet = turns[s.turn].text[s.start : s.end]
        if len(snippet) > 30:
            snippet = snippet[:30] + "…"
        parts.append(f"第{s.turn}轮[{s.start}:{s.end}]「{snippet}」")
    if len(check.evidence) > 4:
        parts.append(f"等{len(check.evidence)}处")
    if not parts and check.expected:
        parts.append(f"应有：{check.expected}")
    red = "【红线】" if check.red_line else ""
    return red + ("；".join(parts) or "无证据")


def cmd_test(args: argparse.Namespace) -> int:
    """Run rules against their cases (and transcripts); 1 on any mismatch."""
    from triage.qa.cases import load_cases, run_cases
    from triage.qa.rules import load_rules

    targets = list(args.files) or [args.rules]
    for t in targets:
        if not t.exists():
            raise UsageError(f"{t}: no such rule file or directory")
    rules = load_rules(targets)
    if not rules:
        raise UsageError("no rule files found")
    mismatches = total = 0
    for rule in rules:
        if not rule.cases_path.is_file():
            print(f"{rule.id}  MISSING  no cases file {rule.cases_path.name}")
            mismatches += 1
            continue
        cases = load_cases(rule.cases_path)
        fired_n = sum(c.expect == "fire" for c in cases)
        if not args.quiet:
            print(
                f"== {rule.id} {rule.name}  "
                f"({fired_n} must-fire, {len(cases) - fired_n} must-not-fire)"
            )
        for res in run_cases(rule, cases, similarity=args.similarity):
            total += 1
            mark = "ok  " if res.ok else "FAIL"
            if not res.ok:
                mismatches += 1
            if args.quiet and res.ok:
                continue
            got = "fire   " if res.fired else "no-fire"
            want = "fire" if res.case.expect == "fire" else "no-fire"
            print(
                f"  {mark} {rule.id}:{res.case.line:<3} expect {want:<7} got {got} "
                f"{res.case.name} — {_evidence(res.check, res.case.turns)}"
            )
    for path in args.transcript:
        _run_transcript(path, rules, args.similarity, args.config)
    print(f"{total} cases, {mismatches} mismatches")
    return 1 if mismatches else 0


def _run_transcript(
    path: Path, rules: list[Any], similarity: bool, config: Path | None = None
) -> None:
    """Redact the records of ``path`` with the pipeline's stages before qa, then run each rule."""
    from triage.errors import RecordError
    from triage.io.sources import read_inputs
    from triage.pipeline import Pipeline
    from triage.qa.engine import check_rule
    from triage.qa.stage import context_of

    if not path.exists():
        raise UsageError(f"{path}: no such transcript file")
    try:
        pipe = Pipeline.from_config(config)
        names = [s.name for s in pipe.stages]
        upto = names.index("qa") if "qa" in names else len(names)
        pipe.stages = pipe.stages[:upto]
        if "redact" not in names[:upto]:
            raise ConfigError("the default pipeline has no redact stage before qa")
    except (ImportError, KeyError) as exc:
        raise ConfigError(f"cannot build the redaction stages: {type(exc).__name__}") from exc
    docs = [d for d in read_inputs([path]) if not isinstance(d, RecordError)]
    print(f"== transcript {path.name}: {len(docs)} record(s)")
    for item in pipe.run_docs(docs):
        if isinstance(item, RecordError):
            print(f"  {item.id or '?'}: {item.error} {item.reason} (not shown)")
            continue
        ctx = context_of(item)
        if similarity:
            from triage.qa.embedder import embed

            ctx.similarity, ctx.embedder = True, embed
        for rule in rules:
            check = check_rule(rule, ctx)
            got = "fire   " if check is not None and not check.passed else "no-fire"
            print(f"  {item.id} {rule.id} {got} {_evidence(check, item.redacted or ())}")
