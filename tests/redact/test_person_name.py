"""PersonNameRecognizer on LAC-style words/POS (the NlpView the engine hands over)."""

from __future__ import annotations

import pytest

from triage.redact import redact_text
from triage.redact.recognizers.base import NlpView, Word
from triage.redact.recognizers.name_chars import given_name_chars
from triage.redact.recognizers.person_name import PersonNameRecognizer

#: How the engine maps LAC's entity tags onto jieba's for ``NlpView.words``.
_WORD_TAG = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t"}


def _view(tokens: list[tuple[str, str]]) -> tuple[str, NlpView]:
    """Text and view from LAC ``(word, tag)`` pairs, shaped as the engine hands them over.

    ``ents`` carry every LAC word with its LAC tag; ``words`` are the same words with
    the entity tags mapped to jieba's (PER -> nr).
    """
    words, ents, pos = [], [], 0
    for w, tag in tokens:
        words.append(Word(pos, pos + len(w), w, _WORD_TAG.get(tag, tag)))
        ents.append((pos, pos + len(w), tag))
        pos += len(w)
    text = "".join(w for w, _ in tokens)
    return text, NlpView(words=words, ents=ents)


def _names(tokens: list[tuple[str, str]]) -> list[str]:
    text, view = _view(tokens)
    rec = PersonNameRecognizer()
    rec.load()
    return sorted({text[f.start : f.end] for f in rec.find(text, view) if f.score >= 0.5})


def test_name_chars_given_name_share() -> None:
    table = given_name_chars()
    assert table.is_common("伟") and table.is_common("芳")
    assert not table.is_common("说") and not table.is_common("的")


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # LAC ends the name one character early; the stray given-name character joins
        ([("客户", "n"), ("赵德", "PER"), ("芳", "n"), ("来", "v"), ("过", "u")], ["赵德芳"]),
        ([("经理", "n"), ("孙立", "PER"), ("成", "v"), ("办", "v"), ("的", "u")], ["孙立成"]),
        # a verb or particle that is no name character stays outside
        ([("王伟", "PER"), ("说", "v"), ("好", "a")], ["王伟"]),
        ([("李明", "PER"), ("在", "p"), ("家", "n")], ["李明"]),
    ],
)
def test_person_name_completes_name_cut_short(
    tokens: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _names(tokens) == expected


def test_person_name_enumeration_of_names() -> None:
    tokens = [("周文涛", "PER"), ("、", "w"), ("吴敏捷", "n"), ("、", "w"), ("郑海燕", "PER"),
              ("等", "u"), ("出席", "v")]  # fmt: skip
    assert _names(tokens) == ["吴敏捷", "周文涛", "郑海燕"]


def test_person_name_enumeration_needs_a_named_neighbour() -> None:
    tokens = [("苹果", "n"), ("、", "w"), ("江米条", "n"), ("、", "w"), ("香蕉", "n")]
    assert _names(tokens) == []


def test_person_name_after_role_word() -> None:
    assert _names([("记者", "n"), ("冯立新", "n"), ("报道", "v")]) == ["冯立新"]


def test_person_name_inside_eponym() -> None:
    assert _names([("学习", "v"), ("毛泽东思想", "nz")]) == ["毛泽东"]


@pytest.mark.parametrize(
    "tokens",
    [
        [("开展", "v"), ("这", "r"), ("项", "q"), ("工作", "n")],  # 项 + 工(title) inside 工作
        [("以色列", "LOC"), ("国", "n"), ("总理", "n")],  # 国 + 总(title) inside 总理
        [("但", "c"), ("总的来说", "l"), ("还行", "v")],
    ],
)
def test_person_name_title_must_be_its_own_word(tokens: list[tuple[str, str]]) -> None:
    assert _names(tokens) == []


def test_person_name_title_after_surname_word() -> None:
    assert _names([("王", "n"), ("先生", "n"), ("您好", "v")]) == ["王"]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ([("客场", "n"), ("挑战", "v"), ("卡洛维尔", "PER")], []),
        ([("卡洛维尔", "PER"), ("首都", "n")], []),
        ([("卡洛维尔", "PER"), ("说", "v")], ["卡洛维尔"]),
        ([("我", "r"), ("见", "v"), ("了", "u"), ("卡洛维尔", "PER")], ["卡洛维尔"]),
    ],
)
def test_person_name_transliteration_in_team_or_place_context(
    tokens: list[tuple[str, str]], expected: list[str]
) -> None:
    assert _names(tokens) == expected


@pytest.mark.parametrize("text", ["我孙子今年上小学了", "我孙女在家写作业", "我老公的卡丢了"])
def test_person_name_kinship_terms_are_not_names(text: str) -> None:
    found = [text[e.start : e.end] for e in redact_text(text).entities if e.type == "PERSON"]
    assert found == []


def test_person_name_before_sex_field() -> None:
    tokens = [("司", "n"), ("增勤", "v"), ("，", "w"), ("男", "a"), ("，", "w"), ("汉族", "nz")]
    assert _names(tokens) == ["司增勤"]


def test_person_name_repeated_mention_masked_everywhere() -> None:
    tokens = [("我", "r"), ("叫", "v"), ("韦一笑", "n"), ("，", "w"), ("韦一笑", "n"),
              ("的", "u"), ("卡", "n")]  # fmt: skip
    text, view = _view(tokens)
    rec = PersonNameRecognizer()
    rec.load()
    spans = sorted({(f.start, f.end) for f in rec.find(text, view) if f.score >= 0.5})
    assert spans == [(2, 5), (6, 9)]


