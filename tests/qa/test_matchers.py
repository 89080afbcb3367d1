"""Each matcher kind on small hand-made interactions."""

from __future__ import annotations

import pytest

from triage.errors import ConfigError
from triage.qa.matchers import Where, build_condition
from triage.schema import Span

from .helpers import make_ctx

W = Where("t.yaml", "T01", "violation")


def cond(raw):
    return build_condition(raw, W)


def test_matchers_keywords_any_all_at_least_none():
    ctx = make_ctx(("agent", "您好，XX银行，工号1023"), ("customer", "你好"))
    assert (
        cond({"keywords": {"speaker": "agent", "all": [["您好", "你好"], "工号"]}})
        .evaluate(ctx)
        .matched
    )
    assert (
        not cond({"keywords": {"speaker": "customer", "all": ["你好", "工号"]}})
        .evaluate(ctx)
        .matched
    )
    al = {"keywords": {"at_least": {"n": 2, "of": ["您好", "银行", "再见"]}}}
    assert cond(al).evaluate(ctx).matched
    al3 = {"keywords": {"at_least": {"n": 3, "of": ["您好", "银行", "再见"]}}}
    assert not cond(al3).evaluate(ctx).matched
    none = {"keywords": {"speaker": "agent", "any": ["您好"], "none": ["工号"]}}
    assert not cond(none).evaluate(ctx).matched


def test_matchers_keywords_evidence_spans_index_the_text():
    ctx = make_ctx(("customer", "保本吗"), ("agent", "放心，这款稳赚不赔"))
    m = cond({"keywords": {"speaker": "agent", "any": ["稳赚不赔", "稳赚"]}}).evaluate(ctx)
    assert m.hits == (Span(1, 5, 9),)  # overlapping hits merged into one span
    assert ctx.turns[1].text[5:9] == "稳赚不赔"


def test_matchers_keywords_negation_and_exclude():
    ctx = make_ctx(("agent", "这款不保本。存款是保本的。"))
    base = {"speaker": "agent", "any": ["保本"]}
    assert len(cond({"keywords": base}).evaluate(ctx).hits) == 2
    neg = cond({"keywords": {**base, "negation": True}}).evaluate(ctx)
    assert neg.hits == (Span(0, 9, 11),)
    both = cond({"keywords": {**base, "negation": True, "exclude": "存款"}})
    assert not both.evaluate(ctx).matched


def test_matchers_window_first_last():
    ctx = make_ctx(("agent", "一"), ("customer", "二"), ("agent", "三"), ("agent", "四"))
    first = cond({"keywords": {"speaker": "agent", "window": {"first": 1}, "any": ["三"]}})
    last = cond({"keywords": {"speaker": "agent", "window": {"last": 2}, "any": ["三"]}})
    assert not first.evaluate(ctx).matched
    assert last.evaluate(ctx).matched


def test_matchers_regex_with_exclusion():
    ctx = make_ctx(("agent", "请告诉我验证码。任何人问验证码都是诈骗，不要告诉我验证码"))
    raw = {"regex": {"speaker": "agent", "pattern": "告诉我.{0,3}验证码", "exclude": "任何人"}}
    m = cond(raw).evaluate(ctx)
    assert m.hits == (Span(0, 1, 7),)


def test_matchers_boolean_and_or_not():
    ctx = make_ctx(("agent", "您好"), ("customer", "投诉"))
    a = {"keywords": {"speaker": "agent", "any": ["您好"]}}
    b = {"keywords": {"speaker": "agent", "any": ["再见"]}}
    assert cond({"any": [a, b]}).evaluate(ctx).matched
    assert not cond({"all": [a, b]}).evaluate(ctx).matched
    assert cond({"all": [a, {"not": b}]}).evaluate(ctx).matched


