"""Negation scope: 不保本 is not a promise of 保本."""

from __future__ import annotations

import pytest

from triage.qa.negation import (
    is_denied_or_reported,
    is_negated,
    is_restated,
    opens_restatement,
)


@pytest.mark.parametrize(
    "text,word,negated",
    [
        ("这款产品不保本", "保本", True),
        ("这款产品保本保息", "保本", False),
        ("我们不会向您索要验证码", "索要", True),
        ("不管市场怎么样都保本", "保本", False),
        ("不是零风险的", "零风险", True),
        ("不用担心，这个保本", "保本", False),
        ("没有，这款保本", "保本", False),  # the clause ends before the hit
        ("这款绝对没有任何风险", "没有任何风险", False),
        ("您要是觉得不满意 那我也没招", "我也没招", False),  # 不满意 is self-contained
        ("没错 这款保本", "保本", False),
        ("这款不满一年赎回不保本", "保本", True),  # a later negator still counts
        ("汇率那点波动根本吃不掉 怎么算都是赚的", "都是赚的", False),  # verb + 不 + complement
        ("怎么跌都伤不着本金 肯定赚", "肯定赚", False),
        ("实在对不起 这款保本", "保本", False),
        ("我们不会 向您索要验证码", "索要", True),  # ASR space after 不会: still negated
        ("说句不好听的 想亏都难", "想亏都难", False),  # 不 deep inside the previous phrase
        ("这款不 保本", "保本", True),
        ("这个不可能 零风险", "零风险", True),
        ("这款产品不属于 保本产品", "保本", True),
    ],
)
def test_negation_scope(text, word, negated):
    assert is_negated(text, text.index(word)) is negated


def test_negation_reach_limits_distance():
    text = "不是说这个产品的收益保本"
    assert not is_negated(text, text.index("保本"), reach=3)


# Claims the agent denies exist, reports from others or refutes (guarantee rules).
@pytest.mark.parametrize(
    ("text", "word", "dropped"),
    [
        ("没有哪款理财是稳赚的", "稳赚", True),
        ("哪有只赚不赔的买卖", "只赚不赔", True),
        ("现在已经不存在保本型的理财了", "保本", True),
        ("谁也不敢保证这个一定赚", "一定赚", True),
        ("您听朋友说有款稳赚的", "稳赚", True),
        ("网上说肯定赚那个 您别信", "肯定赚", True),
        ("凡是跟您说保本还高收益的", "保本", True),
        ("打着保本高收益旗号的都是诈骗", "保本", True),
        ("稳拿五个点这种 我们这儿真没有", "稳拿", True),
        ("这种说每月返利还保本的", "保本", True),
        ("稳赚不赔的理财是没有的 都有风险", "稳赚不赔", True),
        ("零风险的投资也不存在", "零风险", True),
        ("稳赚的 这种好事可不多见", "稳赚", False),
        ("这款保本的产品没有任何风险", "保本", False),
        ("这款零风险的 没有问题 您放心买", "零风险", False),
        ("您放心 这个稳赚不赔", "稳赚不赔", False),
        ("我跟您说 这个稳赚", "稳赚", False),
        ("您放心 跟您讲 这个肯定赚", "肯定赚", False),
        ("您说得对 这个就是稳赚的", "稳赚", False),
        ("谁也没亏过 您放心", "亏", False),
        # the agent saying it cannot promise the claim, whatever the claim's own negation
        ("但我没办法跟您保证一定不亏", "一定不亏", True),
        ("这个我们无法向您承诺收益一定比定期高", "一定比", True),
        ("我不敢给您打包票亏不了", "亏不了", True),
        ("收益我没法保证 本金肯定是安全的", "本金肯定", False),
        # a good outcome negated after a denial: a double negative, i.e. a claim
        ("到现在没有哪一期没按时兑付过", "没有哪一期", False),
        ("没有一个客户没赚到钱", "没有一个", False),
        ("这款理财谁都没法保证不达标", "不达标", True),
        # a denial in the phrase before an ASR space is not the hit's
        ("没有哪一期没按时兑付过 您这笔就当是定期", "您这笔", False),
        ("没有哪款是稳赚的 这款本金是保得住的", "这款本金", False),
    ],
)
def test_negation_denied_or_reported(text, word, dropped):
    assert is_denied_or_reported(text, text.index(word)) is dropped


def test_negation_denied_inside_span_but_not_double_negative():
    # a classifier's clause starts at its clause: the frame is inside the span
    text = "没有哪款理财是稳赚的"
    assert is_denied_or_reported(text, 0, len(text))
    # 没有人…亏过 denies a loss: a guarantee, kept
    text = "没有人买这个亏过钱的"
    assert not is_denied_or_reported(text, 0, len(text))


