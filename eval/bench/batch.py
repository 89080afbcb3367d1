"""Batch-scoring benchmark: throughput, cost vs one jieba pass, hot spots, memory, Ray vs local.

One command measures everything and writes a report (default ``out/bench/BATCH.md``; the
committed, annotated ``eval/bench/BATCH.md`` quotes these figures)::

    .venv/bin/python eval/bench/batch.py                     # default sizes
    .venv/bin/python eval/bench/batch.py --n 300 --skip-ray  # quicker

What it measures (input: :mod:`eval.bench.batch_data`, calls of several
minutes and chats built from ``data_samples/``):

1. **Marginal cost** in-process: the pipeline is built and warmed up first,
   then ``n`` interactions are scored in batches; time per stage, records/s,
   and the ratio to one ``jieba.lcut`` pass over exactly the same turn texts.
2. **Hot spots**: cProfile of the same run (top functions by own time).
3. **Throughput at 1 and 2 workers** (local engine) and **Ray with 2 actors**,
   steady state: from the first records written to the last (start-up —
   loading models in each worker — reported apart).
4. **Peak memory** (max RSS of a fresh process running the local engine,
   workers 1): the real pipeline at two sizes, and the engine with the
   test-only toy stages at 1k and 100k records (streaming of the engine
   itself, without model cost).
5. **Transformer path** when a pipeline config for it exists (``--transformer-config``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
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

TOY = REPO / "tests" / "toy_pipeline.yaml"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(fh.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at start {load:.1f}"
    )


def _texts(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out.extend(t["text"] for t in rec["turns"])
    return out


def jieba_pass(texts: list[str]) -> float:
    """Seconds for one ``jieba.lcut`` (precise mode, HMM on: jieba's default) over the texts."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for t in texts[:50]:
        jieba.lcut(t)
    t0 = time.perf_counter()
    for t in texts:
        jieba.lcut(t)
    return time.perf_counter() - t0


def marginal(config: Path | None, data: Path, profile_data: Path | None = None) -> dict[str, Any]:
    """Score ``data`` in-process after warm-up (per-stage seconds); cProfile ``profile_data``."""
    from triage.config import load_pipeline_config
    from triage.engines.local import build_pipeline, score_docs
    from triage.io.options import ReaderOptions
    from triage.io.sources import read_inputs
    from triage.stage import Doc

    cfg = load_pipeline_config(config)
    t0 = time.perf_counter()
    pipe = build_pipeline(config)
    setup = time.perf_counter() - t0
    docs = [d for d in read_inputs([data], ReaderOptions(limits=cfg.limits)) if isinstance(d, Doc)]
    warm = batch_data.write(data.with_suffix(".warm.jsonl"), 16, seed=99)
    score_docs(pipe, [d for d in read_inputs([warm], ReaderOptions(limits=cfg.limits))])

    stage_s: dict[str, float] = {s.name: 0.0 for s in pipe.stages}
    originals = {}
    for stage in pipe.stages:
        originals[stage.name] = stage.process_batch

        def timed(batch: Any, _f: Any = stage.process_batch, _n: str = stage.name) -> None:
            t = time.perf_counter()
            try:
                _f(batch)
            finally:
                stage_s[_n] += time.perf_counter() - t

        stage.process_batch = timed  # type: ignore[method-assign]
    size = cfg.batch_size
    t0 = time.perf_counter()
    results = []
    for i in range(0, len(docs), size):
        results.extend(score_docs(pipe, docs[i : i + size]))
    total = time.perf_counter() - t0
    for stage in pipe.stages:
        stage.process_batch = originals[stage.name]  # type: ignore[method-assign]
    out: dict[str, Any] = {
        "setup_s": setup,
        "records": len(docs),
        "seconds": total,
        "stages": stage_s,
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


_ENGINE_SNIPPET = r"""
import json, sys, time, resource
sys.path.insert(0, {tests!r})
from triage.engines.{module} import {func} as run
ticks = []
t0 = time.perf_counter()
tick = lambda n: ticks.append(time.perf_counter())
s = run([{data!r}], {config!r}, {out!r}, {err!r}, workers={workers}, progress=tick,
        batch_size={batch})
wall = time.perf_counter() - t0
# Steady state: from the end of the first batch (models loaded, pool warm) to the last result.
skip = {batch}
span = ticks[-1] - ticks[skip] if len(ticks) - skip > 1 else 0.0
steady = (len(ticks) - 1 - skip) / span if span > 0 else float("nan")
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({{"records": s.records, "errors": s.errors, "wall_s": wall,
                  "first_result_s": ticks[0] - t0 if ticks else None,
                  "steady_rps": steady, "maxrss_mb": rss, "children_maxrss_mb": child}}))
"""


def engine_run(
    engine: str,
    config: Path | None,
    data: Path,
    workers: int,
    tmp: Path,
    env: dict[str, str],
    batch: int = 16,
) -> dict[str, Any]:
    """Run an engine in a fresh process; wall time, steady-state records/s, peak RSS."""
    module, func = ("local", "run_local") if engine == "local" else ("ray_engine", "run_ray")
    code = _ENGINE_SNIPPET.format(
        tests=str(REPO / "tests"),
        module=module,
        func=func,
        data=str(data),
        config=str(config) if config else None,
        out=str(tmp / f"{engine}{workers}.jsonl"),
        err=str(tmp / f"{engine}{workers}.errors.jsonl"),
        workers=workers,
        batch=batch,
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
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


def _fmt_stage_table(m: dict[str, Any]) -> str:
    rows = ["| stage | seconds | share | ms / interaction |", "|---|---:|---:|---:|"]
    total = sum(m["stages"].values()) or 1.0
    for name, s in sorted(m["stages"].items(), key=lambda kv: -kv[1]):
        rows.append(f"| {name} | {s:.2f} | {s / total:.0%} | {1000 * s / m['records']:.1f} |")
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description="batch-scoring benchmark")
    ap.add_argument("--n", type=int, default=200, help="interactions for the throughput runs")
    ap.add_argument("--mem-sizes", default="100,400", help="real-pipeline sizes for peak memory")
    ap.add_argument("--toy-mem-sizes", default="1000,100000", help="engine-only sizes")
    ap.add_argument("--config", type=Path, default=None, help="fast-path pipeline YAML")
    ap.add_argument("--transformer-config", type=Path, default=None)
    ap.add_argument(
        "--no-hmm-variant",
        action="store_true",
        help="also measure the default pipeline with redact.yaml jieba_hmm: false (candidate)",
    )
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--skip-marginal", action="store_true", help="engines and memory only")
    ap.add_argument("--skip-workers", action="store_true")
    ap.add_argument("--label", default="", help="label written in the report (e.g. 'after')")
    ap.add_argument("--out", type=Path, default=REPO / "out" / "bench" / "BATCH.md")
    ap.add_argument("--json", type=Path, default=None, help="also write raw figures as JSON")
    ap.add_argument(
        "--work-dir", type=Path, default=REPO / "out" / "bench", help="generated inputs/outputs"
    )
    args = ap.parse_args()

    machine = _machine()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="run-", dir=args.work_dir))
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests"), TOKENIZERS_PARALLELISM="false")
    data = batch_data.write(tmp / f"bench_{args.n}.jsonl", args.n)
    texts = _texts(data)
    chars = sum(len(t) for t in texts)
    figures: dict[str, Any] = {"machine": machine, "n": args.n, "chars": chars}

    print(f"[bench] {args.n} interactions, {len(texts)} turns, {chars} characters", flush=True)
    jp = jieba_pass(texts)
    figures["jieba_s"] = jp
    print(f"[bench] one jieba pass: {jp:.2f}s", flush=True)
    if not args.skip_marginal:
        pdata = batch_data.write(tmp / "prof.jsonl", min(20, args.n), seed=5)
        m = marginal(args.config, data, pdata)
        figures["fast"] = m
        print(f"[bench] fast path marginal: {m['seconds']:.1f}s ({m['seconds'] / jp:.1f}x)")
        print(f"[bench] stages: {m['stages']}", flush=True)
    if args.transformer_config:
        mt = marginal(args.transformer_config, data)
        figures["transformer"] = mt
        print(f"[bench] transformer marginal: {mt['seconds']:.1f}s", flush=True)

    if args.no_hmm_variant:
        mv = marginal(no_hmm_config(tmp, args.config), data)
        figures["no_hmm"] = mv
        print(f"[bench] no-HMM variant marginal: {mv['seconds']:.1f}s", flush=True)

    runs: dict[str, Any] = {}
    if not args.skip_workers:
        for w in (1, 2):
            runs[f"local{w}"] = engine_run("local", args.config, data, w, tmp, env)
            print(f"[bench] local workers={w}: {runs[f'local{w}']}", flush=True)
            if args.transformer_config:
                runs[f"tlocal{w}"] = engine_run("local", args.transformer_config, data, w, tmp, env)
    if not args.skip_ray:
        runs["ray2"] = engine_run("ray", args.config, data, 2, tmp, env)
        print(f"[bench] ray actors=2: {runs['ray2']}", flush=True)
    figures["runs"] = runs

    mem: dict[str, Any] = {}
    for n in [int(x) for x in args.mem_sizes.split(",") if x]:
        d = batch_data.write(tmp / f"mem_{n}.jsonl", n, seed=3)
        mem[f"real{n}"] = engine_run("local", args.config, d, 1, tmp, env)
        print(f"[bench] memory real n={n}: {mem[f'real{n}']}", flush=True)
    for n in [int(x) for x in args.toy_mem_sizes.split(",") if x]:
        d = batch_data.write(tmp / f"toymem_{n}.jsonl", n, seed=4)
        mem[f"toy{n}"] = engine_run("local", TOY, d, 1, tmp, env)
        print(f"[bench] memory toy n={n}: {mem[f'toy{n}']}", flush=True)
    figures["memory"] = mem

    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    args.out.write_text(render(figures, args), encoding="utf-8")
    print(f"[bench] report: {args.out}")


