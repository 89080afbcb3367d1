"""Evaluate the intent and severity stages on the hand-written set (``triage eval``).

The hand-written set lives in ``eval/classify/cases_*.txt`` (format in
``eval/classify/README.md``): interactions in redacted form with a gold
intent, acceptable alternative intents (where genuinely ambiguous) and a gold
severity. Nothing trains on it. :func:`evaluate` runs the real stages
(:class:`~triage.classify.stage.IntentStage`,
:class:`~triage.classify.severity.SeverityStage`) and returns every figure;
:func:`write_report` renders the committed Markdown report.
"""

from __future__ import annotations

import json
import os
import platform
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage.config import PIPELINES_DIR, REPO_ROOT
from triage.schema import INTENT_ZH, INTENTS, SEVERITIES, Interaction, Turn
from triage.stage import Doc

EVAL_DIR = REPO_ROOT / "eval" / "classify"
# Fresh batches written blind (before the changes they measure) and kept out of
# all error analysis: reported beside the main set, never listed case by case.
BLIND_DIR = EVAL_DIR / "blind"
_HEADER = re.compile(r"^===\s*(.+)$")
_SPEAKERS = {"A": "agent", "C": "customer", "S": "system"}


@dataclass(frozen=True)
class Case:
    """One hand-written interaction with its labels."""

    id: str
    channel: str
    segment: str | None
    intent: str
    acceptable: tuple[str, ...]
    severity: str
    turns: tuple[Turn, ...]
    source: str
    line: int


def parse_cases(path: Path) -> list[Case]:
    """Parse one ``cases_*.txt`` file; errors name the file and line."""
    cases: list[Case] = []
    head: list[str] | None = None
    head_line = 0
    turns: list[Turn] = []

    def flush() -> None:
        if head is None:
            return
        if len(head) != 6:
            raise ValueError(f"{path.name}:{head_line}: header needs 6 fields separated by |")
        cid, channel, segment, intent, alts, severity = head
        acceptable = tuple(a for a in re.split(r"[,\s]+", alts) if a and a != "-")
        for lab in (intent, *acceptable):
            if lab not in INTENTS:
                raise ValueError(f"{path.name}:{head_line}: unknown intent {lab!r}")
        if severity not in SEVERITIES:
            raise ValueError(f"{path.name}:{head_line}: unknown severity {severity!r}")
        if channel not in ("call", "chat"):
            raise ValueError(f"{path.name}:{head_line}: unknown channel {channel!r}")
        if not turns:
            raise ValueError(f"{path.name}:{head_line}: case {cid} has no turns")
        cases.append(Case(cid, channel, None if segment == "-" else segment, intent, acceptable,
                          severity, tuple(turns), path.name, head_line))

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _HEADER.match(line)
        if m:
            flush()
            head = [f.strip() for f in m.group(1).split("|")]
            head_line = n
            turns = []
            continue
        spk, sep, text = line.partition(":")
        if not sep or spk.strip() not in _SPEAKERS or head is None:
            raise ValueError(f"{path.name}:{n}: expected 'A: …' or 'C: …' inside a case")
        turns.append(Turn(_SPEAKERS[spk.strip()], text.strip()))
    flush()
    return cases


def load_cases(folder: Path = EVAL_DIR) -> list[Case]:
    """Every case of the hand-written set, ids unique."""
    cases = [c for p in sorted(folder.glob("cases_*.txt")) for c in parse_cases(p)]
    dup = [k for k, v in Counter(c.id for c in cases).items() if v > 1]
    if dup:
        raise ValueError(f"duplicate case ids: {dup}")
    return cases


def load_blind(folder: Path = BLIND_DIR) -> list[Case]:
    """The blind batches (``eval/classify/blind/cases_*.txt``); empty when absent."""
    if not folder.is_dir():
        return []
    return load_cases(folder)


def blind_batches(folder: Path = BLIND_DIR) -> dict[str, list[Case]]:
    """The blind batches one by one (file stem -> its cases), each measured on its own."""
    if not folder.is_dir():
        return {}
    return {p.stem.removeprefix("cases_"): parse_cases(p)
            for p in sorted(folder.glob("cases_*.txt"))}


