"""Scoring: deductions, red lines, pass mark, dimension scores, expected texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from triage.qa.context import QAContext
from triage.qa.engine import QAEngine
from triage.schema import Turn

from .helpers import make_ctx

GOOD_CLOSE = [
    ("agent", "请问还有其他可以帮您的吗？"),
    ("customer", "没有了"),
    ("agent", "感谢您的来电，再见。"),
]


def test_engine_clean_call_scores_100(rule_pack):
    ctx = make_ctx(
        ("agent", "您好，XX银行客服中心，工号1023，很高兴为您服务。"),
        ("customer", "我想问一下信用卡怎么激活？"),
        ("agent", "您是想激活新卡对吗？可以在手机银行激活。"),
        *GOOD_CLOSE,
    )
    res = QAEngine(rule_pack).evaluate(ctx)
    assert res.score == 100 and res.passed and not res.red_line
    assert all(c.passed for c in res.checks)
    assert res.dimensions["服务规范"] == 100


def test_engine_red_line_fails_whatever_the_score(rule_pack):
    ctx = make_ctx(
        ("agent", "您好，XX银行客服中心，工号1023。"),
        ("customer", "这个理财会亏吗？"),
        ("agent", "您是问会不会亏对吧？这款稳赚不赔，理财非存款但是放心。"),
        *GOOD_CLOSE,
    )
    res = QAEngine(rule_pack, pass_mark=0).evaluate(ctx)
    c04 = next(c for c in res.checks if c.rule == "C04")
    assert not c04.passed and c04.red_line and c04.dimension == "业务合规"
    assert res.red_line and not res.passed
    assert res.dimensions["业务合规"] == 0
    (span,) = c04.evidence
    assert ctx.turns[span.turn].text[span.start : span.end] == "稳赚不赔"


def test_engine_deductions_and_pass_mark(rule_pack):
    ctx = make_ctx(("agent", "喂？"), ("customer", "我卡丢了，要挂失。"), ("agent", "好的已挂失。"))
    res = QAEngine(rule_pack, pass_mark=80).evaluate(ctx)
    failed = {c.rule: c for c in res.checks if not c.passed}
    assert set(failed) == {"C01", "C09", "C10"}
    assert res.score == 100 - 5 - 5 - 5 and res.passed  # 85 >= 80
    assert not QAEngine(rule_pack, pass_mark=90).evaluate(ctx).passed
    assert "您好" in failed["C01"].expected and failed["C01"].evidence == ()
    assert failed["C10"].expected.startswith("结束前")


def test_engine_missing_parts_named_in_expected(rule_pack):
    ctx = make_ctx(
        ("customer", "我要投诉你们乱收费！"),
        ("agent", "非常抱歉，已为您登记投诉，三个工作日内回复您。"),
        *GOOD_CLOSE,
    )
    res = QAEngine(rule_pack).evaluate(ctx)
    c08 = next(c for c in res.checks if c.rule == "C08")
    assert not c08.passed and "缺少：受理编号" in c08.expected and "处理时限、" not in c08.expected


def test_engine_insult_is_red_line_but_dismissive_phrase_is_not(rule_pack):
    rude = make_ctx(("customer", "你们怎么回事？"), ("agent", "不归我管。"))
    insult = make_ctx(("customer", "你们怎么回事？"), ("agent", "神经病吧你。"))
    r1 = next(c for c in QAEngine(rule_pack).evaluate(rude).checks if c.rule == "C05")
    r2 = next(c for c in QAEngine(rule_pack).evaluate(insult).checks if c.rule == "C05")
    assert not r1.passed and not r1.red_line and r1.deduction == 10
    assert not r2.passed and r2.red_line


def test_engine_not_applicable_rules_are_left_out(rule_pack):
    ctx = make_ctx(("agent", "您好，XX银行工号1023。"), ("customer", "好"), channel="chat")
    ids = {c.rule for c in QAEngine(rule_pack).evaluate(ctx).checks}
    assert "C12" not in ids  # calls only
    assert "C03" not in ids and "C08" not in ids


_turns = st.lists(
    st.tuples(
        st.sampled_from(["agent", "customer", "system"]),
        st.text(
            alphabet="您好工号银行保本不稳赚验证码告诉我请稍等抱歉投诉还有吗谢谢，。？ 1<>BANK",
            max_size=30,
        ),
        st.one_of(st.none(), st.floats(min_value=0, max_value=500)),
        st.one_of(st.none(), st.floats(min_value=0, max_value=30)),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(rows=_turns, channel=st.sampled_from(["call", "chat"]))
def test_engine_never_raises_and_spans_stay_in_text(rule_pack, rows, channel):
    turns = [
        Turn(sp, text, start, None if start is None or dur is None else start + dur)
        for sp, text, start, dur in rows
    ]
    res = QAEngine(rule_pack).evaluate(QAContext.build(turns, channel=channel))
    assert 0 <= res.score <= 100
    for c in res.checks:
        for s in c.evidence:
            assert 0 <= s.start < s.end <= len(turns[s.turn].text)


def test_engine_checks_carry_rule_severity_grade(rule_pack):
    ctx = make_ctx(
        ("agent", "您好，XX银行客服中心，工号1023。"),
        ("customer", "这个理财会亏吗？"),
        ("agent", "您是问会不会亏对吧？这款稳赚不赔。"),
        *GOOD_CLOSE,
    )
    res = QAEngine(rule_pack).evaluate(ctx)
    grades = {r.id: r.severity for r in rule_pack}
    assert {c.rule: c.severity for c in res.checks} == {c.rule: grades[c.rule] for c in res.checks}
    c04 = next(c for c in res.checks if c.rule == "C04")
    assert not c04.passed and c04.severity == "重度"
    assert {c.severity for c in res.checks} <= {"重度", "中度", "轻度"}