def _rate(r: dict[str, Any]) -> str:
    if "failed" in r:
        return "failed"
    return f"{r['steady_rps']:.2f}"


def render(f: dict[str, Any], args: argparse.Namespace) -> str:
    """The Markdown report."""
    m, jp = f.get("fast"), f["jieba_s"]
    head = [
        f"# Batch scoring benchmark{(' — ' + args.label) if args.label else ''}",
        "",
        f"- Machine: {f['machine']}",
        f"- Command: `.venv/bin/python eval/bench/batch.py {' '.join(sys.argv[1:])}`".rstrip(),
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- Input: {f['n']} interactions from `eval/bench/batch_data.py` (60% calls of ~6 min, "
        f"~48 turns; 40% chats), {f['chars']} characters",
        "",
    ]
    lines = list(head)
    if m is not None:
        lines += [
            "## Marginal cost (fast path, in-process, after warm-up)",
            "",
            f"- Pipeline set-up (models loaded once): {m['setup_s']:.1f} s",
            f"- Scoring {m['records']} interactions: {m['seconds']:.1f} s = "
            f"**{m['records'] / m['seconds']:.2f} interactions/s**, "
            f"{1000 * m['seconds'] / m['records']:.0f} ms each",
            f"- One `jieba.lcut` pass over the same turn texts: {jp:.2f} s",
            f"- **Ratio marginal cost / one jieba pass: {m['seconds'] / jp:.1f}×** (target ≤ 6×)",
            "",
            _fmt_stage_table(m),
            "",
        ]
    if "transformer" in f:
        t = f["transformer"]
        lines += [
            "## Transformer path (in-process, after warm-up)",
            "",
            f"- {t['records']} interactions in {t['seconds']:.1f} s = "
            f"{t['records'] / t['seconds']:.2f} interactions/s "
            f"({t['seconds'] / jp:.1f}× one jieba pass)",
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
    if runs:
        lines += [
            "## Throughput by engine (fresh process each; steady state after the first records)",
            "",
            "| run | interactions/s (steady) | wall s (incl. start-up) | first result after s |"
            " peak RSS MB (parent / largest child) |",
            "|---|---:|---:|---:|---:|",
        ]
        names = {
            "local1": "local, 1 worker",
            "local2": "local, 2 workers",
            "tlocal1": "local transformer, 1 worker",
            "tlocal2": "local transformer, 2 workers",
            "ray2": "Ray, 2 actors (local Ray)",
        }
        for key, r in runs.items():
            if "failed" in r:
                lines.append(f"| {names.get(key, key)} | failed | | | |")
                continue
            rss = f"{r['maxrss_mb']:.0f} / {r['children_maxrss_mb']:.0f}"
            lines.append(
                f"| {names.get(key, key)} | {_rate(r)} | {r['wall_s']:.1f} | "
                f"{r['first_result_s']:.1f} | {rss} |"
            )
        if "ray2" in runs and "local2" in runs and "failed" not in runs["ray2"]:
            ratio = runs["local2"]["steady_rps"] / runs["ray2"]["steady_rps"]
            lines += [
                "",
                f"Local (2 workers) / Ray (2 actors) steady throughput: **{ratio:.2f}×** "
                "(target ≤ 1.5×).",
            ]
        lines.append("")
    mem = f["memory"]
    if mem:
        lines += [
            "## Peak memory (local engine, 1 worker, fresh process)",
            "",
            "| input | records | peak RSS MB |",
            "|---|---:|---:|",
        ]
        for key, r in mem.items():
            kind = "real pipeline" if key.startswith("real") else "engine only (toy stages)"
            if "failed" in r:
                lines.append(f"| {kind} | {key} | failed |")
            else:
                lines.append(f"| {kind} | {r['records'] + r['errors']} | {r['maxrss_mb']:.0f} |")
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
