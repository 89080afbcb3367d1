"""CPU of the intent, severity and QA stages: a git revision vs the working tree, same outcomes.

Builds the benchmark input of ``eval/bench/batch.py`` (``batch_data``, ``--n``
interactions) and ``data_samples/``, runs normalisation and redaction once
(working tree), then scores the redacted records with the ``intent``,
``severity`` and ``qa`` stages of the revision's code and models
(``git archive``) and of the working tree, in alternating fresh processes
(``--pairs`` of them; each process runs the bench ``--reps`` times after a
warm-up on other records and keeps the least CPU per stage: the machine is
shared). The classifiers' per-chat caches and the jieba segmentation cache
are emptied before every pass, so each pass costs what the first does.

Prints CPU seconds per stage (best of all runs of each side) and whether every
record's intent, severity, severity facts and QA result are identical.

Usage::

    .venv/bin/python eval/qa/stage_cpu.py --rev 31d6eeb            # before the speed work
    .venv/bin/python eval/qa/stage_cpu.py --rev HEAD --n 32 --pairs 1   # quick check
    .venv/bin/python eval/qa/stage_cpu.py --rev 31d6eeb --live     # live hook, ms per message
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from eval.gitrev import extract  # noqa: E402

STAGES = ("intent", "severity", "qa")


def capture(n: int, out: Path) -> None:
    """Redacted records (bench, warm-up, samples) pickled to ``out``."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "eval" / "bench"))
    import batch_data

    from triage.config import load_pipeline_config
    from triage.engines.local import build_pipeline
    from triage.io.options import ReaderOptions
    from triage.io.sources import read_inputs
    from triage.stage import Doc

    cfg = load_pipeline_config(None)
    pipe = build_pipeline(None, None)
    pipe.setup()
    tmp = out.parent
    sets = {
        "bench": [batch_data.write(tmp / "bench.jsonl", n)],
        "warm": [batch_data.write(tmp / "warm.jsonl", 16, seed=99)],
        "samples": [REPO / "data_samples" / "calls.jsonl", REPO / "data_samples" / "chats.jsonl"],
    }
    docs = {}
    for name, paths in sets.items():
        read = read_inputs(paths, ReaderOptions(limits=cfg.limits))
        got = [d for d in read if isinstance(d, Doc)]
        for stage in pipe.stages:
            if stage.name in ("normalize", "redact"):
                stage.process_batch(got)
        docs[name] = got
    with open(out, "wb") as fh:
        pickle.dump(docs, fh)


def _freeze() -> None:
    """Loaded models out of the collector's view, on both sides alike (newer trees'
    ``build_pipeline`` does it itself, older ones do not)."""
    gc.collect()
    gc.freeze()


def live(repo: Path, out: Path, reps: int) -> None:
    """Per-message stage CPU of the live hook (the code under ``repo``; fresh process).

    The chats of the service benchmark (``eval/bench/chats.jsonl`` and
    ``data_samples/chats.jsonl``) are sent message by message, ``reps`` times
    (new chat ids each time) after one warm-up round, as ``triage serve`` does.
    """
    sys.path.insert(0, str(repo))
    import triage

    assert Path(triage.__file__).resolve().is_relative_to(repo.resolve()), triage.__file__
    import triage.classify.fast_linear as fl
    import triage.classify.text as text
    from triage.engines.local import build_pipeline
    from triage.hook import ChatHook

    cpu: dict[str, float] = {}

    def add(name: str, seconds: float) -> None:
        cpu[name] = cpu.get(name, 0.0) + seconds

    hook = ChatHook(build_pipeline(None, None), observers=[], stage_cpu_timer=add)
    _freeze()
    chats = []
    for path in (REPO / "eval" / "bench" / "chats.jsonl", REPO / "data_samples" / "chats.jsonl"):
        chats += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]

    def play(tag: str) -> int:
        sent = 0
        for k, chat in enumerate(chats):
            # the classifiers' per-chat LRU is keyed by content: empty it per replay
            fl._NORM_CACHE.clear()
            getattr(text.normalize, "cache_clear", lambda: None)()  # an LRU since 0e49045
            for ref in fl._SHARED if hasattr(fl, "_SHARED") else ():
                model = ref()
                if model is not None:
                    model._cache.clear()
            for stage in hook.pipeline.stages:
                model = getattr(stage, "_model", None)
                for val in vars(model).values() if model is not None else ():
                    if isinstance(val, fl.FastLinear):
                        val._cache.clear()
            for turn in chat["turns"]:
                hook.add_message(f"{tag}-{k}", turn["speaker"], turn["text"],
                                 customer=chat.get("customer"))
                sent += 1
            hook.end_chat(f"{tag}-{k}")
        return sent

    play("warm")
    cpu.clear()
    sent = sum(play(f"r{r}") for r in range(reps))
    per = {k: cpu.get(k, 0.0) / sent * 1000 for k in STAGES}
    out.write_text(json.dumps({"times": {k: [v] for k, v in per.items()}, "messages": sent}))


