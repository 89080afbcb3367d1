"""PersonNameRecognizer: names in lists, runs of names, foreign names, organisation names.

Views are built the way the engine hands them over (LAC words and tags, with
``test_person_name._names``); the run and transliteration cases also go through the
real engine (``redact_text``), as LAC garbles runs of names in its own way.
"""

from __future__ import annotations

import pytest
from test_person_name import _names  # tests/redact is on sys.path (no __init__.py)

from triage.redact import redact_text
from triage.redact.recognizers.base import NlpView, Word
from triage.redact.recognizers.person_name import PersonNameRecognizer


def _masked(text: str) -> set[int]:
    return {
        k for e in redact_text(text).entities if e.type == "PERSON" for k in range(e.start, e.end)
    }


def test_person_name_list_evidence_travels_along_the_list() -> None:
    tokens = [("周文涛", "PER"), ("、", "w"), ("吴敏捷", "n"), ("、", "w"), ("郑海燕", "n"),
              ("、", "w"), ("钱冠林", "n"), ("等", "u"), ("出席", "v")]  # fmt: skip
    assert _names(tokens) == ["吴敏捷", "周文涛", "郑海燕", "钱冠林"]


def test_person_name_list_of_names_overrides_place_reading_and_cut() -> None:
    # most items are names: LAC's LOC reading of one item and a name cut short give way
    tokens = [("委员", "n"), ("：", "w"), ("尚", "d"), ("赵花", "PER"), ("、", "w"),
              ("巫娟国", "LOC"), ("、", "w"), ("王伟", "PER"), ("、", "w"), ("冉依", "PER"),
              ("表", "n"), ("。", "w")]  # fmt: skip
    found = _names(tokens)
    assert set(found) >= {"尚赵花", "巫娟国", "王伟", "冉依表"}
    # nothing beyond the items (委员, the separators) is taken
    assert all(n in ("尚赵花", "巫娟国", "王伟", "冉依表") or len(n) == 2 for n in found)
    assert not any("委" in n or "、" in n for n in found)


def test_person_name_list_compound_surname_four_characters() -> None:
    tokens = [("王伟", "PER"), ("、", "w"), ("欧阳明辉", "n"), ("、", "w"), ("李明", "PER")]
    assert _names(tokens) == ["李明", "欧阳明辉", "王伟"]


def test_person_name_list_of_places_stays() -> None:
    tokens = [("王伟", "PER"), ("、", "w"), ("江苏", "LOC"), ("、", "w"), ("浙江", "LOC")]
    assert _names(tokens) == ["王伟"]


def test_person_name_list_needs_the_name_next_to_the_separator() -> None:
    # 顾大局 follows a clause that holds a name, not a name: no enumeration of names
    tokens = [("谢子长", "PER"), ("同志", "n"), ("识", "v"), ("大体", "n"), ("、", "w"),
              ("顾", "v"), ("大局", "n")]  # fmt: skip
    assert _names(tokens) == ["谢子长"]


def test_person_name_list_item_end_word_not_taken() -> None:
    tokens = [("李登海", "PER"), ("、", "w"), ("冯长根", "PER"), ("、", "w"), ("杨卫", "PER"),
              ("等", "u")]  # fmt: skip
    assert _names(tokens) == ["冯长根", "李登海", "杨卫"]


def test_person_name_comma_list_needs_two_names_and_name_characters() -> None:
    tokens = [("王伟", "PER"), ("，", "w"), ("李明", "PER"), ("，", "w"), ("张建国", "n"),
              ("。", "w")]  # fmt: skip
    assert _names(tokens) == ["张建国", "李明", "王伟"]
    # one name before a comma makes no list: 高兴 is a word
    assert _names([("张三", "PER"), ("，", "w"), ("高兴", "a")]) == ["张三"]


@pytest.mark.parametrize(
    "names",
    [
        # generated from the repo's surname list and ngender's given-name characters; LAC
        # alone leaves 9 and 8 of these characters unmasked
        "谌振礼霍雪钰黄丽呼青刚舒飞风毕淳仕和文诸强明丛俊转喻婕康",
        "束丽迪毛合必郭民云史杰莉盘文南汪煜森那荣苏静阳辉蔡政波",
    ],
)
def test_person_name_run_of_names_without_separators(names: str) -> None:
    text = "主席团成员：" + names + "。"
    start = len("主席团成员：")
    masked = _masked(text)
    assert set(range(start, start + len(names))) <= masked
    assert not masked & set(range(start))