def test_matchers_meta_conditions():
    ctx = make_ctx(
        ("agent", "x"),
        channel="chat",
        intent="complaint",
        secondary=["card_service"],
        severity="P2",
        segment="elderly",
    )
    assert cond({"meta": {"channel": "chat", "segment": "elderly"}}).evaluate(ctx).matched
    assert cond({"meta": {"intent": "card_service"}}).evaluate(ctx).matched
    assert (
        not cond({"meta": {"intent": "card_service", "primary_only": True}}).evaluate(ctx).matched
    )
    assert not cond({"meta": {"severity": ["P1"]}}).evaluate(ctx).matched


def _anchor(relation, expect="present", hit="first", within=None):
    body = {
        "anchor": {"keywords": {"speaker": "agent", "any": ["余额"]}},
        "find": {"keywords": {"speaker": "agent", "any": ["核实"]}},
        "relation": relation,
        "expect": expect,
        "hit": hit,
    }
    if within is not None:
        body["within"] = within
    return cond({"anchor": body})


def test_matchers_anchor_before_after_around():
    ctx = make_ctx(("agent", "余额五百"), ("agent", "先核实"), ("agent", "余额三百"))
    assert _anchor("before").evaluate(ctx).hits == ()  # nothing before the first 余额
    assert _anchor("after").evaluate(ctx).hits == (Span(1, 1, 3),)
    assert _anchor("around", within=1).evaluate(ctx).matched
    missing_first = _anchor("before", expect="missing").evaluate(ctx)
    assert missing_first.hits == (Span(0, 0, 2),)
    missing_every = _anchor("before", expect="missing", hit="every").evaluate(ctx)
    assert missing_every.hits == (Span(0, 0, 2),)  # the second 余额 follows 核实


def test_matchers_silence_exempt_after_notice():
    ask = ("customer", "帮我查一下", 0.0, 2.0)
    plain = make_ctx(ask, ("agent", "好的", 2.5, 3.0), ("agent", "查到了", 40.0, 41.0))
    told = make_ctx(ask, ("agent", "好的请稍等", 2.5, 3.0), ("agent", "查到了", 40.0, 41.0))
    sil = cond({"silence": {"min_seconds": 30, "exempt": ["请稍等"]}})
    assert sil.evaluate(plain).hits == (Span(2, 0, 3),)
    assert not sil.evaluate(told).matched
    capped = cond({"silence": {"min_seconds": 30, "exempt": ["请稍等"], "exempt_max_seconds": 20}})
    assert capped.evaluate(told).matched


def test_matchers_silence_exempt_not_thanks_for_a_wait_over():
    ask = ("customer", "帮我查一下", 0.0, 2.0)
    thanked = ("agent", "感谢您耐心等待 查到了", 2.5, 4.0)
    again = ("customer", "为什么", 4.5, 5.0)
    late = ("agent", "是系统原因", 45.0, 46.0)
    ctx = make_ctx(ask, thanked, again, late)
    sil = {"min_seconds": 30, "exempt": ["耐心等待", "请稍等"]}
    assert not cond({"silence": sil}).evaluate(ctx).matched  # the thanks read as a notice
    fixed = cond({"silence": {**sil, "exempt_not": "(感谢|谢谢)您?的?耐心等待"}})
    assert fixed.evaluate(ctx).hits == (Span(3, 0, 5),)
    # a notice after the thanks still counts
    told = ("agent", "感谢您耐心等待 还要再查一下 请稍等", 2.5, 4.0)
    assert not fixed.evaluate(make_ctx(ask, told, ("agent", "查到了", 45.0, 46.0))).matched


def test_matchers_customer_pause_starts_no_wait():
    # the customer steps away (你等一下 我去拿卡): their silence, no reply owed meanwhile
    call = make_ctx(
        ("customer", "你等一下 我去拿卡", 0.0, 2.0),
        ("customer", "拿来了", 50.0, 51.0),
        ("agent", "好的", 51.5, 52.0),
    )
    sil = {"min_seconds": 30, "exempt": ["请稍等"]}
    assert cond({"silence": sil}).evaluate(call).hits == (Span(1, 0, 3),)
    assert not cond({"silence": {**sil, "customer_pause": "等一下"}}).evaluate(call).matched
    chat = make_ctx(
        ("agent", "您手边有旧手机吗", 0.0),
        ("customer", "等下 我找一下", 10.0),
        ("customer", "找到了", 600.0),
        ("agent", "好的", 612.0),
        channel="chat",
    )
    rd = {"first_max_seconds": 30, "each_max_seconds": 60}
    assert cond({"response_delay": rd}).evaluate(chat).hits == (Span(3, 0, 2),)
    assert not cond({"response_delay": {**rd, "customer_pause": "等下"}}).evaluate(chat).matched