# The agent restating the customer's words (您是说 … 对吗) over several clauses.
@pytest.mark.parametrize(
    ("text", "word", "restated"),
    [
        ("您是说卡在您手上，但刚刚在外地被消费了八千元，对吗？", "八千元", True),
        # a clause opening 您是 + what happened, handed back with a tag: that clause only
        ("您是收到一条短信说要您回复动态码才能解冻 是吧", "动态码", True),
        ("您别着急，您是在商场刷卡被扣了六百多 对吗", "六百多", True),
        ("您别着急，您是在商场刷卡被扣了两次 一共六百多 对吗", "六百多", False),
        ("您是收到一条短信 说要您回复动态码才能解冻 是吧", "动态码", False),
        # 您是 inside a clause, or a question word after it, opens nothing
        ("因为您是老客户 这款零风险 对吧", "零风险", False),
        ("您是否需要 这款零风险 对吧", "零风险", False),
        # the loose 您是 opener: another clause, or the agent's own voice in its clause
        ("您是老客户了，这款产品保本保息，对吧", "保本保息", False),
        ("您是担心亏钱 稳赚不赔的 对吧", "稳赚不赔", False),
        ("您是本人把收到的验证码报给我对吧", "验证码", False),
        ("您是在网上被扣了钱我帮您查一下被扣了多少对吧", "被扣了多少", False),
        ("您是想找一个收益稳定 不会亏本金的产品 是这个意思吧", "不会亏", True),
        ("您是要投诉城南支行 柜员让您改天再来 而且态度不好 是这样吧", "态度不好", True),
        ("我跟您确认一下您是对扣费有疑问，前面几次也没有得到答复，对吗？", "没有得到答复", True),
        # spoken openers: 您的意思就是, 您刚才讲的是, 那就是说 您…, 所以您现在是…
        ("嗯，您的意思就是这个月代发工资里有一位员工没收到，对吗？", "没收到", True),
        ("您刚才讲的是 有人让您把短信验证码告诉他 是吧", "验证码", True),
        ("那就是说 您想用家里几个人的额度分开汇过去 是吧", "额度", True),
        ("所以您现在是想替他开一个证券账户，对吗？", "证券账户", True),
        # 所以您是 is the loose opener: its own clause only, not the agent's pitch after it
        ("所以您是老客户了，这款产品保本保息，对吧", "保本保息", False),
        # a tag before the hit ended the restatement
        ("您是说要查余额对吧 您卡里还有三万二千块", "三万二千块", False),
        # no tag handing it back: the agent's own words
        ("您是说这款吗 这款零风险 您放心", "零风险", False),
        ("您是说这款 这款零风险 您放心", "零风险", False),
        # no opener: a reproach ending in 是吧 is the agent's own
        ("您自己没看清楚 不知道在哪 是吧", "不知道", False),
        # the tag in the next sentence does not count
        ("您是说卡丢了。您卡里还有三千块 对吧", "三千块", False),
    ],
)
def test_is_restated(text, word, restated):
    assert is_restated(text, text.index(word)) is restated


def test_is_restated_opener_at_the_scored_clause_start():
    # a classifier's span starts at its clause, which may be the opener itself
    text = "您是说被扣了三百块 对吗"
    assert is_restated(text, 0)
    # a scored sentence may open with a short preface before the opener
    text = "非常抱歉 您是说理财经理没有提示风险 现在亏了两万对吧"
    assert is_restated(text, 0, len(text))
    assert not is_restated(text, 0)
    # a keyword hit before the opener is not inside the restatement
    text = "这款零风险 您是说想稳一点对吧"
    assert not is_restated(text, text.index("零风险"))


def test_is_restated_whole_hit_inside():
    # a long pattern hit starting in the restatement and running past its tag is the agent's
    text = "阿姨您是想看看存款到期后放哪儿是吧 现在定期利率都低 我建议您搞点权益类的"
    start, end = text.index("看看"), text.index("权益类") + 3
    assert is_restated(text, start)
    assert not is_restated(text, start, hit_end=end)
    text = "阿姨您好 您是想了解一下闺女推荐的科技主题基金 看自己能不能买 对吧"
    start = text.index("了解")
    assert is_restated(text, start, hit_end=text.index("基金") + 2)


@pytest.mark.parametrize(
    ("text", "word", "opens"),
    [
        ("您是说卡在您身上 但是刚被刷了八千块 我先帮您核实一下", "八千块", True),
        ("您是想找个稳赚不赔的理财 我给您介绍几款", "稳赚不赔", True),
        # a tag ended the restatement before the hit
        ("您是说卡丢了对吧 您卡里还有三千块", "三千块", False),
        # another sentence
        ("您是说卡丢了。您卡里还有三千块", "三千块", False),
        ("您卡里还有三千块", "三千块", False),
    ],
)
def test_opens_restatement(text, word, opens):
    assert opens_restatement(text, text.index(word)) is opens