def test_person_name_closes_before_punctuation() -> None:
    # 有 is a function character mid-sentence, but before 、 it can only end the name
    tokens = [("委员", "n"), ("傅全", "PER"), ("有", "v"), ("、", "w"), ("于永波", "PER")]
    assert _names(tokens) == ["于永波", "傅全有"]


def test_person_name_handle_ends_before_repost() -> None:
    text = "@林小雨转发微博"
    view = NlpView(words=[Word(0, len(text), text, "x")], ents=[])
    rec = PersonNameRecognizer()
    rec.load()
    assert [text[f.start : f.end] for f in rec.find(text, view)] == ["林小雨"]


def test_person_name_organisation_handle_kept() -> None:
    text = "@好味道工作室 新品上市"
    view = NlpView(words=[Word(0, len(text), text, "x")], ents=[])
    rec = PersonNameRecognizer()
    rec.load()
    assert rec.find(text, view) == []


def test_person_name_long_transliteration_after_role() -> None:
    tokens = [("总统", "n"), ("阿瓦希涅夫斯基", "PER"), ("举行", "v")]
    assert _names(tokens) == ["阿瓦希涅夫斯基"]


def test_person_name_pseudonym_marked_alias() -> None:
    tokens = [("员工", "n"), ("成", "v"), ("钢", "n"), ("（", "w"), ("化名", "n"), ("）", "w")]
    assert _names(tokens) == ["成钢"]


def test_person_name_speaker_label_at_line_start() -> None:
    assert _names([("姜山", "LOC"), ("：", "w"), ("回过头", "v"), ("来说", "v")]) == ["姜山"]


def test_person_name_speaker_label_not_an_organisation() -> None:
    assert _names([("花旗", "ORG"), ("：", "w"), ("利率", "n"), ("上调", "v")]) == []


def test_person_name_after_role_read_as_adverb() -> None:
    tokens = [("副总经理", "n"), ("曾世民", "d"), ("，", "w"), ("他", "r"), ("证实", "v")]
    assert _names(tokens) == ["曾世民"]


def test_person_name_surname_read_as_adverb_before_given_name() -> None:
    assert _names([("曾", "d"), ("若彤", "PER"), ("骑", "v"), ("单车", "n")]) == ["曾若彤"]
    # a conjunction or preposition before a given name is not its surname
    assert _names([("和", "c"), ("若彤", "PER"), ("骑", "v")]) == ["若彤"]


def test_person_name_surname_read_as_verb_after_role_word() -> None:
    assert _names([("导演", "n"), ("许", "v"), ("秦豪", "PER"), ("出席", "v")]) == ["许秦豪"]
    # a preposition after the role word is no surname: 经理向王伟道歉
    assert _names([("经理", "n"), ("向", "p"), ("王伟", "PER"), ("道歉", "v")]) == ["王伟"]


@pytest.mark.parametrize(
    "text", ["金卡和白金卡有什么区别", "白银理财产品收益如何", "班主任说明天开家长会"]
)
def test_person_name_card_tiers_metals_and_common_nouns_kept(text: str) -> None:
    found = [text[e.start : e.end] for e in redact_text(text).entities if e.type == "PERSON"]
    assert found == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("您好 交通银行 很高兴为您服务 我是客服小赵", "小赵"),  # LAC: an adjective at the end
        ("我是客服专员小刘，工号2231", "小刘"),
        ("客服小李说明天给我回电", "小李"),
        ("我找客户经理老王", "老王"),
    ],
)
def test_person_name_nickname_after_a_service_role(text: str, secret: str) -> None:
    assert secret not in redact_text(text).text


def test_person_name_role_word_before_an_everyday_word_stays() -> None:
    assert redact_text("客服小心点，别弄错了").text == "客服小心点，别弄错了"


def test_person_name_doubled_given_name_character() -> None:
    # LAC cut the doubled character off (宋晚|晚); 明天 is a word, so 王明 stays 王明
    assert "宋晚晚" in _names([("宋晚", "PER"), ("晚", "n"), ("来", "v"), ("了", "u")])
    assert "王明明" not in _names([("王明", "PER"), ("明天", "TIME"), ("来", "v")])
    assert "李华华" not in _names([("李华", "PER"), ("华华华", "n")])


@pytest.mark.parametrize(
    ("text", "name"),
    [("如今都想做中国的比尔．盖茨", "比尔．盖茨"), ("比尔.盖茨说过", "比尔.盖茨")],
)
def test_person_name_foreign_name_with_full_stop(text: str, name: str) -> None:
    assert name in [text[e.start : e.end] for e in redact_text(text).entities]


def test_person_name_full_stop_between_sentences_is_no_name() -> None:
    assert redact_text("今天好累.明天再说").entities == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我叫买买提", "我叫<PERSON>"),  # no Han surname, no NER reading: the name's usual start
        ("请问是买买提先生吗", "请问是<PERSON>先生吗"),
        ("我是阿不都热合曼", "我是<PERSON>"),  # LAC read only 阿不
        ("我叫买买提 艾力", "我叫<PERSON> <PERSON>"),  # 买 was left before 买提
        ("好的卓玛女士", "好的<PERSON>女士"),
        ("我叫外卖", "我叫外卖"),  # 叫外卖: no name reading, no name start
        ("我是招商银行客户", "我是招商银行客户"),
        ("我是客户经理", "我是客户经理"),
        ("您好先生", "您好先生"),
    ],
)
def test_person_names_without_han_surname_after_cue_or_before_title(text, expected) -> None:
    assert redact_text(text).text == expected