def test_matchers_overlap_min_ms_and_backchannel():
    ctx = make_ctx(
        ("customer", "我想问一下年费怎么收", 0.0, 5.0),
        ("agent", "嗯嗯", 2.0, 2.4),
        ("agent", "年费每年收一次", 4.5, 6.0),
    )
    assert not cond({"overlap": {"min_ms": 1000, "min_chars": 3}}).evaluate(ctx).matched
    assert cond({"overlap": {"min_ms": 400, "min_chars": 3}}).evaluate(ctx).hits == (Span(2, 0, 7),)


def test_matchers_response_delay_first_and_each():
    ctx = make_ctx(
        ("customer", "在吗", 0.0),
        ("agent", "在", 20.0),
        ("customer", "怎么改密码", 30.0),
        ("agent", "手机银行里改", 200.0),
        channel="chat",
    )
    rd = cond({"response_delay": {"first_max_seconds": 30, "each_max_seconds": 60}})
    assert rd.evaluate(ctx).hits == (Span(3, 0, 6),)
    assert not cond({"response_delay": {"first_max_seconds": 10}}).evaluate(ctx).hits == ()


def test_matchers_response_delay_system_answers():
    # a bot answers at once; the customer asks for a human at 45 s, the human replies at 72 s
    ctx = make_ctx(
        ("customer", "我卡为什么被冻了", 0.0),
        ("system", "冻结可能有以下原因：1.密码错误次数过多", 2.0),
        ("customer", "转人工", 45.0),
        ("system", "正在为您转接人工客服，请稍候", 46.0),
        ("agent", "您好，这里是人工客服", 72.0),
        channel="chat",
    )
    plain = cond({"response_delay": {"first_max_seconds": 30}})
    assert plain.evaluate(ctx).hits == (Span(4, 0, 10),)
    bot = {"first_max_seconds": 30, "system_answers": True, "system_notice": "转接|稍候"}
    assert not cond({"response_delay": bot}).evaluate(ctx).matched
    # a transfer or queue notice answers nothing: the wait runs on
    queued = make_ctx(
        ("customer", "人工", 0.0),
        ("system", "正在为您转接人工客服，当前排队1人", 1.0),
        ("agent", "您好，这里是人工客服", 300.0),
        channel="chat",
    )
    assert cond({"response_delay": bot}).evaluate(queued).hits == (Span(2, 0, 10),)
    with pytest.raises(ConfigError):
        cond({"response_delay": {"first_max_seconds": 30, "system_notice": "转接"}})


def test_matchers_speech_rate():
    text = "您好这里是银行客服中心请问有什么可以帮您"  # 20 chars
    fast = make_ctx(("agent", text, 0.0, 2.0))  # 600 chars/min
    slow = make_ctx(("agent", text, 0.0, 6.0))  # 200 chars/min
    sr = cond({"speech_rate": {"speaker": "agent", "max_cpm": 320}})
    assert sr.evaluate(fast).matched and not sr.evaluate(slow).matched


def test_matchers_repetition():
    ctx = make_ctx(("agent", "请您先挂失。"), ("agent", "请您先挂失！"), ("agent", "请您先挂失"))
    assert len(cond({"repetition": {"speaker": "agent", "min_count": 3}}).evaluate(ctx).hits) == 3
    assert not cond({"repetition": {"speaker": "agent", "min_count": 4}}).evaluate(ctx).matched


