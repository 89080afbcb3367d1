"""Batch-scoring benchmark: throughput, cost vs one jieba pass, hot spots, memory, Ray vs local.

One command measures everything and writes the whole report (``out/bench/BATCH.md`` and the raw
figures beside it as ``BATCH.json``; the committed, annotated ``eval/bench/BATCH.md`` quotes
them)::

    .venv/bin/python eval/bench/batch.py           # full sizes (~10 min on a quiet 2-core machine)
    .venv/bin/python eval/bench/batch.py --quick   # same steps, small sizes (a check of the script)
    .venv/bin/python eval/bench/batch.py --render out/bench/BATCH.json   # re-render only

What it measures (input: :mod:`eval.bench.batch_data`, calls of several minutes and chats built
from ``data_samples/``; the generator is prefix-stable, so every input is a prefix of the largest):

1. **Marginal cost** in-process: the pipeline is built and warmed up first, then ``--n``
   interactions are scored in batches; time per stage, records/s, and the ratio to one
   ``jieba.lcut`` pass over exactly the same turn texts. **Hot spots**: cProfile of a small run.
2. **Throughput at 1 and 2 workers**, fast path and transformer path (intent model
   ``models/intent-transformer`` as a settings override), local engine, fresh process each;
   steady state (from the end of the first batch to the last result) reported apart from the
   start-up (time to the first result).
3. **Ray vs local on one machine**: Ray Data with 2 actors vs the local engine with 2 workers on
   the same ``--engine-n`` records; steady state, start-up (the local Ray cluster timed apart),
   end to end.
4. **Peak memory vs input size**: the real pipeline (1 worker) scores the first ``--mem-n``
   records of a 1,000-record input and of a 100,000-record input (the same records; only the
   input size differs), RSS sampled after every batch; and the engine alone (test-only toy
   stages) reads, scores and writes EVERY record of the 1k and the 100k input.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import batch_data  # noqa: E402
import machine_info  # noqa: E402

TOY = REPO / "tests" / "toy_pipeline.yaml"


def _machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{machine_info.describe()}; load average at start {load:.1f}"


def _texts(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out.extend(t["text"] for t in rec["turns"])
    return out


def jieba_pass(texts: list[str]) -> float:
    """Seconds for one ``jieba.lcut`` (precise mode, HMM on: jieba's default) over the texts."""
    return jieba_times(texts)[0]


def jieba_times(texts: list[str], warm: bool = True) -> tuple[float, float]:
    """Wall and CPU seconds of one ``jieba.lcut`` pass (precise mode, HMM on) over the texts.

    Args:
        texts: The texts.
        warm: Segment a few texts first (jieba's dictionary loads on first use).
    """
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    if warm:
        for t in texts[:50]:
            jieba.lcut(t)
    t0, c0 = time.perf_counter(), time.process_time()
    for t in texts:
        jieba.lcut(t)
    return time.perf_counter() - t0, time.process_time() - c0


def marginal(
    config: Path | None,
    data: Path,
    profile_data: Path | None = None,
    overrides: dict[str, dict[str, str]] | None = None,
    rounds: int = 1,
) -> dict[str, Any]:
    """Score ``data`` in-process after warm-up (per-stage seconds); cProfile ``profile_data``.

    With ``rounds`` > 1 the records are split into that many equal consecutive
    parts, and each part is scored right after one ``jieba.lcut`` pass over its
    own turn texts: every round gives a ratio of two figures taken back to back
    on the same text, so a drift of the machine's speed between them barely
    moves it. The headline figures are the medians over the rounds; per-stage
    figures are the rounds' mean.
    """
    from triage.config import load_pipeline_config
    from triage.engines.local import build_pipeline, score_docs
    from triage.io.options import ReaderOptions
    from triage.io.sources import read_inputs
    from triage.stage import Doc

    cfg = load_pipeline_config(config)
    t0 = time.perf_counter()
    pipe = build_pipeline(config, overrides)
    setup = time.perf_counter() - t0
    docs = [d for d in read_inputs([data], ReaderOptions(limits=cfg.limits)) if isinstance(d, Doc)]
    warm = batch_data.write(data.with_suffix(".warm.jsonl"), 16, seed=99)
    score_docs(pipe, [d for d in read_inputs([warm], ReaderOptions(limits=cfg.limits))])

    stage_s: dict[str, float] = {s.name: 0.0 for s in pipe.stages}
    stage_cpu: dict[str, float] = {s.name: 0.0 for s in pipe.stages}
    originals = {}
    for stage in pipe.stages:
        originals[stage.name] = stage.process_batch

        def timed(batch: Any, _f: Any = stage.process_batch, _n: str = stage.name) -> None:
            t, c = time.perf_counter(), time.process_time()
            try:
                _f(batch)
            finally:
                stage_s[_n] += time.perf_counter() - t
                stage_cpu[_n] += time.process_time() - c

        stage.process_batch = timed  # type: ignore[method-assign]
    size = cfg.batch_size
    per = len(docs) // rounds
    ner = _ner_tagger(config) if rounds > 1 else None
    results = []
    measured: list[dict[str, float]] = []
    for r in range(rounds):
        part = docs[r * per : (r + 1) * per]
        jieba_s, jieba_cpu = jieba_times(
            [t.text for d in part for t in d.interaction.turns], warm=False
        )
        t0, c0 = time.perf_counter(), time.process_time()
        for i in range(0, len(part), size):
            results.extend(score_docs(pipe, part[i : i + size]))
        measured.append(
            {
                "seconds": time.perf_counter() - t0,
                "cpu_s": time.process_time() - c0,
                "jieba_s": jieba_s,
                "jieba_cpu_s": jieba_cpu,
            }
        )
        if ner is not None:
            texts = [t.text for d in part for t in d.interaction.turns]
            c0 = time.process_time()
            ner.tag(texts)
            measured[-1]["ner_cpu_s"] = time.process_time() - c0
    for stage in pipe.stages:
        stage.process_batch = originals[stage.name]  # type: ignore[method-assign]

    def median(values: list[float]) -> float:
        v = sorted(values)
        return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2

    if ner is not None:
        out_ner = median([m["ner_cpu_s"] / m["jieba_cpu_s"] for m in measured])
    out: dict[str, Any] = {
        "setup_s": setup,
        "records": per,
        "rounds": measured,
        "seconds": median([m["seconds"] for m in measured]),
        "cpu_s": median([m["cpu_s"] for m in measured]),
        "jieba_s": median([m["jieba_s"] for m in measured]),
        "jieba_cpu_s": median([m["jieba_cpu_s"] for m in measured]),
        "ratio_cpu": median([m["cpu_s"] / m["jieba_cpu_s"] for m in measured]),
        "ratio_wall": median([m["seconds"] / m["jieba_s"] for m in measured]),
        "ner_ratio_cpu": out_ner if ner is not None else None,
        "stages": {k: v / rounds for k, v in stage_s.items()},
        "stages_cpu": {k: v / rounds for k, v in stage_cpu.items()},
        "errors": sum(1 for r in results if not isinstance(r, dict)),
    }
    if profile_data is not None:
        pdocs = [
            d
            for d in read_inputs([profile_data], ReaderOptions(limits=cfg.limits))
            if isinstance(d, Doc)
        ]
        prof = cProfile.Profile()
        prof.enable()
        for i in range(0, len(pdocs), size):
            score_docs(pipe, pdocs[i : i + size])
        prof.disable()
        buf = io.StringIO()
        st = pstats.Stats(prof, stream=buf)
        st.sort_stats("tottime").print_stats(18)
        out["profile_records"] = len(pdocs)
        out["profile_tottime"] = buf.getvalue()
        buf = io.StringIO()
        st = pstats.Stats(prof, stream=buf)
        st.sort_stats("cumulative").print_stats(r"triage", 22)
        out["profile_cumulative"] = buf.getvalue()
    return out


def _ner_tagger(config: Path | None) -> Any:
    """The redaction's LAC tagger alone, set up as the pipeline's ``redact.yaml`` says (or None)."""
    from triage.redact.engine import LacTagger
    from triage.redact.settings import load_redact_settings

    path = (config.parent if config else REPO / "pipelines") / "redact.yaml"
    settings = load_redact_settings(path)
    if settings.ner != "lac":
        return None
    tagger = LacTagger(settings.ner_batch_size, settings.ner_threads)
    tagger.load()
    tagger.tag(["热身一下"])
    return tagger


_ENGINE_SNIPPET = r"""
import json, sys, time, resource
sys.path.insert(0, {tests!r})
from triage.engines.{module} import {func} as run


class Stop(Exception):
    pass


def rss_mb(key="VmRSS:"):
    # /proc, not getrusage: after fork + exec, ru_maxrss starts at the PARENT's peak
    # (the benchmark process holds the models of the in-process runs).
    with open("/proc/self/status", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return float("nan")


ticks, curve = [], []
stop_after = {stop_after}


def tick(n):
    ticks.append(time.perf_counter())
    if len(ticks) % {batch} == 0:
        curve.append((len(ticks), rss_mb()))
    if stop_after and len(ticks) >= stop_after:
        raise Stop


if __name__ == "__main__":
    t0 = time.perf_counter()
    init_s = None
    if {module!r} == "ray_engine":
        # Start the local Ray here (as run_ray would) to time the cluster start-up apart.
        from triage.engines.ray_engine import start_local_ray
        start_local_ray()
        init_s = time.perf_counter() - t0
    try:
        s = run([{data!r}], {config!r}, {out!r}, {err!r}, workers={workers}, progress=tick,
                batch_size={batch}, overrides={overrides!r})
        counts = [s.records, s.errors]
    except Stop:
        counts = [len(ticks), 0]
    wall = time.perf_counter() - t0
    # Steady state: from the end of the first batch (models loaded, pool warm) to the last result.
    skip = {batch}
    span = ticks[-1] - ticks[skip] if len(ticks) - skip > 1 else 0.0
    steady = (len(ticks) - 1 - skip) / span if span > 0 else float("nan")
    rss = rss_mb("VmHWM:")  # this process's own peak RSS
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({{"records": counts[0], "errors": counts[1], "wall_s": wall,
                      "results": len(ticks), "stopped_early": bool(stop_after),
                      "ray_init_s": init_s,
                      "first_result_s": ticks[0] - t0 if ticks else None,
                      "steady_rps": steady, "steady_span_s": span,
                      "maxrss_mb": rss, "children_maxrss_mb": child, "rss_curve": curve}}))
"""


def engine_run(
    engine: str,
    config: Path | None,
    data: Path,
    workers: int,
    tmp: Path,
    env: dict[str, str],
    batch: int = 16,
    stop_after: int = 0,
    overrides: dict[str, dict[str, str]] | None = None,
    tag: str = "",
) -> dict[str, Any]:
    """Run an engine in a fresh process; wall time, steady-state records/s, peak RSS.

    Args:
        engine: ``local`` or ``ray``.
        config: Pipeline YAML (None: the default pipeline).
        data: Input JSONL.
        workers: Worker processes / actors.
        tmp: Folder for the outputs.
        env: Environment of the child process.
        batch: Records per batch.
        stop_after: Stop the run after this many results (0: score the whole input);
            the reader and the writer stream, so this scores the first records of a
            large input exactly as a full run would.
        overrides: Per-stage settings overrides (e.g. the transformer intent model).
        tag: Name of the output files.
    """
    module, func = ("local", "run_local") if engine == "local" else ("ray_engine", "run_ray")
    name = tag or f"{engine}{workers}"
    script = tmp / f"{name}.py"
    script.write_text(
        _ENGINE_SNIPPET.format(
            tests=str(REPO / "tests"),
            module=module,
            func=func,
            data=str(data),
            config=str(config) if config else None,
            out=str(tmp / f"{name}.jsonl"),
            err=str(tmp / f"{name}.errors.jsonl"),
            workers=workers,
            batch=batch,
            stop_after=stop_after,
            overrides=overrides,
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, env=env, capture_output=True, text=True
    )
    if proc.returncode != 0:
        return {"failed": proc.stderr[-2000:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def no_hmm_config(tmp: Path, config: Path | None) -> Path:
    """A copy of the pipeline config whose redaction runs jieba POS tagging without its HMM."""
    import yaml

    from triage.config import load_pipeline_config

    cfg = load_pipeline_config(config)
    raw = yaml.safe_load(cfg.path.read_text(encoding="utf-8"))
    for stage in raw["stages"]:
        settings = stage.get("settings") or {}
        for key, value in list(settings.items()):
            if isinstance(value, str) and (cfg.path.parent / value).exists():
                settings[key] = str(cfg.resolve(value))
    # The redact stage reads redact.yaml beside the pipeline file: put a modified copy there.
    red = yaml.safe_load((cfg.path.parent / "redact.yaml").read_text(encoding="utf-8"))
    red["jieba_hmm"] = False
    variant = tmp / "no_hmm"
    variant.mkdir(exist_ok=True)
    (variant / "redact.yaml").write_text(yaml.safe_dump(red, allow_unicode=True), "utf-8")
    out = variant / "default.yaml"
    out.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return out


def _rounds_lines(m: dict[str, Any]) -> list[str]:
    """The rounds of (jieba pass, scoring) and their median ratios."""
    rows = [
        f"- {len(m['rounds'])} rounds, each one `jieba.lcut` pass over {m['records']} fresh "
        "interactions' turn texts, then scoring those interactions (medians over the rounds):",
        f"  **ratio of scoring CPU to jieba CPU {m['ratio_cpu']:.1f}×** (target ≤ 6×); "
        f"wall-clock ratio {m['ratio_wall']:.1f}×",
        "",
        "| round | jieba CPU s | scoring CPU s | CPU ratio | jieba wall s | scoring wall s "
        "| LAC NER alone CPU s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for i, r in enumerate(m["rounds"], 1):
        ner = f"{r['ner_cpu_s']:.2f}" if "ner_cpu_s" in r else "n/a"
        rows.append(
            f"| {i} | {r['jieba_cpu_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['cpu_s'] / r['jieba_cpu_s']:.1f}× | {r['jieba_s']:.2f} | {r['seconds']:.2f} "
            f"| {ner} |"
        )
    if m.get("ner_ratio_cpu"):
        rows += [
            "",
            f"- The redaction's LAC NER alone (its ONNX tagging of the round's turn texts, as "
            f"`redact.yaml` sets it up, after the scoring): **{m['ner_ratio_cpu']:.1f}× one "
            "jieba pass** (median of the rounds): a floor under the ratio above.",
        ]
    return rows


def _fmt_stage_table(m: dict[str, Any]) -> str:
    cpu = m.get("stages_cpu") or {}
    rows = [
        "| stage | seconds | share | ms / interaction | CPU seconds |",
        "|---|---:|---:|---:|---:|",
    ]
    total = sum(m["stages"].values()) or 1.0
    for name, s in sorted(m["stages"].items(), key=lambda kv: -kv[1]):
        c = f"{cpu[name]:.2f}" if name in cpu else "n/a"
        rows.append(f"| {name} | {s:.2f} | {s / total:.0%} | {1000 * s / m['records']:.1f} | {c} |")
    return "\n".join(rows)


SIZES = {
    # name: (marginal n, memory m, engine n, transformer n, profile n, toy sizes, big input)
    # mem: past the classifiers' 512-entry LRU caches, so a plateau is visible
    "full": dict(n=128, mem=1000, engine=512, tr=32, prof=20, toy="1000,100000", big=100_000),
    "quick": dict(n=24, mem=48, engine=96, tr=8, prof=8, toy="1000,10000", big=10_000),
}


def main() -> None:
    ap = argparse.ArgumentParser(description="batch-scoring benchmark (one command, whole report)")
    ap.add_argument("--quick", action="store_true", help="small sizes: checks the script (~4 min)")
    ap.add_argument("--n", type=int, help="interactions for the in-process marginal cost")
    ap.add_argument("--mem-n", type=int, help="records scored in each real-pipeline memory run")
    ap.add_argument("--engine-n", type=int, help="records for local-2-workers vs Ray runs")
    ap.add_argument("--tr-n", type=int, help="records for the transformer-path runs")
    ap.add_argument("--big", type=int, help="records in the large input (default 100000)")
    ap.add_argument("--toy-mem-sizes", help="engine-only (toy stages) input sizes, all scored")
    ap.add_argument("--batch", type=int, default=16, help="records per batch in engine runs")
    ap.add_argument("--config", type=Path, default=None, help="fast-path pipeline YAML")
    ap.add_argument(
        "--transformer-model",
        type=Path,
        default=REPO / "models" / "intent-transformer",
        help="intent model of the transformer path (override of the intent stage's model)",
    )
    ap.add_argument(
        "--no-hmm-variant",
        action="store_true",
        help="also measure the default pipeline with redact.yaml jieba_hmm: false (candidate)",
    )
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--skip-transformer", action="store_true")
    ap.add_argument(
        "--transformer-marginal",
        action="store_true",
        help="also time the transformer path in-process against a jieba pass (slow)",
    )
    ap.add_argument("--skip-marginal", action="store_true", help="engines and memory only")
    ap.add_argument(
        "--marginal-only",
        action="store_true",
        help="only the in-process marginal cost and its hot spots (no engine or memory runs)",
    )
    ap.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="marginal cost: rounds of (one jieba pass, scoring) over --n fresh interactions "
        "each; medians reported (3)",
    )
    ap.add_argument("--label", default="", help="label written in the report (e.g. 'after')")
    ap.add_argument("--out", type=Path, default=REPO / "out" / "bench" / "BATCH.md")
    ap.add_argument("--json", type=Path, default=None, help="also write raw figures as JSON")
    ap.add_argument(
        "--work-dir", type=Path, default=REPO / "out" / "bench", help="generated inputs/outputs"
    )
    ap.add_argument("--render", type=Path, help="only re-render a report from a --json file")
    args = ap.parse_args()
    if args.render:
        figures = json.loads(args.render.read_text(encoding="utf-8"))
        args.out.write_text(render(figures, args), encoding="utf-8")
        return
    size = SIZES["quick" if args.quick else "full"]
    n = args.n or size["n"]
    mem_n = args.mem_n or size["mem"]
    engine_n = args.engine_n or size["engine"]
    tr_n = args.tr_n or size["tr"]
    big = args.big or size["big"]
    toy_sizes = [int(x) for x in (args.toy_mem_sizes or size["toy"]).split(",") if x]

    t_start = time.perf_counter()
    machine = _machine()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="run-", dir=args.work_dir))
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests"), TOKENIZERS_PARALLELISM="false")
    env.pop("RAY_ADDRESS", None)  # the single-machine comparison starts its own local Ray

    def log(msg: str) -> None:
        print(f"[bench {time.perf_counter() - t_start:6.0f}s] {msg}", flush=True)

    # The generator is sequential and seeded: the first k records of any size are the same
    # k records, so every input below is a prefix of the large one.
    data = batch_data.write(tmp / f"bench_{n}.jsonl", n)
    if args.marginal_only:
        big = n  # no large input needed
        small = engine_data = large = data
    else:
        small = batch_data.write(tmp / "bench_1k.jsonl", 1000)
        engine_data = batch_data.write(tmp / f"bench_{engine_n}.jsonl", engine_n)
        large = batch_data.write(tmp / f"bench_{big}.jsonl", big)
        with open(large, encoding="utf-8") as fh:
            head = [next(fh) for _ in range(min(1000, big))]
        if head != small.read_text(encoding="utf-8").splitlines(keepends=True)[: len(head)]:
            raise SystemExit(
                "batch_data is not prefix-stable: the memory comparison would be unfair"
            )
        log(f"inputs written ({big} records, {large.stat().st_size / 1e6:.0f} MB)")
    texts = _texts(data)
    chars = sum(len(t) for t in texts)
    figures: dict[str, Any] = {
        "machine": machine,
        "command": " ".join([".venv/bin/python", "eval/bench/batch.py", *sys.argv[1:]]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "n": n,
        "chars": chars,
        "sizes": {"mem_n": mem_n, "engine_n": engine_n, "tr_n": tr_n, "big": big},
        "batch": args.batch,
        "big_mb": large.stat().st_size / 1e6,
    }
    tr_over = {"intent": {"model": str(args.transformer_model.resolve())}}
    if not args.transformer_model.exists():
        args.skip_transformer = True
        log(f"no transformer model at {args.transformer_model}: transformer path skipped")

    jp, jc = jieba_times(texts)
    figures["jieba_s"], figures["jieba_cpu_s"] = jp, jc
    log(f"{n} interactions, {len(texts)} turns, {chars} characters; one jieba pass {jp:.2f}s")
    if not args.skip_marginal:
        pdata = batch_data.write(tmp / "prof.jsonl", size["prof"], seed=5)
        rounds_data = batch_data.write(tmp / f"bench_{n}x{args.rounds}.jsonl", n * args.rounds)
        m = marginal(args.config, rounds_data, pdata, rounds=args.rounds)
        figures["fast"] = m
        figures["rounds"] = args.rounds
        # the headline ratio: scoring and a jieba pass over the same text, back to back
        figures["jieba_s"], figures["jieba_cpu_s"] = m["jieba_s"], m["jieba_cpu_s"]
        log(
            f"fast path marginal ({args.rounds} rounds, medians): {m['seconds']:.1f}s "
            f"({m['ratio_wall']:.1f}x jieba); CPU {m['cpu_s']:.1f}s "
            f"({m['ratio_cpu']:.1f}x jieba CPU)"
        )
        if args.transformer_marginal and not args.skip_transformer:
            tdata = batch_data.write(tmp / f"bench_{tr_n}.jsonl", tr_n)
            tjp = jieba_pass(_texts(tdata))
            mt = marginal(args.config, tdata, overrides=tr_over)
            mt["jieba_s"] = tjp
            figures["transformer"] = mt
            log(f"transformer marginal: {mt['seconds']:.1f}s ({mt['seconds'] / tjp:.1f}x jieba)")
    if args.no_hmm_variant:
        mv = marginal(no_hmm_config(tmp, args.config), data)
        figures["no_hmm"] = mv
        log(f"no-HMM variant marginal: {mv['seconds']:.1f}s")

    def run(key: str, *a: Any, batch: int = args.batch, **kw: Any) -> None:
        r = engine_run(*a, tmp=tmp, env=env, batch=batch, tag=key, **kw)
        runs[key] = r
        short = {k: v for k, v in r.items() if k != "rss_curve"}
        log(f"{key}: {short}")

    runs: dict[str, Any] = {}
    if args.marginal_only:
        _finish(figures, runs, args, tmp, t_start, log)
        return
    # Fast path, 1 worker: the first mem_n records of the small and of the large input
    # (same records). Gives the 1-worker throughput and the memory comparison.
    run("local1_big", "local", args.config, large, 1, stop_after=mem_n)
    run("local1_1k", "local", args.config, small, 1, stop_after=mem_n)
    # Fast path, 2 workers, and Ray with 2 actors on the same engine_n records.
    run("local2", "local", args.config, engine_data, 2)
    if not args.skip_ray:
        run("ray2", "ray", args.config, engine_data, 2)
    if not args.skip_transformer:
        tdata = batch_data.write(tmp / f"bench_{tr_n}.jsonl", tr_n)
        # Smaller batches: the transformer path is ~10x slower, and 2 workers need several
        # batches each for a steady-state figure.
        tb = max(1, args.batch // 2)
        run("tlocal1", "local", args.config, tdata, 1, overrides=tr_over, batch=tb)
        run("tlocal2", "local", args.config, tdata, 2, overrides=tr_over, batch=tb)
    # Engine only (toy stages, no models): every record of the small and the large input.
    for k in toy_sizes:
        d = large if k == big else batch_data.write(tmp / f"toy_{k}.jsonl", k)
        run(f"toy{k}", "local", TOY, d, 1)
    _finish(figures, runs, args, tmp, t_start, log)


def _finish(
    figures: dict[str, Any],
    runs: dict[str, Any],
    args: argparse.Namespace,
    tmp: Path,
    t_start: float,
    log: Any,
) -> None:
    """Write the JSON figures and the report; drop the large generated files."""
    figures["runs"] = runs
    figures["total_s"] = time.perf_counter() - t_start
    args.json = args.json or args.out.with_suffix(".json")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    args.out.write_text(render(figures, args), encoding="utf-8")
    for f in tmp.iterdir():  # the large input and its outputs: hundreds of MB
        if f.is_file() and f.stat().st_size > 20_000_000:
            f.unlink()
    log(f"report: {args.out}")


def _rate(r: dict[str, Any]) -> str:
    if "failed" in r:
        return "failed"
    return f"{r['steady_rps']:.2f}"


def _curve(r: dict[str, Any]) -> str:
    pts = r.get("rss_curve") or []
    if not pts:
        return ""
    keep = [pts[0], pts[len(pts) // 2], pts[-1]] if len(pts) > 2 else pts
    return ", ".join(f"{k}: {v:.0f}" for k, v in keep)


def _slope(r: dict[str, Any]) -> float | None:
    """RSS growth in MB per 1,000 records over the second half of the run."""
    pts = r.get("rss_curve") or []
    if len(pts) < 4:
        return None
    (k0, v0), (k1, v1) = pts[len(pts) // 2], pts[-1]
    return 1000 * (v1 - v0) / (k1 - k0) if k1 > k0 else None


def render(f: dict[str, Any], args: argparse.Namespace) -> str:
    """The Markdown report."""
    m, jp = f.get("fast"), f["jieba_s"]
    sz = f["sizes"]
    head = [
        f"# Batch scoring benchmark{(' — ' + args.label) if args.label else ''}",
        "",
        f"- Machine: {f['machine']}",
        f"- Command: `{f['command']}`",
        f"- Started: {f['date']}; whole run {f['total_s'] / 60:.1f} min",
        "- Input: `eval/bench/batch_data.py` (60% calls of ~6 min, ~48 turns; 40% chats); "
        "every input is a prefix of the same seeded stream",
        f"- Engine runs: a fresh process each, batches of {f['batch']} (transformer path: "
        f"{max(1, f['batch'] // 2)}); steady state = from the end of the first batch (models "
        "loaded, pool warm) to the last result",
        "",
    ]
    lines = list(head)
    if m is not None:
        lines += [
            f"## Marginal cost (fast path, in-process, after warm-up, {f['n']} interactions)",
            "",
            f"- Pipeline set-up (models loaded once): {m['setup_s']:.1f} s",
            f"- Scoring {m['records']} interactions ({f['chars']} characters"
            f"{' in the first round; medians of the rounds below' if 'rounds' in m else ''}): "
            f"{m['seconds']:.1f} s = **{m['records'] / m['seconds']:.2f} interactions/s**, "
            f"{1000 * m['seconds'] / m['records']:.0f} ms each",
            f"- One `jieba.lcut` pass over the same turn texts: {jp:.2f} s",
        ]
        if "rounds" in m:
            lines += _rounds_lines(m)
        elif "cpu_s" in m and "jieba_cpu_s" in f:
            lines.append(
                f"- **Ratio marginal cost / one jieba pass: {m['seconds'] / jp:.1f}×** "
                "(target ≤ 6×)"
            )
            jc, ja = f["jieba_cpu_s"], f.get("jieba_after_cpu_s")
            after = f"; {ja:.2f} s in a second pass right after the scoring" if ja else ""
            lines.append(
                f"- CPU time (process, load-insensitive-ish): scoring {m['cpu_s']:.1f} s, "
                f"jieba pass {jc:.2f} s{after}: **{m['cpu_s'] / jc:.1f}×**"
            )
        lines += ["", _fmt_stage_table(m), ""]
    if "transformer" in f:
        t = f["transformer"]
        lines += [
            "## Transformer path (intent model `models/intent-transformer`; in-process)",
            "",
            f"- {t['records']} interactions in {t['seconds']:.1f} s = "
            f"{t['records'] / t['seconds']:.2f} interactions/s "
            f"({t['seconds'] / t['jieba_s']:.1f}× one jieba pass over the same texts)",
            "",
            _fmt_stage_table(t),
            "",
        ]
    if "no_hmm" in f:
        t = f["no_hmm"]
        lines += [
            "## Candidate: redaction with `jieba_hmm: false` (not the shipped default)",
            "",
            f"- {t['records']} interactions in {t['seconds']:.1f} s = "
            f"{t['records'] / t['seconds']:.2f} interactions/s "
            f"(**{t['seconds'] / jp:.1f}× one jieba pass**)",
            "",
            _fmt_stage_table(t),
            "",
        ]
    runs = f["runs"]
    names = {
        "local1_big": f"fast, local, 1 worker (first {sz['mem_n']} of the large input)",
        "local2": f"fast, local, 2 workers ({sz['engine_n']} records)",
        "ray2": f"fast, Ray Data, 2 actors, local Ray started by the run ({sz['engine_n']})",
        "tlocal1": f"transformer, local, 1 worker ({sz['tr_n']} records)",
        "tlocal2": f"transformer, local, 2 workers ({sz['tr_n']} records)",
    }
    lines += [
        "## Throughput (interactions per second)",
        "",
        "| run | steady interactions/s | wall s (incl. start-up) | first result after s |"
        " end-to-end interactions/s |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, label in names.items():
        r = runs.get(key)
        if r is None:
            continue
        if "failed" in r:
            lines.append(f"| {label} | failed | | | |")
            continue
        lines.append(
            f"| {label} | {_rate(r)} | {r['wall_s']:.1f} | {r['first_result_s']:.1f} | "
            f"{r['results'] / r['wall_s']:.2f} |"
        )
    lines.append("")
    l2, r2 = runs.get("local2", {}), runs.get("ray2", {})
    if l2 and r2 and "failed" not in l2 and "failed" not in r2:
        steady = l2["steady_rps"] / r2["steady_rps"]
        wall = r2["wall_s"] / l2["wall_s"]
        start_l, start_r = l2["first_result_s"], r2["first_result_s"]
        lines += [
            "### Ray vs local on one machine (2 actors vs 2 worker processes, same records)",
            "",
            f"- Steady state (both pools loaded): local {l2['steady_rps']:.2f}/s, Ray "
            f"{r2['steady_rps']:.2f}/s → local is **{steady:.2f}×** Ray (target ≤ 1.5×).",
            f"- Start-up to the first result: local {start_l:.1f} s, Ray {start_r:.1f} s, of "
            f"which {r2.get('ray_init_s') or float('nan'):.1f} s start the local Ray cluster "
            "(GCS, raylet, worker processes) and the rest starts the actors and loads the "
            "models in each (as the local engine's worker processes do).",
            f"- End to end on {sz['engine_n']} records: Ray {r2['wall_s']:.1f} s vs local "
            f"{l2['wall_s']:.1f} s = **{wall:.2f}×**.",
        ]
        rate_l, rate_r = l2["steady_rps"], r2["steady_rps"]
        if rate_r * 1.5 > rate_l and start_r > 1.5 * start_l:
            # wall(N) ≈ start + N / rate; Ray ≤ 1.5 × local for N ≥ this.
            n_even = (start_r - 1.5 * start_l) / (1.5 / rate_l - 1 / rate_r)
            lines.append(
                f"- From these two runs (wall ≈ start-up + N / steady rate), Ray's end-to-end "
                f"time is within 1.5× of local from about **{max(0, n_even):,.0f} records** "
                "on; a cluster pays its start-up once per job, not per file."
            )
        lines.append("")

    mem_keys = [k for k in ("local1_1k", "local1_big") if k in runs]
    if mem_keys:
        lines += [
            "## Peak memory vs input size",
            "",
            "Real pipeline (fast path), local engine, 1 worker, fresh process: the first "
            f"{sz['mem_n']:,} records of a 1,000-record input and of a {sz['big']:,}-record "
            f"input ({f['big_mb']:.0f} MB); the records scored are identical (prefix-stable "
            "generator), only the input size differs. RSS is sampled after every batch; the "
            "classifiers keep bounded LRU caches of 512 interactions, so RSS rises over the "
            "first ~512 records and should then stay flat.",
            "",
            "| input | records scored | peak RSS MB | RSS MB after k records (k: MB) |"
            " growth, 2nd half, MB / 1k records |",
            "|---|---:|---:|---|---:|",
        ]
        for key in mem_keys:
            r = runs[key]
            label = "1,000 records" if key == "local1_1k" else f"{sz['big']:,} records"
            if "failed" in r:
                lines.append(f"| {label} | failed | | | |")
                continue
            sl = _slope(r)
            lines.append(
                f"| {label} | {r['results']} | {r['maxrss_mb']:.0f} | {_curve(r)} | "
                f"{'' if sl is None else f'{sl:+.1f}'} |"
            )
        toys = sorted((k for k in runs if k.startswith("toy")), key=lambda k: int(k[3:]))
        if toys:
            lines += [
                "",
                "Engine only (test-only toy stages, `tests/toy_pipeline.yaml`, no models): "
                "**every** record of each input read, validated, scored and written (the toy "
                "limits send long calls to the errors file as E109; they still go through "
                "reading, validation and the errors file). The one thing that grows with the "
                "number of records is the set of ids kept for the duplicate-id check (E113), "
                "about 100 bytes per record.",
                "",
                "| input | records in output + errors | peak RSS MB | wall s |",
                "|---|---:|---:|---:|",
            ]
            for key in toys:
                r = runs[key]
                if "failed" in r:
                    lines.append(f"| {int(key[3:]):,} | failed | | |")
                    continue
                lines.append(
                    f"| {int(key[3:]):,} | {r['records'] + r['errors']:,} | "
                    f"{r['maxrss_mb']:.0f} | {r['wall_s']:.0f} |"
                )
        lines.append("")
    p = f.get("fast") or {}
    if "profile_tottime" not in p:
        return "\n".join(lines)
    lines += [
        f"## Hot spots (cProfile, {p['profile_records']} interactions; profiler overhead inflates "
        "pure-Python code relative to native code)",
        "",
        "Top functions by own time:",
        "",
        "```",
        _trim_profile(p["profile_tottime"]),
        "```",
        "",
        "Project functions by cumulative time:",
        "",
        "```",
        _trim_profile(p["profile_cumulative"]),
        "```",
        "",
    ]
    return "\n".join(lines)


def _trim_profile(text: str) -> str:
    out = []
    started = False
    for line in text.splitlines():
        if line.strip().startswith("ncalls"):
            started = True
        if started and line.strip():
            out.append(line.replace(str(REPO) + "/", "").replace(sys.prefix + "/", ""))
    return "\n".join(out)


if __name__ == "__main__":
    main()
