"""Address figures of an earlier ADDRESS recognizer, for the before → after columns of REPORT.md.

Usage (``baseline_address.json`` was made with exactly this)::

    .venv/bin/python -m eval.pii.address_baseline --commit 184cb6a --data-dir ../shared/datasets

The recognizer file ``triage/redact/recognizers/address.py`` of ``--commit`` is
read with ``git show`` and swapped in for the current one; everything else
(normalisation, other recognizers, the sets and the counting in
:mod:`eval.pii.run`) is the current code, so only the address recognizer
differs. Figures only are written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eval.gitrev import load_module
from eval.pii import corpora
from eval.pii.run import DEFAULT_DATA, eval_address, eval_generated_addresses

OUT = Path(__file__).with_name("baseline_address.json")


def _old_recognizer(commit: str) -> type:
    return load_module(
        commit, "triage/redact/recognizers/address.py", "_address_baseline"
    ).AddressRecognizer


def main(argv: list[str] | None = None) -> int:
    """Measure the earlier recognizer and write ``baseline_address.json``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--commit", required=True)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--n-address-per-form", type=int, default=60)
    p.add_argument("--n-address-negative", type=int, default=600)
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)

    import triage.redact.recognizers.address as current
    from triage.redact.redactor import Redactor

    current.AddressRecognizer = _old_recognizer(args.commit)  # type: ignore[misc]
    redactor = Redactor()
    redactor.setup()
    out = {
        "commit": args.commit,
        "note": "ADDRESS recognizer of this commit, everything else current; same sets and "
        "counting as REPORT.md; figures only",
        "generated_address": eval_generated_addresses(
            redactor, args.n_address_per_form, args.n_address_negative
        ),
    }
    try:
        out["address"] = eval_address(redactor, corpora.read_address(args.data_dir, "test"), None)
    except FileNotFoundError:
        print("eval.pii: address parsing corpus not found, skipped", file=sys.stderr)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"eval.pii: baseline written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