def test_matchers_entity_from_tags_and_stage_entities():
    ctx = make_ctx(
        ("agent", "您的卡号是<BANK_CARD>"), ("agent", "身份证622对吧"), entities=[(1, "CN_ID_CARD")]
    )
    m = cond({"entity": {"speaker": "agent", "types": ["BANK_CARD", "CN_ID_CARD"]}}).evaluate(ctx)
    assert m.hits == (Span(0, 5, 16), Span(1, 0, 8))


def test_matchers_similarity_off_on_fast_path():
    ctx = make_ctx(("agent", "理财非存款"))
    sim = cond({"similar": {"examples": ["理财非存款"], "threshold": 0.5}})
    assert not sim.evaluate(ctx).matched  # similarity disabled: never loads the model


@pytest.mark.parametrize(
    "raw,field",
    [
        ({"keywords": {"any": []}}, "violation.keywords.any"),
        ({"keywords": {"speaker": "robot", "any": ["x"]}}, "violation.keywords.speaker"),
        ({"regex": {"pattern": "(unclosed"}}, "violation.regex.pattern[0]"),
        ({"keywords": {"any": ["x"], "anyy": ["y"]}}, "violation.keywords"),
        ({"bogus": {}}, "violation"),
        (
            {
                "anchor": {
                    "anchor": {"keywords": {"any": ["a"]}},
                    "find": {"keywords": {"any": ["b"]}},
                    "relation": "during",
                }
            },
            "violation.anchor.relation",
        ),
        ({"meta": {"segment": "gold"}}, "violation.meta.segment"),
        ({"all": [{"keywords": {"any": ["a"]}}, {"regex": {}}]}, "violation.all[1].regex"),
    ],
)
def test_matchers_validation_names_file_rule_field(raw, field):
    with pytest.raises(ConfigError) as err:
        cond(raw)
    msg = str(err.value)
    assert msg.startswith("t.yaml: rule T01: ") and f"'{field}'" in msg


def test_matchers_exclude_clause_only_covers_its_clause():
    ctx = make_ctx(
        ("agent", "您是要查余额是吧，我看一下，您账户余额还有五百元"),
        ("agent", "您是说余额还有五百元对吗"),
    )
    raw = {
        "regex": {
            "speaker": "agent",
            "pattern": "余额还有",
            "exclude_clause": "(您|你)(是说|是要)|(对|是)(吗|吧)$",
        }
    }
    assert cond(raw).evaluate(ctx).hits == (Span(0, 17, 21),)


def test_matchers_overlap_min_delay_ignores_simultaneous_starts():
    ctx = make_ctx(("customer", "我想问一下年费", 0.0, 5.0), ("agent", "您好请讲我在听", 0.2, 3.0))
    assert cond({"overlap": {"min_ms": 1000}}).evaluate(ctx).matched
    assert not cond({"overlap": {"min_ms": 1000, "min_delay_ms": 500}}).evaluate(ctx).matched


def test_matchers_regex_backreference_survives_the_prefilter():
    raw = {"regex": {"speaker": "agent", "pattern": ["收到", r"爱([^，。！？\s]{1,3})(就|不)?\1"]}}
    hit = make_ctx(("agent", "那您爱咋咋地吧"))
    miss = make_ctx(("agent", "我们爱岗敬业"))
    assert cond(raw).evaluate(hit).matched
    assert not cond(raw).evaluate(miss).matched


def test_matchers_exclude_clause_splits_unpunctuated_asr_text_at_spaces():
    raw = {"regex": {"speaker": "agent", "pattern": "扣了[三百九十]+", "exclude_clause": "您是想"}}
    # the restated question and the disclosure are separate clauses of one ASR turn
    asr = make_ctx(("agent", "您是想查一下有没有扣款对吧 嗯我看一下 昨天扣了三百九十九"))
    same_clause = make_ctx(("agent", "您是想问昨天扣了三百九十九对吧"))
    assert cond(raw).evaluate(asr).matched
    assert not cond(raw).evaluate(same_clause).matched


