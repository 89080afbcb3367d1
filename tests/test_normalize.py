"""Tests for triage.normalize: full-width fold, spoken digits, offset map."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from triage.normalize import NormalizeStage, normalize_text
from triage.schema import Interaction, Turn
from triage.stage import Doc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("幺三八一二三四五六七八", "13812345678"),
        ("一三八 一二三四 五六七八", "138 1234 5678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("幺三八两两洞洞拐拐九九", "13822007799"),
        ("13八1234五678", "13812345678"),
        ("卡号六二二二，零二零二", "卡号6222,0202"),
        ("ＡＢＣ＠ＱＱ．ＣＯＭ", "ABC@QQ.COM"),
        # a hesitation the ASR wrote inside the number joins its parts (each too short alone)
        ("验证码五二嗯九九", "验证码52嗯99"),
        ("零零…嗯…幺六", "00…嗯…16"),
        ("一三八，嗯，一二", "138,嗯,12"),
        # a digit said with how often it repeats, inside a number (1:1 on characters)
        ("一八六两个零一二三四五六", "1860·0123456"),
        ("幺三九三个八一二三四五", "13988812345"),
    ],
)
def test_normalize_converts_digit_strings(text: str, expected: str) -> None:
    assert normalize_text(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "统一零售价",
        "一些",
        "两三个",
        "十五天",
        "两千块",
        "三十八岁",
        "一一",
        "五百万",
        "第一次",
        "我有一个、嗯、两个问题",  # hesitation between two short words: no digit string
        "嗯、一",
        "三个八宝粥",  # a repeat alone is no number
        "两个零钱包",
        "密码是六个八",  # six repeats do not fit 1:1 (the code recognizer reads them)
    ],
)
def test_normalize_leaves_words_alone(text: str) -> None:
    assert normalize_text(text).text == text


def test_normalize_min_run_setting() -> None:
    assert normalize_text("三四五", min_spoken_run=4).text == "三四五"
    assert normalize_text("三四五六", min_spoken_run=4).text == "3456"


def test_normalize_stage_assigns_one_normtext_per_turn() -> None:
    inter = Interaction("r1", "call", (Turn("agent", "您好"), Turn("customer", "幺三八")))
    doc = Doc(inter)
    NormalizeStage().process_batch([doc])
    assert doc.norm is not None and [n.text for n in doc.norm] == ["您好", "138"]


_ALPHABET = "幺一二三四五六七八九零两洞拐0123456789０１２３ ，-号码是我的电话卡统些个天元ＡＢa"


@given(st.text(alphabet=_ALPHABET, max_size=60))
@example("0两个0")
def test_normalize_offsets_round_trip(text: str) -> None:
    nt = normalize_text(text)
    assert len(nt.starts) == len(nt.ends) == len(nt.text)
    for i, ch in enumerate(nt.text):
        s, e = nt.to_original(i, i + 1)
        assert 0 <= s < e <= len(text)
        src = text[s:e]
        # every normalised char comes from its source: identical, folded, a spoken digit,
        # or the separator written for the 个 of a repeat inside a number (0两个0 -> 00·0)
        assert ch == src or ch.isdigit() or ch.isascii() or (ch == "·" and src == "个")
    # monotone map
    assert nt.starts == sorted(nt.starts)


def test_normalize_word_segmented_turn_is_read_joined() -> None:
    # Kaldi-style ASR: a space between every word; the landline is one digit string
    text = "网点 电话 是 零 二八 八六 幺 二 三四 五六 。"
    nt = normalize_text(text)
    assert nt.text == "网点电话是02886123456。"
    s, e = nt.to_original(nt.text.index("0"), nt.text.index("。"))
    assert text[s:e] == "零 二八 八六 幺 二 三四 五六"


@pytest.mark.parametrize(
    "text",
    [
        "您好 嘉禾银行信用卡中心 工号4415 很高兴为您服务",  # spaces as pauses between phrases
        "卡号 6222 0202",  # two tokens: left as written
    ],
)
def test_normalize_pauses_between_phrases_stay_one_to_one(text: str) -> None:
    nt = normalize_text(text)
    assert len(nt.text) == len(text)
    assert nt.starts == list(range(len(text)))


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        # ASR homophones of spoken digits inside a long number read as the digit
        ("二腰零二二四 幺九五六零四 二二七七八八", "210224 195604 227788"),
        ("五幺零六八二 幺九就二 零二幺九", "510682 1992 0219"),
        ("六二三零 五八幺零 期零七八 五是三八 二零八", "6230 5810 7078 5438 208"),
        # 腰 at the very start of the number and at the start or end of a group
        ("腰五腰二七三 零九零六四 哦 不对", "151273 09064 哦 不对"),
        ("三二腰零七零三 腰九七六零三二零 六零腰八", "3210703 19760320 6018"),
        # 妖, another way a voice-to-text app writes 幺, treated as 腰
        ("妖五八 二二妖七 零四六三", "158 2217 0463"),
        ("三二零妖零二 妖九八八零七妖五 二三四九", "320102 19880715 2349"),
    ],
)
def test_normalize_digit_homophones_inside_a_long_number(text: str, norm: str) -> None:
    nt = normalize_text(text)
    assert nt.text == norm
    assert len(nt.text) == len(text)


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("分六期 幺三八零零幺三八零零零", "分六期 13800138000"),  # too few digits before 期
        ("第三期 二零二六年", "第三期 2026年"),
        ("分12期0利率", "分12期0利率"),
        ("三期零利率", "三期零利率"),
        ("我要一三八零零一三八零零零", "我要13800138000"),
        ("弯腰 一三八零零一三八零零零", "弯腰 13800138000"),
        ("腰疼 一二三", "腰疼 123"),
        ("腰三圈", "腰三圈"),  # too short for a misheard digit
        ("腰 一三八零零一三八零零零", "腰 13800138000"),  # not glued to the number
        ("妖怪 一三八零零一三八零零零", "妖怪 13800138000"),
        # a capital numeral that is a surname, glued to a name after the number
        ("6217 0038 1245 陆家明 你好", "6217 0038 1245 陆家明 你好"),
        ("卡号 6217 0038 伍佳", "卡号 6217 0038 伍佳"),
        ("妖三圈", "妖三圈"),  # too short for a misheard digit
        ("八四六四是六四二四", "8464是6424"),  # too short for a misheard digit
        # a word-segmented turn: 是/就 between spaced groups are words, not digits
        (
            "六二二二 对 零二六九 然后 八四六四 是 六四二四 最后 五七幺",
            "6222对0269然后8464是6424最后571",
        ),
        ("幺三八 零零 幺三八 就 零零零 对吧", "13800138就000对吧"),
    ],
)
def test_normalize_digit_homophones_stay_words_elsewhere(text: str, norm: str) -> None:
    assert normalize_text(text).text == norm


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("零六九 然后 三千块钱", "069 然后 三千块钱"),
        ("一三八 嗯 八千块", "138嗯八千块"),  # word-segmented: read joined
        ("13800138000 然后 2019年换的", "13800138000 然后 2019年换的"),
        ("幺三八 然后 零零 然后 幺三八零零零", "138然后00然后138000"),  # groups still join
    ],
)
def test_normalize_quantity_after_a_hesitation_is_not_glued(text: str, norm: str) -> None:
    assert normalize_text(text).text == norm


@pytest.mark.parametrize(
    ("text", "norm"),
    [
        ("六二二五八八四oneone四三六九六九零", "6225884114369690"),
        ("卡号 6225 884two5436", "卡号 6225 88425436"),
    ],
)
def test_normalize_english_digit_words_between_digits(text: str, norm: str) -> None:
    nt = normalize_text(text)
    assert nt.text == norm
    # each character maps back to its source: an English word to all of its letters
    assert "".join(text[s:e] for s, e in zip(nt.starts, nt.ends, strict=True)) == text


@pytest.mark.parametrize("text", ["someone 12 one23", "我的 iPhone 13 是新的", "one two three"])
def test_normalize_english_words_elsewhere_stay(text: str) -> None:
    assert normalize_text(text).text == text
