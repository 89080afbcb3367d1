# ruff: noqa: E501  (template strings are data; splitting them hurts reading)
"""C02 training data: an agent clause that states a fact of THIS customer's account
(balance, a transaction that happened, a bill or instalment due, the status of their
card, application, loan, policy or product, their points, limit or credit record) vs
everything else (general product and process information, questions, verification
requests, restated customer words, actions being offered, C05-style small talk).

Written from how agents report what they see on screen, not from the C02 rule.
"""

from __future__ import annotations

import random
import re

from triage.classify.datagen.noise import chinese_number
from triage.qa.gen import c05
from triage.qa.gen.common import Family, compose, expand

FIT = {"c": 0.5, "negative_weight": 3.0}
_YOU = "{您|你|}"
_OWN = "{您|你}{的|这张|那张|这个|那个|名下的|名下|}"


def _amount(rng: random.Random) -> str:
    n = rng.choice((rng.randint(1, 99), rng.randint(100, 9999), rng.randint(1000, 999999)))
    if rng.random() < 0.2:
        return str(n) + rng.choice(("", "元", "块"))
    s = chinese_number(n)
    if rng.random() < 0.3 and n > 100:  # rounded speech: 三千多, 八百出头, 两万来块
        s = chinese_number(int(str(n)[0]) * 10 ** (len(str(n)) - 1)) + rng.choice(
            ("多", "出头", "来块", "左右")
        )
        return s
    return s + rng.choice(("", "块", "元", "块钱", "块五", "块二毛"))


def _date(rng: random.Random) -> str:
    return expand(
        "{昨天|前天|今天早上|上周五|上个月{一|二|三|十|十五|二十|二十八}号|这个月{五|十二|二十}号|"
        "{三|五|八|十一}月{一|六|十八|二十三}号|刚才|上午十点多|晚上八点多|周一|大前天}",
        rng,
    )


def _fill(t: str, rng: random.Random) -> str:
    t = expand(t, rng)
    if "TICKET" in t:
        code = rng.choice(("GD", "TS", "WO", "CB", "")) + str(rng.randint(1000, 99999999))
        t = t.replace("TICKET", code)
    while "AMT" in t or "DATE" in t:
        t = t.replace("AMT", _amount(rng), 1).replace("DATE", _date(rng), 1)
    return t