def test_person_name_three_names_in_prose_mask_nothing_else() -> None:
    text = "王伟和李明与张建国一起去了北京"
    masked = _masked(text)
    assert {text[k] for k in masked} <= set("王伟李明张建国")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("以色列国总理内塔尼亚胡３日致函李鹏总理，对邓小平逝世表示哀悼。", "内塔尼亚胡"),
        ("在华盛顿期间，我同克林顿总统就双边关系以及共同关心的国际和地区问题交换了意见", "克林顿"),
        ("世界经济论坛主席施瓦布、总干事斯马加及主任马托在联名签署的唁电中说", "斯马加"),
    ],
)
def test_person_name_transliterated_name_with_person_context(text: str, name: str) -> None:
    s = text.index(name)
    assert set(range(s, s + len(name))) <= _masked(text)


def test_person_name_transliteration_after_company_word_stays() -> None:
    assert _names([("开发商", "n"), ("贝塞斯达", "nz"), ("表示", "v")]) == []


@pytest.mark.parametrize(
    "tokens",
    [
        [("闻韶派出所", "PER"), ("在", "p"), ("老百姓", "n")],
        [("历任", "v"), ("惠博普", "PER"), ("有限", "a"), ("董事", "n")],
        [("加入", "v"), ("李宁", "PER"), ("工作室", "n")],
    ],
)
def test_person_name_organisation_suffix_keeps_the_name_like_span(
    tokens: list[tuple[str, str]],
) -> None:
    assert _names(tokens) == []


def test_person_name_byline_name_at_line_end() -> None:
    assert _names([("本报", "n"), ("记者", "n"), ("玺润", "v")]) == ["玺润"]
    assert _names([("（", "w"), ("记者", "n"), ("陈思武", "PER"), ("）", "w")]) == ["陈思武"]


def test_person_name_byline_needs_word_boundaries() -> None:
    assert _names([("记者会", "n"), ("上", "f"), ("，", "w"), ("他", "r"), ("说", "v")]) == []


def test_person_name_jieba_name_over_lac_surname_verb() -> None:
    # LAC: 许/v 秦豪/PER; jieba: 许秦豪/nr — the surname LAC read as a verb joins the name
    text = "昨天许秦豪来了"
    words = [Word(0, 2, "昨天", "t"), Word(2, 5, "许秦豪", "nr"), Word(5, 6, "来", "v"),
             Word(6, 7, "了", "ul")]  # fmt: skip
    ents = [(0, 2, "TIME"), (2, 3, "v"), (3, 5, "PER"), (5, 6, "v"), (6, 7, "u")]
    rec = PersonNameRecognizer()
    rec.load()
    found = {text[f.start : f.end] for f in rec.find(text, NlpView(words, ents)) if f.score >= 0.5}
    assert "许秦豪" in found
    # a conjunction before a given name is no surname: 和|小平 stays 小平
    text = "说的和小平同志"
    words = [Word(0, 1, "说", "v"), Word(1, 2, "的", "uj"), Word(2, 5, "和小平", "nr"),
             Word(5, 7, "同志", "n")]  # fmt: skip
    ents = [(0, 1, "v"), (1, 2, "u"), (2, 3, "c"), (3, 5, "PER"), (5, 7, "n")]
    found = {text[f.start : f.end] for f in rec.find(text, NlpView(words, ents)) if f.score >= 0.5}
    assert "和小平" not in found and "小平" in found


def test_person_name_given_name_after_full_name() -> None:
    tokens = [("我", "r"), ("叫", "v"), ("王小明", "PER"), ("，", "w"), ("朋友", "n"), ("都", "d"),
              ("叫", "v"), ("我", "r"), ("小明", "n")]  # fmt: skip
    assert {"小明", "王小明"} <= set(_names(tokens))
    # the same characters inside another word stay: 张建国 … 建国以来
    tokens = [("张建国", "PER"), ("说", "v"), ("，", "w"), ("建国以来", "n"), ("变化", "n")]
    assert _names(tokens) == ["张建国"]


def test_person_name_dotted_foreign_name_trimmed_to_the_name() -> None:
    rec = PersonNameRecognizer()
    text = "以色列国议会议长达恩·蒂雄１９９７年"
    s, e = rec._foreign_span(text, 4, 13) or (0, 0)  # the pattern matches 议会议长达恩·蒂雄
    assert text[s:e] == "达恩·蒂雄"
    text = "华广汽车学院团学实践部发起的投票•第六届汽车文化节"
    assert rec._foreign_span(text, 10, 25) is None  # 部发起的投票•第六届汽车文化节


def test_person_name_media_handle_kept() -> None:
    text = "@新浪女人eLadies 投票"
    view = NlpView(words=[Word(0, len(text), text, "x")], ents=[])
    rec = PersonNameRecognizer()
    rec.load()
    assert rec.find(text, view) == []
