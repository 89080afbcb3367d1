"""C13 (improper marketing): an agent pitching a product or service, said in any words.

Positive clauses *offer* something for the customer to buy, open, upgrade or
invest in: a proposal verb (推荐 / 要不要 / 您办一张 / 可以考虑 / 不妨放一点) or a
sales hook (活动 / 优惠 / 送 / 名额有限 / 去年回报百分之十二) joined to a product or
service. The rule decides when a pitch is improper (after a complaint, or a
risky product to an elderly customer); the model only finds pitches. Negatives
share the words without the offer: complaint remedies (退费, 挂失, 工单), how-to
guidance (升级APP, 去网点), answers about a product the customer asked for,
advice against buying, restatements of the customer's story, and ordinary
agent talk. Written from how sales scripts and cross-selling sound, not from
the rule YAML.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from triage.qa.gen.c04 import fill as _fill
from triage.qa.gen.common import beside, surface, windows

PRODUCT = (
    "理财|理财产品|基金|一款基金|信用卡|白金卡|金卡|联名卡|分期|现金分期|账单分期|消费贷|信用贷|"
    "快贷|保险|年金险|增额寿|重疾险|储蓄险|大额存单|会员|贵宾卡|etc|定投|积存金|黄金|结构性产品|"
    "挂钩海外市场的产品|港股通|qdii基金|外汇产品|养老理财|专属理财|权益类产品|指数基金|私募|信托|"
    "新发的基金|固收加|高端卡|钻石卡|商户收款码|代发工资|车贷|房贷|装修贷|专属额度|"
    "可转债打新|新股申购|增利计划|稳健增利计划|养老金账户|个人养老金|教育分期|认购的新产品|理财新品"
)
HOOK = (
    "免年费|送积分|享优惠|返现|领礼品|提额|免手续费|送一百块|打八折|积分翻倍|送视频会员|"
    "有专属客户经理|利率打折|首年免息|送体检|抽奖|送油卡|机场贵宾厅免费用"
)
PCT = "百分之三|百分之四点二|百分之八|百分之十二|百分之十五|百分之二十多|三个点|四个多点|两成|三成"
OPENER = (
    "顺便|另外|对了|正好|跟您说一声|还有个事|趁这个机会|我多说一句|再跟您提一下|"
    "说到这个|哎对了|这边也提醒您一下|我们这边"
)

POSITIVE = (
    "{OPENER|}{给您|跟您|向您}{推荐|介绍|说一下|提一下|安利}{一下|}{我们|我行|}{的|}{新出的|"
    "最近的|一款|一个|}{PRODUCT}",
    "{OPENER|}{我们|我行|咱们|行里}{最近|现在|目前|新|这个月}{有|推出了|上了|在做|搞}{一个|一款|"
    "个|}{PRODUCT|活动|优惠活动}"
    "{ 特别划算| 挺适合您的| 好多客户都办了| 名额有限|}",
    "{OPENER|}{您|}{要不要|有没有兴趣|考虑不考虑|想不想|要不}{办|开通|了解|试试|买|配置|升级|申请}"
    "{一下|一个|一张|点|}{PRODUCT}",
    "{OPENER|}{您办|您开|您升级成|您买|您存|您申请}{一张|一个|点|}{PRODUCT}{的话|}{就能|可以|还能|"
    "马上}{HOOK}",
    "{OPENER|}{PRODUCT}{现在|最近|这期}{收益|回报|利率|优惠}{挺高|不错|很给力|PCT}"
    "{ 您可以考虑一下| 要不要来一点| 名额有限| 错过就没了|}",
    "{像您这种情况|您这个情况|您这种}{其实|}{可以|更适合|最好}{办|用|买|开|换}{我们的|个|一张|}"
    "{PRODUCT}",
    "{OPENER|}{去年|近一年|今年以来}{回报|收益|涨了}{PCT} {您可以|要不要|不妨|建议您}{放一点|"
    "买一点|试试|配一点|投一点}",
    "{您|}{可以|不妨|建议您}{把|拿}{闲钱|到期的钱|这笔钱|一部分钱|养老钱}{放到|买成|转到|配置到}"
    "{PRODUCT}{里|上|}",
    "{OPENER|}{升级|换|办}{成|个|一张}{PRODUCT}{ 以后这种费用都能免| 就不用担心额度了| 权益更多|}",
    "{OPENER|}{PRODUCT}{您|}{了解一下|考虑考虑|看一看|试一试}{吧|呗|}",
    "{现在|今天|这周}{办|买|开通|申请}{PRODUCT}{还|}{HOOK}",
    "{我们这边|我们|咱行}{有个|有款|在推一个}{专门给|适合|针对}{退休老人|老年客户|您这样的客户|"
    "上班族}的{PRODUCT} {您可以|您不妨|要不要}"
    "{了解下|了解一下|看看|关注下|参与一下}",
    "{这期|这次|最近}{PRODUCT}{挺火的|卖得很好|抢得很凶|名额紧} {您要不要|您可以|要不}{参与一下|"
    "来一份|抢一个|试试}",
    "{我帮您|我给您}{开通|办|申请|预约}{一个|一张|}{PRODUCT}{吧|好不好|怎么样|}",
    # putting money in, said as a casual suggestion (拿个两三万跟着上一上也行, 上车)
    "{您手里要有闲钱|您要是有闲钱|闲钱的话|}{ |}{拿个|拿|放个|投个|先放}{两三万|五万|一万|十来万|"
    "一部分}{跟着|}{上一上|上车|买点|试试|放进去|进去|配一点|玩玩}"
    "{也行|就行|呗|吧|不亏|}",
    "{趁着|现在|赶上}{行情|这波|低位|便宜}{上车|进场|抄底|布局|入手}{正是时候|刚刚好|不晚|}",
    "{今年|这阵子|最近}{行情起来了|涨得好|势头好|火得很} {您|}{可以|不妨|也可以}{跟一点|上一点|"
    "买一点|配一点|搞一点}",
)

REMEDY = (
    "{我给您|我帮您|这边为您}{登记|提交|办理}{了|}{退费申请|挂失|补卡|投诉|工单|争议处理|减免申请}",
    "{建议您|您可以}{先|}{把app升级到最新版本|重新登录一下|用网银转账|去网点办理|修改一下密码|"
    "清一下缓存}",
    "{多扣的|那笔}{费用|年费|手续费}{会|}{退回到您卡上|三个工作日内退回|给您减免}",
    "{您的|这张}{卡|账户}{已经|}{挂失|冻结|解冻|恢复}{了|成功}",
    "{单号是|工单号是|编号是}{ts|gd|}二零二六{一一|一二}{零八|三一}",
    "{工作人员|专人|后台}{会在|}{两个|三个|五个}工作日内{联系您|给您回电|处理}",
)
ANSWER = (
    "{这款|这个}{理财|基金|保险|存单}{期限|起购金额|风险等级}是{九十天|一万|r2|一年}",
    "{这个|您问的这个}{产品|基金}{近一年|去年}{收益|回报}{大概|}是{PCT}{ 仅供参考|"
    " 过往业绩不代表未来|}",
    "{您要买的话|如果您想买}{可以|需要}{去网点|在手机银行|找理财经理}{办理|购买|做风险测评}",
    "{信用卡|这张卡}的年费{是|}{两百|三百|六百}{ 刷卡满六次可以免| 具体看卡种|}",
    "{分期|这笔分期}的手续费{是|}每期{百分之零点六|零点七五}",
)
AGAINST = (
    "{您这个年纪|您年纪大了|您说不想冒风险}{不建议|不太建议|不推荐}{您|}{买|碰|配置}{这种|"
    "股票基金|高风险的|权益类的}",
    "{这个|股票基金|这类产品}{风险比较大|波动大|不太适合您}",
    "{求稳的话|想稳一点}{存定期|买大额存单|买国债}{就挺合适|比较好|就可以}",
    "{我们|我}{不会|不能}{给您推荐|向您推销}{任何|}{产品|理财}",
)
RESTATE = (
    "{您是说|我跟您确认一下|您的意思是}{当时|之前|理财经理|网点的人}{给您|跟您|向您}{推荐了|推了|"
    "介绍了|卖了}{PRODUCT}{对吧|是吗|对吗|}",
    "{您是|您}{被推荐|被推销}{买了|办了}{PRODUCT}{是吧|对吧|}",
    "{您|客户}{不想|不需要|没打算}{办|买|开}{PRODUCT}{对吧|我记下了|好的|}",
)
ORDINARY = (
    "您好 {请问|}有什么可以帮您",
    "请您报一下{身份证|预留手机号}后四位",
    "核实通过",
    "请问还有其他可以帮您的吗",
    "感谢您的来电 再见",
    "非常抱歉给您带来不便",
    "您先别着急 我{帮您|给您}{查一下|看一下}",
    "{您说的情况|这个问题}我{了解了|记下了}",
    "稍等 我帮您{查询|核实}一下",
    "{这笔|那笔}{交易|扣款}是{三号|上周五}{扣的|发生的}",
    "{<person>|张先生|王女士|}{我看到|系统显示|我这边查到}{今天|昨天|上周}{九点零三分|下午|晚上}"
    "有一笔{八千六百元|两百块|三万}"
    "的{境外网站消费|转账|扣款|快捷支付|取现}",
    "{这个|这笔}是您本人{操作|消费|转}的吗",
    "{建议您|您最好|麻烦您}{今天|尽快|}{去派出所报个案|报警|保留好回执|修改一下密码|把卡冻结|"
    "打印一下流水}",
    "{换成是我|换谁}{也会|都会}{担心|着急|生气|不高兴}",
    "{现在|目前|今年}{产品|基金|理财|这个}{亏损了|亏了|跌了|浮亏}{PCT|十几万|两万}{ 要投诉对吧|"
    " 对吗|}",
    "{您|}{打开|进入}{手机银行|app}{以后|}{ |}{点|选}{转账|理财|我的}{ |}{然后|再}{填|输入}{金额|"
    "卡号|名字}",
    "{金额|信息}填好{以后|之后}点下一步{ |，}{最后|然后}输入您自己设置的密码就行",
    "{最后|然后|再}{输入|按}{您自己设置的|}{密码|验证码}{就行|就可以|确认}",
    "{您是说|我跟您确认一下|也就是说}{上周|昨天|之前}{在网点|在app上|在atm}{存款|取款|转账}{后|"
    "以后}{发现|}{金额|钱}{少了|不对|没到}{一百元|两千}",
    "{您的|这笔}{存款|定期|理财}{到期后|到期了}{会|已经}{自动|}{转回|打回}{活期|您卡上}",
)

SLOTS = {"PRODUCT": PRODUCT, "HOOK": HOOK, "PCT": PCT, "OPENER": OPENER}


def fill(template: str, rng: random.Random) -> str:
    """Expand ``{a|b}`` groups and this module's slot names."""
    return _fill(template, rng, SLOTS)


def generate(rng: random.Random, n: int, extra: Sequence[str] = ()) -> tuple[list[str], list[int]]:
    """``n`` training windows and labels (1 = the agent pitches something)."""
    pools = (REMEDY, REMEDY, ANSWER, ANSWER, AGAINST, RESTATE, RESTATE, ORDINARY, ORDINARY)

    def before(r: random.Random) -> str:
        return fill(r.choice(r.choice((REMEDY, ORDINARY))), r)

    def after(r: random.Random) -> str:
        return fill(r.choice(ORDINARY), r)

    def window(r: random.Random, positive: bool) -> str:
        core = fill(r.choice(POSITIVE if positive else r.choice(pools)), r)
        return surface(beside(core, r, before, after), r)

    return windows(rng, n, extra, window)


#: Settings for :func:`triage.qa.train_ngram.fit` (see :data:`triage.qa.gen.c04.FIT`).
FIT = {"c": 0.5, "negative_weight": 1.0}