def _doc(case: Case) -> Doc:
    extra = {"customer": {"segment": case.segment}} if case.segment else {}
    inter = Interaction(case.id, case.channel, case.turns, extra)
    return Doc(inter, source=case.source, line=case.line, entities=(), redacted=case.turns)


def build_stages(intent_model: Path, severity_yaml: Path = PIPELINES_DIR / "severity.yaml",
                 severity_model: str | None = None) -> tuple[Any, Any]:
    """The two stages as the pipeline builds them, with a chosen intent model."""
    from triage.classify.severity import SeverityStage
    from triage.classify.stage import IntentStage

    intent = IntentStage(model=str(intent_model))
    severity = SeverityStage(signals=str(severity_yaml), model=severity_model)
    intent.setup()
    severity.setup()
    return intent, severity


def _prf(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(labels),
                                                 zero_division=0)
    return {
        "macro_f1": float(f1_score(y_true, y_pred, labels=list(labels), average="macro",
                                   zero_division=0)),
        "accuracy": sum(a == b for a, b in zip(y_true, y_pred, strict=True)) / max(len(y_true), 1),
        "per_class": {lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]),
                            "support": int(s[i])} for i, lab in enumerate(labels)},
        "confusion": confusion_matrix(y_true, y_pred, labels=list(labels)).tolist(),
    }


def evaluate(cases: Sequence[Case], intent_model: Path, batch_size: int = 32,
             severity_model: str | None = None) -> dict[str, Any]:
    """Run both stages over ``cases`` and compute every figure of the report."""
    intent_stage, severity_stage = build_stages(intent_model, severity_model=severity_model)
    docs = [_doc(c) for c in cases]
    t0 = time.perf_counter()
    for i in range(0, len(docs), batch_size):
        intent_stage.process_batch(docs[i:i + batch_size])
    t_intent = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(0, len(docs), batch_size):
        severity_stage.process_batch(docs[i:i + batch_size])
    t_sev = time.perf_counter() - t0
    pred_i = [d.intent.label for d in docs]
    gold_i = [c.intent for c in cases]
    # With alternatives: a prediction among the case's acceptable labels counts as gold.
    lenient_gold = [p if p in (c.intent, *c.acceptable) else c.intent
                    for p, c in zip(pred_i, cases, strict=True)]
    pred_s = [d.severity.level for d in docs]
    gold_s = [c.severity for c in cases]
    sev = _prf(gold_s, pred_s, SEVERITIES)
    unsure = sum(1 for d in docs if d.signals.get("intent", {}).get("unsure"))
    errors = []
    for c, d in zip(cases, docs, strict=True):
        ok_i = d.intent.label in (c.intent, *c.acceptable)
        if not ok_i or d.severity.level != c.severity:
            errors.append({"id": c.id, "gold_intent": c.intent, "acceptable": list(c.acceptable),
                           "pred_intent": d.intent.label,
                           "confidence": round(d.intent.confidence, 2),
                           "gold_severity": c.severity, "pred_severity": d.severity.level,
                           "reasons": list(d.severity.reasons)})
    p1_as_p4 = sum(1 for g, p in zip(gold_s, pred_s, strict=True) if g == "P1" and p == "P4")
    return {
        "n": len(cases),
        "intent_model": str(intent_model.relative_to(REPO_ROOT)
                            if intent_model.is_relative_to(REPO_ROOT) else intent_model),
        "intent_strict": _prf(gold_i, pred_i, INTENTS),
        "intent_lenient": _prf(lenient_gold, pred_i, INTENTS),
        "severity": sev,
        "p1_predicted_p4": p1_as_p4,
        "unsure": unsure,
        "secondary_predicted": sum(1 for d in docs if d.intent.secondary),
        "ms_per_record_intent": 1000 * t_intent / max(len(docs), 1),
        "ms_per_record_severity": 1000 * t_sev / max(len(docs), 1),
        "errors": errors,
        "severity_model": None if severity_stage._model_path is None
        else str(severity_stage._model_path),
    }


