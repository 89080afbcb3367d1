"""Latin-script names (LatinNameRecognizer): English names kept apart from terms and brands."""

from __future__ import annotations

import pytest

from triage.errors import ConfigError
from triage.redact import redact_text
from triage.redact.recognizers.base import NlpView
from triage.redact.recognizers.latin_name import LatinNameRecognizer


def _persons(text: str) -> list[str]:
    return [text[e.start : e.end] for e in redact_text(text).entities if e.type == "PERSON"]


def _found(text: str, nlp: NlpView | None = None) -> list[str]:
    rec = LatinNameRecognizer()
    return [text[f.start : f.end] for f in rec.find(text, nlp or NlpView())]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("我英文名叫Tony，卡片被锁了", ["Tony"]),
        ("你好，我英文名是Linda", ["Linda"]),
        ("叫我Jack就行", ["Jack"]),
        ("麻烦找一下Linda经理", ["Linda"]),
        ("Kevin你好，我的APP登不上", ["Kevin"]),
        ("您好Kevin，请问有什么可以帮您", ["Kevin"]),
        ("Hi Amy，我的PIN码忘了", ["Amy"]),
        ("刚才Tony说可以退款", ["Tony"]),
        ("请Mark经理回个电话", ["Mark"]),
        ("我英文名是Kevin Smith", ["Kevin Smith"]),
        ("Wang先生您好", ["Wang"]),
        ("最适合我的英文名是【amy】", ["amy"]),
        ("首席设计师马克·雅各布(Mark Jacobs)说", ["Mark Jacobs"]),
    ],
)
def test_latin_name_found(text: str, names: list[str]) -> None:
    found = _persons(text)
    for n in names:
        assert any(n in f for f in found), (n, found)


@pytest.mark.parametrize(
    "text",
    [
        "用Visa卡在ATM取钱，iPhone上的WiFi连不上",
        "我是VIP客户，U盾丢了，OK吗",
        "POS机刷卡要输PIN，CVV在背面",
        "我用的是MasterCard和UnionPay",
        "ETC扣费了，ID是多少",
        "你好，TCL的电视可以分期吗",
        "我叫ATM取款",
        "账单PDF发到QQ邮箱",
        "我的邮箱是tony@qq.com",
        "打开http://t.cn/amy 看一下",
        "Mark一下这个问题",
        "Max额度是多少",
        "我在Apple Store买的",
        "在《Thief》里面",
        "Valve公司开发的游戏",
        "我是Steam用户",
        "Hello，在吗",
    ],
)
def test_latin_name_keeps_terms_and_brands(text: str) -> None:
    assert _persons(text) == [], text


def test_latin_name_lac_per_alone_is_not_enough() -> None:
    # LAC PER on its own: a company (Johnson), an acronym, a brand in lower case
    text = "Johnson回答了，LYN也是，bwin也是，Kevin也是"
    ents = [(0, 7, "PER"), (12, 15, "PER"), (19, 23, "PER"), (27, 32, "PER")]
    assert _found(text, NlpView(ents=ents)) == ["Kevin"]


def test_latin_name_lac_org_kept_unless_titled() -> None:
    assert _found("Jenny公司", NlpView(ents=[(0, 5, "ORG")])) == []
    assert _found("Jenny的店", NlpView(ents=[(0, 5, "ORG")])) == []
    assert _found("coco小姐来了", NlpView(ents=[(0, 4, "ORG")])) == ["coco"]
    assert _found("IBM经理来了", NlpView(ents=[(0, 3, "ORG")])) == []


def test_latin_name_allow_case_insensitive() -> None:
    rec = LatinNameRecognizer(allow=["tony"])
    assert rec.find("我叫Tony", NlpView()) == []


def test_latin_name_allow_rejects_yaml_booleans() -> None:
    with pytest.raises(ConfigError):
        LatinNameRecognizer(allow=["OK", True])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Hi, I'm Zhang Chen, my account is locked 登录不上", "Zhang Chen"),
        ("my name is Wang Lei 帮我查下额度", "Wang Lei"),
        ("Hello I am Tony", "Tony"),
        ("I’m Li Na", "Li Na"),
        ("Hi, this is Ms. Li... 企业网银转账要令牌", "Li"),
        ("please ask Mr Wang Jun to call back", "Wang Jun"),
        ("Dr. Chen说可以", "Chen"),
    ],
)
def test_latin_name_after_an_english_naming_cue(text: str, name: str) -> None:
    res = redact_text(text)
    assert [(e.type, text[e.start : e.end]) for e in res.entities] == [("PERSON", name)]


@pytest.mark.parametrize(
    "text",
    [
        "I'm fine thanks",
        "I'm Sorry 我搞错了",
        "hi I'm locked out",
        "Hi, I'm calling about my card",
        "Mr. and Mrs. 都可以办联名卡",
        "Dr. appointment 之后再打",
    ],
)
def test_latin_contractions_and_lowercase_after_an_english_cue_kept(text: str) -> None:
    assert redact_text(text).text == text


@pytest.mark.parametrize("text", ["Hello, my card was charged twice", "hi all 请问", "hello there"])
def test_latin_function_words_after_a_greeting_kept(text: str) -> None:
    assert redact_text(text).text == text