def test_matchers_silence_skips_blank_turns_for_evidence():
    ctx = make_ctx(
        ("agent", "好的", 0.0, 1.0), ("agent", "", 40.0, 40.0), ("agent", "查到了", 41.0, 42.0)
    )
    got = cond({"silence": {"min_seconds": 30}}).evaluate(ctx)
    assert got.matched and got.hits == (Span(2, 0, 3),)


@pytest.mark.parametrize(
    "text,word,clause",
    [
        ("您要是觉得不满意 那我也没招", "那我", "那我也没招"),  # hit right after an ASR space
        ("您要是觉得不满意 那我也没招", "没招", "那我也没招"),
        ("您是说被扣了三百元对吧，我查一下", "我查", "我查一下"),
        ("好的 我查一下", "好的", "好的"),
    ],
)
def test_matchers_clause_at_bounds(text, word, clause):
    from triage.qa.matchers.textfilter import clause_at

    s, e = clause_at(text, text.index(word))
    assert text[s:e] == clause


def test_matchers_exclude_clause_stops_at_space_before_hit():
    cond = build_condition(
        {"regex": {"speaker": "agent", "pattern": "我也没招", "exclude_clause": "要是"}},
        Where("t.yaml", "R", "violation"),
    )
    assert cond.evaluate(make_ctx(("agent", "您要是觉得不满意 那我也没招"))).matched
    assert not cond.evaluate(make_ctx(("agent", "要是我也没招呢"))).matched


@pytest.mark.parametrize(
    ("text", "value"),
    [("三万二", 32000), ("八千六百四", 8640), ("一万二千三百", 12300), ("二十", 20),
     ("六千七", 6700), ("三千零五", 3005), ("幺六二八", 1628)],
)  # fmt: skip
def test_cn_number_reads_spoken_amounts(text, value):
    from triage.qa.matchers.textfilter import cn_number

    assert cn_number(text) == value


def test_new_amounts_keeps_a_restatement_stating_what_the_customer_never_said():
    cond = build_condition(
        {
            "regex": {
                "speaker": "agent",
                "pattern": "卡里还有[0-9零一二两三四五六七八九十百千万]+",
                "restated": True,
                "new_amounts": True,
                "exclude_restated": "(您|你)是说|(对|是)(吗|吧)$",
            }
        },
        Where("t.yaml", "C02", "violation"),
    )
    agent = ("agent", "您是说您卡里还有三万二想转到外地对吧")
    assert cond.evaluate(make_ctx(("customer", "我的卡能转到外地吗"), agent)).matched
    # the customer said it (三万多 within 10% of 三万二): their words, dropped
    assert not cond.evaluate(make_ctx(("customer", "我卡里还有三万多"), agent)).matched
    # the customer said it only after the restatement: still the agent's own words
    assert cond.evaluate(make_ctx(agent, ("customer", "对 三万二"))).matched


def test_echoed_drops_an_untagged_restatement_of_the_customers_own_words():
    cond = build_condition(
        {"keywords": {"speaker": "agent", "any": ["稳赚不赔"], "echoed": True}},
        Where("t.yaml", "C04", "violation"),
    )
    agent = ("agent", "您是想找个稳赚不赔的理财 我给您介绍几款")
    assert not cond.evaluate(make_ctx(("customer", "我想要稳赚不赔的"), agent)).matched
    # the customer never said it: the agent's own words
    assert cond.evaluate(make_ctx(("customer", "我想买个理财"), agent)).matched
    # no restatement opener: the agent's own words even if the customer said them
    own = ("agent", "这款就是稳赚不赔的")
    assert cond.evaluate(make_ctx(("customer", "我想要稳赚不赔的"), own)).matched
    # an amount the customer named next to the hit does not make the hit an echo
    pitch = ("agent", "您是想把到期的五百万重新配置我建议您看看这款基本上稳赚不赔")
    assert cond.evaluate(make_ctx(("customer", "我那五百万到期了"), pitch)).matched


