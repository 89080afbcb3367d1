"""C04 (red line): an agent promising a guaranteed return or no risk, said in any words.

Positive clauses have the *shape* of a guarantee about a product: a certainty
(肯定 / 准保 / 妥妥 / 放一百个心 / 历史上就没 …) joined to an outcome about the
customer's money (本金回来 / 收益到手 / 不会亏 / 跌不了 / 跟存款一样 / 有人兜着 …).
The slot vocabularies are written from how sales staff talk (mis-selling
complaints, regulators' lists of 误导销售 wordings, everyday speech), not from the
rule YAML. Negatives use the same words without the promise: disclosures, the
promise negated or refused, questions and restatements of the customer, facts
about deposits, refunds and frozen funds, loan rates, and ordinary agent talk.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from triage.qa.gen.common import expand, surface

# ---- slots -------------------------------------------------------------------
PRODUCT = (
    "这款理财|这个理财|咱这个产品|这个产品|这只基金|这个基金|这款债基|这个固收|这个固收加|"
    "这款年金险|"
    "这个增额寿|这个万能险|这个分红险|这个结构性存款|这个结构性产品|这个私募|这个信托|这个资管计划|"
    "这款净值型|这个黄金积存|这个理财计划|这期产品|这只产品|我们这个|它|这个|这东西|这个货"
)
MONEY = (
    "本金|本钱|您的本金|您这本金|这笔钱|您的钱|您投进去的钱|投的钱|本儿|老本|本息|本金和利息|"
    "本金加利息|连本带息|本带利|您这三十万|您那五万块|这十万|您放进去的钱|养老钱|您的本"
)
RETURN = (
    "收益|利息|回报|分红|这个收益|年化|那几个点|四个点|三点五的收益|利息钱|每年的收益|"
    "月月的收益|说好的收益|演示的收益|那个数|这个收益率|预期收益|红利"
)
CERT = (
    "肯定|一定|绝对|百分之百|百分百|保证|准保|保准|铁定|指定|必定|必然|稳稳的|妥妥的|"
    "板上钉钉|没跑|跑不了|肯定是|一准|管保|保管|十成十|稳稳当当"
)
MONEY_SAFE = (
    "能拿回来|一分不少|一分都不会少|安全得很|不会少|没问题|丢不了|跑不掉|少不了|保得住|"
    "原封不动地回来|一个子儿不少|不会有闪失|不会动|稳稳当当的|毫发无损|全须全尾地回来|"
    "打回您卡上|回到您账户|一分钱都少不了|一点都不会损失|都在|还是您的|碰都碰不着|动不了"
)
RETURN_SURE = (
    "能拿到|能到手|少不了|是固定的|是定死的|是写死的|是锁定的|按时到账|稳定给到|不会低于四个点|"
    "比定期高|跑赢存款|是有的|能达到|一分不差|照发|是保底的|只多不少|就是这个数|"
    "实打实的|到时候准到|按最高给|年年都有|不会打折扣"
)
NO_LOSS = (
    "不会亏|亏不了|赔不了|不会赔|跌不了|不会跌|不会亏本|亏不着|不会亏钱|不可能亏|"
    "亏不到您头上|没有亏的可能|想亏都难|跌不到哪去|不会缩水|不会往下走|不会出现亏损|"
    "赔不着|折不了|不会蚀本|亏不了本|不会赔本|输不了|不带亏的|只赚不亏|稳赚|包赚|只涨不跌"
    "|赔钱是不可能的|亏钱是不存在的|亏本那是不可能的事|亏损那种情况不会有"
)
LIKE_DEPOSIT = (
    "跟存定期一样|和存银行没啥区别|就跟放余额宝一样|相当于存款|跟国债一个性质|比存款还稳|"
    "跟存单一个样|和储蓄差不多|就是个高息存款|跟把钱放银行里没两样|比定期还保险|"
    "跟存折上的钱一样安全|"
    "就是换了个名字的定期|等于存了个定期|跟活期一样稳"
    "|当成利息高一点的存款|看成收益高点的定期|当成高息存款|就是个利息高点的存单|跟银行存钱一个意思"
    "|就当是定期|当它是个定期|就当是存款|跟定期一个用法"
)
BACKSTOP = (
    "银行兜底|我们行兜着|国家兜底|有担保公司担着|出了事银行赔|亏了算我的|有人接盘|总行会管|"
    "出了问题有我们顶着|亏了我们补给您|少了我赔给您|有国企担保|背后是国家队|亏了银行会补|"
    "真有事也有人兜着|跌了也有人托底|出事了有保险公司全赔|我们公司负责到底"
    "|亏了您来找我|亏了您找我|亏了我给您补上|少了您拿我是问|亏了我自掏腰包|出了问题您找我|"
    "真亏了我负责"
)
HISTORY = (
    "从来没亏过|卖了这么多年没出过事|没有一个客户亏钱|买过的都赚了|年年都是正收益|历史上没跌破过|"
    "成立以来没回撤过|每期都按最高兑付|这些年一次都没失手过|就没见过亏的|老客户都挣了|"
    "我手上的客户没一个赔的|发了几十期了期期都达标|一直都是赚的|就没有不赚的时候"
    "|去年那么差的行情它都是正的|股灾那会儿它都没亏|最差的那几年也是正收益|行情再差它也是赚的"
    "|没有哪一期没按时兑付过|没有一次没兑付的|就没有哪一笔没到账的|从来没有不达标的时候|"
    "哪一年都没少给过"
)
OUTCOME = (
    "到期就能拿回来|等着收钱就行|坐着拿利息|躺着赚|闭眼买|放进去就是赚|买了就等着分钱|早晚能涨回来|"
    "拿一年准赚|时间长了肯定赚|放两年翻倍没问题|等着数钱吧|买了就是赚到|稳稳地吃利息|"
    "到点就给您打过去|放着就生钱|就等着收益到账|拿住了就不会亏|跌了也能涨回来|只管放着就行 准赚"
    "|大家都说这个闭着眼睛买都行|客户们都说买了就赚|好多人买了都说稳得很"
)
RISK_NIL = (
    "风险基本为零|风险可以忽略|风险就是个说法|风险提示就是走个流程|这个风险您不用考虑|"
    "那个风险等级是写着玩的|风险这块您完全不用管|说是有风险其实没有|理论上有风险实际上不可能|"
    "风险跟没有一样|那个风险揭示书您签个字就行 不用看|风险低到可以不计|出风险的概率几乎没有|"
    "不会出现那种情况|那是极端情况 根本碰不上"
    "|风险提示那是例行公事 您别往心里去|风险提示就是走个形式 不用当真|"
    "风险揭示那些是格式条款 看看就行|那个风险等级是按规定标的 实际上没那么回事"
)
RHETORICAL = (
    "银行卖的还能让您亏吗|哪有亏钱的道理|怎么可能让您赔|我们还能坑您吗|您见过谁买这个亏过|"
    "大银行的东西能有啥事|我们行的产品还能跑了不成|国家管着呢还能让您吃亏|这要能亏我把名字倒过来写"
)
OPENER = (
    "您放心|这个您放心|放心吧|说实话|跟您说实话|不瞒您说|我跟您讲|您别担心|哎呀|这点您大可放心|"
    "老实说|您就踏踏实实的|这个您尽管放心|您把心放肚子里|我敢跟您打包票|我给您交个底|"
    "这么跟您说吧|您听我的|我实话实说|别的我不敢说|您信我"
    "|我敢拍胸脯|我拍着胸脯跟您说|我用人格担保|这个我敢保证|您说稳不稳"
)
TAIL = (
    "您就放心买吧|好多客户都买了|您买就是了|不用担心|我们这卖了好几年了|这个您放心|"
    "您就踏实放着|赶紧上车|名额不多了|我自己都买了|跟您家里人也说说|错过就没了"
)

POSITIVE = (
    "{OPENER|}{PRODUCT|}{MONEY}{CERT}{MONEY_SAFE}",
    "{PRODUCT|}{MONEY}{是|}{CERT}{MONEY_SAFE}的",
    "{OPENER|}到期{了|以后|之后|}{MONEY}{CERT|}{MONEY_SAFE}",
    "{PRODUCT|}{RETURN}{CERT}{RETURN_SURE}",
    "{RETURN}{这块|这个|}{您|}{CERT}{RETURN_SURE}{的|}",
    "{OPENER|}{PRODUCT|}{CERT|}{NO_LOSS}{的|啊|}",
    "{PRODUCT|}{就算|哪怕|即使}{跌了|有波动|行情不好}{也|}{CERT|}{NO_LOSS}",
    "{PRODUCT|}{就算|哪怕|即使}{跌了|套住了|亏了点}{拿个一两年|放一阵子|等等}{CERT|}{涨回来|回本|"
    "能回来}",
    "{PRODUCT|}{您就当|其实就|基本上就|}{LIKE_DEPOSIT}",
    "{PRODUCT|}{有|是|}{BACKSTOP}{的|}",
    "{OPENER|}{PRODUCT|}{HISTORY}",
    "{OPENER|}{PRODUCT|}{OUTCOME}",
    "{PRODUCT|}{RISK_NIL}",
    "{RHETORICAL}",
    "{OPENER}{MONEY}{CERT}{NO_LOSS}",
    "{CERT}{能|会|}{赚钱|挣钱|赚|挣着|有收益|回本|跑赢通胀|拿到收益|不亏}",
    "{PRODUCT|}{收益|回报|利息}{比|要比}{定期|存款|余额宝|国债}{CERT}{高|多|强}",
    "{PRODUCT|}买了{CERT|}不会{亏|赔|吃亏|损失一分钱}",
    "{OPENER|}{MONEY}{放|搁|交给我们}{这|这儿|这里面}{CERT|}{MONEY_SAFE}",
    "{PRODUCT|}{是|}{只赚不赔|稳赚不赔|保本保息|零风险|没有风险|没啥风险|不存在亏损|稳赚的|保本的}",
    "{MONEY}{这块|这部分}{您|}{不用操心|不用管|甭担心|尽管放心}{CERT|}{MONEY_SAFE}",
    "{我敢保证|我跟您保证|我担保|我可以保证|我拿工号担保|我打包票}{MONEY|RETURN|您}{CERT|}"
    "{MONEY_SAFE|RETURN_SURE|NO_LOSS}",
)

# The same words without the promise.
NEGATED = (
    "{我们|我|谁|任何人|没有人|哪个产品}{都|也|}{不能|没法|不敢|不可以|无法}{跟您|向您|给您|}"
    "{保证|承诺|打包票说}{MONEY}{MONEY_SAFE}",
    "{我们|我|谁|任何人}{都|也|}{不能|没法|不敢|无法}{保证|承诺}{PRODUCT|}{NO_LOSS}",
    "{PRODUCT|}{不是|并不是|可不是}{稳赚不赔|保本|零风险|没有风险|只涨不跌|稳赚}的",
    "{PRODUCT|}{不保本|不保证收益|不保证本金|不承诺收益|不保息}{的|}",
    "{RETURN}{是|都是|}{不固定|不确定|浮动|不保证}的",
    "{PRODUCT|}{有可能|可能|也可能|是会}{亏|亏损|亏本|跌|赔钱|损失本金|低于预期}{的|}",
    "{PRODUCT|}{没有|没}{保本|保收益|兜底|刚兑}{这一说|这个说法|的|}",
    "{PRODUCT|}{跟|和}{存款|定期|存单}{不一样|不是一回事|有区别|不同}",
    "{PRODUCT|}{不受|没有}存款保险{保障|保护}",
    "{现在|如今|资管新规以后}{都|}{打破刚兑了|没有保本理财了|不允许承诺保本了}",
    "{过往业绩|历史收益|以前的收益|业绩比较基准}{不代表|不等于|不是}{未来|以后|实际收益|承诺}",
    "{说|讲|宣传}{保本|稳赚|零风险|肯定赚}的{都是|那是}{骗人的|违规的|忽悠人的|不对的}",
    "{这个|PRODUCT}{不能|没法}跟您说{肯定|一定|保证}{赚|不亏|回本}",
    "{没有|哪有|不存在|哪来的|世上没有|市面上没有}{稳赚不赔|保本保息|零风险|只赚不赔|稳赚|包赚|"
    "只涨不跌}的{说法|事|产品|理财|好事|}{呀|啊|}",
    "{投资|理财|基金|保险}{哪有|没有|不存在}{稳赚不赔|只赚不赔|不亏}的",
    "{亏损|损失}{可能|有可能|甚至可能}{超过|达到|是}{您的本金|本金的一部分|全部本金}",
    "{要是|如果|万一}{亏了|跌了|行情不好}{本金|您的钱}{是会|也会|可能会}{受损失|少|缩水}的",
    "{不会|不能|没法}{保证|承诺}{您|}{一定|肯定}{赚钱|有收益|回本|不亏}",
)
DISCLOSURE = (
    "{任何|所有的|凡是}{投资|理财|基金|产品}{都|}{有|是有|存在}{一定的|}风险{的|}",
    "{PRODUCT|}{本身|}{是|也是|都是}有风险的",
    "{去年|前年|之前|以前}{就|也|}有{不少|一些|好多}{客户|人}{亏过|亏了|赔过|亏钱}",
    "{过去|这几年|往年}{有|也有}{亏|赔|跌}{有|也有}{赚|涨}{的|}",
    "{过去|近}{五年|三年}有{两年|一年|三年}{是|}{亏的|负收益|跌的}",
    "{净值|市值}{跟着|也}{回撤|跌|下跌}了{一些|不少|}",
    "{PRODUCT|}{风险|波动}{不小|挺大|比较大|较高}{的|}",
    "{亏损|回撤|下跌}{是|也是}{正常的|常有的事|可能发生的}",
    "理财非存款 产品有风险 投资须谨慎",
    "投资有风险 购买需谨慎",
    "{PRODUCT|}有风险 {请您|您}{谨慎|慎重}{考虑|选择}",
    "{PRODUCT|}风险等级是{R1|R2|R3|R4|R5|中低风险|中风险|中高风险}",
    "{PRODUCT|}净值会{波动|有涨有跌|上下波动}",
    "最坏的情况{本金|您的本金}{会有|可能有}损失",
    "请您{仔细|认真}阅读{产品说明书|风险揭示书|合同条款}",
    "{购买前|买之前}需要先做{风险测评|风险评估}",
    "短期{有|会有}波动{是正常的|很正常}",
    "{PRODUCT|}风险{相对|比较}{低|小|可控} 但也{不是没有风险|不保本|可能亏损}",
    "{PRODUCT|}{相对|比较}稳健 {但是|不过}{收益不保证|不保本|也有亏损的可能}",
)
RESTATE = (
    "{我跟您确认一下|我确认一下|我复述一下|}{您|您母亲|您家老人|}{购买时|当时|签字的时候}"
    "{没有被告知|没人讲|没人说|不知道}{风险|会亏|不保本}"
    "{ 现在亏损了| 现在亏了|，亏了}{PCT|十几万|两万}{对吗|是吗|}",
    "{您是|您这是|您}{担心|问|想知道|是说}{MONEY}{能不能|会不会}{拿回来|亏|少}{对吧|是吗|是吧|}",
    "{您是说|您的意思是|我跟您确认一下}{当时|当初|之前}{理财经理|客户经理|网点的人|销售}{跟您说|"
    "承诺|说}{保本|稳赚不赔|不会亏|收益是固定的}{对吗|是吧|}",
    "{您朋友|您同事|网上|那个人|对方}说的{稳赚不赔|保本|零风险|肯定赚}{那是|这个是|}{不对的|"
    "不准确的|骗人的|没有依据的}",
    "{您|客户}{想要|要|只想买|想找}{保本|稳一点|没风险}的{产品|是吧|对吧}",
    "{会不会亏|保不保本|有没有风险|能不能保本}{这个|}{要看|得看|取决于}{市场|产品类型|具体产品}",
)
DEPOSIT_FACT = (
    "{定期存款|存款|大额存单|储蓄存款}{的|}{本金和利息|本息}{都|}{有保障|是有保障的|"
    "受存款保险保护}",
    "大额存单是存款 受存款保险保护{ 五十万以内全额赔付|}",
    "{定期|整存整取|大额存单}的利率是{固定的|定好的|存的时候就定了}",
    "国债是国家信用 到期还本付息",
    "{存款|定期存款}{是|属于}保本的{ 理财不是|}",
    "{您的|您这笔}定期{到期|到期以后}{本金和利息|本息}会{自动|}{转回|打回|回到}{您的活期|您卡上}",
)
SERVICE_ASSURE = (
    "{您放心|放心|您别着急}{多扣的|那笔|这笔}{钱|费用|年费}{一分不少|会全额|肯定会}{退给您|退回|"
    "返还到您卡上}",
    "{您放心|您别担心}{您的|卡里的|账户里的}{资金|钱}{是安全的|现在是安全的|不会少} {卡|账户}"
    "已经{冻结|止付|挂失}了",
    "退款{三个|五个|七个}工作日内{肯定|一定|会}到账",
    "{您放心|放心}{工单|这个事|您的投诉}{肯定|一定}有人跟进",
    "{积分|额度|优惠}{不会清零|肯定能恢复|不会受影响}",
    "{卡片|新卡}{一定|肯定}{能|会}{寄到|收到}{ 您放心|}",
    "{转账|这笔款}{肯定|一定}能到账 {只是|就是}{晚一点|需要时间}",
    "{您放心|}{我们|我}一定{给您一个答复|帮您处理好|尽快核实}",
    "{贷款|房贷|这笔分期|车贷}的{利率|利息|月供}是{固定的|不变的|定好的}",
    "{分期|这个分期}手续费是{固定的|一次性收取的}",
    "{您放心|}{这个操作|改密码|挂失}{不会影响|不影响}{您的资金|卡里的钱|您的存款}",
)
NEUTRAL = (
    "您好 {请问|}有什么可以帮您",
    "请您报一下身份证后四位",
    "核实通过",
    "请问还有其他可以帮您的吗",
    "感谢您的来电 再见",
    "{PRODUCT|}{业绩比较基准|预期年化}是百分之{二点八|三|三点五|四}{左右|到三点五|}",
    "{PRODUCT|}期限{九十天|一年|半年|三年}{ 一万起购|}",
    "您可以在手机银行{理财|财富}频道{购买|查看}",
    "申购费率是百分之零点{一五|一二}",
    "赎回一般{T加一|两个工作日}到账",
    "{您|}稍等 我帮您{查一下|看一下}",
    "{您|}需要本人带身份证到网点办理",
    "这个我帮您{登记|记录}一下",
    "我让理财经理{联系您|给您回电}",
    "{您|}可以考虑一下 不着急",
    "这个要看您自己的{需求|情况|风险偏好}",
    "产品说明书上都写着{呢|的}",
    "非常抱歉给您带来不便",
    "您说的情况我了解了",
    "{PRODUCT|}是{中低风险|R2级}的 适合{稳健型|平衡型}客户",
    "{收益|利息}{按日计算|每月发放|到期一次性支付}",
    "{您|}要是想{稳一点|保本|图安心}{可以考虑|建议您看看}{大额存单|定期存款|国债}",
)

# Ordinary agent talk that shares the guarantee's words (肯定, 就行, 到账, 涨了,
# 收益百分之…, 亏) without promising anything about a product's outcome.
PCT = (
    "百分之三|百分之四点二|百分之十五|百分之二十多|三个点|四个多点|两成|三成|"
    "百分之八|百分之一点七五"
)
ORDINARY = (
    "{PRODUCT|}{近一年|去年|今年以来|成立以来|上个月|最近三个月}{涨了|收益|年化|的收益率是|回报是}"
    "{PCT}{左右|多|}",
    "{PRODUCT|}{年化|业绩比较基准|预期收益}{大概|}是{PCT}{ 具体以实际为准| 仅供参考|}",
    "{PRODUCT|}{现在|目前}{亏了|亏损了|跌了|浮亏}{PCT}{左右|}",
    "{跌的时候|行情不好的时候|金价跌了|大盘跌了}{也会亏|它也跌|您的也跟着跌|就会亏钱}",
    "{退保|提前赎回|提前支取}{会|可能会}{亏本金|损失一部分|有手续费|少拿利息}",
    "{带上身份证|带着合同|在app上|按提示操作|去网点|找理财经理|重新登录}{一下|}就{行|行了|可以了|"
    "好了}",
    "{明天|三个工作日内|下周|一会儿|到时候}{就|}{会到|能到账|有结果|给您回电|能收到}",
    "{这个|那|这种}{肯定|一定|绝对}{是诈骗|办不了|不行|是系统问题|得本人来|要收费的}",
    "{让您|给您}{跑了两趟|添麻烦了|久等了} 实在{抱歉|不好意思}",
    "遇到这种情况{肯定|一定}{特别着急|很生气|不好受}",
    "{您年纪大了|您这个年纪}{不建议|不太建议|不推荐}您{买|碰|配置}{这种|股票基金|高风险的}",
    "{求稳的话|想稳一点}{存定期|买大额存单|买国债}{就挺合适|比较好|就可以}",
    "{利息|收益}{按实际天数计算|按日计息|每月二十号发放|到期一次性给}",
    "{额度|限额}{最高可以|可以}调到{二十万|五十万|五万}",
    "{有问题|超过了|收不到}{您|}{再打过来|再联系我们|随时找我}",
    "{您|}{持有的|买的}{这只|这个}{基金|理财}{净值|市值}{现在是|涨了|跌了}{PCT|一块零五}",
    "{签了字|做了测评}就说明{您认可了风险|您了解产品}",
    "{万能险|这个万能险}有保底利率{PCT}{ 具体以合同为准|}",
    "{我们|银行}{不会|从来不会}{这样|打电话让您|让您转账}",
    "{一分钱|一块钱|一百块|一万块|五万}{起购|起投|就能买|就可以买}{ 在手机银行理财频道就能买|"
    " 随时可以买|}",
    "{在|去}{手机银行|app|网银}{的|}{理财频道|基金频道|财富页面}{就能|可以|直接}{买|看到|查到}",
    # selling without promising an outcome (that is C13's business, not C04's)
    "{您可以|可以|不妨|要不要}{考虑|看看|了解一下|配置一点|定投点}{我们|}{新出的|最近的|这款|一款}"
    "{PRODUCT|固收加|指数基金|理财}",
    "{长期|拉长了|多拿一阵}{拿着|持有|来看}{收益|回报}{可观|还不错|挺好|会更好一些}",
    "{您要是|如果您}想{把亏的赚回来|收益高一点|多赚一点|跑赢通胀}{ 可以考虑|可以看看|的话}"
    "{PRODUCT|权益类产品|我们的基金|}",
    "{PRODUCT|}{收益|回报}{比定期|比存款|比余额宝}{高一些|高一点|要高}{ 但是风险也大一些|"
    " 波动也大|}",
    "{现在|最近}{行情|市场}{不错|还可以|回暖了} {挺多人|好多客户}{在买|都在配置}",
    # not our business (我们这边管不到): no backstop is being promised
    "{这个|那}{我们这边|我们银行|我们}{管不到|管不了|不归我们管|没法管}{ 您得找保险公司|"
    " 您去找对方|}",
    "{您|}{直接|得|要}去找{保险公司|基金公司|对方机构|发行方}{吧|处理|}",
)

SLOTS = {
    "PRODUCT": PRODUCT,
    "MONEY": MONEY,
    "RETURN": RETURN,
    "CERT": CERT,
    "MONEY_SAFE": MONEY_SAFE,
    "RETURN_SURE": RETURN_SURE,
    "NO_LOSS": NO_LOSS,
    "LIKE_DEPOSIT": LIKE_DEPOSIT,
    "BACKSTOP": BACKSTOP,
    "HISTORY": HISTORY,
    "OUTCOME": OUTCOME,
    "RISK_NIL": RISK_NIL,
    "RHETORICAL": RHETORICAL,
    "OPENER": OPENER,
    "TAIL": TAIL,
    "PCT": PCT,
}


def fill(template: str, rng: random.Random, slots: dict[str, str] | None = None) -> str:
    """Expand ``{a|b}`` groups; a group may name a slot (``{MONEY|RETURN}``).

    Args:
        template: Text with ``{…|…}`` groups.
        rng: Seeded random source.
        slots: Slot name -> ``a|b|…`` alternatives (this module's :data:`SLOTS` by default).
    """
    table = SLOTS if slots is None else slots

    def one_group(text: str) -> str:
        start = text.find("{")
        if start < 0:
            return text
        end = text.index("}", start)
        if "{" in text[start + 1 : end]:
            raise ValueError(f"nested group in template {template!r}")
        choice = rng.choice(text[start + 1 : end].split("|"))
        if choice in table:
            choice = rng.choice(table[choice].split("|"))
        return text[:start] + choice + one_group(text[end + 1 :])

    return one_group(template)


def _clause(pool: tuple[str, ...], rng: random.Random) -> str:
    return fill(rng.choice(pool), rng)


def _context(rng: random.Random) -> str:
    """A clause that neither promises nor discloses: an opener, a tail or ordinary talk."""
    if rng.random() < 0.5:
        return fill("{OPENER|TAIL}", rng)
    return _clause(NEUTRAL, rng)


def generate(rng: random.Random, n: int, extra: Sequence[str] = ()) -> tuple[list[str], list[int]]:
    """``n`` training windows (a clause, or two adjacent clauses) and labels (1 = guarantee).

    About a third are positive. A positive window holds a guarantee clause,
    alone or beside a neutral clause; negatives are the same shapes without
    the promise, and neutral or context clauses alone. ``extra`` (ordinary
    agent turns from another generator) adds further negatives.
    """
    texts: list[str] = []
    labels: list[int] = []
    negative_pools: list[tuple[str, ...]] = [
        NEGATED,
        NEGATED,
        DISCLOSURE,
        RESTATE,
        DEPOSIT_FACT,
        SERVICE_ASSURE,
        SERVICE_ASSURE,
        NEUTRAL,
        NEUTRAL,
        ORDINARY,
        ORDINARY,
        ORDINARY,
    ]
    for _ in range(n):
        if extra and rng.random() < 0.3:
            texts.append(rng.choice(extra))
            labels.append(0)
            continue
        positive = rng.random() < 0.35
        core = _clause(POSITIVE, rng) if positive else _clause(rng.choice(negative_pools), rng)
        r = rng.random()
        if r < 0.3:
            text = core
        elif r < 0.55:
            text = _context(rng) + rng.choice(("，", " ", "。")) + core
        elif r < 0.75:
            text = core + rng.choice(("，", " ", "。")) + _context(rng)
        elif positive and r < 0.85:
            # a guarantee after an honest disclosure still promises (有风险 … 不过本金肯定没事)
            text = (
                _clause(DISCLOSURE, rng) + rng.choice(("，不过", " 但是", "，但", " 不过")) + core
            )
        else:
            text = core
        texts.append(surface(expand(text, rng), rng))
        labels.append(int(positive))
    return texts, labels


#: Settings for :func:`triage.qa.train_ngram.fit`: stronger regularisation than the
#: default keeps weight off words ordinary agent talk shares (就行, 肯定, 到账).
FIT = {"c": 0.5, "negative_weight": 1.0}