def child(repo: Path, docs_path: Path, out: Path, reps: int) -> None:
    """Time the stages of the code under ``repo`` (run in a fresh process)."""
    sys.path.insert(0, str(repo))
    import triage

    assert Path(triage.__file__).resolve().is_relative_to(repo.resolve()), triage.__file__
    import triage.classify.fast_linear as fl
    import triage.classify.features as feats
    import triage.classify.text as text
    from triage.engines.local import build_pipeline

    pipe = build_pipeline(None, None)
    pipe.setup()
    _freeze()
    stages = [s for s in pipe.stages if s.name in STAGES]
    with open(docs_path, "rb") as fh:
        data = pickle.load(fh)

    def clear() -> None:
        feats._segment.cache_clear()
        fl._NORM_CACHE.clear()
        getattr(text.normalize, "cache_clear", lambda: None)()  # an LRU since 0e49045
        for s in stages:
            model = getattr(s, "_model", None)
            for val in vars(model).values() if model is not None else ():
                if isinstance(val, fl.FastLinear):
                    val._cache.clear()

    def run(docs: list) -> dict[str, float]:
        cpu = {}
        for s in stages:
            c = time.process_time()
            for i in range(0, len(docs), 64):
                s.process_batch(docs[i : i + 64])
            cpu[s.name] = time.process_time() - c
        return cpu

    run(copy.deepcopy(data["warm"]))
    times: dict[str, list[float]] = {k: [] for k in STAGES}
    results = {}
    for rep in range(reps):
        for name in ("bench", "samples"):
            docs = copy.deepcopy(data[name])
            clear()
            gc.collect()
            cpu = run(docs)
            if name == "bench":
                for k, v in cpu.items():
                    times[k].append(v)
            if rep == 0:
                results[name] = [
                    [d.id, repr(d.intent), repr(d.severity), repr(d.signals.get("severity")),
                     repr(d.signals.get("intent")), repr(d.qa)]
                    for d in docs
                ]
    out.write_text(json.dumps({"times": times, "results": results}, ensure_ascii=False))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", default="HEAD", help="git revision to compare with")
    ap.add_argument("--n", type=int, default=128, help="bench interactions")
    ap.add_argument("--pairs", type=int, default=3, help="alternating process pairs")
    ap.add_argument("--reps", type=int, default=2, help="passes per process")
    ap.add_argument(
        "--live", action="store_true",
        help="per-message stage CPU (ms) of the live chat hook instead of the batch bench",
    )
    ap.add_argument("--child", nargs=3, metavar=("REPO", "DOCS", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        repo, docs, out = (Path(p) for p in args.child)
        if args.live:
            live(repo, out, args.reps)
        else:
            child(repo, docs, out, args.reps)
        return 0
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        old = extract(args.rev, tmp / "old")
        docs = tmp / "docs.pkl"
        if not args.live:
            capture(args.n, docs)
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        for p in range(args.pairs):
            for side, repo in (("old", old), ("new", REPO)):
                out = tmp / f"{side}{p}.json"
                subprocess.run(
                    [sys.executable, __file__, "--reps", str(args.reps),
                     *(["--live"] if args.live else []),
                     "--child", str(repo), str(docs), str(out)],
                    check=True,
                )
                runs[side].append(json.loads(out.read_text()))
                cpu = runs[side][-1]["times"]
                print(f"pair {p + 1} {side}: " + "  ".join(
                    f"{k} {min(v):.3f}" for k, v in cpu.items()), flush=True)
    best = {
        side: {k: min(min(r["times"][k]) for r in rs) for k in STAGES} for side, rs in runs.items()
    }
    if args.live:
        print(f"\nlive hook, CPU ms per message, best of {args.pairs} processes "
              f"({runs['old'][0]['messages']} messages each; {args.rev} vs working tree):")
    else:
        print(f"\nCPU seconds, best of {args.pairs * args.reps} passes over {args.n} bench "
              f"interactions ({args.rev} vs working tree):")
    for k in STAGES:
        o, n = best["old"][k], best["new"][k]
        print(f"  {k:9s} {o:6.3f} -> {n:6.3f}  ({(n - o) / o:+.0%})")
    o, n = sum(best["old"].values()), sum(best["new"].values())
    print(f"  {'together':9s} {o:6.3f} -> {n:6.3f}  ({(n - o) / o:+.0%})")
    if args.live:
        return 0
    same = True
    for name in ("bench", "samples"):
        a = runs["old"][0]["results"][name]
        b = runs["new"][0]["results"][name]
        diff = sum(x != y for x, y in zip(a, b, strict=True))
        same &= diff == 0
        print(f"  {name}: {len(a)} records, {diff} with a different outcome")
    print("outcomes identical" if same else "OUTCOMES DIFFER")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