POSITIVE = [
    # balance / available money
    _YOU
    + "{卡里|账户里|账上|这张卡上|卡上|活期里|余额宝里|零钱里}{现在|目前|还|就}{有|剩|剩下|能用的是|可用的有|是}AMT",
    "{可用余额|余额|账户余额|可用的}{现在|目前|}{是|还有|就|只有|剩}AMT",
    # a movement that happened
    "DATE{有|进来|扣了|出去|转出去|转进来}{一笔|两笔|几笔}{AMT|}{的|}{转账|消费|扣款|工资|退款|取现|还款|代扣|快捷支付|入账}",
    "{那笔|这笔|DATE那笔|您说的那笔}{AMT|}{的|}{钱|转账|退款|工资|款}{已经|}{到了|到账了|进账了|扣成功了|退回来了|转出去了|失败了|被退回了|还在途中}",
    "{是|显示是}DATE在{超市|网上|淘宝|京东|加油站|ATM|便利店|外地|一个商户}{刷的|花的|消费的|取的|扣的}{AMT|}",
    "{扣款|消费|转账|付款}{的|}{商户|对方|收款方}{是|叫}{一家公司|一个个人|某某科技|一个支付平台|您自己的另一张卡}",
    "{一共|总共|合计}{有|是}{两|三|四|五}笔{，|}{加起来|一共|总共}AMT",
    # bills, instalments, loans
    "{这个月|本期|下期|这期|上期}{要还|应还|账单|的账单|最低还款}{是|有|}AMT{，|}{最后还款日|还款日|到期日}{是|在}DATE",
    "{房贷|车贷|贷款|消费贷|借的钱|分期}{本金|}{还剩|剩余|还有|剩下}AMT{左右|}{，|}{还有|剩}{七|十二|三十|五}期{没还|}",
    _YOU
    + "{那个|这个|办的}{分期|账单分期|现金分期}{还有|剩}{三|五|七|十}期{没还|}{，|}{每期|一期}AMT",
    _YOU
    + "{有一期|上个月|这期|上期}{没还|没按时还|逾期了|晚还了}{，|}{已经|}{逾期|晚了}{三|五|十二|二十}天{了|}",
    # status of the customer's card / account / application / product
    _OWN
    + "{卡|账户|信用卡|借记卡|手机银行}{因为{长期没用|涉嫌异常交易|密码输错太多次|手机号过期|被法院冻结}|}{已经|现在|目前|}{被|}{冻结|锁|限制|注销|挂失|停用|转成久悬户|降额}{了|中|状态}",
    _OWN
    + "{信用卡|贷款|提额|分期|退款|理赔|开户|换卡}{申请|}{已经|还在|}{批了|批下来了|通过了|审核中|被拒了|寄出了|办好了|在排队|退回了}",
    _OWN
    + "{理财|基金|定期|存单|大额存单|保险}{是|}DATE{到期|存的|买的|赎回的}{，|}{收益|现在|目前}{是|有|}{AMT|}",
    _OWN + "{保单|保险}{交到第{三|六|十}年了|还有效|已经失效了|下次交费是DATE|现金价值是AMT}",
    _YOU + "{现在|目前|}{积分|总额度|信用额度|临时额度|可用额度|剩余额度}{是|有|还有|就}AMT",
    _YOU + "{征信|信用记录|征信报告}{上|里}{有|显示}{一次|两次|几次}{逾期|晚还|查询记录}",
    "{系统|后台|记录}{显示|上}{是|}"
    + _YOU
    + "{自己|本人}{在app上|在网点|在手机上|在柜台}{点的确认|操作的|签的字|办的|开通的}",
    "{查到了|看到了|我看了一下|我这边看到|系统里显示|我查了一下}{，|}"
    + _YOU
    + "{这张卡|账户|那笔}{DATE|}{有|是|已经}{一笔|}{AMT|}{扣款|到账|退款|消费|冻结|逾期}",
    _YOU
    + "{绑定了|开通了|办了|买了}{三个|两个|一张|一份|一笔}{快捷支付|自动扣款|信用卡|保险|理财|定投}{，|}{分别是|是}{微信和支付宝|每月扣AMT|DATE办的}",
    # how the customer's own holdings are doing, what was approved, what they hold, where things stand
    "{目前|现在|到今天|截至昨天|}{是|}{赚的|亏的|盈利的|亏损的|浮盈|浮亏}{，|}{赚了|亏了|大概|}{AMT|百分之{三|七|十二|二十}|两个多点}{左右|}",
    _OWN
    + "{那只|这只|那个|}{基金|理财|股票|黄金|定投}{现在|目前|到现在}{是|}{亏的|赚的|涨了|跌了|回本了|还没回本}{，|}{亏了|赚了|}{AMT|百分之{五|八|十}|}",
    "{批是批了|已经批下来了|审批通过了|批了}{，|}{不过|但是|}{只|一共|}{批了|给了|额度是}AMT{，|}{比您申请的少|分十二期|}",
    _YOU
    + "{在我们行|名下|这边}{一共|总共|}{有|开了|办了|买了}{两|三|四|一}{张卡|份保险|笔定期|个账户|张存单}{，|}{两张借记卡一张信用卡|一份是重疾险|都在用|}",
    "{有一份|有一张|有一笔|有两笔}{是|}DATE{在网点|在app上|}{买的|办的|存的}{重疾险|定期|理财|信用卡|大额存单}",
    _OWN
    + "{存单|定期|保单|卡|账户|挂失|分期|贷款}{还在|还有效|已经生效了|是正常状态|已经注销了|已经结清了|还没结清|一直在计息}{，|}{利息也一直在算|不用担心|DATE办的|}",
    "{还没到|还没退|还没扣|还在途中|还在处理中|状态还是处理中|已经退了|已经到了|已经扣了}{，|}{商户那边|对方银行|系统}{还没处理|还在走流程|DATE处理的|}",
    "{从这个月|从下个月|从今年一月}{开始|起}"
    + _OWN
    + "{房贷|贷款|利率}{利率|}{是|调成|变成}{三点八五|百分之四点一|四点二}",
    _OWN
    + "{保费|年费|会员费|月供|利息}{已经|}{DATE|这个月的|}{从您卡里|从卡上|}{扣掉了|扣了|交上了|还没扣}",
    "{已经|}{DATE|十一点零五分|今天上午九点}{入到|转到|到了|进了}{对方卡里|您卡上|您账户}{了|}",
    # facts on file that are not money: phone, address, risk level, card tier, branch, history
    _OWN
    + "{预留的|登记的|绑定的}{手机号|电话|手机}{是|尾号是|后四位是}{幺三八|一三九|五五六七|尾号二零}{开头的|}{，|}{对吧|}",
    _OWN
    + "{风险测评|风险等级|测评结果}{是|为|还是}{C3|稳健型|保守型|平衡型|进取型}{，|}{去年|上个月|}{做的|测的|过期了|}",
    _OWN + "{这张卡|信用卡|卡}{是|属于}{金卡|白金卡|普卡|联名卡|二类户}{，|}{DATE开的|在支行开的|}",
    _OWN + "{账户|卡}{是|在}{城东|开发区|市中心|老家那边的}{支行|网点}{开的|开户的}",
    _YOU
    + "{上次|之前|DATE}{打过来|来电|来过网点}{是|说的是|办的是}{挂失|问分期|投诉|改密码}{的事|}",
    _OWN
    + "{卡|信用卡|借记卡}{有效期|到期}{是|到}{二零二八年|明年三月|后年}{，|}{还没过期|快到期了|}",
    _YOU
    + "{这个月|今年|最近}{已经|}{取了|转了|用了}{三次|五次|两回}{了|}{，|}{再取就要收费|免费次数用完了|}",
    _YOU + "{工资|代发工资|养老金|公积金}{DATE|今天|}{已经|}{发了|到了|进账了}{AMT|}",
]

