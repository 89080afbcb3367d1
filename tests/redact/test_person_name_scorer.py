"""The learned name scorer: candidates, its use by PersonNameRecognizer, reproducible weights."""

from __future__ import annotations

import json

import pytest
from test_person_name import _names, _view  # tests/redact is on sys.path (no __init__.py)

from triage.redact import redact_text
from triage.redact.recognizers.name_chars import given_name_chars
from triage.redact.recognizers.name_scorer import WEIGHTS, candidates, name_scorer


def _kinds(text: str) -> set[tuple[str, str]]:
    return {(text[s:e], k) for s, e, k in candidates(text, given_name_chars())}


def test_name_scorer_candidates_reduplication_and_surname() -> None:
    assert ("兔兔", "rep") in _kinds("感谢兔兔，感谢圆圆")
    assert {("晚晚", "rep"), ("宋晚晚", "srep")} <= _kinds("笑了宋晚晚起开")
    assert ("曾若彤", "sur3") in _kinds("丫曾若彤爱你")


def test_name_scorer_candidates_skip_runs_and_aabb_words() -> None:
    assert not {k for k in _kinds("哈哈哈哈，起起伏伏，兢兢业业") if k[1] == "rep"}


def test_name_scorer_weights_file_is_shipped_and_small() -> None:
    assert WEIGHTS.exists() and WEIGHTS.stat().st_size < 200_000
    doc = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert "__bias__" in doc["weights"] and doc["command"].endswith("name_scorer_train")


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # nicknames: a reduplicated given-name character LAC reads as a noun or verb
        (
            [("感谢", "v"), ("兔兔", "n"), ("，", "w"), ("感谢", "v"), ("佳佳", "PER")],
            ["佳佳", "兔兔"],
        ),
        ([("看", "v"), ("解解", "v"), ("的", "u"), ("手", "n")], ["解解"]),
        # a full name LAC glued into one adverb with the words after it
        ([("快乐丫", "a"), ("曾若彤爱你爱你爱你", "d")], ["曾若彤"]),
    ],
)
def test_person_name_scorer_finds_nicknames_and_glued_names(
    tokens: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _names(tokens) == expected


@pytest.mark.parametrize(
    "tokens",
    [
        # reduplicated adverbs and interjections are words, not nicknames
        [("我们", "r"), ("好好", "d"), ("说", "v"), ("，", "w"), ("天天", "q"), ("开心", "a")],
        [("慢慢", "d"), ("来", "v"), ("，", "w"), ("哈哈", "xc"), ("刚刚", "d"), ("到", "v")],
        # a surname character inside an idiom or across words
        [("生活", "n"), ("丰富多彩", "a")],
        [("国家", "n"), ("和", "c"), ("人民", "n")],
        [("许多", "m"), ("人", "n"), ("都", "d"), ("来", "v"), ("了", "u")],
        # kinship terms never are names
        [("我", "r"), ("妈妈", "n"), ("和", "c"), ("宝宝", "n"), ("都", "d"), ("好", "a")],
    ],
)
def test_person_name_scorer_keeps_words(tokens: list[tuple[str, str]]) -> None:
    assert _names(tokens) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("我家豆豆今天又闯祸了", "豆豆"),
        ("晚上跟萱萱视频了一个小时", "萱萱"),
        ("柯宇航转发了这条微博", "柯宇航"),
    ],
)
def test_person_name_scorer_end_to_end_masks_nickname(text: str, name: str) -> None:
    found = [text[e.start : e.end] for e in redact_text(text).entities if e.type == "PERSON"]
    assert name in found


@pytest.mark.parametrize(
    "text",
    ["你们好好休息，天天开心", "刚刚到家，慢慢来吧", "这件衣服颜色淡淡的很好看", "我们明明说好的"],
)
def test_person_name_scorer_end_to_end_keeps_reduplicated_words(text: str) -> None:
    assert not [e for e in redact_text(text).entities if e.type == "PERSON"]


def test_person_name_scorer_can_be_switched_off() -> None:
    from triage.redact.recognizers.person_name import PersonNameRecognizer

    text, view = _view([("感谢", "v"), ("兔兔", "n")])
    rec = PersonNameRecognizer(scorer=False)
    rec.load()
    assert not [f for f in rec.find(text, view) if f.score >= 0.5]
    assert name_scorer() is not None


@pytest.mark.slow
def test_name_scorer_train_is_reproducible(tmp_path) -> None:
    from triage.redact.name_scorer_train import main

    out = tmp_path / "weights.json"
    assert main(["--out", str(out)]) == 0
    assert out.read_bytes() == WEIGHTS.read_bytes()


def test_name_scorer_scores_nothing_without_lac_words() -> None:
    scorer = name_scorer()
    assert scorer is not None
    text = "感谢兔兔"
    assert scorer.find(text, [], []) == []
    assert [text[s:e] for s, e, _ in scorer.find(text, [(0, 2, "v"), (2, 4, "n")], [])] == ["兔兔"]
