"""Name figures of an earlier PERSON recognizer, for the before → after columns of REPORT.md.

Usage (``baseline_person.json`` was made with exactly this)::

    .venv/bin/python -m eval.pii.names_baseline --commit 47ce166 --data-dir ../shared/datasets

The recognizer file ``triage/redact/recognizers/person_name.py`` of ``--commit`` is
read with ``git show`` and swapped in for the current one; everything else (the NLP
engine, other recognizers, the corpora, splits and counting in :mod:`eval.pii.run`)
is the current code, so only the person recognizer differs. Figures only are written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eval.gitrev import load_module
from eval.pii.run import CORPORA, DEFAULT_DATA, eval_name_lists, eval_ner_corpus

OUT = Path(__file__).with_name("baseline_person.json")


def _old_recognizer(commit: str) -> type:
    return load_module(
        commit, "triage/redact/recognizers/person_name.py", "_person_baseline"
    ).PersonNameRecognizer


def main(argv: list[str] | None = None) -> int:
    """Measure the earlier recognizer and write ``baseline_person.json``."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--commit", required=True)
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA)
    p.add_argument("--out", type=Path, default=OUT)
    p.add_argument("--n-name-lists", type=int, default=40)
    args = p.parse_args(argv)

    import triage.redact.recognizers.person_name as current
    from triage.redact.redactor import Redactor

    current.PersonNameRecognizer = _old_recognizer(args.commit)  # type: ignore[misc]
    redactor = Redactor()
    redactor.setup()
    out: dict[str, Any] = {
        "commit": args.commit,
        "note": "PERSON recognizer of this commit, everything else current; same splits and "
        "counting as REPORT.md; figures only",
        "corpora": {},
        "name_lists": eval_name_lists(redactor, args.n_name_lists),
    }
    for name, (reader, person, keep) in CORPORA.items():
        try:
            sents = reader(args.data_dir)
        except FileNotFoundError:
            print(f"eval.pii: {name}: not found, skipped", file=sys.stderr)
            continue
        c = eval_ner_corpus(redactor, sents, person, keep, None)
        out["corpora"][name] = {k: v for k, v in c.items() if k != "seconds"}
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"eval.pii: baseline written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
