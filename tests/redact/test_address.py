"""ADDRESS: detail below district level in written, spoken and colloquial forms; places kept.

The sentences here were written by hand before running them (not taken from the
evaluation generator or corpus), in the style of bank customer-service calls.
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.redact.recognizers.address import AddressRecognizer
from triage.redact.recognizers.base import NlpView
from triage.schema import Turn


def _masked(text: str) -> str:
    return redact_text(text).text


@pytest.mark.parametrize(
    ("text", "secret", "kept"),
    [
        # written
        ("收货地址：广州市天河区体育西路191号中石化大厦B塔2708", "体育西路191号", "广州市天河区"),
        ("我的新地址是成都市武侯区桐梓林北路6号附2号", "桐梓林北路6号", "成都市武侯区"),
        ("帮我改成南京市鼓楼区湖南路街道马台街99号3幢1单元", "马台街99号", "南京市鼓楼区"),
        # spoken numbers (ASR)
        ("我住那个翠苑三区十五幢二单元幺零二", "翠苑三区", ""),
        ("就是龙湖春江郦城两号楼一单元洞五零四", "两号楼", ""),
        ("地址是学院路幺幺八号", "学院路", ""),
        ("家里在丰台区怡海花园恒泰园二十七号楼五零一", "怡海花园", "丰台区"),
        # colloquial, compound or village without numbers
        ("我家就住在碧桂园凤凰城那边", "碧桂园凤凰城", ""),
        ("卡寄到我老家，河南省信阳市光山县泼陂河镇何畈村", "何畈村", "河南省信阳市光山县"),
        ("我们住的是保利香槟国际，离你们支行不远", "保利香槟国际", ""),
        ("您寄到望京SOHO塔三二十层就行", "望京SOHO", ""),
        # ASR pauses and fillers between the parts
        (
            "我住在，呃，朝阳区，那个，双井街道，九龙花园，四号楼，呃，一零零六",
            "九龙花园",
            "朝阳区",
        ),  # noqa: E501
    ],
)
def test_address_written_spoken_colloquial_masked(text: str, secret: str, kept: str) -> None:
    out = _masked(text)
    assert secret not in out, out
    assert kept in out, out


@pytest.mark.parametrize(
    "text",
    [
        "我在上海出差，卡在当地取不了钱",
        "广州天河区有没有你们的营业网点",
        "开户行是招商银行深圳南山支行",
        "我是在工商银行北京朝阳路支行办的卡",
        "请您到网点二楼理财室找客户经理",
        "麻烦到三号窗口取号",
        "地铁二号线人民广场站出来就是",
        "我刚在万达广场的ATM上取的钱",
        "客服电话95588，按3号键",
        "请拨打400-820-5588转人工",
        "我每个月15号还款",
        "第3期账单已经还清了",
        "北京、上海、深圳都可以办",
        "你们总行在哪个城市",
        "这个活动在全国的网点都能参加",
        "我老家是四川的",
        "我今年搬到杭州来了",
        "商场三楼那家店刷卡有优惠",
        "你们地址变更要带什么材料",
        "我的地址没变，还是原来那个",
    ],
)
def test_address_places_and_numbers_without_home_address_kept(text: str) -> None:
    found = [e for e in redact_text(text).entities if e.type == "ADDRESS"]
    assert found == [], [text[e.start : e.end] for e in found]


def test_address_answer_after_agent_asks_for_the_building() -> None:
    turns = [
        Turn("customer", "寄到我家，阳光水岸"),
        Turn("agent", "好的，具体几栋几单元？"),
        Turn("customer", "嗯，七栋，三零二"),
    ]
    red, _ = redact_turns(turns)
    assert "阳光水岸" not in red[0].text
    assert "三零二" not in red[2].text and "七栋" not in red[2].text


def test_address_number_alone_without_question_kept() -> None:
    turns = [Turn("agent", "请问还有什么可以帮您"), Turn("customer", "嗯，七楼")]
    red, _ = redact_turns(turns)
    assert red[1].text == "嗯，七楼"


def test_address_recognizer_offsets_inside_analysis_line() -> None:
    rec = AddressRecognizer()
    line = "\ue001我住在杭州市西湖区文三路90号东部软件园2号楼"
    found = rec.find(line, NlpView())
    assert len(found) == 1
    assert line[found[0].start : found[0].end] == "文三路90号东部软件园2号楼"


def test_address_email_digits_not_a_verification_code() -> None:
    """call-20261120-0016: an e-mail address after the agent mentions 密码 is an e-mail."""
    turns = [
        Turn("agent", "建议您立即报警，并修改所有相关的密码。"),
        Turn("customer", "好，我的邮箱是zhaolei1991@163.com，材料发到邮箱。"),
    ]
    _, entities = redact_turns(turns)
    assert [e.type for e in entities] == ["EMAIL_ADDRESS"]


def test_address_goes_on_in_the_next_turn_after_a_backchannel() -> None:
    turns = [
        Turn("customer", "寄到我家，翠湖雅苑八栋"),
        Turn("agent", "嗯"),
        Turn("customer", "二单元，五零六"),
    ]
    red, _ = redact_turns(turns)
    assert "八栋" not in red[0].text
    assert "五零六" not in red[2].text


def test_address_next_turn_not_taken_after_a_real_agent_reply() -> None:
    turns = [
        Turn("customer", "寄到我家，翠湖雅苑八栋"),
        Turn("agent", "好的，已经为您登记新地址，还有其他问题吗"),
        Turn("customer", "还有一笔500的扣款"),
    ]
    red, _ = redact_turns(turns)
    assert red[2].text == "还有一笔500的扣款"


def test_address_road_section_number_and_card_groups_not_a_code() -> None:
    """call-0015 (天府大道北段一千七百号) and chat-0014 (card groups after a 安全码 request)."""
    red, _ = redact_turns([Turn("customer", "就是高新区天府大道北段一千七百号那个自助银行")])
    assert "一千七百号" not in red[0].text
    turns = [
        Turn("agent", "请把卡号、有效期和卡背面的三位安全码发我一下"),
        Turn("customer", "卡号是4367 4248 8141 2515，背面的码是 739"),
    ]
    _, entities = redact_turns(turns)
    assert [e.type for e in entities] == ["BANK_CARD", "VERIFICATION_CODE"]


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("几室", "五零二"),
        ("室号", "六零一"),
        ("几楼", "三楼"),
        ("请问单元号", "四单元"),
        ("门牌", "二百五十一号"),
        ("您在哪个村", "李家湾村 四组"),
        ("请问您在哪条路", "松花江路"),
        ("您的地址", "延安中路 三百号"),
        ("几室", "一千一百零二"),
        ("几室", "两千零五室"),
    ],
)
def test_address_answer_after_a_short_spoken_question_redacted(ask: str, answer: str) -> None:
    red, _ = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    assert red[1].text.replace(" ", "") == "<ADDRESS>"


@pytest.mark.parametrize(
    ("ask", "answer"),
    [
        ("您的地址已经改好了", "好的 五零二 那个是门禁密码吗"),  # no question: number kept
        ("几室", "五百块"),  # an amount
        ("几室", "两千多吧 我记不清了"),  # not a number alone
        ("请问您在哪条路", "我不记得了"),
        ("您的地址", "三天之内能到吗"),
    ],
)
def test_address_short_question_negatives_kept(ask: str, answer: str) -> None:
    red, _ = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    assert red[1].text == answer


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("地址是黄浦江路二十号", "江路"),
        ("我家在金沙江路一零八八弄六号", "沙江"),
        ("寄到松花江路251号", "花江"),
    ],
)
def test_address_road_named_after_a_place_masked_whole(text: str, secret: str) -> None:
    assert secret not in _masked(text)


def test_address_district_before_a_road_still_kept() -> None:
    out = _masked("地址是上海市黄浦区淮海中路八号")
    assert "黄浦区" in out and "淮海" not in out


@pytest.mark.parametrize(
    ("ask", "answer", "masked"),
    [
        ("您家住哪", "枫林绿洲 九栋", "<ADDRESS>"),  # a compound name without its suffix
        ("您家住哪", "朝阳区 九栋", "朝阳区 <ADDRESS>"),  # a district stays
        ("地址呢", "北京 九栋", "北京 <ADDRESS>"),  # a city stays
        ("您家住哪", "我家 九栋", "我家 <ADDRESS>"),  # not a name
        ("请问还有什么问题", "就是 九栋", "就是 九栋"),  # no question, no cue
    ],
)
def test_address_compound_name_said_before_the_building(ask: str, answer: str, masked: str) -> None:
    red, _ = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    assert red[1].text == masked


@pytest.mark.parametrize(
    ("ask", "answer", "masked"),
    [
        ("住哪个小区", "万科城", "<ADDRESS>"),  # a compound's name alone
        ("嗯 哪个小区", "翠湖湾", "<ADDRESS>"),
        ("您好 请问您住在哪里", "滨江路", "<ADDRESS>"),  # 住在哪 asks too
        ("几号房", "两千八百零六", "<ADDRESS>"),  # a room said with 千/百
        ("您住哪个小区", "不知道", "不知道"),  # not a name
        ("哪个小区", "忘记了", "忘记了"),
        ("住哪个小区", "我们小区", "我们小区"),
        ("您住在哪", "杭州", "杭州"),  # a city stays
        ("您住在哪", "朝阳区", "朝阳区"),  # a district stays
        ("请问还有什么问题", "万科城", "万科城"),  # nobody asked
    ],
)
def test_address_name_alone_answering_the_question(ask: str, answer: str, masked: str) -> None:
    red, _ = redact_turns([Turn("agent", ask), Turn("customer", answer)])
    assert red[1].text == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # ASR spaces between the road and its spoken number, and a corrected number
        ("我是在 金桥路 六百八十八号 不是 六百六十八号", "我是在 <ADDRESS>"),
        ("我家在 人民路 一百号", "我家在 <ADDRESS>"),
        ("我住 阳光花园 三栋 不对 五栋 二零一", "我住 <ADDRESS>"),
        # a count of people, no road before it
        ("打了 三百号 人", "打了 三百号 人"),
        ("三栋 不是 很高", "三栋 不是 很高"),
        # a unit named by its side (东单元), alone it stays
        ("我住阳光花园三栋东单元502", "我住<ADDRESS>"),
        ("东单元门口有个超市吗", "东单元门口有个超市吗"),
    ],
)
def test_address_spoken_road_number_after_a_space_and_corrections(text: str, masked: str) -> None:
    assert redact_text(text).text == masked


@pytest.mark.parametrize(
    "text",
    [
        "您可以拨打信用卡中心 400 820 8820 咨询",
        "您可以拨打信用卡中心400 820 8820咨询",
        "有问题打客户服务中心 800-830-8888",
        "信用卡中心 95 588 也可以查",
    ],
)
def test_address_service_number_after_a_centre_kept(text: str) -> None:
    # a hotline or service number in groups after 中心 is no house number
    assert _masked(text) == text


def test_address_bare_numbers_after_a_compound_still_masked() -> None:
    masked = _masked("我住阳光花园 12 3 502")
    assert "阳光花园" not in masked and "502" not in masked


def test_address_dashed_unit_numbers_that_read_like_a_hotline_still_masked() -> None:
    # 9-5-123 joined reads 95123 (a short service number) but dashes make it a building
    assert "123" not in _masked("地址是北苑街道现代城市花园9-5-123")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("地址是华贸中心 3 栋 1201", "3 栋"),
        ("我住在幸福小区 5 号楼 302", "5 号楼"),
        ("我住阳光花园3 栋2单元1201", "3 栋"),
    ],
)
def test_address_number_and_unit_apart_by_a_space_masked(text: str, secret: str) -> None:
    # chat typing and word-segmented ASR put a space between a number and its unit
    masked = _masked(text)
    assert secret not in masked and "<ADDRESS>" in masked


@pytest.mark.parametrize("text", ["我有 3 张卡 5 号 还款", "工号 1023 号 为您服务"])
def test_address_spaced_numbers_without_a_place_kept(text: str) -> None:
    assert _masked(text) == text


@pytest.mark.parametrize(
    ("turns", "secret"),
    [
        (
            (
                ("agent", "请问需要预约上门吗"),
                ("customer", "对 我住在 碧桂园凤凰城 三期 十八栋二单元 一零零三"),
            ),
            "三期",
        ),
        ((("agent", "您家具体地址"), ("customer", "阳光花园 二期")), "二期"),
        ((("agent", "您住哪个小区几期"), ("customer", "万科城 三期")), "三期"),
    ],
)
def test_address_phase_of_a_compound_masked(turns, secret: str) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert secret not in redacted[-1].text


@pytest.mark.parametrize(
    "turns",
    [
        (("agent", "您要分几期"), ("customer", "十二期吧")),
        (("agent", "您想分几期还款"), ("customer", "分二十四期")),
        (
            ("agent", "您要办分期是吧"),
            ("customer", "对"),
            ("agent", "几期啊"),
            ("customer", "十二期"),
        ),
        (("agent", "请问有什么可以帮您"), ("customer", "我还有三期没还")),
    ],
)
def test_address_installments_are_no_phase(turns) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert redacted[-1].text == turns[-1][1]


@pytest.mark.parametrize(
    ("turns", "expected"),
    [
        (
            (
                ("agent", "请问需要预约上门吗"),
                ("customer", "对 我住在 碧桂园凤凰城 十八栋二单元 一零零三"),
                ("agent", "是 一千零三 对吧"),
            ),
            "是 <ADDRESS> 对吧",
        ),
        (
            (("agent", "您的地址"), ("customer", "阳光花园5栋1003"), ("agent", "1003是吗")),
            "<ADDRESS>是吗",
        ),
        # no address before: an amount read back stays
        (
            (("agent", "您好"), ("customer", "我要查一笔一千三的消费"), ("agent", "一千三是吗")),
            "一千三是吗",
        ),
        (
            (
                ("agent", "您的地址"),
                ("customer", "阳光花园5栋1003"),
                ("agent", "好的 一千块的那笔是吧"),
            ),
            "好的 一千块的那笔是吧",
        ),
    ],
)
def test_address_room_number_read_back_by_the_agent(turns, expected: str) -> None:
    redacted, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert redacted[-1].text == expected


def test_address_block_letter_and_room_after_a_building_masked() -> None:
    masked = _masked("住 成都 高新区 天府三街 199号 太平洋保险金融大厦 A区 1503")
    assert "1503" not in masked and "A区" not in masked


@pytest.mark.parametrize(
    "text", ["停车场在B区", "这个是3区的问题吗", "我是华东区的客户", "第二区域"]
)
def test_address_zone_words_without_an_address_kept(text: str) -> None:
    assert _masked(text) == text


def test_address_building_name_between_the_house_number_and_the_block_masked() -> None:
    turns, _ = redact_turns(
        [
            Turn("agent", "新的家庭住址是"),
            Turn("customer", "江宁区 秣陵街道 天元东路 三九一号 金鹰世界 C座 一八零六"),
        ]
    )
    assert turns[1].text == "江宁区 <ADDRESS>"
    # a phrase with a function word between two parts is not a building's name
    assert "谢谢你" in _masked("我住阳光花园5栋 谢谢你 3楼")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a compound named without a suffix, before its phase (江南 inside it is no district)
        ("深圳龙华 民治 梅龙路 那个 锦绣江南四期 十二栋 两单元 二零三", "锦绣江南"),
        ("好的 锦绣江南四期十二栋二单元二零三 对吧", "锦绣江南"),
        ("我住锦绣江南四期十二栋两单元二零三", "锦绣江南"),
    ],
)
def test_address_compound_name_before_its_phase_masked(text: str, expected: str) -> None:
    out = redact_text(text).text
    assert "<ADDRESS>" in out and expected not in out


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("杭州西湖区4期12栋", "杭州西湖区"),  # a full district name before the phase stays
        ("那个楼盘四期 十二栋的", "楼盘"),
        ("分四期还款 每期八百", "分四期还款 每期八百"),
        ("我的贷款还了四期 还剩十二期", "我的贷款还了四期 还剩十二期"),
    ],
)
def test_address_phase_keeps_divisions_and_plain_words(text: str, kept: str) -> None:
    assert kept in redact_text(text).text


def test_address_compound_answered_by_name_and_phase_asked_next() -> None:
    # 金地格林: the NER reads it as an organisation while its characters' parts of speech are
    # a name and a particle; 几期啊 asks on about the same address while its window is open
    turns, _ = redact_turns(
        [
            Turn("agent", "您是哪个小区"),
            Turn("customer", "金地格林"),
            Turn("agent", "几期啊"),
            Turn("customer", "四期"),
        ]
    )
    assert [t.text for t in turns[1::2]] == ["<ADDRESS>", "<ADDRESS>"]


@pytest.mark.parametrize(
    "turns",
    [
        [("agent", "您要分几期"), ("customer", "十二期")],
        [
            ("agent", "您的地址是"),
            ("customer", "阳光花园"),
            ("agent", "那您这笔分几期"),
            ("customer", "十二期吧"),
        ],
        [("agent", "您是哪个小区"), ("customer", "不知道")],
    ],
)
def test_address_instalments_and_non_answers_kept(turns: list[tuple[str, str]]) -> None:
    out, _ = redact_turns([Turn(s, t) for s, t in turns])
    assert out[-1].text == turns[-1][1]


def test_campus_area_and_dormitory_names_between_road_and_building_are_masked() -> None:
    text = "武汉市洪山区 珞喻路 华中师范大学 东区 宿舍 三栋 四零二"
    red = redact_text(text)
    assert red.text == "武汉市洪山区 <ADDRESS>"
