"""Chinese surnames (百家姓 and the most frequent modern surnames), compound ones first.

Data, not logic: used by :mod:`triage.redact.recognizers.person_name` to
anchor cues such as 王先生, 我姓张, and to score NER hits.
"""

from __future__ import annotations

#: Two-character (compound) surnames.
COMPOUND_SURNAMES: frozenset[str] = frozenset(
    """欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 轩辕 端木 独孤
    南宫 西门 百里 呼延 澹台 万俟 闻人 钟离 宗政 濮阳 太史 申屠 公冶 赫连 第五 鲜于 闾丘
    司空 亓官 司寇 子车 颛孙 仲孙 拓跋 单于 公羊 羊舌 微生 梁丘 左丘 东郭 南门 呼延 归海
    夹谷 乐正 壤驷 漆雕 巫马 公西 谷梁 段干 百里 东门 西门 南郭 北宫 叱干 完颜 爱新 叶赫""".split()
)

#: Single-character surnames.
SINGLE_SURNAMES: frozenset[str] = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    # frequent surnames the lists above lacked (found against Faker's zh_CN surname list)
    "萧傅阎赖洪"
)

#: How given names of Uyghur, Kazakh, Tibetan and Mongolian people usually begin, in their
#: usual Chinese transcriptions: such names hold no Han surname (买买提 艾力, 阿不都热合曼,
#: 扎西次仁), so after a self-naming cue or before 先生/女士 they are read as names by these.
MINORITY_NAME_STARTS: tuple[str, ...] = tuple(
    """买买提 麦麦提 买合木提 艾力 艾尔肯 艾克拜尔 阿不都 阿布都 阿卜杜 阿迪力 阿依 阿力木 热合曼
    热依拉 吐尔逊 依明 努尔 古丽 迪丽 帕提 伊力 玉素甫 司马义 亚森 吾斯曼 卡德尔 库尔班
    米吉提 海米提 排尔 肉孜 如克亚 布再 阿娜尔 木拉提 托合提 巴图 斯琴 其其格 乌云 额尔敦
    扎西 次仁 卓玛 央金 格桑 拉姆 多吉 旦增 达瓦 洛桑 德吉 边巴""".split()
)
