"""C06 (red line): an agent asking the customer for a secret, said in any words.

Positive clauses *ask for* authentication data: a request (报 / 念 / 读一遍 / 跟我说
/ 发过来 / 打在对话框里 / 我需要您的…才能) joined to a secret named plainly (密码,
验证码, CVV) or by where it came from or what it looks like (短信里那几个数,
刚收到的码, 卡背面那三位, 签名条上的数字, 完整卡号). Negatives use the same words
without the request: warnings never to tell anyone, instructions to type the
secret in oneself, partial checks (后四位), how to reset a password, questions
whether the customer told someone else, and restatements of what a fraudster
asked for. Written from how such requests sound on real calls and in fraud
warnings, not from the rule YAML.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from triage.qa.gen.c04 import fill as _fill
from triage.qa.gen.common import beside, surface, windows

SECRET = (
    "密码|取款密码|查询密码|登录密码|支付密码|交易密码|六位密码|验证码|短信验证码|动态码|校验码|"
    "短信码|短信里的数字|收到的那串数字|那条短信里的几个数|短信里那几个数字|六位数字|刚收到的码|"
    "刚才那个码|手机上收到的数|卡背面那三位|背面三个数|背面那几个数字|签名条上的数字|cvv|cvv码|"
    "安全码|有效期和背面三位|u盾密码|手机银行密码|网银密码|完整卡号|整个卡号|全部卡号|"
    "身份证号码全部|"
    "短信里的校验数字|收到的数字|那几位数|口令|动态口令|令牌上的数字"
)
ASK_VERB = (
    "报|念|读|说|告诉我|发我|发给我|给我|报给我|念给我|读给我|跟我说|跟我讲|提供|回复给我|打出来|"
    "发过来|打在对话框里|敲给我|输给我|读一遍|念一遍|说一遍|报一遍|报一下|念一下|说一下"
)
LEAD = "麻烦您|请您|您|您就|您直接|那您|您先|您现在|你|来|好 您|这样 您"
HANDLE = "核实|验证|操作|帮您处理|帮您关|帮您改|帮您开通|确认身份|帮您激活|给您办"
PARTIAL = "后四位|末四位|后六位|尾号|最后四位|前六位"
WHO = "别人|对方|那个人|陌生人|骗子|所谓的客服|对方客服|任何人"

POSITIVE = (
    "{LEAD|}{把|将}{您的|您|}{SECRET}{ASK_VERB}{一下|}{吧|}",
    "{LEAD|}{ASK_VERB}{一下|}{您的|您|}{SECRET}{吧|}",
    "{您的|您|}{SECRET}{是多少|多少|是什么|是几|是啥}{来着|呢|}",
    "{我这边|我|我们}{需要|得|要}{您的|您|}{SECRET}{来|才能|才好|}{HANDLE}",
    "{SECRET}{您|}{直接|就|}{ASK_VERB}{就行|就可以|吧|}",
    "{收到|看到}{了|}{吗|没|}{ |}{SECRET|那个码}{ASK_VERB}{一下|}",
    "{为了|要}{HANDLE}{ 麻烦| 请|}{您|}{ASK_VERB}{一下|}{SECRET}",
    "{您|}{看一下|翻过来看看}{卡背面|卡的背面|签名条}{ 那三位| 三个数| 最后三个数字}{ASK_VERB}"
    "{一下|}",
    "{LEAD|}{手机上|短信里|刚收到的短信}{ 那几个数| 那串数字| 的数字| 那个码}{ASK_VERB}{一下|}"
    "{给我|}",
    "{您的|您|}{SECRET}{是不是|是}{生日|六个八|手机号后六位|您身份证后六位} {您|}{说一下|报一下|"
    "念一下|告诉我}{我帮您核对|我看看|我查一下|}",
    "{您|}{刚|刚才}{收到|接到}{的|}{短信|信息}{里|上|}{面|}{的|那个|那几个}{数字|码|数}{ASK_VERB}",
)
NEGATIVE = (
    "{不要|千万别|切勿|请勿|别}{把|将|}{SECRET}{告诉|透露给|发给|报给|说给}{任何人|别人|陌生人}",
    "{我们|工作人员|客服|银行}{不会|绝不会|从来不会|不可能}{向您|跟您|找您|}{索要|询问|要|索取|问}"
    "{SECRET}",
    "{请您|您|您可以}{在手机上|在app里|按语音提示|在键盘上|在页面上|自己}{输入|按|填}{SECRET}"
    "{即可|就行|就可以|}",
    "{SECRET}{您|请您|}{自己|}{输入|保管好|记好|不要告诉别人|别给任何人看}",
    "{请|麻烦|您}{报|说|念|告诉我}{一下|}{身份证|卡号|手机号|预留手机号|证件号}{的|}{PARTIAL}",
    "{为了|要}{HANDLE}{您的身份|}{ 麻烦| 请|}{您|}{ASK_VERB|提供}{一下|}{您的|}{姓名和|}{身份证|"
    "卡号|手机号|预留手机号|证件}{号码|}"
    "{PARTIAL}",
    "{SECRET}{忘了|忘记了|输错锁了}{的话|}{可以|您可以|}{在app上|去网点|通过手机银行}{重置|找回|"
    "解锁}",
    "{SECRET}{会|已经}{发到|发送到}{您预留的手机上|您手机上}{ 请注意查收|}",
    "{SECRET}{五分钟内有效|错了三次会锁|是六位数字|每次都不一样}",
    "您{有没有|是不是|没有}{把|}{SECRET}{告诉|给|报给|发给}{WHO}{吧|了|吗|}",
    "{您是说|也就是说|我跟您确认一下}{WHO}{让您|要您|叫您|问您要}{报|说|念|发|提供}{了|}{SECRET}"
    "{对吧|是吗|对吗|}",
    "{WHO}{要|问您要|让您报}{SECRET}{的|}{都是|肯定是|一定是}{骗子|诈骗}",
    "{您|}{已经|刚才}{在系统里|按键|自助}{验证|核验|输入}{通过|成功}了",
    "{系统|语音}{会|马上}{提示您|让您}{输入|按键输入}{SECRET}{ 我这边看不到| 我们听不到|}",
)
ORDINARY = (
    "您好 {请问|}有什么可以帮您",
    "核实通过",
    "请问还有其他可以帮您的吗",
    "感谢您的来电 再见",
    "{您|}稍等 我帮您{查一下|看一下}",
    "{您的卡|这张卡}{已经|}{挂失|冻结|激活}{了|成功}",
    "{我这边|}帮您{关闭|开通|修改}{了|好了}",
    "{新卡|卡片}{七个工作日内|三天内}{寄到|送到}",
)

SLOTS = {
    "SECRET": SECRET,
    "ASK_VERB": ASK_VERB,
    "LEAD": LEAD,
    "HANDLE": HANDLE,
    "PARTIAL": PARTIAL,
    "WHO": WHO,
}


def fill(template: str, rng: random.Random) -> str:
    """Expand ``{a|b}`` groups and this module's slot names."""
    return _fill(template, rng, SLOTS)


def generate(rng: random.Random, n: int, extra: Sequence[str] = ()) -> tuple[list[str], list[int]]:
    """``n`` training windows and labels (1 = the agent asks for a secret)."""

    def ordinary(r: random.Random) -> str:
        return fill(r.choice(ORDINARY), r)

    def window(r: random.Random, positive: bool) -> str:
        pool = POSITIVE if positive else (NEGATIVE if r.random() < 0.7 else ORDINARY)
        return surface(beside(fill(r.choice(pool), r), r, ordinary, ordinary), r)

    return windows(rng, n, extra, window)


#: Settings for :func:`triage.qa.train_ngram.fit` (see :data:`triage.qa.gen.c04.FIT`).
FIT = {"c": 0.5, "negative_weight": 1.0}
