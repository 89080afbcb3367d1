"""Personal names (PERSON): LAC NER, surname lists, given-name statistics and cues.

SPEC §4: 2-4 character names, compound surnames (欧阳, 司马), and names with
titles — 王先生, 李女士 count, and only the surname is redacted. Sources:

* LAC (Baidu lexical analysis, run by the NLP engine) ``PER`` spans; a
  two-character one the segmenter cut short (许权|中) gets its third character
  when that is a frequent given-name character (``ngender`` data,
  :mod:`~triage.redact.recognizers.name_chars`); a surname LAC read as an
  adverb before a bare given name (曾|若彤) joins it;
* cues: 我叫…, 名字是…, 户名/持卡人/联系人…, 我姓…, 弓长张-style surname
  spelling, surname + title (王先生, only when the title is a word of its
  own), a role word before (记者X, 经理X), （化名）, 张三，男，…, a speaker
  label at the start of a line (姜山：), eponyms (邓小平理论);
* enumerations: 2-3 character surname-first items next to a found name in a
  、 list; social handles (@…); another mention of a name found once;
* name forms cut apart: a dotted foreign name written with a full stop (比尔.盖茨),
  a doubled given-name character left out (宋晚|晚 -> 宋晚晚), a last given-name character
  read as a conjunction that joins nothing (韦东|和|已经), a full name LAC cut before
  女士/先生 at the start of a clause (温次|兰|女士), jieba's name after a role word where LAC
  reads a preposition (主任|经|立民、), the last item of a name list ended by a function
  character (韩立新、柳文造在…);
* jieba POS ``nr`` words that start with a known surname (``words: jieba``), unless LAC
  reads everyday words across them (银行|卡号) or a verb or adverb from their first character
  on (a full name whose surname LAC glued to the word before still counts: 一本宁|思远);
* names said and spelled on the phone (:mod:`~triage.redact.recognizers.name_spelling`):
  明天的明, 三点水的江, 名字叫伟, 郑 小 龙 — run last, on what the rest found.

Kept: names inside organisation or place spans (招商银行, 平安, 张家港),
words on the allow list, kinship terms (我孙子 is a grandson, not 孙), and
name-like spans in a team, country or place context (vs巴勒莫, 马拉维首都).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import ClassVar

from triage.redact.recognizers.base import JOIN_MARKER, SPEAKER_MARKERS, Finding, NlpView, Word
from triage.redact.recognizers.name_chars import GivenNameChars, given_name_chars
from triage.redact.recognizers.name_scorer import NameScorer, name_scorer
from triage.redact.recognizers.name_spelling import NameSpelling
from triage.redact.recognizers.surnames import (
    COMPOUND_SURNAMES,
    MINORITY_NAME_STARTS,
    SINGLE_SURNAMES,
)

_CJK = "\u4e00-\u9fff"
_SUR = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + "|[" + "".join(sorted(SINGLE_SURNAMES)) + "])"
TITLES: tuple[str, ...] = tuple(
    """先生 女士 小姐 老师 阿姨 师傅 经理 大爷 大妈 奶奶 爷爷 同学 主任 律师 医生 老板 太太 总 姐
    哥 叔 工 博士 教授 警官 姐姐 哥哥 妹妹 弟弟 大人 院长 总裁 董事长 书记 市长 局长 部长 主席
    校长 教练 队长 同志 记者 导演 行长 科长 处长 老爷子""".split()
)
_TITLE = "(?:" + "|".join(sorted(TITLES, key=len, reverse=True)) + ")"
#: The last character of a reduplicated-period wealth product: the words of gain, wealth and
#: luck product names are made of (盈 利 宝 鑫 金 益 赢 丰 添 享; 红 of 分红: 季季红, 年年红; 升 发
#: 富 福 旺 财 余 安 稳 增 息 薪 聚 汇 盛 兴 隆 鸿 祥 瑞 惠 涨).
_PRODUCT_TAIL = "宝盈利鑫享金益赢丰添红升发富福旺财余安稳增息薪聚汇盛兴隆鸿祥瑞惠涨"
#: Two different gain and luck words at the start of a longer product name (鑫享人生, 福盈宝),
#: which NER may read as a name without a surname.
_PRODUCT_HEAD = re.compile(rf"([{_PRODUCT_TAIL}])(?!\1)[{_PRODUCT_TAIL}]")
#: Spans that are never a name, whatever rule reads one in them: a reduplicated-period wealth
#: product (季季盈, 月月宝, 天天利; not after a surname: 王天天利用) and a licence plate
#: (浙A·8K2M5, 粤B 12345, read out 皖 A 七 幺 K 三 二: a province abbreviation and a letter LAC
#: reads as a name, spoken digits left as words by the normaliser), and a
#: name an app or statement already shows masked (王**, 张*, 刘 星号 read aloud): the surname
#: alone is what the bank prints; an amount in capital numerals; an insurance product's name.
_NOT_NAME_SPANS = re.compile(
    rf"(?<![{''.join(sorted(SINGLE_SURNAMES))}])([日天周月季年])\1[{_PRODUCT_TAIL}]"
    r"|[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]"
    r"[·•・\s-]?[A-HJ-NP-Z0-9零〇一二三四五六七八九幺两洞拐]{5,6}(?![A-Za-z0-9])"
    rf"|(?<!\*){_SUR}(?=\s?(?:\*{{1,3}}(?!\*)|星号))"
    # an amount in capital numerals (伍万叁仟元整): 伍, 陆 … are surnames too
    r"|[壹贰叁肆伍陆柒捌玖][拾佰仟万亿零]{1,2}[壹贰叁肆伍陆柒捌玖][壹贰叁肆伍陆柒捌玖拾佰仟万亿零]*"
    # an insurance product's name glued to its kind (国寿福禄终身重疾, 安康两全保险): 康, 安 …
    # are surnames too; no particle, pronoun or verb of buying in it (给王明买的年金险: a name)
    r"|(?:(?![的是在了我你他她它啊呢吧呀哦嗯和跟也就都还有没不请说买卖给帮替为投交续退那这个])"
    r"[\u4e00-\u9fff]){2,6}(?:终身(?:重疾|寿险)|(?:重疾|两全|年金|医疗|防癌|意外)保?险)"
)
#: Characters that end a name read after a cue (particles, verbs, punctuation).
_STOP = set(
    "的是在了我你他她它啊呢吧呀哦嗯先女小老电手身卡住今明昨想要来去和跟也就都还有没不号请说刚现"
    "，。、！？ ,.!?:：;；0123456789"
)
#: Spelled-out surnames: 弓长张, 木子李, 耳东陈 …
_SPELLED = (
    "弓长张|木子李|耳东陈|口天吴|立早章|双木林|古月胡|草头黄|言午许|三横王|人可何|禾口程|走肖赵|"
    "关耳郑|日天昊|月半胖|木易杨|千里重|文刀刘|又寸对|子小孙|双人徐|土口吉|宝盖宋|女子好|立人位|"
    "禾子季|耳东陈|马欠|金戈"
)
#: A caller saying whose relative they are before their own name (我是他儿子 次仁旺堆).
_KIN_SELF = "我是[他她]的?(?:儿子|女儿|爱人|老婆|老公|妻子|丈夫|媳妇|孙子|孙女|哥哥|姐姐|弟弟|妹妹)"
_CUES = (
    "我叫|名字叫|名字是|叫做|姓名是|姓名|(?<![商用])户名是|(?<![商用])户名|户主是|户主|持卡人是|持卡人|"
    "联系人是|联系人|"
    rf"收件人是|收件人|收货人|开户人|本人叫|叫我|他叫|她叫|{_KIN_SELF}"
)
#: The agent asking for the name (public: the live hook's context test reads it).
NAME_ASK = re.compile("全名|姓名|名字|怎么称呼|称呼您|叫什么")
#: Characters no name answer holds (我有两个问题, 好的我看一下, 谢谢你).
_FUNCTION_CHARS = "的了吗呢吧么你我他她它这那有个好谢看问是没要想等在就也还和跟与把被给让什怎"
_NAME_CHAR = rf"(?:(?![{_FUNCTION_CHARS}])[\u4e00-\u9fff])"
#: A turn that is only a name (买买提 艾力, 我叫阿不都热合曼), the name in group 1.
_ANSWER = (
    rf"[\s嗯啊呃哦]*(?:我叫|叫|我是|是)?({_NAME_CHAR}{{2,8}}(?:[ ·•]{_NAME_CHAR}{{1,8}})?)"
    r"[\s。，,吧啊呀]*"
)
#: A message that may be only a name (public: the live hook gives it the earlier turns).
NAME_ANSWER = re.compile(_ANSWER)
#: A name without a Han surname (Uyghur, Tibetan…: MINORITY_NAME_STARTS), said whole after
#: a self-naming cue up to the end of the clause (我叫买买提, 我是阿不都热合曼, 我叫买买提 艾力)
#: or right before 先生/女士/小姐 (买买提先生). Any NER reading in such a run was tried as the
#: test instead and over-masked the corpora (主席…先生, 我是…粉丝) without finding a name more.
_CUE_RUN = re.compile(
    rf"(?:我叫|本人叫|名字叫|名字是|我的名字是|姓名是|(?<![商用])户名是|持卡人是|{_KIN_SELF}\s|我是)"
    r"[:：\s]{0,2}"
    rf"({_NAME_CHAR}{{2,8}}(?:[ ·•]{_NAME_CHAR}{{1,8}})?)(?=$|\n|[\s，。,.!！?？、；;啊呀吧哈嘛])"
)
_TITLED_RUN = re.compile(rf"({_NAME_CHAR}{{2,6}})(?=先生|女士|小姐)")
#: A customer turn that only answers the agent's question for the name (您的全名是？— 买买提
#: 艾力): the whole answer is the name, surname list or not (Uyghur, transliterated names).
_ANSWERED = re.compile(
    rf"{SPEAKER_MARKERS['agent']}[^\n]*(?:{NAME_ASK.pattern})[^\n]*\n"
    rf"{SPEAKER_MARKERS['customer']}{_ANSWER}(?=\n|$)"
)
#: A name right before its number's label (还有一个 祝小兵 卡号 …).
_NAME_BEFORE_NUMBER = re.compile(
    rf"(?<=[\s，,：:是个\ue001])({_SUR}[{_CJK}]{{1,2}}?)\s?(?=的?(?:卡号|账号|手机号|电话|身份证))"
)
#: Titles before which a full name at the start of a clause is taken whole (温次兰女士).
_TITLE_WORD = re.compile("先生|女士")
#: What stands before a clause that starts with a name: line breaks, punctuation, 的.
_CLAUSE_START = frozenset('\n，,。；;：:、！!？?（(“"「 的')
#: The speaker and join markers that start each line of the analysis text.
_LINE_MARKERS = frozenset(SPEAKER_MARKERS.values()) | {JOIN_MARKER}
#: After a surname said alone: a pause, a particle or the end of the turn (老周啊, 我是宋).
_SURNAME_ALONE_END = r"(?:[啊呀吧呢嘛哈\s，。,.!！?？~～]|$)"
#: Surnames that are everyday words said alone after 我是 too (我是新来的: 新 is none here, but
#: 我是白, 我是安, 我是高 …): a caller's surname after 我是 needs the name found elsewhere.
_WORD_SURNAMES = frozenset(
    "但和信全公利原国安富常干平强成战明时普来海满由白相路车边连都金银门阳阴阿南华文方高黄"
)
#: A caller giving their surname alone after 我是, at the end of the clause (我是宋, 我是欧阳啊).
_SELF_SURNAME = re.compile(rf"我是({_SUR})(?={_SURNAME_ALONE_END})")
#: The dot between the parts of a transliterated or minority name (阿依古丽·买买提).
_NAME_DOTS = re.compile("[·•・‧]")
#: Between a full name and its surname said again with 老/小 (韩立新 老韩, 刘洋，就是小刘).
_RESTATED = re.compile(r"[\s，,、]*(?:就是|也就是|我们叫他|叫他)?[\s，,]*[老小]")
#: A reduplication whose first character is a unit counted by the numeral right before it
#: (交了六年|年交, 住了三天|天天): the quantity's unit said again, no nickname.
_UNIT_REPEATED = re.compile(r"(?<=[\d零〇一二三四五六七八九十百千两几半多])([年月天日周岁次期])\1")
#: jieba tags of personal names.
_NAME_POS = frozenset(("nr", "nrt", "nrfg"))
#: Answers to a name question that are no name (besides those with a function character).
_NOT_ANSWER = re.compile("知道|方便|记得|干嘛|忘|谁|本人|不用|不告诉|保密")
#: Words naming another form field; 姓名和<field> lists fields, it gives no name.
_FIELDS = (
    "身份|证件|证号|卡|手机|电话|号码|地址|账号|账户|户名|联系|预留|出生|性别|工作|职业|住址|家庭|"
    "银行|密码|验证"
)
#: Handle endings of organisations and media accounts (not people).
_ORG_HANDLE = re.compile(
    "(?:银行|公司|集团|官方|官微|微博|网|报|台|中心|协会|大学|学院|医院|基金|保险|证券|酒店|店|"
    "频道|新闻|杂志|电影|联盟|俱乐部|政府|公安|发布|商城|平台|客服|APP|app|周刊|资讯|头条|"
    "工作室|婚礼|婚纱|摄影|社|部|馆|局|团|队|厂|铺|所|会$|卫士|女装|男装|美食|旅游|汽车|科技|教育|"
    "^新浪|^搜狐|^网易|^腾讯|^凤凰|^央视|^新华)"
)
#: What follows a handle in a repost without a separator (@王小明转发微博, @李四回复).
_HANDLE_TAIL = re.compile("转发|回复|分享|评论|说[:：]?|:|：")
#: LAC tags of spans that are not people (organisations, places): names inside stay.
_NOT_PERSON = frozenset(("ORG", "LOC"))
#: Kinship and address terms that start with a surname character (孙子, 林妹妹 is a name,
#: 孙子 is a grandson): never a name on their own.
KINSHIP: frozenset[str] = frozenset(
    """孙子 孙女 孙儿 孙媳 孙辈 外孙 外孙女 曾孙 儿子 女儿 儿媳 女婿 老公 老婆 老伴 老爸 老妈 老爷
    老太 老头 老人 老大 老二 老三 老幺 老总 老板 老乡 老表 老弟 老妹 老哥 老姐 老师 老家 老子
    小子 小孩 小伙 小妹 小弟 小哥 小姐 小姨 小舅 小叔 小姑 小王子 小朋友 阿姨 阿婆 阿公 阿爸 阿妈
    阿哥
    阿姐 阿弟 阿妹 舅舅 舅妈 叔叔 姑姑 姑妈 伯伯 伯母 婶婶 姨妈 姥姥 姥爷 公公 婆婆 爷爷 奶奶
    哥哥 姐姐 弟弟 妹妹 宝宝 宝贝 亲家 公子 千金 太太 夫人 先生 师傅 同学 司机""".split()
)
#: Card tiers and metals of banking talk that jieba's dictionary tags as names (白金卡, 白银):
#: never names, whatever the configured allow list.
PRODUCTS: frozenset[str] = frozenset(
    "金卡 白金卡 普卡 钻石卡 黑金卡 钛金卡 黄金 白银 铂金 钯金 金条 金币 金价 银价".split()
)
#: Parts of speech (LAC and jieba) a name's last character never has as its own word.
_NOT_NAME_POS = frozenset("w x xc u uj ul uz ug uv ud p c d r m mq q v vd vn a ad an TIME".split())
#: Parts of speech of a stray character that never continues a name (punctuation, particles,
#: conjunctions, numbers, measure words); verbs and prepositions may (马占|成, 李国|能).
_JOINS_NEVER = frozenset("w x xc u uj ul uz ug uv ud c m mq q TIME".split())
#: Conjunctions that are given-name characters as well (韦东和, 林春和).
_GIVEN_CONJUNCTIONS = frozenset("和")
#: Parts of speech that never follow a conjunction as the item it joins: adverbs, particles.
_NOT_JOINED = frozenset("d u uj ul uz ug uv ud xc".split())
#: LAC tags of everyday words (nouns, verbs, adjectives): a jieba ``nr`` word that starts
#: with one of 2+ characters and ends inside another LAC word is no name (银行|卡号).
_COMMON_WORD = frozenset("n nz vn v a an ad vd".split())
#: Question words: never in a given name (LAC reads 明天是周几 with 周几 a name).
_QUESTION = frozenset("几啥哪谁吗")
#: Sentence particles: never the last character of a name.
_PARTICLES = frozenset("的了吗呢吧啊呀哦嘛么着过")
#: Characters after which a name has certainly ended.
_CLOSERS = frozenset("、，,。.！!？?；;：:）)」』》\n ")
#: Function characters that follow names all the time (王伟在…, 张明为…, 李华与…).
_FUNCTION_CHARS = frozenset("在是和的了也都就还又说把被让给对向从为与及或等将已曾便才即")
#: After a name-like span: words of a team, country or place (巴勒莫主场, 马拉维首都), of a
#: brand or shop (李宁联名卡, 诸葛烤鱼), or a brand's model glued to it, letters and a few digits
#: (华为Mate60, 红旗H9; not 王伟 VIP1); a score has few digits (3:1, not 010-69386302).
_ORG_AFTER = re.compile(
    r"\s*(?:(?<=[\u4e00-\u9fff])[A-Za-z]{1,10}\s?[0-9]{1,4}(?![0-9.:：])|"
    r"首都|人民|政府|国王|总统府|国家队|队|俱乐部|主场|客场|球迷|联赛|杯赛|足协|vs|VS|v\.|"
    r"对阵|战胜|击败|负于|逼平|客战|主战|本场|客胜|主胜|初赔|赔率|让球|盘口|近况|连胜|连败|保级|"
    r"[0-9]{1,3}[:：比-][0-9]{1,3}(?![0-9])|[0-9]胜|境内|全境|旅游|大桥|广场|大街|公园|酒店|集团|公司|品牌|"
    r"有限|股份|分公司|派出所|研究会|研究所|协会|学会|基金会|商场|超市|工作室|专卖店|旗舰店|"
    r"分行|支行|专区|专柜|联名卡?|烤鱼|火锅|烧烤|餐厅|饭店|酒楼|面馆|奶茶|刀剪|凉茶)"
)
#: Food words (a snack shop's name): after a name-like span, or begun inside its last one or two
#: characters (张亮麻|辣烫: LAC reads 张亮麻 as a name), the span names a shop (张亮麻辣烫).
#: (商户名, the merchant's name, is no account-holder cue 户名; nor is 用户名, a login name.)
_SHOP_AFTER = re.compile(
    r"(?:麻辣烫|麻辣香锅|冒菜|米线|米粉|拉面|牛肉面|小面|烤肉|烤鸭|串串|炸鸡|汉堡|饺子馆|包子铺|"
    r"粥铺|快餐|小吃|黄焖鸡|酸菜鱼|水饺|馄饨|烧腊|卤味|鸭脖)"
)
#: Another trade's shop named after its owner, with its shop word (老孙五金店, 秀兰服装店, 阿明汽修
#: 行): right after a name-like span. Without the shop word (老孙五金) the span stays a name.
_TRADE_SHOP_AFTER = re.compile(
    r"\s?(?:五金|服装|鲜果|水果|汽修|汽配|修车|洗车|建材|家电|烟酒|百货|杂货|粮油|眼镜|干洗|美发|理发)"
    r"\s?(?:店|行|铺|部|坊|城)"
)
#: The shop's name said as such right before a name-like span (店叫秀兰服装, 店名是阿明汽修,
#: 商户名称：…; not 我们店是王丽): the span is the shop's name.
_SHOP_NAMED_BEFORE = re.compile(
    r"(?:店|店铺|门店|商铺|商户)(?:\s?(?:名字?|名称)\s?(?:叫|是|为|：|:)|\s?叫)\s?$"
)
#: Words after a bank's or brand's short name (an allowed word: 兴业, 招商, 平安) that make it
#: the organisation or its product (兴业银行, 招商信用卡, 平安保险): such a name that begins inside
#: a name-like span wins over it (一张兴业信用卡 as 张兴业|信用卡).
_HEAD_ORG_WORDS = (
    "银行|信用卡|储蓄卡|借记卡|银行卡|联名卡|白金卡|金卡|证券|保险|基金|理财|人寿|财险|分行|支行|"
    "网点|营业厅|客服|集团|金融|手机银行|APP|App|app"
)
#: A name-like span that ends as an organisation does (闻韶派出所: LAC reads one PER word).
_ORG_END = re.compile(
    "(?:派出所|研究会|研究所|协会|学会|基金会|公司|集团|银行|俱乐部|工作室|商场|超市|医院|学院|"
    "大学|中学|小学)$"
)
#: Characters of transliterated foreign names (Xinhua's table, the common ones): 克林顿,
#: 内塔尼亚胡, 斯马加. Three or more of them in a row after a role word or before a
#: person's word read as a foreign name.
TRANSLIT: frozenset[str] = frozenset(
    "阿埃艾安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查楚茨达戴丹道德迪蒂丁杜敦多厄恩尔法凡菲费芬"
    "弗福盖甘冈戈格贡古圭哈汉豪赫亨胡霍基吉加贾杰卡凯坎康考科克肯库夸奎拉莱兰朗劳勒雷里利列"
    "琳隆卢鲁伦罗洛马玛迈麦曼芒梅蒙米莫姆穆纳娜奈内尼涅纽努诺帕潘佩彭皮普奇齐乔切钦琼丘萨塞"
    "桑瑟森沙舍施斯松苏索塔泰坦汤特滕提图托瓦旺威韦维温翁沃乌西希辛休雅亚扬耶伊因尤扎泽詹卓"
    "兹佐娃娅莎丽黛夫顿林"
)
_TRANSLIT_RUN = re.compile("[" + "".join(sorted(TRANSLIT)) + "]{3,8}")
#: Before a name-like span: team, match and travel words (vs巴勒莫, 客场挑战, 输给, 前往), makers,
#: and 代言 (a star endorses a brand: 代言韩丰衣坊; 代言人 before a name is no such word).
_ORG_BEFORE = re.compile(
    r"(?:vs|VS|v\.|对阵|战胜|击败|负于|输给|逼平|战平|拿下|迎战|挑战|主场|客场|主队|客队|球队|"
    r"对手|来到|前往|访问|开发商|发行商|厂商|运营商|制造商|供应商|品牌|代言了?)\s*$"
)
#: A run of 汉字 that ends as an organisation's name does (after a cue such as 户名是, 收款人是:
#: 宁波市鑫源五金有限公司 is a company account, not a person).
_ORG_RUN = re.compile(
    r"[\u4e00-\u9fff]{2,24}?(?:有限公司|公司|集团|银行|厂|商行|商店|店|中心|事务所|合作社|工作室|"
    r"医院|学校|大学|协会|基金会)(?![\u4e00-\u9fff])"
)
#: After a name-like span: a person's words (克林顿说, 卡卡表示): never a club.
_PERSON_AFTER = re.compile(r"(?:说|表示|指出|认为|称|强调|透露|先生|女士|夫人|总统|总理|主席|教练)")
#: Workplace and household roles before a nickname only (会计老王, 司机小马): unlike
#: :data:`ROLES` no other word after them is read as a name (财务公司, 主管部门).
_NICK_ROLES = frozenset("会计 出纳 财务 主管 领导 邻居 司机 保姆 室友".split())
#: Everyday words shaped like 小/老 + surname (员工小时工资, 司机小区门口): no nickname.
_NOT_NICKNAMES = frozenset("小时 小于 小区 小路 小孔 小麦 小米 小康 小额 小微 小组".split())
#: Role words that often stand right before a name (总统克林顿, 记者马占成, 作者梅门造).
ROLES: frozenset[str] = frozenset(
    """总统 总理 主席 副主席 委员 作者 司令 记者 编辑 主编 代表 大使 将军 上将 中将 少将 团长
    师长 军长 政委 总监 议长 首相 外长 部长 局长 书记 市长 省长 县长 镇长 村长 经理 董事长 总裁
    主任 教授 老师 导演 教练 球员 演员 歌手 作家 画家 诗人 专家 学者 医生 律师 法官 会长 厂长
    处长 科长 行长 所长 站长 组长 班长 队长 校长 院长 社长 理事 董事 监事 秘书 助理 客户 会员
    员工 职员 同事 同学 朋友 学生 选手 船长 机长 警官 民警 总经理 副总经理 总干事 秘书长
    客服 专员 坐席 柜员 客户经理""".split()
)
#: Word endings after a person's name that make a non-person word (邓小平理论, 鲁迅文学奖).
#: (研究会, 纪念馆 make an organisation or a place: the name inside those stays.)
EPONYM_SUFFIXES: tuple[str, ...] = tuple("理论 主义 思想 文学奖 新闻奖".split())
#: Separators of an enumeration (张三、李四; 张三，李四，王五).
_LIST_SEP = "、"
_LIST_SEPS = "、，,"
#: A run of names without separators: share of given-name use a character needs, and the
#: part of the run LAC/jieba must already read as names.
RUN_SHARE = 1e-5
RUN_COVER = 0.6
#: Characters never inside a dotted foreign name (function words, ordinals, dates).
_NOT_FOREIGN = frozenset("的了是在和与及或把被让给对向从为也都就还又说第届年月日号个") | _PARTICLES
#: A byline: role word, then a 2-3 character name that ends the line (本报记者玺润).
_BYLINE = re.compile(
    rf"(?:记者|通讯员|作者)[:：\s]?([{_CJK}]{{2,3}})(?=$|\n|[\s、，,。）)]|报道|摄)"
)
#: Characters that end a list item rather than belong to a name in it (杨卫等).
_NOT_IN_LIST_NAME = frozenset("等及和与") | _FUNCTION_CHARS | _PARTICLES
#: Characters after which the last item of a list of names ends (钱冠林等, 王五在会上).
_LIST_END = frozenset("等及") | _FUNCTION_CHARS
#: Items of an enumeration and runs of names: runs of 汉字.
_ITEM = re.compile(f"[{_CJK}]+")


class PersonNameRecognizer:
    """Names from NER, cues and surname lists; only the surname of 王先生.

    Args:
        allow: Words never redacted (brands, products, common words NER mistakes for names).
        use_jieba: Also take jieba ``nr`` words that start with a surname.
    """

    ENTITY: ClassVar[str] = "PERSON"
    ALLOW: ClassVar[tuple[str, ...]] = (
        "平安",
        "招商",
        "工商",
        "建设",
        "农业",
        "交通",
        "中信",
        "光大",
        "华夏",
        "民生",
        "兴业",
        "浦发",
        "广发",
        "邮储",
        "支付宝",
        "微信",
        "花呗",
        "借呗",
        "余额宝",
        "京东",
        "美团",
        "云闪付",
        "你好",
        "您好",
        "小心",
        "老师",
        "师傅",
        "先生",
        "女士",
        "小姐",
        "阿姨",
        "客服",
        "银联",
    )

    #: Probability above which a candidate of the learned name scorer is a name.
    SCORER_THRESHOLD: ClassVar[float] = 0.7

    def __init__(
        self,
        allow: Sequence[str] | None = None,
        use_jieba: bool = True,
        scorer: bool = True,
        products: Sequence[str] = (),
    ) -> None:
        self.allow = frozenset(allow if allow is not None else self.ALLOW) | PRODUCTS
        #: Allowed words that no name starts with either (浦发|信用卡 holds no 浦发信, 招商|银行
        #: no 招商银): the configured ones of two characters or more (not PRODUCTS: 黄金凤).
        self._heads = tuple(
            sorted(w for w in (allow if allow is not None else self.ALLOW) if len(w) >= 2)
        )
        #: ... and such a word with an organisation or product word after it (兴业银行, 招商信用卡)
        self._head_orgs = re.compile(
            "(?:"
            + "|".join(re.escape(w) for w in sorted(self._heads, key=len, reverse=True))
            + f")(?={_HEAD_ORG_WORDS})"
        )
        #: Product and app names LAC reads as names (花呗能, 花|呗): a reading that overlaps
        #: one is no name.
        self.products = tuple(products)
        self._products = (
            re.compile("|".join(re.escape(w) for w in sorted(products, key=len, reverse=True)))
            if products
            else None
        )
        self.use_jieba = use_jieba
        self.use_scorer = scorer
        self._given: GivenNameChars | None = None
        self._scorer: NameScorer | None = None
        self._spelling: NameSpelling | None = None
        # 王小明, 王 小明, 王 小 明 (ASR spacing); 张伟 朋友都叫…: a word after a space is no name
        name = rf"{_SUR}(?:(?:\s[{_CJK}]){{2}}|\s?[{_CJK}]{{1,2}})"
        # 姓名和身份证号 / 姓名跟卡号: a conjunction before another field is not the surname 和/跟
        not_field = rf"(?![和与及跟或](?:{_FIELDS}))"
        self._cue = re.compile(rf"(?:{_CUES})[:：\s]{{0,2}}{not_field}({name})")
        self._surname_cue = re.compile(rf"(?<!百)(?<!您贵)(?<!你贵)姓\s?({_SUR})(?!名)")
        self._given_after = re.compile(rf"\s?([{_CJK}])([{_CJK}])?")
        self._spelled = re.compile(rf"(?:{_SPELLED})")
        self._title = re.compile(rf"({_SUR}){_TITLE}")
        self._title_names = re.compile(rf"^(.+?){_TITLE}$")
        # transliterated names: 费尔南多·梅里尔斯, 约瑟夫•马洛德•威廉
        self._foreign = re.compile(rf"[{_CJK}]{{1,6}}(?:[·•・‧][{_CJK}]{{1,8}})+")
        # ... written with a full stop (比尔.盖茨, 比尔．盖茨): only runs of transliteration
        # characters, since a full stop between 汉字 also ends a sentence (好累.明天再说)
        tr = "".join(sorted(TRANSLIT))
        self._foreign_stop = re.compile(rf"[{tr}]{{2,6}}[.．][{tr}]{{2,8}}")
        # social handles (@王小明, @戴戴_黛): personal identifiers; not e-mail addresses
        # (an ASCII handle right after letters or digits is an e-mail address; a 汉字 one never is)
        self._handle = re.compile(
            r"(?:(?<![A-Za-z0-9._%+\-])@|@(?=[\u4e00-\u9fff]))"
            # a handle starts with a letter, digit, 汉字 or _ (@~导航结束 is a form separator)
            r"((?=[\w\u4e00-\u9fff])[^\s@:：,，。.!！?？;；/()（）]{1,20})"
        )
        # 成钢（化名）: a pseudonym given by a reporter is still a name
        self._alias = re.compile(rf"({_SUR}[{_CJK}]{{1,2}})[（(]化名")
        # 姜山：… at the start of a line: a speaker or author label in an interview or transcript
        self._speaker = re.compile(rf"(?:^|(?<=[\n\ue000-\ue003]))({_SUR}[{_CJK}]{{1,2}})[:：]")
        # 张三，男，1970年出生: a name before the sex field of a résumé or form
        self._gender = re.compile(
            rf"(?:^|(?<=[\s，,。；;：:、\ue000-\ue003]))({name})[，,、]\s?[男女][，,。；;、\s]"
        )
        # Latin names with a Chinese title: Berg先生
        self._latin_title = re.compile(rf"(?<![A-Za-z])([A-Z][a-z]{{1,15}}){_TITLE}")

    def load(self) -> None:
        """Load the given-name character table (``ngender`` data, shipped on PyPI)."""
        if self._given is None:
            self._given = given_name_chars()
            self._spelling = NameSpelling(self._given, self.allow | KINSHIP, self.ENTITY, self.name)
            if self.use_scorer:
                self._scorer = name_scorer()
                if self._scorer is not None:
                    self._scorer.setup()

    @property
    def name(self) -> str:
        """Recognizer name."""
        return type(self).__name__

    @property
    def entities(self) -> tuple[str, ...]:
        """``PERSON``."""
        return (self.ENTITY,)

    def find(self, text: str, nlp: NlpView) -> list[Finding]:
        """All person-name findings in the analysis text."""
        self.load()
        blocked = [(s, e) for s, e, lab in nlp.ents if lab in _NOT_PERSON]
        words = nlp.words
        word_at = {w.start: k for k, w in enumerate(words)}
        out: list[Finding] = []
        products = (
            [m.span() for m in self._products.finditer(text)] if self._products is not None else []
        )
        products += [m.span() for m in _NOT_NAME_SPANS.finditer(text)]
        # where a bank's or brand's name begins (兴业|银行): no name reading runs into it
        org_heads = [m.start() for m in self._head_orgs.finditer(text)] if self._heads else []

        def add(s: int, e: int, score: float, src: str, check_block: bool = True) -> None:
            value = text[s:e].strip()
            if not value or value in self.allow or not re.search(f"[{_CJK}]", value):
                return
            if value.startswith(self._heads):
                return  # 浦发信用卡: an allowed word (a bank) and the word after it, no name
            if products and any(ps < e and s < pe for ps, pe in products):
                return  # 花呗能多次分期吗, 绑定了花|呗: a product, not a person
            if value in KINSHIP:
                return  # 我孙子: a grandson, not the surname 孙
            if check_block and any(bs <= s and e <= be for bs, be in blocked):
                return
            if check_block and any(s < h < e or (h == e == s + 1) for h in org_heads):
                # 一张兴业信用卡 read as 张兴业, 一张|华夏银行 as the surname 张: the bank's name
                # wins (a cue still masks)
                return
            out.append(Finding(s, e, self.ENTITY, score, f"{self.name}:{src}"))

        for s, e, label in nlp.ents:
            if label != "PER":
                continue
            s, e = self._trim(text, s, e)
            if e <= s:
                continue
            value = text[s:e]
            if (
                value in ("小", "老", "阿")
                and text[e : e + 1] in SINGLE_SURNAMES
                and text[s : e + 1] not in _NOT_NICKNAMES
                and text[s : e + 1] not in KINSHIP
            ):
                e += 1  # 室友小|曾: LAC reads 小 alone as PER, the surname after it as an adverb
                value = text[s:e]
            if _QUESTION.intersection(value[1:]):
                continue  # 周几, 周多少: a question LAC read as a name
            m = self._title_names.match(value)
            if m:
                e = s + len(m.group(1))
                value = m.group(1)
            limit = (
                8
                if self._role_before(text, s)
                or text.startswith(TITLES, e)
                or all(c in TRANSLIT for c in value)  # 安德鲁古德洛克
                else 6
            )
            if len(value.replace(" ", "")) > limit:
                continue
            known = self._has_surname(value)
            if not m and self._org_context(text, s, e):
                # 巴勒莫主场, vs费耶诺德, 马拉维首都: a name-like span in a team, country or
                # place context is a club or a place; below the threshold, kept as evidence only
                add(s, e, 0.4, "ner_org_context")
            elif known and not m:
                s2 = self._surname_before(text, s, e, words, word_at)
                if s2 < s:
                    add(s2, e, 0.8, "ner_surname_before")
                else:
                    add(s, self._complete(text, s, e, words, word_at), 0.85, "ner")
            elif not m and (s2 := self._surname_before(text, s, e, words, word_at)) < s:
                add(s2, e, 0.8, "ner_surname_before")
            elif not known and not m and self._product_head(text, s, e, nlp):
                continue  # 鑫享|人生: a product name's gain and luck words, no name
            else:
                add(s, e, 0.85 if known else 0.6, "ner")
        for m in self._cue.finditer(text):
            s, e = m.span(1)
            # a 3-character reading only when the third character can belong to a name
            if e - s >= 3 and text[e - 1] in _STOP:
                e -= 1
            if text[s:e].strip() in COMPOUND_SURNAMES or e - s < 2:
                continue
            if _ORG_RUN.match(text, s):
                continue  # 户名是宁波市鑫源五金有限公司: an organisation, not a surname 宁
            if m.group(0).startswith(("叫我", "他叫", "她叫", "我是")) and (
                not self._plausible(text[s:e].replace(" ", ""))
                or any(es <= s < ee and lab in _NOT_NAME_POS for es, ee, lab in nlp.ents)
            ):
                continue  # 叫我干嘛, 他叫车了: a verb or a time word after 叫我/他叫
            add(s, e, 0.8, "cue", check_block=False)
        for m in _ANSWERED.finditer(text) if "\n" in text else ():
            a, b = m.span(1)
            # a name reading (LAC PER, jieba nr) somewhere in the answer: 信用卡还款 has none
            named = any(s < b and a < e and lab == "PER" for s, e, lab in nlp.ents) or any(
                w.start < b and a < w.end and w.pos in _NAME_POS for w in words
            )
            if named and not _NOT_ANSWER.search(m.group(1)):
                for part in re.finditer(r"\S+", m.group(1)):
                    add(a + part.start(), a + part.end(), 0.8, "answered", check_block=False)
        for rx in (_CUE_RUN, _TITLED_RUN):
            for m in rx.finditer(text):
                a, b = m.span(1)
                if not text.startswith(MINORITY_NAME_STARTS, a):
                    continue
                titled = self._title_names.match(text[a:b])  # 我是买买提先生: the title stays
                if titled:
                    b = a + len(titled.group(1))
                for part in re.finditer(r"[^ ·•]+", text[a:b]):
                    add(a + part.start(), a + part.end(), 0.8, "cue_run")
        for m in self._surname_cue.finditer(text):
            add(*m.span(1), 0.8, "surname_cue", check_block=False)
            full = self._full_after_surname(text, m.group(1), m.end(1))
            if full is not None:
                add(*full, 0.8, "surname_cue_full", check_block=False)
        for m in self._spelled.finditer(text):
            add(*m.span(), 0.8, "spelled", check_block=False)
        has = set(text).__contains__  # cheap guards: most patterns need a rare character
        for m in (
            self._foreign.finditer(text) if has("·") or has("•") or has("・") or has("‧") else ()
        ):
            span = self._foreign_span(text, *m.span())
            if span:
                add(*span, 0.7, "foreign", check_block=False)
        for m in self._foreign_stop.finditer(text) if has(".") or has("．") else ():
            if not self._org_context(text, *m.span()):
                add(*m.span(), 0.7, "foreign_stop")
        for m in self._alias.finditer(text) if "化名" in text else ():
            add(*m.span(1), 0.8, "alias", check_block=False)
        for m in self._speaker.finditer(text) if has("：") or has(":") else ():
            ss, se = m.span(1)
            if any(
                (es, ee) == (ss, se) and lab in ("n", "vn", "v", "nt", "ORG")
                for es, ee, lab in nlp.ents
                if es == ss
            ):
                continue  # 原作品：, 花旗：: LAC reads one common noun or an organisation
            mt = self._title_names.match(m.group(1))
            if mt:  # 张经理：: only the surname (SPEC §4)
                add(ss, ss + len(mt.group(1)), 0.7, "speaker", check_block=False)
            elif self._plausible(m.group(1)):
                add(ss, se, 0.7, "speaker", check_block=False)
        for m in self._gender.finditer(text) if has("男") or has("女") else ():
            add(*m.span(1), 0.8, "gender", check_block=False)
        for m in self._handle.finditer(text) if has("@") else ():
            hs, he = m.span(1)
            tail = _HANDLE_TAIL.search(m.group(1))
            if tail and tail.start() > 0:
                he = hs + tail.start()  # @王小明转发微博: the handle ends before 转发
            if _ORG_HANDLE.search(text[hs:he]) or any(
                lab in _NOT_PERSON and s < he and hs < e for s, e, lab in nlp.ents
            ):
                continue  # @招商银行, @央视新闻: organisations stay
            add(hs, he, 0.7, "handle", check_block=False)
        for m in self._latin_title.finditer(text):
            out.append(Finding(*m.span(1), self.ENTITY, 0.7, f"{self.name}:latin_title"))
        for m in self._title.finditer(text):
            s, e = m.span(1)
            if words and not self._title_at_words(text, s, e, words, word_at):
                continue  # 这项|工作, 国|总理, 但|总的: the title is part of another word
            add(s, e, 0.7, "title")
        if words:
            out.extend(self._after_role(text, words))
            out.extend(self._translit(text, words, nlp))
            if "记者" in text or "通讯员" in text or "作者" in text:
                out.extend(self._bylines(text, words))
            if any(suffix in text for suffix in EPONYM_SUFFIXES):
                out.extend(self._eponyms(text, words))
            if _LIST_SEP in text or "，" in text or "," in text:
                out.extend(self._listed(text, out, blocked))
        if self.use_jieba:
            # LAC's reading of the same characters vetoes jieba when it says verb/adverb/…
            lac_per = {(s, e) for s, e, lab in nlp.ents if lab == "PER"}
            lac_common = {(s, e) for s, e, lab in nlp.ents if lab in ("n", "vn", "an")}
            # common words of 2+ characters by start, and every LAC word end (built on need)
            lac_split: tuple[dict[int, int], set[int]] | None = None
            lac_tag = {}
            lac_head: set[int] | None = None  # characters that start a LAC word (on need)
            for s, e, lab in nlp.ents:
                for k in range(s, e):
                    lac_tag[k] = lab
            for k, w in enumerate(words):
                if (w.start, w.end) in lac_per:
                    continue  # the same reading as a LAC PER span (words: lac): read above
                if len(w.text) == 3 and k and self._role_name(text, words, k):
                    # 主任经立民、: jieba's one name after a role word, where LAC reads the
                    # surname (not on the surname list) as a preposition or verb
                    add(w.start, w.end, 0.7, "jieba_role")
                    continue
                if (w.start, w.end) in lac_common:
                    continue  # LAC reads the same characters as one common noun: 白银, 白金卡
                if (
                    w.pos.startswith("nr")
                    and 3 <= len(w.text) <= 4
                    and self._has_surname(w.text)
                    and (w.start + len(w.text) - 2, w.end) in lac_per
                    and lac_tag.get(w.start) in ("v", "d", "ad", "a", "n")
                    and self._plausible(w.text)
                ):
                    # 导演许秦豪: jieba reads one name where LAC reads 许/v + 秦豪/PER
                    add(w.start, w.end, 0.8, "jieba_surname")
                    continue
                if lac_tag.get(w.start, "n") not in ("PER", "n", "nz", "nw", "ns", "LOC"):
                    # LAC's verb or adverb reading vetoes jieba's name, unless LAC glued the
                    # character before onto a full name's surname (一本宁|思远 as 一本宁/m)
                    if len(w.text) != 3 or not w.pos.startswith("nr") or not w.start:
                        continue
                    if not "\u4e00" <= text[w.start - 1] <= "\u9fff":
                        continue  # 23战|全胜: a count
                    if lac_head is None:
                        lac_head = {s for s, _, _ in nlp.ents}
                    if w.start in lac_head or not self._plausible(w.text):
                        continue
                if w.pos.startswith("nr") and 2 <= len(w.text) <= 4 and self._has_surname(w.text):
                    if lac_split is None:
                        lac_split = (
                            {s: e for s, e, lab in nlp.ents if lab in _COMMON_WORD and e - s > 1},
                            {e for _, e, _ in nlp.ents},
                        )
                    lac_word, lac_ends = lac_split
                    if lac_word.get(w.start, w.end) < w.end and w.end not in lac_ends:
                        # 我银行卡号: jieba's dictionary tags 银行卡 nr; LAC reads 银行|卡号, a
                        # common word at its start and a word across its end: everyday words
                        continue
                    mt = self._title_names.match(w.text)
                    end = w.start + len(mt.group(1)) if mt else w.end
                    if not mt:
                        if self._org_context(text, w.start, w.end):
                            continue  # vs费耶诺德: a club, as for NER spans
                        if not self._plausible(w.text) and not any(
                            ps < w.end and w.start < pe for ps, pe in lac_per
                        ):
                            continue  # 胡萝卜, 和尚, 母亲节: no name characters, LAC saw no one
                        end = self._complete(text, w.start, end, words, word_at)
                    add(w.start, end, 0.6, "jieba_nr")
        if words:
            out.extend(self._name_runs(text, nlp, words))
        out += self._scored(text, out, blocked, nlp, org_heads)
        out += self._named_with_number(text, out)
        out += self._titled_full(text, out, nlp)
        out += self._repeated(text, out)
        out += self._surname_alone(text, out)
        out += self._given_names(text, out, nlp)
        out += self._doubled(text, out, word_at, words, nlp)
        out += self._minority_heads(text, out)
        assert self._spelling is not None
        out += self._spelling.find(text, out)
        if products:
            # a product name (朝朝宝, 花呗) is no name, whichever rule read one in it
            out = [f for f in out if not any(ps < f.end and f.start < pe for ps, pe in products)]
        return out

    def _full_after_surname(self, text: str, surname: str, at: int) -> tuple[int, int] | None:
        """The full name said after the surname was given (我姓何 单人何 何东升, 我姓司徒 司徒浩然):
        the same surname later in the turn, within 20 characters, right after the one given or
        after a pause (not inside a word: 单人何), with one or two frequent given-name
        characters after it (a name of name characters: 何是单人何 is none)."""
        stop = text.find("\n", at)
        stop = min(at + 20, stop if stop >= 0 else len(text))
        k = text.find(surname, at, stop)
        while k >= 0:
            if k == at or text[at:k].isspace() or not "\u4e00" <= text[k - 1] <= "\u9fff":
                m = self._given_after.match(text, k + len(surname))
                if m is not None:
                    for e in (m.end(), m.end(1)):
                        value = text[k:e].replace(" ", "")
                        if e == m.end(1) and e < len(text) and "\u4e00" <= text[e] <= "\u9fff":
                            continue  # 张 名字: a one-character given name ends there
                        if e > k and self._plausible(value):
                            return k, e
            k = text.find(surname, k + 1, stop)
        return None

    def _minority_heads(self, text: str, found: list[Finding]) -> list[Finding]:
        """The first part of a minority name right before a name found: 扎西|次仁 -> 扎西次仁.

        A Tibetan or Uyghur name is two names in a row (扎西次仁, 买买提·艾力); NER and jieba
        often read only the second as a name, and the first (MINORITY_NAME_STARTS: 扎西,
        买买提…) stays readable before it. Such a start right before a name found (or with
        the interpunct between) is part of that name.
        """
        out: list[Finding] = []
        for f in found:
            if f.entity != self.ENTITY:
                continue
            end = f.start - 1 if f.start > 0 and text[f.start - 1] in "·•" else f.start
            for head in MINORITY_NAME_STARTS:
                s = end - len(head)
                if s >= 0 and text.startswith(head, s):
                    if not any(g.start <= s < g.end for g in found):
                        out.append(Finding(s, f.end, self.ENTITY, f.score, f"{self.name}:head"))
                    break
        return out

    def _doubled(
        self,
        text: str,
        found: list[Finding],
        word_at: dict[int, int],
        words: list[Word],
        nlp: NlpView,
    ) -> list[Finding]:
        """A name whose doubled given-name character was cut off: 宋晚|晚 -> 宋晚晚.

        Surname + doubled character (范冰冰, 宋晚晚) is a common given-name form; when a
        surname + one character name is followed by that character once more (not a
        third time, not a particle or function character, not the start of a word of
        two or more characters: 王明|明天), the name takes it in. Where jieba gives the
        words (``words: mixed``) and glues that character to the next one (许朵|朵起), LAC's
        reading of it as a word of its own decides.
        """
        out: list[Finding] = []
        lac_single: set[int] | None = None
        for f in found:
            value = text[f.start : f.end]
            if len(value) != 2 or value[0] not in SINGLE_SURNAMES or f.end >= len(text):
                continue
            nxt = text[f.end]
            if nxt != value[1] or nxt in _FUNCTION_CHARS or nxt in _PARTICLES:
                continue
            if f.end + 1 < len(text) and text[f.end + 1] == nxt:
                continue
            k = word_at.get(f.end)
            if k is not None and words[k].end - words[k].start > 1:
                if lac_single is None:
                    lac_single = {s for s, e, _ in nlp.ents if e - s == 1}
                if f.end not in lac_single:
                    continue
            out.append(Finding(f.start, f.end + 1, self.ENTITY, f.score, f"{self.name}:doubled"))
        return out

    def _scored(
        self,
        text: str,
        found: list[Finding],
        blocked: list[tuple[int, int]],
        nlp: NlpView,
        org_heads: Sequence[int] = (),
    ) -> list[Finding]:
        """Nicknames and glued names the learned scorer accepts (兔兔, 宋晚晚, 曾若彤).

        Candidates overlapping a name found already or a LAC organisation or place span
        are not scored; kinship terms, allowed words, spans in a team, country or place
        context and spans a bank's name begins inside (``org_heads``: 张兴业|信用卡) never
        pass.
        """
        if self._scorer is None:
            return []
        # a reduplication LAC reads as a place (尼尼/LOC) is scored all the same: few places are
        skip = [(f.start, f.end) for f in found if f.score >= 0.5] + [
            (s, e) for s, e in blocked if not (e - s == 2 and text[s] == text[s + 1])
        ]
        out: list[Finding] = []
        for s, e, p in self._scorer.find(text, nlp.ents, skip):
            value = text[s:e]
            if p < self.SCORER_THRESHOLD or value in KINSHIP or value in self.allow:
                continue
            if value.startswith(self._heads) or any(s < h < e for h in org_heads):
                continue  # 浦发|信用卡: an allowed word (a bank) and the word after it
            if self._org_context(text, s, e):
                continue  # 马拉维首都: a place or a club, as for NER spans
            if e - s == 2 and _UNIT_REPEATED.match(text, s):
                continue  # 交了六年|年交: a numeral's unit said twice
            out.append(Finding(s, e, self.ENTITY, 0.6, f"{self.name}:scorer"))
        return out

    def _repeated(self, text: str, found: list[Finding]) -> list[Finding]:
        """Other mentions of a name found once (cue, NER, title) in the same interaction.

        A name said twice (我叫王小明 … 王小明的卡) is masked everywhere once any mention of
        it was recognised with enough confidence; 2-character names only when they start
        with a surname (a bare 2-character given name repeats as an ordinary word too). The
        parts of a dotted name (阿依古丽·买买提) are repeated alone too, from three characters.
        """
        names = {
            text[f.start : f.end]
            for f in found
            if f.score >= 0.6
            and f.end - f.start >= 2
            and "\n" not in text[f.start : f.end]
            and not f.recognizer.endswith(":handle")  # @好特会: an account name, maybe a club
        }
        names = {n for n in names if len(n) >= 3 or self._has_surname(n)}
        if not names:
            return []
        # 阿依古丽·买买提 … 中间一个点 买买提: a part of a dotted name said alone (three
        # characters or more)
        names |= {p for n in names for p in _NAME_DOTS.split(n) if len(p) >= 3 and p != n}
        have = {(f.start, f.end) for f in found}
        out: list[Finding] = []
        for n in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(n), text):
                if m.span() not in have:
                    out.append(Finding(m.start(), m.end(), self.ENTITY, 0.6, f"{self.name}:repeat"))
                    have.add(m.span())
        return out

    def _titled_full(self, text: str, found: list[Finding], nlp: NlpView) -> list[Finding]:
        """A full name before 先生/女士 at the start of a clause (温次兰女士，…; 的柯乐平先生).

        LAC may cut such a name into other words (温次|兰) and the surname rule then takes
        only the character before the title. A surname + two characters frequent in given
        names, right before the title, after the start of a line, punctuation or 的, with a
        LAC word starting at the surname and none found there yet, is the name.
        """
        out: list[Finding] = []
        starts: set[int] | None = None
        for m in _TITLE_WORD.finditer(text):
            e = m.start()
            s = e - 3
            if s < 0 or text[s] not in SINGLE_SURNAMES:
                continue
            if s and text[s - 1] not in _CLAUSE_START and text[s - 1] not in _LINE_MARKERS:
                continue
            if any(f.score >= 0.5 and f.start <= s and e <= f.end for f in found):
                continue
            if starts is None:
                starts = {a for a, _, _ in nlp.ents}
            if s not in starts or not self._plausible(text[s:e], RUN_SHARE):
                continue
            if not self._org_context(text, s, e):
                out.append(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:titled_full"))
        return out

    def _named_with_number(self, text: str, found: list[Finding]) -> list[Finding]:
        """Names listed with their numbers after the agent asked for both (员工姓名和卡号 —
        还有一个 祝小兵 卡号 …): a surname and one or two frequent given-name characters right
        before a number's label, after 是/个/a pause."""
        if not NAME_ASK.search(text):
            return []
        have = {(f.start, f.end) for f in found}
        out = []
        for m in _NAME_BEFORE_NUMBER.finditer(text):
            s, e = m.span(1)
            if (s, e) in have or not self._plausible(m.group(1)):
                continue
            if NAME_ASK.search(text, max(0, s - 200), s):
                out.append(Finding(s, e, self.ENTITY, 0.6, f"{self.name}:with_number"))
        return out

    def _surname_alone(self, text: str, found: list[Finding]) -> list[Finding]:
        """The surname of a name found, said alone as a nickname or by its bearer (周国平 …
        老周啊, 宋志强 … 我是宋): after 老/小 or 我是/我姓, before a pause or a particle; after
        我是 also without the name found (the live hook's earlier turns are redacted), unless
        the surname is an everyday word too (:data:`_WORD_SURNAMES`)."""
        surnames = {
            text[f.start : f.start + 2]
            if text[f.start : f.start + 2] in COMPOUND_SURNAMES
            else text[f.start]
            for f in found
            if f.end - f.start >= 2 and f.score >= 0.6
        }
        surnames = {x for x in surnames if x in COMPOUND_SURNAMES or x in SINGLE_SURNAMES}
        have = {(f.start, f.end) for f in found}
        out = []
        # 我是宋: a caller naming themselves by the surname alone, whatever was found (the live
        # hook holds earlier turns only redacted), unless the surname is an everyday word too
        for m in _SELF_SURNAME.finditer(text) if "我是" in text else ():
            if m.group(1) not in _WORD_SURNAMES and m.span(1) not in have:
                out.append(Finding(*m.span(1), self.ENTITY, 0.6, f"{self.name}:surname_alone"))
                have.add(m.span(1))
        if not surnames:
            return out
        alt = "|".join(sorted(surnames, key=len, reverse=True))
        for m in re.finditer(rf"(?:老|小|我是|我姓)({alt})(?={_SURNAME_ALONE_END})", text):
            if m.span(1) not in have:
                out.append(Finding(*m.span(1), self.ENTITY, 0.6, f"{self.name}:surname_alone"))
                have.add(m.span(1))
        # 司机是韩立新 老韩 电话…: 老/小 and the surname right after the full name restate it,
        # whatever follows (the analysis text drops an ASR turn's spaces)
        for f in found:
            if f.end - f.start < 2 or f.score < 0.6:
                continue
            sur = text[f.start : f.start + 2]
            sur = sur if sur in COMPOUND_SURNAMES else text[f.start]
            m = _RESTATED.match(text, f.end)
            if m and text.startswith(sur, m.end()) and (m.end(), m.end() + len(sur)) not in have:
                span = (m.end(), m.end() + len(sur))
                out.append(Finding(*span, self.ENTITY, 0.6, f"{self.name}:surname_alone"))
                have.add(span)
        return out

    def _given_names(self, text: str, found: list[Finding], nlp: NlpView) -> list[Finding]:
        """The given name alone after the full name in the same interaction (王小明 … 小明).

        Only two-character given names of frequent given-name characters, where LAC reads
        the mention as one word of its own that is a name or a noun (建国以来 stays).
        """
        given: set[str] = set()
        for f in found:
            if f.score < 0.6:
                continue
            value = text[f.start : f.end]
            head = 2 if value[:2] in COMPOUND_SURNAMES else 1
            rest = value[head:]
            if len(value) - head == 2 and self._has_surname(value) and value[:1] not in "小老阿":
                if self._given is not None and all(self._given.is_common(c) for c in rest):
                    given.add(rest)
        given -= self.allow | KINSHIP
        if not given:
            return []
        have = [(f.start, f.end) for f in found if f.score >= 0.5]
        tag = {(s, e): lab for s, e, lab in nlp.ents}
        out: list[Finding] = []
        for g in given:
            for m in re.finditer(re.escape(g), text):
                s, e = m.span()
                if any(hs <= s and e <= he for hs, he in have):
                    continue
                if tag.get((s, e)) in ("PER", "n", "nz", "nw"):
                    out.append(Finding(s, e, self.ENTITY, 0.6, f"{self.name}:given_name"))
        return out

    @staticmethod
    def _has_surname(value: str) -> bool:
        """Whether ``value`` starts with a surname (or 小/老/阿 + surname: 小刘, 老王)."""
        return (
            value[:2] in COMPOUND_SURNAMES
            or value[:1] in SINGLE_SURNAMES
            or (value[:1] in "小老阿" and value[1:2] in SINGLE_SURNAMES)
        )

    def _complete(self, text: str, s: int, e: int, words: list[Word], word_at: dict) -> int:
        """End of a name cut one character short (许权|中, 钟轩|礼): surname + 1 + stray char.

        The segmenter (LAC or jieba) often ends a three-character name after its second
        character and leaves the third as a one-character word of its own. That character
        joins the name when it is a frequent given-name character (``ngender`` data) and
        its word is not a particle, verb, preposition, number or punctuation.
        """
        if self._given is None:
            return e
        if text[s:e] in COMPOUND_SURNAMES or (e - s == 3 and text[s : s + 2] in COMPOUND_SURNAMES):
            return self._compound_given(text, s, e, words, word_at)
        if e - s != 2 or text[s] not in SINGLE_SURNAMES:
            return e
        k = word_at.get(e)
        if k is None:
            return e
        nxt = words[k]
        if nxt.end - nxt.start != 1:
            return e
        conjunction = nxt.pos == "c" and self._given_conjunction(text, nxt, words, k)
        if nxt.pos in _JOINS_NEVER and not conjunction:
            return e
        ch = text[e]
        if not ("\u4e00" <= ch <= "\u9fff") or ch in _PARTICLES:
            return e
        # before punctuation (傅全|有|、) the character can only close the name
        closes = conjunction or e + 1 >= len(text) or text[e + 1] in _CLOSERS
        if not closes and (ch in _STOP or ch in _FUNCTION_CHARS):
            return e
        return e + 1 if self._given.is_common(ch) else e

    def _role_name(self, text: str, words: list[Word], k: int) -> bool:
        """Whether jieba's word ``k`` is a three-character name after a role word that ends
        the clause (主任经立民、, 主任房立民。): its given characters frequent in names."""
        w = words[k]
        if not w.pos.startswith("nr") or len(w.text) != 3 or words[k - 1].text not in ROLES:
            return False
        if not (w.end >= len(text) or text[w.end] in _CLOSERS or text.startswith(TITLES, w.end)):
            return False
        assert self._given is not None
        return all(self._given.is_common(c, RUN_SHARE) for c in w.text[1:])

    @staticmethod
    def _given_conjunction(text: str, nxt: Word, words: list[Word], k: int) -> bool:
        """A given-name character read as a conjunction that joins nothing (韦东|和|已经).

        和/与 after a name joins it to a second item (王明和李华, 王明和同事); followed by an
        adverb, a particle or the end of a clause it has nothing to join, so it ends the
        name (a three-character name whose last character is 和).
        """
        if text[nxt.start] not in _GIVEN_CONJUNCTIONS:
            return False
        after = words[k + 1] if k + 1 < len(words) else None
        return after is None or after.pos in _NOT_JOINED or text[after.start] in _CLOSERS

    def _compound_given(self, text: str, s: int, e: int, words: list[Word], word_at: dict) -> int:
        """End of a name read as its compound surname alone or with one given character
        (司马|建军 先生, 令狐德|厚): the next word, one or two frequent given-name characters
        (four in all at most), when the name ends after it (a pause, a title)."""
        k = word_at.get(e)
        if k is None:
            return e
        nxt = words[k]
        if not 1 <= nxt.end - nxt.start <= 4 - (e - s) or nxt.pos in _JOINS_NEVER:
            return e
        word = text[nxt.start : nxt.end]
        if any(
            not "\u4e00" <= c <= "\u9fff" or c in _PARTICLES or c in _STOP or c in _FUNCTION_CHARS
            for c in word
        ):
            return e
        after = nxt.end
        if not (after >= len(text) or text[after] in _CLOSERS or text.startswith(TITLES, after)):
            return e
        assert self._given is not None
        return after if all(self._given.is_common(c) for c in word) else e

    @staticmethod
    def _title_at_words(text: str, s: int, e: int, words: list[Word], word_at: dict) -> bool:
        """Whether surname ``text[s:e]`` + title are words of their own (王|先生, 王先生, 王总).

        Rejects a title that only starts a longer word (这项|工作, 国|总理, 但|总的说来) and a
        surname character that ends a longer word (陈述|总结 is no 述总).
        """
        k = word_at.get(s)
        if k is None:
            return False
        w = words[k]
        if w.end > e:
            # surname and title in one word: 王先生 / 王总 (exactly surname + title, read as a
            # person; 班主任, 劳工 are common nouns)
            return w.text[e - s :] in TITLES and w.pos in ("nr", "PER")
        if w.end != e:
            return False
        k2 = word_at.get(e)
        return k2 is not None and words[k2].text in TITLES

    def _surname_before(self, text: str, s: int, e: int, words: list[Word], word_at: dict) -> int:
        """Start of 曾|若彤: a surname LAC read as an adverb or verb before a bare given name.

        Also 导演许|秦豪 (the name itself starts with a surname) right after a role word.
        """
        if e - s != 2 or self._given is None:
            return s
        k = word_at.get(s)
        k = k - 1 if k else None  # the word ending where this one starts
        if k is None:
            return s
        prev = words[k]
        if prev.end - prev.start != 1 or prev.text not in SINGLE_SURNAMES:
            return s
        if self._has_surname(text[s:e]) and not (k > 0 and words[k - 1].text in ROLES):
            return s
        if prev.pos not in ("d", "v", "vd", "a", "ad", "n"):
            return s  # 和|小明, 向|小明: a conjunction or preposition
        if not all(self._given.is_common(c, 5e-5) for c in text[s:e]):
            return s
        return prev.start

    @staticmethod
    def _product_head(text: str, s: int, e: int, nlp: NlpView) -> bool:
        """Whether ``text[s:e]`` is two gain and luck words right before a noun (鑫享|人生)."""
        if not _PRODUCT_HEAD.fullmatch(text, s, e):
            return False
        return any(ws == e and lab in ("n", "nz") for ws, _, lab in nlp.ents)

    @staticmethod
    def _role_before(text: str, s: int) -> bool:
        """A role word right before ``s`` (总统克瓦希涅夫斯基)."""
        return any(text.endswith(r, 0, s) for r in ROLES)

    @staticmethod
    def _org_context(text: str, s: int, e: int) -> bool:
        """Team, country or place words around a span (vs巴勒莫, 马拉维首都, 扎伊尔人民)."""
        if _ORG_END.search(text, s, e):
            return True
        if _PERSON_AFTER.match(text, e):
            return False
        if any(_SHOP_AFTER.match(text, k) for k in range(max(s + 2, e - 2), e + 1)):
            return True  # 张亮麻辣烫, 张亮麻|辣烫: a shop named after a person
        if _TRADE_SHOP_AFTER.match(text, e) or _SHOP_NAMED_BEFORE.search(text, max(0, s - 6), s):
            return True  # 老孙五金店, 店叫秀兰服装: a shop of another trade
        return bool(_ORG_AFTER.match(text, e) or _ORG_BEFORE.search(text[max(0, s - 4) : s]))

    def _plausible(self, value: str, share: float = 5e-5) -> bool:
        """A 2-3 character surname + given name whose given characters are frequent in names."""
        if value in KINSHIP or value in self.allow:
            return False
        if not (2 <= len(value) <= 3 or (len(value) == 4 and value[:2] in COMPOUND_SURNAMES)):
            return False
        if not all("\u4e00" <= c <= "\u9fff" for c in value) or self._given is None:
            return False
        if value[:2] in COMPOUND_SURNAMES:
            given = value[2:]
        elif value[:1] in SINGLE_SURNAMES:
            given = value[1:]
        else:
            return False
        return bool(given) and all(self._given.is_common(c, share) for c in given)

    def _after_role(self, text: str, words: list[Word]) -> list[Finding]:
        """A name right after a role word: 记者马占成, 作者梅门造, 委员傅全有, 会计老王."""
        out: list[Finding] = []
        for k in range(len(words) - 1):
            nick_only = words[k].text in _NICK_ROLES
            if words[k].text not in ROLES and not nick_only:
                continue
            w = words[k + 1]
            # 小/老/阿 + surname after a role word (客服小赵, 专员小刘, 会计老王): LAC may read it
            # as an adjective at the end of a turn, or one noun with the role (会计老王), where
            # jieba's nr reading alone is not taken
            if (
                len(w.text) == 2
                and w.text[0] in "小老阿"
                and w.text[1] in SINGLE_SURNAMES
                and w.text not in KINSHIP
                and w.text not in _NOT_NICKNAMES
            ):
                out.append(Finding(w.start, w.end, self.ENTITY, 0.7, f"{self.name}:role"))
                continue
            if nick_only:
                continue
            if w.pos in ("PER", "ORG", "LOC", "nr", "ns", "nt") or w.pos in _JOINS_NEVER:
                continue
            # LAC may read a name after a role word as an adverb or verb (经理曾世民: 曾 "once");
            # then only a full three-character name of name characters counts
            if w.pos in _NOT_NAME_POS and len(w.text) != 3:
                continue
            if self._plausible(w.text):
                out.append(Finding(w.start, w.end, self.ENTITY, 0.7, f"{self.name}:role"))
        return out

    @staticmethod
    def _foreign_span(text: str, s: int, e: int) -> tuple[int, int] | None:
        """Trim a dotted foreign name to the name: 议长达恩·蒂雄 -> 达恩·蒂雄.

        The first part starts after the last role word or function character before the
        dot (部长帕·布拉托维奇, 的投票•第六届), the last part ends before a function
        character; a part left empty means no name (投票•第六届汽车文化节).
        """
        value = text[s:e]
        first = re.split("[·•・‧]", value)[0]
        cut = 0
        for k in range(len(first)):
            if first[k] in _NOT_FOREIGN:
                cut = k + 1
        for r in ROLES:
            at = first.rfind(r)
            if at >= 0:
                cut = max(cut, at + len(r))
        s2 = s + cut
        last_dot = max(value.rfind(d) for d in "·•・‧")
        tail = value[last_dot + 1 :]
        stop = next((k for k, c in enumerate(tail) if c in _NOT_FOREIGN), len(tail))
        e2 = s + last_dot + 1 + stop
        if s2 >= s + len(first) or stop == 0:
            return None
        return s2, e2

    def _bylines(self, text: str, words: list[Word]) -> list[Finding]:
        """A reporter's or author's name at the end of a byline: 本报记者玺润, 通讯员李冬.

        The name must start and end on word boundaries (记者会上 is a press conference).
        """
        out: list[Finding] = []
        starts = {w.start for w in words}
        ends = {w.end for w in words}
        for m in _BYLINE.finditer(text):
            s, e = m.span(1)
            if s not in starts or e not in ends:
                continue
            if self._given is not None and all(self._given.is_common(c, 5e-5) for c in text[s:e]):
                out.append(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:byline"))
        return out

    def _translit(self, text: str, words: list[Word], nlp: NlpView) -> list[Finding]:
        """Transliterated foreign names LAC cut or missed: 总理内塔尼亚胡, 克林顿总统, 斯马|加.

        A run of three or more transliteration characters (:data:`TRANSLIT`) is a name
        right after a role word or right before a person's word (总统, 说, 表示); a LAC
        ``PER`` span made of them takes in one more of them that LAC left as a word of its
        own (斯马|加). Not in an organisation or team context (vs巴勒莫, 克卢日主场).
        """
        out: list[Finding] = []
        for m in _TRANSLIT_RUN.finditer(text):
            s, e = m.span()
            if self._org_context(text, s, e) or _ORG_BEFORE.search(text[max(0, s - 4) : s]):
                continue  # 开发商贝塞斯达表示: a company
            if self._role_before(text, s) or _PERSON_AFTER.match(text, e):
                out.append(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:foreign_run"))
        word_at = {w.start: w for w in words}
        for s, e, lab in nlp.ents:
            if lab != "PER" or e - s < 2 or not all(c in TRANSLIT for c in text[s:e]):
                continue
            nxt = word_at.get(e)
            if (
                nxt is not None
                and nxt.end - nxt.start == 1
                and nxt.text in TRANSLIT
                and nxt.text not in _FUNCTION_CHARS
                and nxt.pos not in _JOINS_NEVER
                and (
                    nxt.end >= len(text)
                    or not ("\u4e00" <= text[nxt.end] <= "\u9fff")
                    or text[nxt.end] in _FUNCTION_CHARS
                    or text.startswith(TITLES, nxt.end)
                )
                and not self._org_context(text, s, nxt.end)
            ):
                out.append(Finding(s, nxt.end, self.ENTITY, 0.7, f"{self.name}:foreign_tail"))
        return out

    def _eponyms(self, text: str, words: list[Word]) -> list[Finding]:
        """The name inside an eponym word: 邓小平|理论, 鲁迅|文学奖 (one LAC word)."""
        out: list[Finding] = []
        for k, w in enumerate(words):
            if w.pos in _NOT_NAME_POS:
                continue
            nxt = words[k + 1].text if k + 1 < len(words) else ""
            for suffix in EPONYM_SUFFIXES:
                at = w.text.find(suffix)
                if at in (2, 3):  # 邓小平理论, 马克思主义者: one word
                    head = w.text[:at]
                elif nxt.startswith(suffix) and 2 <= len(w.text) <= 3:  # 邓小平|理论
                    head = w.text
                else:
                    continue
                if self._plausible(head):
                    s = w.start
                    out.append(Finding(s, s + len(head), self.ENTITY, 0.7, f"{self.name}:eponym"))
                break
        return out

    def _listed(
        self, text: str, found: list[Finding], blocked: list[tuple[int, int]]
    ) -> list[Finding]:
        """Names in an enumeration of names: 张保庆、谢旭人、钱冠林、李志坚.

        Items are runs of 汉字 joined by one separator (、, or ，). An item that starts with
        a surname and is 2-3 characters long (4 with a compound surname: 百里日明) is a
        name when an item next to it is one (from NER, a cue, or this rule: the evidence
        travels along the list). Items joined by ， must also be made of name characters
        and the list must hold two names already (张三，高兴 stays). Items inside an
        organisation or place span (江苏、浙江) stay.
        """
        named = {(f.start, f.end) for f in found if f.score >= 0.5}
        if not named:
            return []
        items = [m.span() for m in _ITEM.finditer(text)]
        # link[i]: the separator joining item i and item i + 1 ("" when not joined)
        link = [
            text[items[i][1] : items[i + 1][0]]
            if items[i + 1][0] - items[i][1] == 1 and text[items[i][1]] in _LIST_SEPS
            else ""
            for i in range(len(items) - 1)
        ]
        starts = {n0 for n0, _ in named}
        ends = {n1 for _, n1 in named}
        # has_name: the item holds a name; left/right: a name ends/starts the item (the side
        # next to the separator: 代表周文涛、吴敏捷 — 顾大局 after 谢子长同志识大体 is no name)
        has_name = [any(s <= n0 and n1 <= e for n0, n1 in named) for s, e in items]
        is_name = [s in starts or e in ends for s, e in items]
        # ，-joined runs need two names of their own before the rule applies
        run_of = [0] * len(items)
        for i in range(1, len(items)):
            run_of[i] = run_of[i - 1] + (0 if link[i - 1] and link[i - 1] in "，," else 1)
        per_run = Counter(run_of[i] for i in range(len(items)) if is_name[i])
        # lists (any separator) where most items are names already: LAC's place or
        # organisation reading of one more item (巫娟国/LOC) and a name it cut short inside
        # an item (尚|赵花) give way
        list_of = [0] * len(items)
        for i in range(1, len(items)):
            list_of[i] = list_of[i - 1] + (0 if link[i - 1] else 1)
        size = Counter(list_of)
        names = Counter(list_of[i] for i in range(len(items)) if is_name[i])
        name_list = {k for k, n in names.items() if n >= 2 and 2 * n >= size[k]}
        out: list[Finding] = []
        for i, (s, e) in enumerate(items):
            if has_name[i] and (s, e) not in named and list_of[i] in name_list:
                rest = {text[k] for k in range(s, e) if not any(n0 <= k < n1 for n0, n1 in named)}
                if rest & _NOT_IN_LIST_NAME:
                    continue  # 杨卫等: the list ends
                if self._list_item(text[s:e]) and self._plausible(text[s:e], RUN_SHARE):
                    out.append(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:list"))
        changed = True
        while changed:
            changed = False
            for i, (s, e) in enumerate(items):
                if has_name[i]:
                    continue
                whole = self._list_item(text[s:e])
                if not whole:
                    # the last item: 钱冠林等出席 (the list ends at 等); 柳文造在序中 (a function
                    # character after a name of name characters ends it as well)
                    cut = next((k for k in (2, 3, 4) if s + k < e and text[s + k] in _LIST_END), 0)
                    if not cut or not self._list_item(text[s : s + cut]):
                        continue
                    if text[s + cut] not in "等及" and not self._plausible(
                        text[s : s + cut], RUN_SHARE
                    ):
                        continue
                    e = s + cut
                if list_of[i] not in name_list and any(bs <= s and e <= be for bs, be in blocked):
                    continue
                for j, sep in (
                    (i - 1, link[i - 1] if i else ""),
                    (i + 1, link[i] if i < len(link) else ""),
                ):
                    if not sep or not (items[j][1] in ends if j < i else items[j][0] in starts):
                        continue
                    if j > i and not whole:
                        continue  # 钱冠林等出席、…: the name does not reach the separator
                    if sep in "，," and (per_run[run_of[i]] < 2 or not self._plausible(text[s:e])):
                        continue
                    out.append(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:list"))
                    has_name[i] = changed = True
                    starts.add(s)
                    ends.add(e)
                    break
        return out

    def _list_item(self, value: str) -> bool:
        """A 2-3 character surname-first item (4 with a compound surname), no common word."""
        if value in KINSHIP or value in self.allow or not self._has_surname(value):
            return False
        return 2 <= len(value) <= 3 or (len(value) == 4 and value[:2] in COMPOUND_SURNAMES)

    def _name_runs(self, text: str, nlp: NlpView, words: list[Word]) -> list[Finding]:
        """A list of names written without separators (王伟李明张建国…): every name in it.

        LAC garbles such runs (names cut and glued across). A stretch of 汉字 where LAC
        or jieba read at least three names is a name list when it splits wholly into
        2-3 character names (3-4 with a compound surname) that start with a surname and
        whose other characters occur in given names, and names cover most of it; then
        every character of the stretch is masked (one finding per split name).
        """
        pers = [(s, e) for s, e, lab in nlp.ents if lab == "PER"]
        if len(pers) < 3:
            return []
        out: list[Finding] = []
        for m in _ITEM.finditer(text):
            rs, re_ = m.span()
            if re_ - rs < 6:
                continue
            inside = [(s, e) for s, e in pers if rs <= s and e <= re_]
            if len(inside) < 3:
                continue
            for (a, b), cuts in self._split_names(text, rs, re_):
                covered: set[int] = set()
                n_in = 0
                for s, e in inside:
                    if a <= s < b:
                        n_in += 1
                    covered.update(range(max(s, a), min(e, b)))
                touching = any(e == s2 for _, e in inside for s2, _ in inside if a <= s2 < b)
                if n_in >= 3 and touching and len(covered) >= RUN_COVER * (b - a):
                    out.extend(Finding(s, e, self.ENTITY, 0.7, f"{self.name}:run") for s, e in cuts)
        return out

    def _split_names(
        self, text: str, rs: int, re_: int
    ) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
        """Stretches of ``text[rs:re_]`` that split wholly into three names or more (left first)."""
        assert self._given is not None
        given = self._given

        def chunks(i: int) -> list[int]:
            ends = []
            head = 2 if text[i : i + 2] in COMPOUND_SURNAMES else 1
            if head == 1 and text[i] not in SINGLE_SURNAMES:
                return ends
            for n in (1, 2):
                j = i + head + n
                if j <= re_ and all(
                    given.is_common(c, RUN_SHARE) and c not in _NOT_IN_LIST_NAME
                    for c in text[i + head : j]
                ):
                    ends.append(j)
            return ends

        # reach[i]: the split of text[i:k] for the furthest k reachable from i (right to left)
        reach: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        for i in range(re_ - 1, rs - 1, -1):
            best_end, best_cuts = i, []
            for j in chunks(i):
                end, cuts = reach.get(j, (j, []))
                if end > best_end:
                    best_end, best_cuts = end, [(i, j), *cuts]
            reach[i] = (best_end, best_cuts)
        out = []
        i = rs
        while i < re_:
            end, cuts = reach[i]
            if len(cuts) >= 3:
                out.append(((i, end), cuts))
                i = end
            else:
                i += 1
        return out

    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int]:
        while s < e and not ("\u4e00" <= text[s] <= "\u9fff" or text[s].isalnum()):
            s += 1
        while e > s and not ("\u4e00" <= text[e - 1] <= "\u9fff" or text[e - 1].isalnum()):
            e -= 1
        return s, e
