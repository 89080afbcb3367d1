"""Runs the C02 / C05 probe lines (``probe_norms.txt``) through the rule pack.

Each probe is a two-turn call (customer line, agent line, no identity check);
prints per rule how many ``fire`` probes fired and how many ``no_fire``
probes fired wrongly, and lists the disagreements.

Usage: ``.venv/bin/python eval/qa/probe_norms.py [probe_norms2.txt] [--counts-only]
[--rules=DIR]`` (DIR: another rule pack, e.g. an older commit's ``pipelines/qa_rules``
written out with ``git show``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from triage.qa.context import QAContext  # noqa: E402
from triage.qa.engine import check_rule  # noqa: E402
from triage.qa.rules import load_rules  # noqa: E402
from triage.schema import Turn  # noqa: E402


def load(path: Path) -> list[tuple[str, bool, str, str]]:
    """(rule, should fire, customer line, agent line) per probe."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("//"):
            continue
        head, cust, agent = (p.strip() for p in line.split("|"))
        rule, expect = head.split()
        out.append((rule, expect == "fire", cust, agent))
    return out


def main() -> int:
    """Print the probe figures."""
    rules_dir = REPO / "pipelines" / "qa_rules"
    for a in sys.argv[1:]:
        if a.startswith("--rules="):
            rules_dir = Path(a.split("=", 1)[1])
    rules = {r.id: r for r in load_rules(rules_dir)}
    counts: dict[str, list[int]] = {}
    errors = []
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = HERE / (args[0] if args else "probe_norms.txt")
    for rule, fire, cust, agent in load(path):
        turns = [Turn("customer", cust, 0.0, 3.0), Turn("agent", agent, 3.5, 8.0)]
        check = check_rule(rules[rule], QAContext.build(turns, channel="call"))
        fired = check is not None and not check.passed
        c = counts.setdefault(rule, [0, 0, 0, 0])  # fire total, fired, no_fire total, fired
        c[0 if fire else 2] += 1
        c[1 if fire else 3] += fired
        if fired != fire:
            errors.append(f"  {'FN' if fire else 'FP'} {rule} {agent}")
    for rule, (n_pos, tp, n_neg, fp) in sorted(counts.items()):
        print(f"{rule}: recall {tp}/{n_pos} = {tp / n_pos:.2f}; false alarms {fp}/{n_neg}")
    if "--counts-only" not in sys.argv:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
