"""Fine-tune the top of multilingual-e5-small on CPU (``triage train … --model transformer``).

Kept small for 2 CPU cores: the embeddings and the bottom encoder layers are
frozen, their output is computed once per training chunk (no gradient), and
only the top ``layers`` encoder layers (default 2) and the heads are trained for about a
thousand steps (default 1000) on a balanced sample. Seeded; logs progress.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from triage.classify.transformer_model import TransformerTextClassifier

log = logging.getLogger("triage.classify.transformer")


def _sample(split: Any, label_col: str, per_class: int, seed: int) -> list[int]:
    by: dict[str, list[int]] = defaultdict(list)
    for i, lab in enumerate(split[label_col]):
        by[lab].append(i)
    rng = random.Random(seed)
    out: list[int] = []
    for lab in sorted(by):
        idx = by[lab]
        rng.shuffle(idx)
        out.extend(idx[:per_class])
    rng.shuffle(out)
    return out


def _ext_mask(mask: torch.Tensor) -> torch.Tensor:
    """Additive [batch, 1, 1, len] attention mask (0 keep, large negative pad)."""
    return (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min


def _run_layer(layer: nn.Module, h: torch.Tensor, ext: torch.Tensor) -> torch.Tensor:
    out = layer(h, attention_mask=ext)
    return out[0] if isinstance(out, tuple) else out


def train_transformer(target: str, data: Any, out: Path, seed: int = 13, layers: int = 2,
                      per_class: int = 240, epochs: int = 3, steps: int | None = 1000,
                      lr: float = 1e-4, head_lr: float = 3e-3, max_length: int = 96
                      ) -> dict[str, Any]:
    """Train the top ``layers`` + heads for ``target`` and save into ``out``.

    The defaults (2 layers, 1000 steps: about 4 CPU minutes on a quiet 2-core machine) made
    the committed ``models/intent-transformer``; ``steps=None`` trains ``epochs`` passes over
    the cached mini-batches instead.
    """
    from triage.classify.training import LABEL_COLUMN

    torch.manual_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    label_col = LABEL_COLUMN[target]
    train = data["train"]
    classes = sorted(set(train[label_col]))
    presence = target == "intent"
    model = TransformerTextClassifier.from_base(classes, presence, max_length=max_length)
    enc = model.encoder
    n_layers = enc.config.num_hidden_layers
    upto = n_layers - layers
    for p in enc.parameters():
        p.requires_grad = False
    top = list(enc.encoder.layer[upto:])
    for layer in top:
        for p in layer.parameters():
            p.requires_grad = True
    idx = _sample(train, label_col, per_class, seed)
    t0 = time.perf_counter()
    rows = [train[i] for i in idx]
    chunks = model.preprocess([r["turns"] for r in rows], max_customer_chunks=1)
    cls_index = {c: i for i, c in enumerate(classes)}
    y = torch.tensor([cls_index[rows[o][label_col]] for o in chunks.owner])
    w = torch.tensor(chunks.weight, dtype=torch.float32)
    ymulti = torch.zeros((len(chunks.owner), len(classes)))
    if presence:
        for j, o in enumerate(chunks.owner):
            for lab in [rows[o]["intent"], *rows[o]["secondary"]]:
                ymulti[j, cls_index[lab]] = 1.0
    log.info("%d interactions → %d chunks; computing frozen features (layers 0-%d)",
             len(rows), len(chunks.input_ids), upto - 1)
    # Group chunks into fixed mini-batches once; cache the frozen hidden states.
    order = list(range(len(chunks.input_ids)))
    random.Random(seed).shuffle(order)
    order.sort(key=lambda j: len(chunks.input_ids[j]))  # similar lengths per batch
    bs = 32
    batches = [order[s:s + bs] for s in range(0, len(order), bs)]
    cache = []
    with torch.no_grad():
        for bi, b in enumerate(batches):
            tid, mask = model._pad([chunks.input_ids[j] for j in b])
            h = enc.embeddings(input_ids=tid)
            ext = _ext_mask(mask)
            for layer in enc.encoder.layer[:upto]:
                h = _run_layer(layer, h, ext)
            cache.append((h.clone(), mask, torch.tensor(b)))
            if bi % 10 == 0:
                log.info("frozen features: batch %d/%d (%.0f s)", bi + 1, len(batches),
                         time.perf_counter() - t0)
    feat_s = time.perf_counter() - t0
    layer_params = [p for layer in top for p in layer.parameters()]
    head_params = list(model.heads.parameters())
    params = layer_params + head_params
    # The heads start from scratch and need a larger step than the pretrained layer.
    opt = torch.optim.AdamW([{"params": layer_params, "lr": lr},
                             {"params": head_params, "lr": head_lr}], weight_decay=0.01)
    total = steps if steps is not None else epochs * len(cache)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / total))
    ce = nn.CrossEntropyLoss(reduction="none")
    bce = nn.BCEWithLogitsLoss(reduction="none")
    for layer in top:
        layer.train()
    model.heads.train()
    rng = random.Random(seed)
    step = 0
    t1 = time.perf_counter()
    while step < total:
        perm = list(range(len(cache)))
        rng.shuffle(perm)
        for k in perm:
            if step >= total:
                break
            h, mask, b = cache[k]
            ext = _ext_mask(mask)
            x = h
            for layer in top:
                x = _run_layer(layer, x, ext)
            lo, pr = model.heads(x, mask)
            wb = w[b]
            loss = (ce(lo, y[b]) * wb).sum() / wb.sum()
            if pr is not None:
                loss = loss + 0.5 * (bce(pr, ymulti[b]).mean(1) * wb).sum() / wb.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 20 == 0 or step == total:
                log.info("step %d/%d loss %.4f (%.0f s)", step, total, float(loss),
                         time.perf_counter() - t1)
    for layer in top:
        layer.eval()
    model.heads.eval()
    train_s = time.perf_counter() - t1
    # Validation on the generated validation split (sample; not a held-out figure).
    val = data["validation"]
    vidx = list(range(min(300, len(val))))
    t2 = time.perf_counter()
    proba, _ = model.predict_turns([val[i]["turns"] for i in vidx])
    ms = 1000 * (time.perf_counter() - t2) / max(len(vidx), 1)
    pred = [classes[int(i)] for i in proba.argmax(1)]
    gold = [val[i][label_col] for i in vidx]
    from sklearn.metrics import f1_score

    metrics = {
        "validation_generated": {
            "n": len(vidx),
            "accuracy": round(sum(a == b for a, b in zip(gold, pred, strict=True)) / len(vidx), 4),
            "macro_f1": round(float(f1_score(gold, pred, average="macro")), 4),
            "ms_per_record": round(ms, 1),
        },
        "label_column": label_col,
        "train_interactions": len(rows), "train_chunks": len(chunks.input_ids),
        "trained_layers": layers, "steps": total, "lr": lr, "head_lr": head_lr, "seed": seed,
        "frozen_feature_seconds": round(feat_s, 1), "train_seconds": round(train_s, 1),
    }
    model.save(out, layers, {"target": target, "seed": seed})
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    log.info("validation (generated data): %s", metrics["validation_generated"])
    return metrics