def afqmc_agreement(intent_model: Path, data_dir: Path, limit: int | None = None
                    ) -> dict[str, Any] | None:
    """Same-intent rate on AFQMC pairs (read in place); None when the set is absent."""
    path = data_dir / "afqmc" / "dev.json"
    if not path.exists():
        return None
    pairs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                pairs.append((row["sentence1"], row["sentence2"], row["label"]))
    if limit:
        pairs = pairs[:limit]
    from triage.classify.loader import load_model

    model = load_model(intent_model)
    texts = sorted({s for a, b, _ in pairs for s in (a, b)})
    labels: dict[str, str] = {}
    for i in range(0, len(texts), 256):
        chunk = texts[i:i + 256]
        proba, _ = model.predict_turns([[Turn("customer", t)] for t in chunk])
        for t, row in zip(chunk, proba, strict=True):
            labels[t] = model.classes_[int(row.argmax())]
    same = [labels[a] == labels[b] for a, b, lab in pairs if lab == "1"]
    diff = [labels[a] == labels[b] for a, b, lab in pairs if lab == "0"]
    return {
        "pairs_same_meaning": len(same),
        "same_intent_rate_same_meaning": sum(same) / max(len(same), 1),
        "pairs_different": len(diff),
        "same_intent_rate_different": sum(diff) / max(len(diff), 1),
        "distribution": dict(Counter(labels.values()).most_common()),
        "sentences": len(labels),
    }


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _intent_table(res: dict[str, Any]) -> list[str]:
    out = ["| 类别 | code | precision | recall | F1 | n |", "|---|---|---|---|---|---|"]
    for lab in INTENTS:
        m = res["per_class"][lab]
        out.append(f"| {INTENT_ZH[lab]} | `{lab}` | {m['precision']:.2f} | {m['recall']:.2f} | "
                   f"{m['f1']:.2f} | {m['support']} |")
    return out


def _confusion(res: dict[str, Any], labels: Sequence[str]) -> list[str]:
    out = ["| gold \\ pred | " + " | ".join(labels) + " |",
           "|---" * (len(labels) + 1) + "|"]
    for lab, row in zip(labels, res["confusion"], strict=True):
        out.append(f"| {lab} | " + " | ".join(str(v) for v in row) + " |")
    return out


