"""PersonNameRecognizer: names the segmenters cut or glued in other ways (session 14).

A doubled given-name character jieba glued to the next word (许朵|朵起), a last given-name
character read as a conjunction that joins nothing (韦东|和|已经), a name jieba reads after a
role word where LAC reads its first character as a preposition (主任|经|立民、), a full name
before 女士/先生 that LAC cut (温次|兰|女士), and the last item of a list of names that a
function character ends (韩立新、柳文造在…). Invented values only.
"""

from __future__ import annotations

from test_person_name import _names, _view  # tests/redact is on sys.path (no __init__.py)

from triage.redact.recognizers.base import NlpView, Word
from triage.redact.recognizers.person_name import PersonNameRecognizer

_JIEBA_TAG = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t"}


def _mixed(lac: list[tuple[str, str]], jieba: list[tuple[str, str]]) -> list[str]:
    """Names found with LAC's spans and jieba's words over the same text (``words: mixed``)."""
    text, view = _view(lac)
    words, pos = [], 0
    for w, tag in jieba:
        words.append(Word(pos, pos + len(w), w, _JIEBA_TAG.get(tag, tag)))
        pos += len(w)
    assert "".join(w for w, _ in jieba) == text
    rec = PersonNameRecognizer()
    rec.load()
    found = rec.find(text, NlpView(words=words, ents=view.ents))
    return sorted({text[f.start : f.end] for f in found if f.score >= 0.5})


def test_doubled_character_glued_by_jieba_joins_when_lac_reads_it_alone() -> None:
    lac = [("我", "r"), ("笑", "v"), ("了", "u"), ("许朵", "PER"), ("朵", "n"), ("起来", "v")]
    jieba = [("我", "r"), ("笑", "v"), ("了", "u"), ("许朵", "nr"), ("朵起", "v"), ("来", "v")]
    assert "许朵朵" in _mixed(lac, jieba)


def test_doubled_character_starting_a_lac_word_stays_out() -> None:
    # 王明|明天: LAC reads 明天 as one word, so the name is 王明
    lac = [("王明", "PER"), ("明天", "TIME"), ("来", "v")]
    jieba = [("王明", "nr"), ("明天", "t"), ("来", "v")]
    assert _mixed(lac, jieba) == ["王明"]


def test_given_name_conjunction_before_an_adverb_ends_the_name() -> None:
    tokens = [("韦东", "PER"), ("和", "c"), ("已经", "d"), ("出发", "v"), ("了", "u")]
    assert _names(tokens) == ["韦东和"]


def test_given_name_conjunction_before_a_particle_ends_the_name() -> None:
    tokens = [("如", "v"), ("韦东", "PER"), ("和", "c"), ("之", "u"), ("所", "u"), ("言", "v")]
    assert _names(tokens) == ["韦东和"]


def test_conjunction_joining_a_second_item_stays_out() -> None:
    assert _names([("韦东", "PER"), ("和", "c"), ("李华", "PER"), ("出发", "v")]) == [
        "李华",
        "韦东",
    ]
    assert _names([("韦东", "PER"), ("和", "c"), ("同事", "n"), ("出发", "v")]) == ["韦东"]


def test_jieba_name_after_a_role_word_where_lac_reads_a_preposition() -> None:
    lac = [("省", "n"), ("协会", "n"), ("主任", "n"), ("经", "p"), ("立民", "n"), ("、", "w"),
           ("秘书长", "n"), ("王伟", "PER")]  # fmt: skip
    jieba = [("省", "n"), ("协会", "n"), ("主任", "n"), ("经立民", "nr"), ("、", "x"),
             ("秘书长", "n"), ("王伟", "nr")]  # fmt: skip
    assert "经立民" in _mixed(lac, jieba)


def test_jieba_name_without_a_role_word_or_a_clause_end_stays() -> None:
    # 经立民 here is no name reading of LAC's and no role word stands before it
    lac = [("这", "r"), ("经", "p"), ("立民", "n"), ("、", "w")]
    jieba = [("这", "r"), ("经立民", "nr"), ("、", "x")]
    assert _mixed(lac, jieba) == []
    # after a role word, but the clause goes on: 经 (by way of) reads a verb phrase
    lac = [("主任", "n"), ("经", "p"), ("立民", "n"), ("同意", "v")]
    jieba = [("主任", "n"), ("经立民", "nr"), ("同意", "v")]
    assert "经立民" not in _mixed(lac, jieba)


def test_full_name_before_a_title_at_the_start_of_a_clause() -> None:
    tokens = [("会议", "n"), ("。", "w"), ("温次", "r"), ("兰", "n"), ("女士", "n"),
              ("，", "w"), ("硕士", "n"), ("学历", "n")]  # fmt: skip
    assert "温次兰" in _names(tokens)


def test_full_name_before_a_title_needs_the_clause_start() -> None:
    # after a verb the surname-before-title rule alone applies (only the surname)
    tokens = [("感谢", "v"), ("温次", "r"), ("兰", "n"), ("女士", "n")]
    assert "温次兰" not in _names(tokens)


def test_full_name_before_a_title_needs_name_characters() -> None:
    # 价 is hardly ever in a given name: 黄金价 is no name
    tokens = [("，", "w"), ("黄金", "n"), ("价", "n"), ("先生", "n")]
    assert "黄金价" not in _names(tokens)


def test_last_list_item_ends_at_a_function_character() -> None:
    tokens = [("编者", "n"), ("韩立新", "PER"), ("、", "w"), ("柳文", "n"), ("造", "v"),
              ("在", "p"), ("序", "n"), ("中", "f")]  # fmt: skip
    assert _names(tokens) == ["柳文造", "韩立新"]


def test_last_list_item_cut_needs_name_characters() -> None:
    tokens = [("韩立新", "PER"), ("、", "w"), ("黄金", "n"), ("价", "n"), ("在", "p"),
              ("涨", "v")]  # fmt: skip
    assert _names(tokens) == ["韩立新"]


def test_jieba_full_name_whose_surname_lac_glued_to_the_word_before() -> None:
    # LAC reads 一本宁 as one numeral word: its tag says nothing of jieba's name 宁思远
    lac = [("读", "v"), ("了", "u"), ("一本宁", "m"), ("思", "n"), ("远", "a"), ("传记", "n")]
    jieba = [("读", "v"), ("了", "u"), ("一本", "m"), ("宁思远", "nr"), ("传记", "n")]
    assert "宁思远" in _mixed(lac, jieba)


def test_a_count_glued_to_the_surname_still_vetoes_jieba() -> None:
    # 23战|全胜 is a record of wins, not a name 战全胜
    lac = [("取得", "v"), ("23战", "m"), ("全胜", "v"), ("的", "u"), ("战绩", "n")]
    jieba = [("取得", "v"), ("23", "m"), ("战全胜", "nr"), ("的", "uj"), ("战绩", "n")]
    assert _mixed(lac, jieba) == []
