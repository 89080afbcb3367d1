"""The vectorised jieba POS HMM gives jieba.posseg's words and tags."""

from __future__ import annotations

import json
from pathlib import Path

import jieba
import jieba.posseg
import pytest

from triage.redact.posseg import FastPOSTokenizer, best_route, hmm_viterbi

SAMPLES = Path(__file__).resolve().parents[2] / "data_samples"


@pytest.fixture(scope="module")
def fast() -> FastPOSTokenizer:
    jieba.setLogLevel(60)
    jieba.initialize()
    return FastPOSTokenizer(jieba.posseg.dt)


def _pairs(words) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.word, p.flag) for p in words]


def test_posseg_viterbi_equals_jieba_viterbi_on_unknown_runs() -> None:
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    runs = ["期都", "是谁让您往", "转钱的呀", "好", "鬱鬱蔥蔥", "嗯嗯嗯嗯嗯嗯", "幺三八洞拐"]
    runs += ["啊" * 40, "王二麻子来了吗", "𠀀你"]  # long run; a character outside the tables
    for run in runs:
        assert hmm_viterbi(run) == viterbi(run, char_state_tab_P, start_P, trans_P, emit_P)[1]


def test_posseg_cut_equals_jieba_on_sample_turns(fast: FastPOSTokenizer) -> None:
    texts = []
    for path in sorted(SAMPLES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.extend(t["text"] for t in json.loads(line).get("turns", []))
    texts += ["我叫欧阳娜娜，手机幺三八一二三四五六七八", "ABC先生您好123", "", "　\n"]
    assert len(texts) > 200
    for text in texts:
        assert _pairs(fast.cut(text)) == _pairs(jieba.posseg.dt.cut(text))
        assert _pairs(fast.cut(text, HMM=False)) == _pairs(jieba.posseg.dt.cut(text, HMM=False))


def test_posseg_best_route_equals_jieba_dag_and_calc() -> None:
    from math import log

    jieba.setLogLevel(60)
    tok = jieba.dt
    tok.check_initialized()
    texts = [
        "结婚的和尚未结婚的",
        "南京市长江大桥",
        "他来到了网易杭研大厦",
        "啊" * 30,
        "𠀀你好",
        "a",
    ]
    for path in sorted(SAMPLES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.extend(t["text"] for t in json.loads(line).get("turns", []))
    for text in texts:
        route: dict[int, tuple[float, int]] = {}
        tok.calc(text, tok.get_DAG(text), route)
        assert best_route(text, tok.FREQ, log(tok.total)) == [route[k][1] for k in range(len(text))]


def test_posseg_shares_the_dictionaries_of_its_base(fast: FastPOSTokenizer) -> None:
    assert fast.word_tag_tab is jieba.posseg.dt.word_tag_tab
    assert fast.tokenizer is jieba.posseg.dt.tokenizer