def _summary_rows(results: Sequence[dict[str, Any]]) -> list[str]:
    lines = [
        "| model | intent macro-F1 (strict) | intent macro-F1 (with alternatives) "
        "| intent accuracy "
        "(with alt.) | severity accuracy | recall fraud_report | recall complaint | P1→P4 | "
        "ms/record intent | ms/record severity |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        le = r["intent_lenient"]
        lines.append(
            f"| `{r['intent_model']}` | {r['intent_strict']['macro_f1']:.3f} | "
            f"{le['macro_f1']:.3f} | {_pct(le['accuracy'])} | {_pct(r['severity']['accuracy'])} | "
            f"{le['per_class']['fraud_report']['recall']:.2f} | "
            f"{le['per_class']['complaint']['recall']:.2f} | {r['p1_predicted_p4']} | "
            f"{r['ms_per_record_intent']:.1f} | {r['ms_per_record_severity']:.1f} |")
    return lines


def _batch_rows(per_batch: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "| batch | n | intent macro-F1 (strict) | intent macro-F1 (with alternatives) | "
        "severity accuracy | recall fraud_report | recall complaint | P1→P4 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in per_batch.items():
        le = r["intent_lenient"]
        lines.append(
            f"| {name} | {r['n']} | {r['intent_strict']['macro_f1']:.3f} | {le['macro_f1']:.3f} | "
            f"{_pct(r['severity']['accuracy'])} | "
            f"{le['per_class']['fraud_report']['recall']:.2f} | "
            f"{le['per_class']['complaint']['recall']:.2f} | {r['p1_predicted_p4']} |")
    return lines


def _blind_section(blind: Sequence[dict[str, Any]],
                   per_batch: dict[str, dict[str, Any]] | None = None) -> list[str]:
    lines = [
        "## Blind batch",
        "",
        f"`eval/classify/blind/cases_*.txt`, {blind[0]['n']} interactions written one by one "
        "*before* the changes of the session that added them and measured first on the models "
        "as they were (see HISTORY.md). They are kept out of error analysis: only aggregate "
        "figures are shown, no list of misses.",
        "",
    ]
    lines += _summary_rows(blind)
    if per_batch and len(per_batch) > 1:
        lines += ["", "Each batch on its own (configured model):", ""]
        lines += _batch_rows(per_batch)
    lines += ["", "Severity confusion of the configured model (rows gold, columns predicted):",
              ""]
    lines += _confusion(blind[0]["severity"], SEVERITIES)
    lines.append("")
    return lines


def write_report(results: Sequence[dict[str, Any]], afqmc: dict[str, Any] | None, out: Path,
                 command: str, chosen: str,
                 blind: Sequence[dict[str, Any]] | None = None,
                 blind_per_batch: dict[str, dict[str, Any]] | None = None) -> None:
    """Render ``REPORT.md`` from one result per intent model (first = the configured one);
    ``blind`` holds the same models' results on the blind batches (aggregates only),
    ``blind_per_batch`` the configured model's result on each batch alone."""
    lines = [
        "# Intent and severity: evaluation on the hand-written set",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_machine()}  ",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
        f"Set: `eval/classify/cases_*.txt`, {results[0]['n']} interactions written by hand "
        "(not generated, nothing trains on them); see `eval/classify/README.md`.",
        f"Configured in `pipelines/default.yaml`: `{chosen}`.",
        "",
        "Intent figures come in two readings: *strict* (only the gold label counts) and",
        "*with alternatives* (a prediction listed among the case's acceptable alternatives,",
        "for genuinely ambiguous interactions, counts as correct). Severity is the full",
        "severity stage (model + signals + intent floor) run after that intent model.",
        "",
        "## Summary",
        "",
    ]
    lines += _summary_rows(results)
    lines += [
        "",
        "Targets: intent macro-F1 ≥ 0.90; severity accuracy ≥ 0.90; recall ≥ 0.85 for",
        "fraud_report and complaint; P1 never predicted as P4.",
        "",
    ]
    if blind:
        lines += _blind_section(blind, blind_per_batch)
    for r in results:
        lines += [f"## `{r['intent_model']}`", "",
                  "### Intent per class (with alternatives)", ""]
        lines += _intent_table(r["intent_lenient"])
        lines += ["", "### Intent per class (strict)", ""]
        lines += _intent_table(r["intent_strict"])
        lines += ["", "### Intent confusion (with alternatives; rows gold, columns predicted)", ""]
        lines += _confusion(r["intent_lenient"], INTENTS)
        lines += ["", "### Severity", ""]
        sv = r["severity"]
        lines += ["| level | precision | recall | F1 | n |", "|---|---|---|---|---|"]
        for lab in SEVERITIES:
            m = sv["per_class"][lab]
            lines.append(f"| {lab} | {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | "
                         f"{m['support']} |")
        lines += ["", "Confusion (rows gold, columns predicted):", ""]
        lines += _confusion(sv, SEVERITIES)
        lines += ["", f"Unsure (flagged for review): {r['unsure']} of {r['n']}; "
                  f"interactions with a secondary intent predicted: {r['secondary_predicted']}.",
                  "", "### Misses", "",
                  "| id | gold intent (alt.) | predicted (conf.) | gold sev. | predicted sev. |",
                  "|---|---|---|---|---|"]
        for e in r["errors"]:
            alt = f" ({', '.join(e['acceptable'])})" if e["acceptable"] else ""
            lines.append(f"| {e['id']} | {e['gold_intent']}{alt} | {e['pred_intent']} "
                         f"({e['confidence']:.2f}) | {e['gold_severity']} | {e['pred_severity']} |")
        lines.append("")
    lines += ["## AFQMC same-intent agreement", ""]
    if afqmc is None:
        lines.append("`afqmc/dev.json` not found under the data directory: skipped.")
    else:
        lines += [
            "Real Ant Financial questions (花呗/借呗), read in place from "
            "`../shared/datasets/afqmc/dev.json`, classified one sentence at a time with the "
            f"configured intent model ({afqmc['sentences']} distinct sentences).",
            "",
            f"- same-meaning pairs (label 1, n={afqmc['pairs_same_meaning']}): same intent in "
            f"**{_pct(afqmc['same_intent_rate_same_meaning'])}**",
            f"- different-meaning pairs (label 0, n={afqmc['pairs_different']}): same intent in "
            f"{_pct(afqmc['same_intent_rate_different'])} (not an error: coarse categories)",
            "- predicted distribution: " + ", ".join(
                f"{k} {v}" for k, v in afqmc["distribution"].items()),
        ]
    lines.append("")
    history = EVAL_DIR / "HISTORY.md"
    if history.exists():
        lines += ["", history.read_text(encoding="utf-8")]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")


def generated_cases(limit: int = 500) -> list[Case]:
    """The generated validation split as cases (a sanity check, not a held-out figure)."""
    from triage.classify.datagen import build

    ds = build.load()["validation"]
    out = []
    for i, row in enumerate(ds):
        if i >= limit:
            break
        turns = tuple(Turn(t["speaker"], t["text"]) for t in row["turns"])
        out.append(Case(row["id"], row["channel"], row["segment"], row["intent"],
                        tuple(row["secondary"]), row["severity"], turns, "validation", i + 1))
    return out


def _short(res: dict[str, Any]) -> dict[str, Any]:
    return {
        "macro_f1": round(res["macro_f1"], 4),
        "accuracy": round(res["accuracy"], 4),
        "per_class": {k: {m: round(v, 4) if isinstance(v, float) else v for m, v in d.items()}
                      for k, d in res["per_class"].items()},
    }


def update_model_metrics(model_dir: Path, result: dict[str, Any],
                         afqmc: dict[str, Any] | None,
                         blind: dict[str, Any] | None = None) -> None:
    """Merge the hand-written figures into ``metrics.json`` of the intent model (and of
    the severity model the severity stage used); ``blind``: the blind batches' result."""
    target = model_dir / "metrics.json"
    data = json.loads(target.read_text(encoding="utf-8")) if target.exists() else {}
    data["handwritten"] = {
        "n": result["n"],
        "intent_with_alternatives": _short(result["intent_lenient"]),
        "intent_strict": _short(result["intent_strict"]),
        "ms_per_record": round(result["ms_per_record_intent"], 2),
        "unsure": result["unsure"],
    }
    if blind is not None:
        data["blind"] = {
            "n": blind["n"],
            "intent_with_alternatives": _short(blind["intent_lenient"]),
            "intent_strict": _short(blind["intent_strict"]),
        }
    if afqmc is not None:
        data["afqmc_same_intent_rate"] = round(afqmc["same_intent_rate_same_meaning"], 4)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    sev_dir = result.get("severity_model")
    if sev_dir:
        starget = Path(sev_dir) / "metrics.json"
        sdata = json.loads(starget.read_text(encoding="utf-8")) if starget.exists() else {}
        key = f"handwritten_with_{model_dir.name}"
        sdata[key] = {
            "n": result["n"], "severity_stage": _short(result["severity"]),
            "confusion": result["severity"]["confusion"],
            "p1_predicted_p4": result["p1_predicted_p4"],
            "ms_per_record": round(result["ms_per_record_severity"], 2),
        }
        if blind is not None:
            sdata[f"blind_with_{model_dir.name}"] = {
                "n": blind["n"], "severity_stage": _short(blind["severity"]),
                "confusion": blind["severity"]["confusion"],
                "p1_predicted_p4": blind["p1_predicted_p4"],
            }
        starget.write_text(json.dumps(sdata, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
