"""``triage eval``: evaluate intent and severity on the hand-written set, write the report."""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
from pathlib import Path

from triage.config import DEFAULT_CONFIG, MODELS_DIR, REPO_ROOT
from triage.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``eval`` command."""
    p = subparsers.add_parser(
        "eval",
        help="evaluate the intent and severity models and write the report",
        description=(
            "Run the intent and severity stages over an evaluation split and write "
            "eval/classify/REPORT.md (plus metrics.json beside each model); the blind "
            "batches in eval/classify/blind/ are reported beside the hand-written set."
        ),
    )
    p.add_argument("--split", default="handwritten", choices=("handwritten", "validation"),
                   help="handwritten: eval/classify/cases_*.txt (default); validation: the "
                        "generated validation split (a sanity check, not a held-out figure)")
    p.add_argument("--models", default=None, metavar="DIR[,DIR]",
                   help="intent model folders to compare (default: the configured one, plus "
                        "models/intent-transformer when present)")
    p.add_argument("--config", default=str(DEFAULT_CONFIG), metavar="YAML")
    p.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "datasets",
                   help="public corpora, read in place (AFQMC agreement); skipped if absent")
    p.add_argument("--out", type=Path, default=REPO_ROOT / "eval" / "classify" / "REPORT.md")
    p.add_argument("--no-afqmc", action="store_true", help="skip the AFQMC agreement")
    p.add_argument("--no-metrics", action="store_true",
                   help="do not update models/*/metrics.json")
    p.set_defaults(func=run)


def _configured_model(config: Path) -> Path:
    from triage.config import load_pipeline_config

    cfg = load_pipeline_config(config)
    for spec in cfg.stages:
        if spec.factory == "triage.classify.intent.v1":
            return cfg.resolve(spec.settings.get("model", "../models/intent-sklearn"))
    raise UsageError(f"{config}: no intent stage configured")


def run(args: argparse.Namespace) -> int:
    """Evaluate and write the report."""
    logging.getLogger("triage").setLevel(logging.INFO)
    from triage.classify import evaluation

    chosen = _configured_model(Path(args.config))
    if args.models:
        models = [Path(m).resolve() for m in args.models.split(",") if m.strip()]
    else:
        models = [chosen]
        tr = MODELS_DIR / "intent-transformer"
        if tr.resolve() != chosen and (tr / "meta.json").exists():
            models.append(tr.resolve())
    for m in models:
        if not (m / "meta.json").exists():
            raise UsageError(f"{m}: not a model folder (no meta.json)")
    if args.split == "handwritten":
        cases = evaluation.load_cases()
    else:
        cases = evaluation.generated_cases()
    results = []
    for m in models:
        print(f"evaluating {m.name} on {len(cases)} {args.split} interactions…", file=sys.stderr)
        results.append(evaluation.evaluate(cases, m))
    blind_cases = evaluation.load_blind() if args.split == "handwritten" else []
    blind = []
    for m in models if blind_cases else []:
        print(f"evaluating {m.name} on {len(blind_cases)} blind interactions…", file=sys.stderr)
        blind.append(evaluation.evaluate(blind_cases, m))
    per_batch = {name: evaluation.evaluate(batch, chosen)
                 for name, batch in evaluation.blind_batches().items()} if blind else {}
    afqmc = None
    if not args.no_afqmc:
        afqmc = evaluation.afqmc_agreement(chosen, args.data_dir)
        if afqmc is None:
            print(f"afqmc: {args.data_dir / 'afqmc' / 'dev.json'} not found, skipped",
                  file=sys.stderr)
    command = "triage eval " + " ".join(shlex.quote(a) for a in sys.argv[2:]) \
        if len(sys.argv) > 1 and sys.argv[1] == "eval" else "triage eval"
    out = args.out
    if args.split != "handwritten" and args.out.name == "REPORT.md":
        out = args.out.with_name(f"REPORT-{args.split}.md")
    evaluation.write_report(results, afqmc, out, command.strip(),
                            str(chosen.relative_to(REPO_ROOT)) if chosen.is_relative_to(REPO_ROOT)
                            else str(chosen), blind=blind, blind_per_batch=per_batch)
    if args.split == "handwritten" and not args.no_metrics:
        for i, (m, r) in enumerate(zip(models, results, strict=True)):
            evaluation.update_model_metrics(m, r, afqmc if m == chosen else None,
                                            blind[i] if blind else None)
    summary = [{"model": r["intent_model"],
                "intent_macro_f1": round(r["intent_lenient"]["macro_f1"], 4),
                "intent_macro_f1_strict": round(r["intent_strict"]["macro_f1"], 4),
                "severity_accuracy": round(r["severity"]["accuracy"], 4)} for r in results]
    for row, b in zip(summary, blind, strict=False):
        row["blind"] = {"intent_macro_f1": round(b["intent_lenient"]["macro_f1"], 4),
                        "intent_macro_f1_strict": round(b["intent_strict"]["macro_f1"], 4),
                        "severity_accuracy": round(b["severity"]["accuracy"], 4)}
    print(json.dumps(summary, ensure_ascii=False))
    print(f"report: {out}", file=sys.stderr)
    return 0
