"""``triage train intent|severity``: train a classification model (seeded, logged)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from triage.errors import UsageError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``train`` command."""
    p = subparsers.add_parser(
        "train",
        help="train the intent or severity model",
        description=(
            "Train a model on the generated DatasetDict (models/training-data, generated "
            "first if missing) and write it to models/<target>-<model>/."
        ),
    )
    p.add_argument("target", choices=("intent", "severity"))
    p.add_argument("--model", default="sklearn", choices=("sklearn", "transformer"))
    p.add_argument("--data", type=Path, metavar="PATH", help="a saved DatasetDict folder")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="model folder (default models/<target>-<model>)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--regenerate", action="store_true",
                   help="rebuild models/training-data from the generator first")
    p.add_argument("--steps", type=int, default=None,
                   help="transformer: optimisation steps (default 1000)")
    p.add_argument("--layers", type=int, default=None,
                   help="transformer: top layers to train (default 2)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Train and print the generated-validation metrics."""
    logging.getLogger("triage").setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO)
    logging.getLogger().setLevel(logging.INFO)
    from triage.classify import training

    if args.data is not None and not (args.data / "dataset_dict.json").exists():
        raise UsageError(f"{args.data}: not a saved DatasetDict (no dataset_dict.json)")
    if args.regenerate:
        from triage.classify.datagen import build

        build.build(args.data or training.DEFAULT_DATA)
    extra = {}
    if args.model == "transformer":
        if args.steps is not None:
            extra["steps"] = args.steps
        if args.layers is not None:
            extra["layers"] = args.layers
    metrics = training.train(args.target, args.model, data=args.data, out=args.out,
                             seed=args.seed, **extra)
    print(json.dumps(metrics, ensure_ascii=False))
    return 0