NEGATIVE = [
    # general product / process information
    "{跨行转账|退款|审核|挂失|补卡|调额|理赔|工资代发}{一般|通常|大概}{需要|要}{一到三个|三到七个|两个}工作日{到账|完成|}",
    "{一年期|三年期|活期|大额存单}{定期|}{利率|年利率}{是|现在是}{百分之一点五|百分之二点六|零点二}",
    "{普卡|金卡|这张卡}{的|}年费{是|}{一百|两百|六百}{元|块}{，|}{刷满|刷够}{五|六}次{可以免|就免}",
    "{信用贷|这款贷款|消费贷}{最高|最多}{可以|能}{申请|贷}{三十万|二十万|五万}{，|}{具体|额度}{要看|以}审批{结果|为准}",
    "{这款|这个}{理财|基金|产品}{一万元|一千元|一元}起购{，|}{期限|封闭期}{九十天|一年|半年}",
    "{分期|提前还款|转账|取现}{手续费|费率}{是|按}{每期百分之零点六|百分之一|千分之五}{收取|}",
    "{逾期|晚还}{会|的话会}{产生违约金|影响征信|收罚息}{，|}{建议您|请您}{按时还款|尽快还上}",
    "{查询|看}{余额|明细|账单|额度}{的话|}{您可以|可以}{在手机银行|登录app|打客服电话|去网点}{查|看}",
    "{您|}{如果|要是}{卡里|账户里}{钱不够|余额不足}{的话|}{会|就会}{扣款失败|影响还款}",
    "{每月|每个月}{到期日|还款日}{会|系统会}{自动|}{从您绑定的卡|从卡里}{扣款|扣}",
    # verification and questions
    "{查询|办理|告知}{之前|前}{需要|麻烦您|得}{先|}{核实一下您的身份|报一下身份证后四位|说一下预留手机号}",
    "{请问|您}{卡里|账户里}{大概|}{还有多少钱|有多少}{呢|吗|}",
    "{您|}{是|记得是}{哪天|什么时候|在哪}{转的|消费的|办的|申请的}{呢|吗|}",
    "{您是说|您的意思是|您是问}{卡里少了钱|那笔钱没到|被扣了年费|额度降了}{对吗|是吧|对吧}",
    "{您|}{要|想}{转|存|取|还}{多少|多少钱}{呢|}",
    # offered actions
    "{我|我这边|我马上}{帮您|给您}{冻结|挂失|解锁|申请|提交|登记|查询|调额}{一下|}",
    "{好的|可以}{，|}{我|我先}{帮您|给您}{把卡|这张卡}{临时|}{挂失|冻结}{，|}{您放心|}",
    "{五千块|一万块|这笔钱}的话{手机银行|网银}{就能转|可以转}{，|}{不收手续费|实时到账}",
    "{有款|有一款|还有个|有个}{三百六十五天|一百八十天|九十一天|两年|三年}{的|期的}{理财|存单|产品|}{，|}{收益还可以|您要不要看看|}",
    "{TICKET|}{明天|今天|后天}{中午|下午|上午}{十二点|三点|五点半}{前|之前}{一定|会|肯定}{给您回电|联系您|答复您}",
    # asking the customer for details (C06's business, not a disclosure) and instructions
    "{那|麻烦|}{您|你}{把|报一下|说一下|念一下}{这张|那张|要扣款的那张|}{卡|借记卡|信用卡}{的|}{卡号|有效期|背面三位数|取款密码|开户行}{和|还有|}{有效期|密码|背面那三个码|}{告诉我|报给我|念给我|一起报给我|}",
    "{您把|麻烦您把}{卡上|卡面上}{那一串|的}{十六位|十九位|}{号码|数字}{从头|}{念给我|报一下}",
    "{注销|销户|换卡|转账}{前|之前}{请|麻烦您}{确认|检查}{卡内|账户里}{余额|钱}{已转出|转走了|没有了}{、|，|}{没有绑定的|解绑了}{自动扣款|快捷支付}{哦|}",
    "{您可以|可以}{在APP里的|在手机银行}{信用卡|账户}{-|的}{还款设置|绑定设置}{中|里}{绑定|添加}{一张|}{借记卡|储蓄卡}",
    # products on sale, tickets, instructions, opening hours, restated questions
    "{目前|现在|下周|最近|月底}{有|还有}{一款|一个|几款}{封闭期两年的|半年期的|新发的|}{养老理财|理财|债券基金|大额存单|信用卡}{在售|在发|可以买|}{，|}{业绩基准|收益|利率}{两个点|百分之二点八|三点五左右|}",
    "{近三个月|近两年|成立以来}{收益|回报}{百分之八|四个点|还可以}{，|}{另外还有一款|还有一个}{稳健型的|短期的}{理财|基金}",
    "{另外|对了}{，|}{我行|我们}{最近|现在}{有|在做}{一个|}{办卡|开户|绑卡}{活动|优惠}{，|}{送|返}{积分|话费|一百块立减金}",
    "{受理号|登记号|工单号|编号|单号}{是|}{TICKET}{，|}{两个小时内|明天下班前|三个工作日内}{给您回复|生效|处理完}",
    "{我|我这边}{已经|}{给您|帮您}{登记好了|提交了|加急了|备注了|转过去了}{，|}{会有专人联系您|请留意来电|}",
    "{您可以|可以|您}{在APP里|在手机银行里|在网银}{的|}{设置|还款管理|账户明细|交易记录}{里|中|那儿}{查一下|设置一下|申请|看看状态}",
    "{您是想了解|您是问|您是想问|您是不是想}{怎么还款|逾期的影响|利息怎么算|怎么开通|手续费怎么收}{对吧|吗|对吗|是吧}",
    "{我跟您确认一下|跟您核对一下|我复述一下}{：|，}{您|您家人|您单位}{是|}{想|要|说}{办理|查询|投诉}{一笔转账|一张卡|一个问题}",
    "{我们|这个}{网点|支行|营业厅}{营业时间是|是}{周一到周五|工作日|每天}{早上九点到下午五点|八点半到四点半}{，|}{周末休息|周六也营业|}",
]