def test_echo_question_drops_a_tagged_question_repeating_the_customer():
    cond = build_condition(
        {
            "regex": {
                "speaker": "agent",
                "pattern": "(卡|账户)被(冻结|锁定)[^，。！？]{0,12}",
                "echo_question": True,
            }
        },
        Where("t.yaml", "C02", "violation"),
    )
    ask = ("agent", "账户被冻结导致网银登录不了，是吧？")
    # most of the clause's character pairs come from the customer: their words
    assert not cond.evaluate(make_ctx(("customer", "我账户被冻结了 网银登不上"), ask)).matched
    # the customer never said it: a disclosure put as a question
    assert cond.evaluate(make_ctx(("customer", "我网银怎么登不上"), ask)).matched
    # no closing tag: a statement
    stated = ("agent", "账户被冻结导致网银登录不了")
    assert cond.evaluate(make_ctx(("customer", "我账户被冻结了 网银登不上"), stated)).matched
    # an amount the customer never said keeps it the agent's own words
    cond2 = build_condition(
        {
            "regex": {
                "speaker": "agent",
                "pattern": "卡里还有[一二三四五六七八九十万千]+",
                "echo_question": True,
            }
        },
        Where("t.yaml", "C02", "violation"),
    )
    amount = ("agent", "卡里还有三万二，对吧？")
    assert cond2.evaluate(make_ctx(("customer", "我卡里还有钱吗"), amount)).matched
    # every amount of the clause the customer's: their words, however few pairs it shares
    assert not cond2.evaluate(make_ctx(("customer", "还剩三万二"), amount)).matched


def test_repeats_only_keeps_an_opener_followed_by_the_customers_words():
    cond = build_condition(
        {"regex": {"speaker": "agent", "pattern": "(您|你)是", "repeats_only": True}},
        Where("t.yaml", "C09", "require"),
    )
    said = ("customer", "哦 我给忘了 我今天就还")
    # the words after 您是 are the customer's (今天就还): a restatement
    assert cond.evaluate(make_ctx(said, ("agent", "好的 您是今天就还 那就没问题了"))).matched
    # the agent's own words after the opener: no restatement
    assert not cond.evaluate(make_ctx(said, ("agent", "好的 您是本人吗"))).matched
    # the customer said it only afterwards: not a repetition of the customer
    assert not cond.evaluate(make_ctx(("agent", "您是今天就还"), said)).matched


def test_exclude_before_clears_only_the_hit_its_words_lead_to():
    cond = build_condition(
        {
            "keywords": {
                "speaker": "agent",
                "any": ["保本"],
                "negation": True,
                "exclude_before": "(定期|存款)(?:(?!理财|这款).){0,20}",
            }
        },
        Where("t.yaml", "C04", "violation"),
    )
    ask = ("customer", "那这个保本吗")
    # the deposit leads up to the claim: about deposits
    assert not cond.evaluate(make_ctx(ask, ("agent", "理财不保本 定期才保本"))).matched
    # another product stands between: the second claim is about it
    got = cond.evaluate(make_ctx(ask, ("agent", "定期是保本的 这款理财也保本")))
    assert [h.start for h in got.hits] == [12]
    # a sentence end stops the reach
    assert cond.evaluate(make_ctx(ask, ("agent", "定期利息低。保本的"))).matched


def test_echo_figure_drops_work_on_the_customers_own_figure():
    cond = build_condition(
        {
            "regex": {
                "speaker": "agent",
                "pattern": "[一二两三四五六七八九十百千万]{2,}",
                "echo_figure": True,
            }
        },
        Where("t.yaml", "C02", "violation"),
    )
    asked = ("customer", "我这个月账单一万二 想分十二期 手续费多少")
    # the customer's own figure repeated while a rate is worked out for it: no disclosure
    assert not cond.evaluate(
        make_ctx(asked, ("agent", "嗯 一万二 分十二期 每期费率零点六"))
    ).matched
    # the customer's figure named in a turn working out no fee or rate: the agent's finding
    # (这是您开通的短信提醒服务费，每季度5元, after 这笔5块钱的扣费是啥)
    assert cond.evaluate(make_ctx(asked, ("agent", "嗯 一万二 是您上个月的账单"))).matched
    worked = ("agent", "每期手续费率零点六 十二期总共八百六十四")
    assert not cond.evaluate(make_ctx(asked, ("agent", "一万二的话 " + worked[1]))).matched
    # a sum with no fee or rate named, or with no figure of the customer's in the turn
    assert cond.evaluate(make_ctx(asked, ("agent", "十二期总共八百六十四"))).matched
    assert cond.evaluate(make_ctx(("customer", "我想分期"), worked)).matched
    # a clause naming the account confirms a balance, the customer's figure or not
    assert cond.evaluate(
        make_ctx(("customer", "我卡里还有一万二吧"), ("agent", "对 还有一万二"))
    ).matched
    # an amount the customer never said
    assert cond.evaluate(make_ctx(asked, ("agent", "三千四"))).matched


