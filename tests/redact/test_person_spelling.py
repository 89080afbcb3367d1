"""Names said and spelled on the phone: explanations, given names after a cue, everyday words.

Hand-written sentences (not from any corpus). End-to-end through ``redact_text`` /
``redact_turns`` (LAC, jieba, every recognizer), plus :class:`NameSpelling` alone.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from triage.redact import redact_text, redact_turns
from triage.redact.recognizers.base import Finding
from triage.redact.recognizers.name_chars import given_name_chars
from triage.redact.recognizers.name_spelling import NameSpelling
from triage.schema import Turn


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # every character of the name, and every explanation of one, is masked
        ("我叫陈晓明，耳东陈，春眠不觉晓的晓，明天的明。", "陈晓明"),
        ("我叫高峰，高山的高，山峰的峰。", "高峰"),
        ("我姓张，弓长张，名字叫伟，伟大的伟。", "张伟"),
        ("名字是马丽，马是马上的马，丽是美丽的丽", "马丽"),
        ("我叫江涛，三点水的江，三点水的涛", "江涛"),
        ("我叫许佳，言午许，单人旁的佳", "许佳"),
        ("我叫黄婷婷，草头黄，婷是女字旁一个亭子的亭", "黄婷"),
        ("我叫王 伟，王是三横王", "王伟"),
        ("我叫王建华，建设的建，中华的华", "王建华"),
        # parts of the character: the whole explanation goes (刍 + 耳朵旁 spell 邹)
        ("免贵姓邹，邹是一个刍加一个耳朵旁", "邹刍"),
        ("我姓邓，又字旁一个登，邓小平的邓", "邓登"),
    ],
)
def test_person_spelling_explained_characters_masked(text: str, secret: str) -> None:
    out = redact_text(text).text
    assert "<PERSON>" in out
    leaked = [c for c in secret if c in out]
    assert not leaked, out


@pytest.mark.parametrize(
    ("text", "given"),
    [
        ("名字叫伟", "伟"),
        ("我名叫晓明。", "晓明"),
        ("我单名一个伟字", "伟"),
        ("名字是晓明", "晓明"),
        ("叫我晓明就行", "晓明"),
        ("叫我张伟就行", "张伟"),
        ("我姓诸葛，单名一个亮", "亮"),
    ],
)
def test_person_spelling_given_name_after_cue(text: str, given: str) -> None:
    out = redact_text(text).text
    assert given not in out and "<PERSON>" in out, out


def test_person_spelling_surname_said_alone_first() -> None:
    out = redact_text("我叫，我叫王，王小二").text
    assert "王" not in out and "小二" not in out, out


def test_person_spelling_explanation_in_a_later_turn() -> None:
    turns = (
        Turn("customer", "我叫陈晓明"),
        Turn("agent", "好的，请问是哪两个字？"),
        Turn("customer", "春眠不觉晓的晓，明天的明"),
    )
    red, _ = redact_turns(turns)
    assert "晓" not in red[2].text and "明" not in red[2].text, red[2].text
    assert red[1].text == "好的，请问是哪两个字？"


def test_person_spelling_chain_without_a_name_in_the_turn() -> None:
    # two explanations in a row spell a name even when the turn has no name cue
    out = redact_text("春眠不觉晓的晓，明天的明").text
    assert "晓" not in out and "明" not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "我的卡被冻结了",
        "上个月的钱还没到",
        "招商银行的卡能不能用",
        "还款的事怎么说",
        "这是他的",
        "我老公的卡丢了",
        "您的问题我记下了",
        "好的好的，是的是的",
        "对的对的",
        "钱是我的钱，还是我的还",
        "该还的还，该给的给",
        "我数字头几位是几",
        "我是本人",
        "我是他老婆",
        "我姓名写错了",
        "你们经理姓什么",
        "名字是什么",
        "名字叫错了",
        "叫我怎么办",
        "叫我干嘛",
        "叫我干什么",
        "名字是中文",
        "名字是对的",
        "我是招商银行的客户",
        "今天很高兴",
        "我买的平安保险",
        "这个金额不对",
        "你方便的时候回个电话",
        "周一我去网点",
        "我在江苏",
        "我银行卡丢了",
        "我工资卡被扣了",
    ],
)
def test_person_spelling_everyday_speech_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_person_spelling_bank_card_word_not_a_name() -> None:
    # jieba's dictionary tags 银行卡 as a person name; LAC reads 银行|卡号
    out = redact_text("我银行卡号6222 0212 3456 7890 128").text
    assert out.startswith("我银行卡号") and "PERSON" not in out, out


def _spell(text: str, names: list[str]) -> list[str]:
    sp = NameSpelling(given_name_chars(), source="test")
    found = []
    for n in names:
        at = text.index(n)
        found.append(Finding(at, at + len(n), "PERSON", 0.85, "test:ner"))
    return [text[f.start : f.end] for f in sp.find(text, found)]


def test_name_spelling_long_explanation_needs_a_name_char() -> None:
    # five characters before 的: an explanation when the character is in a name found
    assert _spell("我叫陈晓，春眠不觉晓的晓", ["陈晓"]) == ["春眠不觉晓的晓"]
    assert _spell("我叫李伟，春眠不觉晓的晓", ["李伟"]) == []
    assert _spell("春眠不觉晓的晓", []) == []
    # a clause that is only a short word + 的 + its character is spelling on its own
    assert _spell("海洋的洋", []) == ["海洋的洋"]
    assert _spell("是海洋的洋吗", []) == ["是海洋的洋吗"]
    # prose that ends in …的C with C earlier is no explanation
    assert _spell("我叫李明，他说明年再来看明天的明", ["李明"]) == []


def test_name_spelling_radical_clause_and_character_first() -> None:
    assert _spell("三点水的江", []) == ["三点水的江"]
    assert _spell("丽是美丽的丽", []) == ["丽是美丽的丽"]
    # 钱是我的钱: 是 is followed by a word without the character
    assert _spell("钱是我的钱", []) == []


def test_person_spelling_name_said_before_its_explanation() -> None:
    # a given name answered alone, then spelled: the name before the explanation too
    out = redact_text("伟，伟大的伟").text
    assert "伟" not in out, out
    out = redact_text("好的，明天的明").text
    assert out.startswith("好的，") and "明" not in out, out


def test_person_spelling_agent_asks_which_character() -> None:
    turns = (
        Turn("agent", "请问您叫什么名字？"),
        Turn("customer", "李伟"),
        Turn("agent", "哪个伟？"),
        Turn("customer", "伟大的伟"),
    )
    red, _ = redact_turns(turns)
    assert all("伟" not in t.text for t in red), [t.text for t in red]
    # which card, which branch: no name character, kept
    red, _ = redact_turns((Turn("customer", "我叫李伟"), Turn("agent", "是哪个卡？")))
    assert red[1].text == "是哪个卡？"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("转给郑 小 龙的那笔钱", "郑小龙"),
        ("卢 俊 义，卢是卢沟桥的卢", "卢俊义"),
        ("我叫李，李，李文，文化的文", "李文"),
    ],
)
def test_person_spelling_spaced_and_stuttered_names(text: str, secret: str) -> None:
    out = redact_text(text).text
    assert not [c for c in secret if c in out], out


@pytest.mark.parametrize(
    "text",
    ["我 的 卡 丢 了", "好，对，行", "他叫我明天去网点", "叫我周末再来", "我也不知道是什么钱 多了"],
)
def test_person_spelling_spaced_and_short_speech_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_person_spelling_name_before_a_radical_explanation() -> None:
    # the radical explanation does not say the character: the name said before it goes
    for text, secret in (("名字是雯，雨字头一个文", "雯"), ("我叫芸，草字头一个云", "芸")):
        out = redact_text(text).text
        assert secret not in out, out
    # a back-channel word before it stays
    assert redact_text("好，三点水的江").text.startswith("好，")


def test_person_spelling_parts_of_a_name_character() -> None:
    turns = (Turn("customer", "我叫石磊"), Turn("agent", "是三个石头的磊吗？"))
    red, _ = redact_turns(turns)
    assert "磊" not in red[1].text, red[1].text
    # …的钱 after a caller named 钱: money, not the character's parts
    turns = (Turn("customer", "我叫钱伟"), Turn("customer", "上个月的钱还没到"))
    red, _ = redact_turns(turns)
    assert red[1].text == "上个月的钱还没到"


def test_person_name_question_word_is_no_name() -> None:
    # LAC reads 周几 as a name
    assert redact_text("明天是周几").text == "明天是周几"


def test_person_spelling_eval_cases_parse() -> None:
    repo = str(Path(__file__).resolve().parents[2])
    sys.path.insert(0, repo)
    try:
        from eval.pii.spoken_names import CASES, read_cases
    finally:
        sys.path.remove(repo)

    files = sorted(CASES.glob("*.tsv"))
    assert len(files) >= 3
    for path in files:
        cases = read_cases(path)
        assert cases and {kind for _, kind, _, _ in cases} == {"P", "N"}
        assert all(secret for _, kind, secret, _ in cases if kind == "P")


def test_person_spelling_pause_after_a_name_is_no_spelled_name() -> None:
    # an ASR space after a name: the next word stays
    out = redact_text("喂 您好 我是客服李明 有什么能帮您").text
    assert out.endswith(" 有什么能帮您") and "李明" not in out, out