def _family(templates: list[str]) -> Family:
    return lambda rng: _fill(rng.choice(templates), rng)


_ACCOUNTY = re.compile(
    r"[0-9零一二两三四五六七八九十百千万]|您的|您这|您那|查到|显示|已经|到账|扣|余额|额度"
)


def generate(
    rng: random.Random, n: int, extra_negatives: list[str] | None = None
) -> tuple[list[str], list[int]]:
    """``n`` labelled clause-sized utterances, about a third account disclosures.

    Args:
        rng: Seeded random source.
        n: How many utterances.
        extra_negatives: Further neutral agent clauses; clauses with numbers or
            account words are dropped (the intent generator's agents do disclose).
    """
    pos = _family(POSITIVE)
    neg = [_family(NEGATIVE), _family(NEGATIVE)] + [
        lambda r, t=t: expand(r.choice(t), r) for t in c05.NEGATIVE + c05.POSITIVE
    ]
    pool = [t for t in (extra_negatives or []) if not _ACCOUNTY.search(t)]

    def neutral(r: random.Random) -> str:
        return r.choice(pool) if pool and r.random() < 0.3 else r.choice(neg)(r)

    texts, labels = [], []
    for _ in range(n):
        positive = rng.random() < 0.33
        texts.append(compose(rng, [pos if positive else neutral], [neutral], p_context=0.3))
        labels.append(int(positive))
    return texts, labels