def test_asked_drops_an_answer_about_what_the_customer_asked():
    cond = build_condition(
        {
            "regex": {
                "speaker": "agent",
                "pattern": "可以申请(分期|保险)",
                "asked": "分期|保险",
            }
        },
        Where("t.yaml", "C13", "violation"),
    )
    answer = ("agent", "您这笔消费可以申请分期，在APP里就能办")
    # the customer asked about 分期 in one of her last two turns: an answer
    assert not cond.evaluate(make_ctx(("customer", "我买了台电脑，能不能分期"), answer)).matched
    assert not cond.evaluate(
        make_ctx(("customer", "这笔可以分期吗"), ("customer", "八千九"), answer)
    ).matched
    # named without asking, asked about something else, or asked three turns back
    assert cond.evaluate(make_ctx(("customer", "我不要分期"), answer)).matched
    assert cond.evaluate(make_ctx(("customer", "年费怎么收"), answer)).matched
    assert cond.evaluate(
        make_ctx(
            ("customer", "能不能分期"), ("customer", "好"), ("customer", "嗯"), answer
        )
    ).matched
    # the hit names a thing the customer never asked about
    assert cond.evaluate(
        make_ctx(("customer", "能不能分期"), ("agent", "可以申请保险"))
    ).matched
    # a question that complains about the thing, or wants it gone, asks for nothing
    assert cond.evaluate(make_ctx(("customer", "分期的利息怎么这么高"), answer)).matched
    complaint = ("customer", "我那笔分期为什么又扣了钱 这不是坑人吗")
    assert cond.evaluate(make_ctx(complaint, answer)).matched
    assert cond.evaluate(make_ctx(("customer", "能不能把分期取消了"), answer)).matched
    # the ask counts in its own stretch of speech: a complaint before 然后 does not veto it
    assert not cond.evaluate(
        make_ctx(("customer", "你们怎么老扣我钱 然后我想问下这笔能不能分期"), answer)
    ).matched


def test_restates_to_tag():
    from triage.qa.negation import restates_to_tag

    text = "您是三天前用手机银行 给家人转了五千块 到现在对方还没收到 对吧 我先核实一下身份"
    assert restates_to_tag(text, text.index("转了"))
    # the agent's own voice before the tag (这款…, 我…) ends the restatement
    own = "您是老客户了 这款产品保本保息 对吧"
    assert not restates_to_tag(own, own.index("保本"))
    # no tag: no restatement handed back
    assert not restates_to_tag("您是三天前转的 转了五千块 我帮您查", 9)
    # a strict opener is opens_restatement's business
    assert not restates_to_tag("您是说转了五千块 对吧", 4)


def test_closes_with_tag():
    from triage.qa.negation import closes_with_tag

    assert closes_with_tag("账户被冻结了，是吧？", 0)
    assert closes_with_tag("卡被锁了 对吗 我帮您看看。", 0) is False
    assert closes_with_tag("卡被锁了。对吧", 0) is False
    assert closes_with_tag("卡被锁了 是吧呢", 0)


def test_amounts_skip_numbers_that_name_something():
    from triage.qa.matchers.textfilter import amounts

    assert amounts("您好工号8860为您服务 卡里还有三万二") == [32000]
    assert amounts("尾号三五七九的卡 工单号是幺幺二九零三七") == []
