"""A name in pinyin (surname first) given as the answer to the agent's name question."""

from __future__ import annotations

import pytest

from triage.hook import ChatHook
from triage.pipeline import Pipeline
from triage.redact import redact_turns
from triage.schema import Turn


def _redact(*turns: tuple[str, str]) -> list[str]:
    red, _ = redact_turns([Turn(s, t) for s, t in turns])
    return [t.text for t in red]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("zhou min", "<PERSON>"),
        ("Xu Haoran 就是我", "<PERSON> 就是我"),
        ("嗯 是 tang yue", "嗯 是 <PERSON>"),
    ],
)
def test_pinyin_name_answered_to_the_name_question(answer: str, expected: str) -> None:
    texts = _redact(("agent", "您好，请问您的姓名？"), ("customer", answer))
    assert texts[1] == expected


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("您好，请问您的姓名？", "ok wait"),  # no pinyin surname
        ("您好，请问您的姓名？", "hi there"),
        ("请问还有什么可以帮您？", "zhou min"),  # no name question before it
    ],
)
def test_other_latin_openings_stay(ask: str, answer: str) -> None:
    assert _redact(("agent", ask), ("customer", answer))[1] == answer


def test_pinyin_answer_in_the_live_hook() -> None:
    pipe = Pipeline.from_config()
    pipe.setup()
    hook = ChatHook(pipe, observers=[])
    hook.add_message("p1", "agent", "请问持卡人姓名？")
    d = hook.add_message("p1", "customer", "luo jing 就是罗静")
    assert "luo" not in d["text"] and "jing" not in d["text"], d["text"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "你好 我 我名字 拼音 是 Li Hong 中文 李红",
            "你好 我 我名字 拼音 是 <PERSON> 中文 <PERSON>",
        ),
        ("姓名的拼音是 zhao min", "姓名的拼音是 <PERSON>"),
    ],
)
def test_pinyin_name_after_its_name_said_as_pinyin(text: str, expected: str) -> None:
    assert _redact(("customer", text)) == [expected]


def test_pinyin_of_a_word_is_no_name() -> None:
    assert _redact(("customer", "这个字的拼音是 ma ma")) == ["这个字的拼音是 ma ma"]
