"""Escalation signals from pipelines/severity.yaml: what fires, what negation cancels."""

from __future__ import annotations

import pytest

from triage.classify.signals import SignalDetector
from triage.config import PIPELINES_DIR
from triage.errors import ConfigError
from triage.schema import Turn


@pytest.fixture(scope="module")
def detector() -> SignalDetector:
    return SignalDetector.from_file(PIPELINES_DIR / "severity.yaml")


def _facts(detector, text, intent=None, segment=None, speaker="customer"):
    hits, facts = detector.detect([Turn(speaker, text)], intent, segment)
    return {h.fact for h in hits}, facts


@pytest.mark.parametrize(("text", "fact"), [
    ("我的卡被盗刷了，刷了两千", "funds_at_risk"),
    ("不是我刷的，卡一直在我身上", "funds_at_risk"),
    ("他让我开了共享屏幕，还报了验证码", "funds_at_risk"),
    ("再不处理我就打12378", "regulator_threat"),
    ("我去人民银行投诉你们", "regulator_threat"),
    ("我要发到网上曝光你们", "media_threat"),
    ("我已经找律师了，我们法院见", "court_threat"),
    ("这是我第三次打电话了", "repeat_contact"),
    ("上周就反映过，一直没人处理", "repeat_contact"),
    ("我已经打了三次电话了还没解决", "repeat_contact"),
    ("这个事我来了两趟了", "repeat_contact"),
    ("理财经理说保本的结果亏了我要找监管", "regulator_threat"),
    ("我要投诉你们的柜员", "complaint"),
    ("钱没了我也不想活了", "life_threat"),
])
def test_signals_fire(detector, text, fact):
    fired, facts = _facts(detector, text)
    assert fact in fired
    assert facts[fact] is True


@pytest.mark.parametrize(("text", "fact"), [
    ("我不是要投诉啊，就是问问", "complaint"),
    ("我不是来投诉的", "complaint"),
    ("没被骗，就是自己转错了", "funds_at_risk"),
    ("我怕被盗刷，想问问怎么设置", "funds_at_risk"),
    ("人民银行的存款利率是多少", "regulator_threat"),
    ("第一次用你们的APP", "repeat_contact"),
    ("他让我把钱转到监管账户", "regulator_threat"),
    ("我打了一次就通了", "repeat_contact"),
    ("三次密码输错了", "repeat_contact"),
])
def test_signals_negated_or_absent(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact not in fired


def test_signals_only_customer_speech_counts(detector):
    fired, _ = _facts(detector, "如果您要投诉可以拨打热线", speaker="agent")
    assert "complaint" not in fired


def test_signals_vulnerable_customer_needs_a_loss(detector):
    fired, facts = _facts(detector, "我想问问定期利率", segment="elderly")
    assert facts["vulnerable_customer"] is True and "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "我的养老钱被骗了五万", segment="elderly")
    assert "vulnerable_loss" in fired


def test_signals_large_amount_only_in_loss_or_dispute(detector):
    fired, facts = _facts(detector, "被转走了二十万", intent="fraud_report")
    assert "large_amount" in fired and facts["max_amount"] == 200000
    fired, facts = _facts(detector, "二十万存三年利息多少", intent="product_inquiry")
    assert facts["large_amount"] is True and "large_amount" not in fired


def test_signals_bad_config_names_the_item():
    with pytest.raises(ConfigError, match=r"signals\[0\]"):
        SignalDetector({"signals": [{"fact": "x", "level": "P9", "reason": "r",
                                     "patterns": ["a"]}]})
    with pytest.raises(ConfigError, match="regex"):
        SignalDetector({"signals": [{"fact": "x", "level": "P1", "reason": "r",
                                     "patterns": ["(unclosed"]}]})


@pytest.mark.parametrize(("text", "fact"), [
    ("你 们 乱 扣 我 年 费 我 要 打 一 二 三 七 八", "regulator_threat"),
    ("我要打幺二三七八", "regulator_threat"),
    ("卡 被 盗 刷 了 刚 刚 两 笔", "funds_at_risk"),
])
def test_signals_read_asr_spaced_speech(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact in fired


def test_signals_bank_fee_dispute_is_not_theft(detector):
    fired, facts = _facts(detector, "不是我消费的，是你们扣的年费，给我退了")
    assert "funds_at_risk" not in fired and facts["funds_at_risk"] is False
    # the same words without a bank charge nearby stay theft
    fired, _ = _facts(detector, "不是我消费的，卡一直在我身上")
    assert "funds_at_risk" in fired


def test_signals_followup_on_old_theft_is_p3_unless_ongoing(detector):
    text = "上个月被盗刷的三千，你们说调查，到现在没结果"
    hits, facts = detector.detect([Turn("customer", text)])
    levels = {h.fact: h.level for h in hits}
    assert levels.get("past_loss") == "P3" and "funds_at_risk" not in levels
    assert facts["past_loss"] is True and facts["funds_at_risk"] is False
    hits, facts = detector.detect([Turn("customer", "上个月被盗刷过一次，刚刚又被刷了两千")])
    assert {h.fact for h in hits} >= {"funds_at_risk"} and facts["past_loss"] is False


def test_signals_someone_elses_story_is_not_a_report(detector):
    fired, _ = _facts(detector, "听说隔壁老王的卡被盗刷了，我的卡安全吗")
    assert "funds_at_risk" not in fired


def test_signals_bad_followup_config_names_the_item():
    with pytest.raises(ConfigError, match=r"signals\[0\].followup"):
        SignalDetector({"signals": [{"fact": "x", "level": "P1", "reason": "r", "patterns": ["a"],
                                     "followup": {"fact": "y", "level": "P2"}}]})


def _sample_chats() -> list[list[Turn]]:
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    chats = []
    for path in (root / "data_samples" / "chats.jsonl", root / "data_samples" / "calls.jsonl",
                 root / "eval" / "bench" / "chats.jsonl"):
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                chats.append([Turn(t["speaker"], t.get("text") or "") for t in rec["turns"]])
    return chats


def test_signals_memo_of_a_growing_chat_gives_what_a_fresh_detection_gives(detector):
    """The live hook's per-chat memo: same hits and facts as without it, message by message."""
    chats = _sample_chats()
    assert chats
    intents = [None, "fraud_report", "complaint", "transaction_inquiry"]
    segments = [None, "elderly", "retail", "vip"]
    fired = reused = 0
    for c, chat in enumerate(chats):
        memo: dict = {}
        for n in range(1, len(chat) + 1):
            # intent and segment change while the chat goes on (the model's label can)
            intent, segment = intents[(c + n // 3) % 4], segments[(c + n // 5) % 4]
            before = dict(memo.get("rules", {}))
            got = detector.detect(chat[:n], intent, segment, memo=memo)
            assert got == detector.detect(chat[:n], intent, segment)
            fired += bool(got[0])
            reused += sum(before.get(k) is v for k, v in memo["rules"].items())
    assert fired > 0 and reused > 0  # signals fired, and rule outcomes were reused


@pytest.mark.parametrize("text", [
    "好的，我为您提交重复扣款的差错处理，多扣的钱会退回",
    "我这边先登记一下，三个工作日内给您回电",
    "已为您提交核查工单，请耐心等待",
    "我 马上 帮您 冻结 卡片",
    "您别急，我先帮您做个临时挂失",
])
def test_signals_agent_work_order_is_at_least_p3(detector, text):
    hits, facts = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("work_order") == "P3"
    assert facts["work_order"] is True


@pytest.mark.parametrize(("text", "speaker"), [
    ("挂失的话您带身份证到网点解挂就可以继续使用", "agent"),       # explains, takes nothing on
    ("宽限期内还款不会上报逾期", "agent"),
    ("信用卡销卡我这边可以帮您申请，请先还清欠款", "agent"),         # an offer
    ("感谢您的认可，我为您登记表扬", "agent"),                       # a compliment
    ("您在网银上预约以后，网点会在一个工作日内联系您确认时间", "agent"),  # a process described
    ("你们赶紧为我提交工单", "customer"),                            # only the agent commits
])
def test_signals_agent_work_order_needs_a_commitment(detector, text, speaker):
    fired, _ = _facts(detector, text, speaker=speaker)
    assert "work_order" not in fired


@pytest.mark.parametrize("text", [
    "上周打过你们电话，有个客服帮了我大忙，想表扬她",
    "上次跟你们经理说过想买点黄金，现在什么价",
    "卡之前挂失了，现在又找到了，还能用吗",
])
def test_signals_earlier_contact_without_an_open_problem_is_not_repeat(detector, text):
    fired, _ = _facts(detector, text)
    assert "repeat_contact" not in fired


@pytest.mark.parametrize("text", [
    "上周打过电话，说好给我回电，到现在没人理",
    "我 又 打 来 了，还是 那个 退款 的 事",
])
def test_signals_earlier_contact_with_the_problem_open_is_repeat(detector, text):
    fired, _ = _facts(detector, text)
    assert "repeat_contact" in fired


def test_signals_followup_reads_spoken_week_and_month_spans(detector):
    for text in ("我妈上个礼拜被人骗了两万，钱已经没了，报了警",
                 "两个月前被骗转走三万，想问问能不能追回"):
        hits, facts = detector.detect([Turn("customer", text)])
        assert facts["past_loss"] is True and facts["funds_at_risk"] is False, text


def test_signals_elderly_asking_about_a_charge_is_not_a_loss(detector):
    fired, _ = _facts(detector, "我 存折 上 怎么 少了 一百二 是不是 你们 扣的", segment="elderly")
    assert "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "我 存折 上 少了 一百二 我 没 取过", segment="elderly")
    assert "vulnerable_loss" in fired


def test_signals_stolen_phone_with_the_bank_app_signed_in_is_money_at_risk(detector):
    fired, _ = _facts(detector, "我 手机 被偷了 手机银行 还 登 着")
    assert "funds_at_risk" in fired
    fired, _ = _facts(detector, "手机丢了，想问问手机银行怎么换绑新手机")
    assert "funds_at_risk" not in fired


@pytest.mark.parametrize("text", [
    "您那笔汇款已于昨天下午入账，请对方刷新一下",
    "商户退款按原路退回，通常三到五个工作日到账，目前还在退款周期内",
    "您今天补上不会影响征信，也不收滞纳金",
    "这是法院办理的冻结，我们不能自行解除，请联系执行法院",
    "这笔是您开通的音乐会员每月续费",
])
def test_signals_agent_answer_on_the_spot_is_answered(detector, text):
    hits, facts = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"
    assert facts["answered"] is True


@pytest.mark.parametrize(("text", "speaker"), [
    ("钱已经到账了吗", "customer"),                                   # only the agent answers
    ("这是诈骗，钱已经转走了，我马上为您止付", "agent"),              # fraud talk nearby
    ("我为您提交退款申请，审核后退回", "agent"),                      # work to do, no answer
])
def test_signals_answered_needs_the_agents_answer(detector, text, speaker):
    fired, _ = _facts(detector, text, speaker=speaker)
    assert "answered" not in fired


@pytest.mark.parametrize(("text", "fact"), [
    ("这个事吧，说起来也算不上投诉，我就想问问手续费", "complaint"),
    ("谈不上投诉，就是不太明白", "complaint"),
    ("我可不是要起诉你们，就问问怎么弄", "court_threat"),
    ("我们没想打官司，就想把事说清楚", "court_threat"),
    ("上回我差点被骗，还好没转", "funds_at_risk"),
    ("柜员拦住了，要不然十万块就被骗走了", "funds_at_risk"),
    ("我上次投诉的那个问题已经解决了，打来说一声", "complaint"),
])
def test_signals_denied_or_averted_do_not_fire(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact not in fired


@pytest.mark.parametrize(("text", "fact"), [
    ("我们下周就去法院起诉你们", "court_threat"),
    ("我妈差点急哭了，钱被骗走了三万", "funds_at_risk"),
    ("上次投诉的事到现在都没解决，我还要投诉", "complaint"),
])
def test_signals_fire_beside_a_denial_elsewhere(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact in fired


def test_signals_averted_loss_is_no_vulnerable_loss(detector):
    fired, _ = _facts(detector, "多亏网点的人拦着，不然我的养老钱就没了", segment="elderly")
    assert "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "我的养老钱没了，被人骗走了", segment="elderly")
    assert "vulnerable_loss" in fired


@pytest.mark.parametrize("text", [
    "您的贷款今天已自动扣款成功，不用再操作",
    "这是您开通的账户变动提醒服务费，每月两元",
    "您可以在手机银行设置里调整每日转账限额",
])
def test_signals_agent_answer_on_the_spot_more_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    "您这笔报销款已经在前天到账了",
    "那笔退货款已经于5号退回到您卡上",
    "建议您和收款人确认一下账号，核对无误后重新转账",
    "您带上身份证去附近网点柜台改一下就可以了",
    "绑定的邮箱可以在手机银行的个人设置里改",
])
def test_signals_agent_answer_on_the_spot_twelfth_session_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    # lifting a freeze, replacing or collecting a card at the branch is back-office work
    "请您携带身份证到开户网点核实后解除限制就可以",
    "您带身份证到网点领取被吞的卡就可以",
    "请带上证件去网点补卡即可",
])
def test_signals_branch_visit_for_back_office_work_is_not_answered(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize(("text", "fact"), [
    ("本来都想打12378了，算了算了，先问问这个怎么弄", "regulator_threat"),
    ("我真想去人民银行告你们，开玩笑的，你先帮我看看", "regulator_threat"),
    ("气得我想起诉你们了 说说而已 这个能不能退", "court_threat"),
    ("我想投诉你们的，算了吧，懒得弄了", "complaint"),
])
def test_signals_threat_taken_back_at_once_does_not_fire(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact not in fired


@pytest.mark.parametrize(("text", "fact"), [
    ("算了不跟你废话了，我现在就打12378", "regulator_threat"),
    ("我要去监管局投诉，算了，跟你们说了也白说", "regulator_threat"),
])
def test_signals_threat_after_or_beside_a_算了_still_fires(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact in fired


def test_signals_bank_calling_again_is_not_a_repeat_contact(detector):
    fired, _ = _facts(detector, "你们的人昨天又打电话来催我还钱")
    assert "repeat_contact" not in fired
    fired, _ = _facts(detector, "这事我又打来问了一遍，还是没动静")
    assert "repeat_contact" in fired


def test_signals_money_gone_with_a_company_that_fled_is_a_loss(detector):
    fired, _ = _facts(detector, "那家投资公司老板跑路了，钱都要不回来", segment="elderly")
    assert "vulnerable_loss" in fired


def test_signals_large_old_loss_chased_again_is_a_followup(detector):
    fired, facts = _facts(
        detector, "去年十月被人骗走了八万块，报了案一直没结果", intent="fraud_report"
    )
    assert facts["past_loss"] is True and "large_amount" not in fired
    fired, _ = _facts(detector, "刚刚被骗转了八万块", intent="fraud_report")
    assert "large_amount" in fired


@pytest.mark.parametrize("text", [
    "对方让我把验证码报给他，我没给他，直接挂了",
    "他一直催我转账，还好没转，这个号码你们记一下",
    "卡里的钱一分都没动，就是收到个奇怪的短信",
])
def test_signals_no_money_moved_is_no_loss(detector, text):
    fired, facts = _facts(detector, text)
    assert facts["no_loss"] is True and "funds_at_risk" not in fired


def test_signals_no_loss_does_not_hide_a_loss(detector):
    fired, facts = _facts(detector, "我没转过账，卡里却少了三千")
    assert facts["no_loss"] is False and "funds_at_risk" in fired


@pytest.mark.parametrize("text", [
    "查到您今早还的2,000元已入账，这期已经还清了",
    "您的逾期欠款已结清，不会再有催收提醒",
    "这是检察院的冻结，我行没有权限解冻，需要您联系检察院",
    "结汇您可以在手机银行外汇频道直接办理",
    "您在卡片设置里把境外交易打开就可以了",
    "明年一月一日重定价后月供会自动调整，不用您去办",
    "销户请您本人带身份证和卡到网点柜台办理",
])
def test_signals_agent_answer_on_the_spot_thirteenth_session_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    # the bank's own work or a freeze the bank lifts stay back-office
    "请您带身份证到网点办理解冻",
    "您的还款我们还在核实，入账后通知您",
    "对方冒充客服骗您转的款已入账到对方卡上，我马上帮您止付",
])
def test_signals_back_office_or_fraud_is_not_answered_thirteenth_session(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "有人打电话说能帮我提额到八万，要我报验证码，我没理他",
    "我信用卡额度才两万，想问下能不能提高一点",
    "把转账限额调到五十万要去网点吗",
])
def test_signals_a_credit_line_or_limit_is_no_large_amount(detector, text):
    fired, facts = _facts(detector, text, intent="fraud_report")
    assert "large_amount" not in fired


def test_signals_money_beside_a_limit_still_counts(detector):
    fired, facts = _facts(detector, "额度两万的卡被人刷了六万八，还在刷", intent="fraud_report")
    assert "large_amount" in fired and facts["max_amount"] == 68000


def test_signals_asking_the_bank_to_get_money_back_is_a_loss(detector):
    fired, _ = _facts(detector, "我爸投的那个平台关了，能不能帮忙把钱追回来", segment="elderly")
    assert "vulnerable_loss" in fired
    fired, _ = _facts(detector, "转账怎么追回来，我还没转，就先问问", segment="elderly")
    assert "vulnerable_loss" not in fired


@pytest.mark.parametrize("text", [
    "您的大额存单本息已经回到您那张借记卡上了",
    "这笔您选的是普通到账，会在明天上午到账",
    "打开手机银行-我的-账户设置-交易限额，往上调就可以了",
    "逾期部分按日计息，所以才会产生罚息",
    "这期结清以后就不会再产生利息了",
    "网点的营业时间调整建议您留意我们官网的公告",
])
def test_signals_agent_answer_on_the_spot_s14_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    "您在手机银行-卡片管理-挂失，先做个临时挂失",         # a loss report started in the app
    "冻结的话在手机银行-安全中心-解冻里提交申请，等审核",  # a freeze lifted by the bank
    "退款会在三到七个工作日内退回",                         # working days: not a named day
    "这是诈骗，钱会在明天到账到对方卡上，我马上帮您止付",   # fraud talk nearby
])
def test_signals_back_office_or_fraud_is_not_answered_s14(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "分期已为您办理成功，首期手续费会在下个账单收取",  # done on the spot
    "有需要帮您登记一下吗？",                            # an offer put as a question
    "要不要我为您提交一个申请？",
])
def test_signals_work_done_on_the_spot_or_offered_is_no_work_order(detector, text):
    fired, _ = _facts(detector, text, speaker="agent")
    assert "work_order" not in fired


@pytest.mark.parametrize("text", [
    "好的，我帮您提交，您看可以吗",          # a question after the commitment keeps it
    "已为您办理挂失，新卡七个工作日内寄出",
])
def test_signals_work_order_with_a_question_after_still_fires(detector, text):
    fired, _ = _facts(detector, text, speaker="agent")
    assert "work_order" in fired


@pytest.mark.parametrize("text", [
    "柜员说又不是我弄坏的机器，你找别人去",
    "那个预约又不是我取消的，怎么算我爽约",
])
def test_signals_an_excuse_for_damage_is_no_theft(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" not in fired


def test_signals_a_charge_nobody_made_is_still_theft(detector):
    fired, _ = _facts(detector, "这两笔不是我弄的，卡一直在我钱包里")
    assert "funds_at_risk" in fired


@pytest.mark.parametrize("text", [
    "加油站只加了一次油，账单上扣了两笔三百",
    "水费这个月重复扣款了，你们看看",
])
def test_signals_a_charge_taken_twice_is_a_disputed_charge(detector, text):
    fired, facts = _facts(detector, text)
    assert facts["disputed_charge"] is True and "funds_at_risk" not in fired


@pytest.mark.parametrize("text", [
    "我怕自动还款会重复扣，要不要先关掉",     # a worry, not a dispute
    "没有重复扣款吧，我看一下",
    "年费一年只扣一次对吧",
])
def test_signals_no_disputed_charge_without_one_taken_twice(detector, text):
    _, facts = _facts(detector, text)
    assert facts["disputed_charge"] is False


@pytest.mark.parametrize("text", [
    "拿上户口本和身份证到任意网点柜台更改一下户籍地址",    # a detail changed at the counter
    "也可以通过手机银行刷脸后自己修改预留信息",            # or by the customer in the app
    "您的新卡目前在派送中，快递员会电话联系您",            # where the card is now
    "对账单已经寄出了，这两天就能收到",
    "把逾期的两千三还上以后就能恢复正常使用",              # what settles an overdue
])
def test_signals_agent_answer_on_the_spot_fourteenth_session_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    "带身份证到网点冻结后再更改",                    # a freeze at the counter stays back-office
    "我们会在七个工作日内把新卡寄出",                # to be sent: work to follow
    "逾期还上以后征信记录还会保留五年",             # no restoring said
])
def test_signals_not_answered_fourteenth_session(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "噢噢，那就对了，是我女儿用我手机付的",
    "原来如此，是年费啊，明白",
    "我想起来了，上个月开了个视频会员",
    "我还以为是不认识的人转的，原来是这样",        # the question before it is what it settles
])
def test_signals_customer_recognising_the_answer_is_understood(detector, text):
    fired, facts = _facts(detector, text)
    assert "understood" in fired and facts["understood"] is True


@pytest.mark.parametrize("text", [
    "我想起来了，可我从来没订过这个会员",          # a denial after it
    "原来是这样，那钱还没到账怎么办",              # the problem is still open
    "原来如此，我被骗子骗了",                      # fraud talk near it
    "我没想起来是什么时候开的",                    # negated
])
def test_signals_not_understood_with_a_problem_after_it(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" not in fired


@pytest.mark.parametrize("text", [
    "我已经跑了两趟网点了，证明也交了，到现在还没解决",
    "去过银行一次了，还是不给我解冻",
])
def test_signals_earlier_branch_visit_with_the_problem_open_is_repeat(detector, text):
    fired, _ = _facts(detector, text)
    assert "repeat_contact" in fired


@pytest.mark.parametrize("text", [
    "我去过网点了，柜员说可以在手机上办",           # nothing left open
    "我去了网点一次就办好了",
])
def test_signals_earlier_branch_visit_settled_is_no_repeat(detector, text):
    fired, _ = _facts(detector, text)
    assert "repeat_contact" not in fired


@pytest.mark.parametrize("text", [
    "亲戚家前阵子被人骗走八万，我想问问怎么防",
    "同事的卡昨天被盗刷了，我的要不要换",
])
def test_signals_a_neighbour_or_colleagues_loss_is_not_a_report(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" not in fired


def test_signals_own_loss_beside_a_neighbour_still_fires(detector):
    fired, _ = _facts(detector, "邻居家的孩子帮我报的警，我的卡被盗刷了")
    assert "funds_at_risk" in fired


@pytest.mark.parametrize("text", [
    "我行只是协助执行，不能自行解除，请您联系冻结机关",        # what the bank cannot do on its own
    "行内转账到账一般在两个小时内，请您稍后再看",            # arrival time named after 到账
    "您打开手机银行首页点我的，然后点设置，再点登录方式",     # a menu path told in words
    "好的，您的登录密码已经修改成功了",                     # a setting changed there and then
])
def test_signals_agent_answer_on_the_spot_s16_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    "在手机银行首页点卡片，然后点挂失，新卡要七个工作日",     # a loss report started in the app
    "您的卡已经挂失成功了，补卡要到网点",                   # a loss report is no setting
    "我们这边暂时不能解冻，需要您补交材料",                 # not 自行: the bank's own review
])
def test_signals_back_office_is_not_answered_s16(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "我倒没事，就怕我奶奶哪天接到这种电话上当",
    "担心家里老人以后也会被人骗",
])
def test_signals_a_worry_for_someone_further_back_is_a_hedge(detector, text):
    fired, _ = _facts(detector, text, segment="retail")
    assert "funds_at_risk" not in fired and "vulnerable_loss" not in fired


def test_signals_a_loss_in_a_clause_of_its_own_after_a_worry_still_fires(detector):
    fired, _ = _facts(detector, "我一直怕这种事，结果今天还是被骗了三千")
    assert "funds_at_risk" in fired


def test_signals_an_old_scam_told_in_dialect_is_a_followup(detector):
    hits, facts = detector.detect(
        [Turn("customer",
              "我前几个月被人给忽悠了，先转了五千，后来又转了一万，人找不着了，我这是被骗了吧")])
    assert facts["past_loss"] is True and facts["funds_at_risk"] is False
    assert "past_loss" in {h.fact for h in hits}


def test_signals_a_new_charge_after_an_old_scam_is_ongoing(detector):
    _, facts = detector.detect(
        [Turn("customer", "上个月被人骗了，今天卡里又扣了两百")])
    assert facts["funds_at_risk"] is True and facts["past_loss"] is False


def test_signals_customer_saying_it_is_fine_after_all_is_understood(detector):
    fired, _ = _facts(detector, "哦是我自己开的自动续费，那没事了")
    assert "understood" in fired


@pytest.mark.parametrize("text", [
    "好的我明白了，谢谢",
    "哦 知道了 那我月底前还上",
    "刷新了一下，现在可以登录了",
    "重启手机以后能正常转账了",
    "在设置里调好了",
    "哦哦这是我上个月办的那个会员扣的",
])
def test_signals_an_answer_taken_or_a_fault_gone_is_understood(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" in fired


@pytest.mark.parametrize("text", [
    "现在全单位都知道了我欠钱",          # others know: no answer taken
    "还是不能登录了",                    # the fault is still there
    "现在能用了吗",                      # a question
    "这笔不是我办的，我根本没开过",      # a denial
    "能登录了，但是余额不对",            # an open problem after it
    "知道了，是骗子冒充你们",            # fraud talk near it
])
def test_signals_an_open_problem_is_not_understood(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" not in fired


def test_signals_understood_beside_a_fraud_ruled_out_still_holds(detector):
    fired, _ = _facts(detector, "原来是我去年订的会员续费，那不是被盗刷")
    assert {"understood", "fraud_ruled_out"} <= fired


@pytest.mark.parametrize("text", [
    "那就不是被骗，是我自己转多了",
    "这不是盗刷，是我老婆用我的卡买的",
    "搞清楚了，不是诈骗",
])
def test_signals_a_fraud_ruled_out_by_the_customer(detector, text):
    fired, _ = _facts(detector, text)
    assert "fraud_ruled_out" in fired


@pytest.mark.parametrize("text", [
    "我这是不是被骗了",                  # a question
    "这不是诈骗吗",
    "这不是骗子是什么",                  # rhetorical: fraud asserted
    "不是被骗，是卡被人盗刷了",          # a correction to another fraud
    "不是被盗刷，而是账户被人登录了",
])
def test_signals_a_question_or_another_fraud_rules_nothing_out(detector, text):
    fired, _ = _facts(detector, text)
    assert "fraud_ruled_out" not in fired


@pytest.mark.parametrize("text", [
    "柜员帮我爸找回了被骗的两万，特意来表扬一下",
    "被盗刷的钱已经全额退回了，谢谢你们",
])
def test_signals_money_already_got_back_is_no_loss_now(detector, text):
    fired, facts = _facts(detector, text)
    assert "funds_at_risk" not in fired and "past_loss" not in fired


def test_signals_praise_for_money_got_back_is_praise(detector):
    fired, _ = _facts(detector, "营业部的小李帮我妈追回了被骗的钱，想送面锦旗")
    assert "praise" in fired


@pytest.mark.parametrize("text", [
    "刚被骗了八千，能追回来吗",           # asking to get it back: still a loss
    "被骗的钱还没追回来",
])
def test_signals_money_not_yet_got_back_is_still_a_loss(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" in fired or "past_loss" in fired


def test_signals_praise_beside_a_fraud_still_cancelled(detector):
    fired, _ = _facts(detector, "给你们点赞，不过我刚才好像被骗了")
    assert "praise" not in fired


@pytest.mark.parametrize("text", [
    "房东把我告了，我得先找律师咨询一下",
    "账户被司法冻结了，我们找律师问问怎么办",
    "是合作方起诉我们的，我去找律师",
])
def test_signals_a_lawyer_for_someone_elses_lawsuit_is_no_threat(detector, text):
    fired, _ = _facts(detector, text)
    assert "court_threat" not in fired


@pytest.mark.parametrize("text", [
    "你们再不给解决，我就找律师告你们",
    "我们已经请律师了，法院见",
])
def test_signals_a_lawyer_against_the_bank_is_still_a_threat(detector, text):
    fired, _ = _facts(detector, text)
    assert "court_threat" in fired


@pytest.mark.parametrize("text", [
    "排了半小时队，投诉也算了，赶紧帮我查一下",
    "我都懒得投诉你们，快点办",
])
def test_signals_a_complaint_dismissed_does_not_fire(detector, text):
    fired, _ = _facts(detector, text)
    assert "complaint" not in fired


def test_signals_a_complaint_after_a_dismissal_elsewhere_still_fires(detector):
    fired, _ = _facts(detector, "本来想算了。这次我一定要投诉")
    assert "complaint" in fired


@pytest.mark.parametrize("text", [
    "基金赎回的事需要您直接联系基金公司客服",
    "这个可以在保险公司的官网上申请理赔",
    "您这张卡本期最后还款日是1月9号",
    "本期应还一千二百三十元，最低还款一百二十三元",
    "对方行扣的电报费我行这边无法退还",
])
def test_signals_agent_answer_on_the_spot_fifteenth_session_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


@pytest.mark.parametrize("text", [
    "我们这边会联系商户核实这笔交易",      # the bank's own contact: back-office
    "我马上帮您联系保险公司核实保单",
])
def test_signals_the_bank_contacting_another_party_is_not_answered(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "我这张养老卡每个月都少三十块，不知道扣的啥",
    "女儿说有个会员费月月在收，这钱能要回来吧",
])
def test_signals_elderly_with_a_small_monthly_loss_is_vulnerable_loss(detector, text):
    fired, _ = _facts(detector, text, segment="elderly")
    assert "vulnerable_loss" in fired


def test_signals_elderly_naming_a_minimum_is_no_loss(detector):
    fired, _ = _facts(detector, "大额存单至少两万起存吗", segment="elderly")
    assert "vulnerable_loss" not in fired


@pytest.mark.parametrize("text", [
    "我同事说他投诉过你们的理财经理，我就想问问这款产品风险高不高",
    "听邻居讲人家都去索赔过了，这个险种到底怎么赔",
])
def test_signals_someone_elses_complaint_told_is_no_complaint(detector, text):
    fired, _ = _facts(detector, text)
    assert "complaint" not in fired


def test_signals_own_complaint_beside_someone_elses_still_fires(detector):
    fired, _ = _facts(detector, "他们都投诉过了。我也要投诉你们")
    assert "complaint" in fired


@pytest.mark.parametrize("text", [
    "那我这个月应该没事了",
    "好吧 找到了 在右上角",
    "保费交好了，谢谢",
])
def test_signals_more_forms_of_a_matter_settled_are_understood(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" in fired


@pytest.mark.parametrize("text", ["应该没事吧", "我找了半天都没找到"])
def test_signals_a_question_or_a_search_in_vain_is_not_understood(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" not in fired


def test_signals_a_worry_does_not_reach_past_what_happened_next(detector):
    fired, _ = _facts(detector, "我一直担心被骗结果昨天还是被骗了两千")
    assert "funds_at_risk" in fired


def test_signals_a_belief_proven_wrong_is_no_loss_and_rules_fraud_out(detector):
    fired, _ = _facts(detector, "我还以为卡被盗刷了，原来是我自己绑的")
    assert "funds_at_risk" not in fired and "fraud_ruled_out" in fired


def test_signals_a_belief_then_a_real_loss_still_fires(detector):
    fired, _ = _facts(detector, "我以为你们银行挺安全的卡被盗刷了三千")
    assert "funds_at_risk" in fired and "fraud_ruled_out" not in fired


def test_signals_a_dialect_passive_is_negated_like_被(detector):
    fired, _ = _facts(detector, "不是遭骗了，是拿去给我女儿交学费", segment="elderly")
    assert "funds_at_risk" not in fired and "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "我遭骗了五千块", segment="elderly")
    assert "funds_at_risk" in fired


def test_signals_a_neighbours_scam_is_a_third_party_story(detector):
    fired, _ = _facts(detector, "我邻居刚被骗了八万，我想开个转账提醒")
    assert "funds_at_risk" not in fired


@pytest.mark.parametrize("text", [
    "我也不是想投诉，就是希望别再打了",
    "投诉也就算了，赶紧给我改过来",
])
def test_signals_a_complaint_denied_is_its_own_fact(detector, text):
    fired, facts = _facts(detector, text)
    assert "complaint_denied" in fired and "complaint" not in fired


@pytest.mark.parametrize("text", ["本期保费已缴纳成功", "扣款卡变更成功了"])
def test_signals_a_payment_or_change_done_is_answered(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert {h.fact: h.level for h in hits}.get("answered") == "P4"


def test_signals_covering_unless_cancels_only_the_match_it_contains():
    rule = {"fact": "x", "level": "P2", "reason": "r", "patterns": ["投诉"],
            "unless": {"covering": ["他投诉了"]}}
    det = SignalDetector({"signals": [rule]})
    assert det.detect([Turn("customer", "他投诉了")])[1]["x"] is False
    assert det.detect([Turn("customer", "他投诉了，我也投诉")])[1]["x"] is True
    with pytest.raises(ConfigError, match="covering"):
        SignalDetector({"signals": [{**rule, "unless": {"window": 3}}]})


@pytest.mark.parametrize("text", [
    "我特意打电话来谢谢你们网点那个柜员",
    "专门来感谢一下，我妈差点被人骗了，是你们经理拦下来的",
])
def test_signals_a_call_to_thank_is_praise(detector, text):
    fired, _ = _facts(detector, text)
    assert "praise" in fired


@pytest.mark.parametrize("text", [
    "好的谢谢你们啊",                               # closing a call
    "专门来感谢一下，不过我昨天还是被人骗了两千",   # a loss near it
])
def test_signals_thanks_closing_a_call_or_beside_a_loss_is_no_praise(detector, text):
    fired, _ = _facts(detector, text)
    assert "praise" not in fired


def test_signals_an_amount_in_a_call_to_praise_is_no_large_amount(detector):
    fired, _ = _facts(detector, "特意打电话谢谢你们，要不是柜员拦着八万块就没了",
                      intent="fraud_report")
    assert "praise" in fired and "large_amount" not in fired


# Sixteenth session: trigger words out of context, worry without a loss, settled asking.

def test_signals_money_found_arrived_lifts_an_elderly_loss(detector):
    said = [Turn("customer", "我的工资怎么没了，是不是被你们扣了"),
            Turn("agent", "帮您查到了，中午已经到您的账户上了")]
    hits, facts = detector.detect(said, None, "elderly")
    assert facts["funds_safe"] is True and "vulnerable_loss" not in {h.fact for h in hits}


def test_signals_no_money_moved_lifts_an_elderly_loss(detector):
    said = [Turn("customer", "我妈的存折不见了，钱包也没了"),
            Turn("agent", "我帮您查了，挂失前没有异常交易，钱都在，先给您办临时挂失")]
    hits, facts = detector.detect(said, None, "elderly")
    assert facts["funds_safe"] is True and "vulnerable_loss" not in {h.fact for h in hits}
    fired, _ = _facts(detector, "我爸的存折没了，不过钱没少", segment="elderly")
    assert "no_loss" in fired and "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "我爸的存折没了，里面的钱被人取走了", segment="elderly")
    assert "vulnerable_loss" in fired


@pytest.mark.parametrize("text", [
    "我查了一下，您的资金目前是安全的",
    "您这张卡近期没有任何消费和取款",
])
def test_signals_the_agent_finding_the_money_untouched_is_funds_safe(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "funds_safe" in {h.fact for h in hits}


def test_signals_funds_safe_not_beside_a_loss_or_from_the_customer(detector):
    hits, _ = detector.detect([Turn("agent", "今天没有消费，但昨天那笔已经被转走了")])
    assert "funds_safe" not in {h.fact for h in hits}
    fired, _ = _facts(detector, "我最近没有任何消费，怎么少了两千")
    assert "funds_safe" not in fired


@pytest.mark.parametrize("text", ["行吧，那您给我登记一下", "好的 你帮我提交吧 谢谢"])
def test_signals_accepting_the_handling_offered_is_offer_accepted(detector, text):
    fired, _ = _facts(detector, text)
    assert "offer_accepted" in fired


def test_signals_accepting_with_an_open_grievance_is_no_offer_accepted(detector):
    fired, _ = _facts(detector, "好，你帮我申请，但是这个态度我还是要投诉")
    assert "offer_accepted" not in fired and "complaint" in fired


@pytest.mark.parametrize("text", [
    "我同事讲处理不好就去找人民银行，我就是问一下转账限额",
    "有人说遇到这种事就打一二三七八，真的假的",
    "网上说可以找记者曝光，我不想搞那么大",
])
def test_signals_what_someone_else_says_one_can_do_is_no_threat(detector, text):
    fired, _ = _facts(detector, text)
    assert not fired & {"regulator_threat", "media_threat"}


@pytest.mark.parametrize("text", [
    "邻居说让我打12378投诉你们",
    "再不退我就去人民银行反映，我朋友说过这个能管",
])
def test_signals_a_threat_beside_someone_elses_words_still_fires(detector, text):
    fired, _ = _facts(detector, text)
    assert "regulator_threat" in fired


def test_signals_a_past_complaint_settled_is_no_complaint(detector):
    fired, _ = _facts(detector, "去年投诉过的那个问题已经处理好了，今天想办个定期")
    assert "complaint" not in fired
    fired, _ = _facts(detector, "去年投诉过的那个问题到现在都没处理好，我还要投诉")
    assert "complaint" in fired


@pytest.mark.parametrize("text", [
    "这个冻结我让律师和对方谈吧",
    "那我找律师跟开发商那边交涉，跟你们银行没关系吧",
])
def test_signals_a_lawyer_for_another_party_is_no_court_threat(detector, text):
    fired, _ = _facts(detector, text)
    assert "court_threat" not in fired


def test_signals_a_lawyer_against_the_bank_still_fires(detector):
    fired, _ = _facts(detector, "我要请律师去法院告你们")
    assert "court_threat" in fired


@pytest.mark.parametrize("text", [
    "这笔钱你们必须赔偿",
    "银行得给我全额赔",
    "基金我早就赎回了你们还扣手续费，赔回来",
])
def test_signals_compensation_demanded_without_the_word_complaint(detector, text):
    fired, _ = _facts(detector, text)
    assert "complaint" in fired


@pytest.mark.parametrize(
    "text", ["保险能赔回来吗", "不用你们赔，我就想知道原因", "保险公司已经赔回来了"]
)
def test_signals_compensation_asked_refused_or_told_is_no_complaint(detector, text):
    fired, _ = _facts(detector, text)
    assert "complaint" not in fired


@pytest.mark.parametrize("text", [
    "自动续费我上个月就关了，怎么还在扣",
    "我早就解约了你们还在扣我的钱",
])
def test_signals_the_bank_still_debiting_is_no_theft(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" not in fired


def test_signals_a_stolen_card_still_debited_is_theft(detector):
    fired, _ = _facts(detector, "卡丢了被人拿去刷，现在还在扣")
    assert "funds_at_risk" in fired


def test_signals_a_double_charge_asked_about_is_no_dispute(detector):
    fired, _ = _facts(detector, "房贷这个月扣了两次吗？")
    assert "disputed_charge" not in fired
    fired, _ = _facts(detector, "房贷这个月扣了两次，多扣了一个月的")
    assert "disputed_charge" in fired


@pytest.mark.parametrize("text", [
    "您卡上可用余额还有三千二",
    "这笔扣款是上个月开的网盘会员续费",
    "奖金怎么算的建议您咨询一下用人单位",
])
def test_signals_answered_sixteenth_session_forms(detector, text):
    hits, _ = detector.detect([Turn("agent", text)])
    assert "answered" in {h.fact for h in hits}


def test_signals_a_card_used_by_someone_is_theft(detector):
    fired, _ = _facts(detector, "信用卡被别人刷了三笔")
    assert "funds_at_risk" in fired


@pytest.mark.parametrize(
    "text", ["卡在我手上，这不是被盗刷了是什么", "我人都没出门，不是被盗用还能是啥"]
)
def test_signals_a_rhetorical_negation_asserts_the_fraud(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" in fired and "fraud_ruled_out" not in fired


def test_signals_a_plain_negation_still_rules_fraud_out(detector):
    fired, _ = _facts(detector, "不是盗刷，是我自己买的")
    assert "funds_at_risk" not in fired and "fraud_ruled_out" in fired


@pytest.mark.parametrize("text", ["我进了一个点赞赚佣金的兼职群", "他们让我刷好评"])
def test_signals_likes_as_a_paid_task_are_no_praise(detector, text):
    fired, _ = _facts(detector, text)
    assert "praise" not in fired


@pytest.mark.parametrize("text", [
    "做刷单任务垫付了两千，现在说要再交钱才能提",
    "在那个理财平台投了五万，现在提现不了",
])
def test_signals_a_task_or_investment_scam_paid_into_is_money_at_risk(detector, text):
    fired, _ = _facts(detector, text)
    assert "funds_at_risk" in fired


def test_signals_someone_elses_task_scam_is_a_third_party_story(detector):
    fired, _ = _facts(detector, "我朋友做刷单充了五千")
    assert "funds_at_risk" not in fired


def test_signals_money_that_stopped_going_out_is_a_past_loss(detector):
    _, facts = _facts(detector, "被骗转了三万，最后一笔是上个月，之后就没再转了")
    assert facts["past_loss"] is True and facts["funds_at_risk"] is False
    _, facts = _facts(detector, "被骗转了三万，之后没再转了，可对方还让我再转")
    assert facts["funds_at_risk"] is True


def test_signals_an_earlier_case_settled_is_case_settled(detector):
    fired, _ = _facts(detector, "上个月那件事已经解决了，想问问定期利率")
    assert "case_settled" in fired
    fired, _ = _facts(detector, "上个月那件事已经解决了，但是今天又扣了一笔")
    assert "case_settled" not in fired


def test_signals_retries_of_the_phone_menu_are_no_repeat_contact(detector):
    fired, _ = _facts(detector, "我打了三次都是自助语音")
    assert "repeat_contact" not in fired
    fired, _ = _facts(detector, "我打了三次电话了问题还没解决")
    assert "repeat_contact" in fired


def test_signals_someone_elses_complaint_through_a_hotline_is_told(detector):
    fired, _ = _facts(detector, "我同事打了银行热线投诉了才解决")
    assert "complaint" not in fired


@pytest.mark.parametrize("text", ["一二三七八是哪个单位的电话", "12378是不是你们银行的号码"])
def test_signals_12378_asked_about_is_no_threat(detector, text):
    fired, _ = _facts(detector, text)
    assert "regulator_threat" not in fired


def test_signals_12378_asked_then_threatened_still_fires(detector):
    fired, _ = _facts(detector, "12378是哪个部门？我现在就打12378")
    assert "regulator_threat" in fired


def test_signals_a_charge_explained_with_fraud_ruled_out_is_answered(detector):
    turns = [Turn("agent", "这笔九十九是上个月开通的网盘会员续费"), Turn("agent", "放心，不是诈骗")]
    hits, _ = detector.detect(turns)
    assert "answered" in {h.fact for h in hits}


def test_signals_applying_in_the_app_is_answered_unless_back_office(detector):
    hits, _ = detector.detect([Turn("agent", "您可以在我行APP里申请提高额度")])
    assert "answered" in {h.fact for h in hits}
    hits, _ = detector.detect([Turn("agent", "您可以在APP申请补卡寄到家")])
    assert "answered" not in {h.fact for h in hits}


def test_signals_an_either_or_question_is_no_elderly_loss(detector):
    fired, _ = _facts(detector, "那是利息少了还是本金少了", segment="elderly")
    assert "vulnerable_loss" not in fired
    fired, _ = _facts(detector, "卡里的钱还是少了三千", segment="elderly")
    assert "vulnerable_loss" in fired


def test_signals_accepting_a_registration_without_帮我(detector):
    fired, _ = _facts(detector, "行吧，那你登记吧")
    assert "offer_accepted" in fired
    fired, _ = _facts(detector, "行，你处理不了我就找你们领导")
    assert "offer_accepted" not in fired


def test_signals_no_scam_said_rules_fraud_out_unless_money_went(detector):
    fired, _ = _facts(detector, "我没有被骗啊，就是想问问这种电话怎么举报")
    assert "fraud_ruled_out" in fired
    fired, _ = _facts(detector, "我没被骗过，可是今天卡里少了八百")
    assert "fraud_ruled_out" not in fired


@pytest.mark.parametrize("text", ["噢 那就算了 我不办了", "嗯那算了，谢谢"])
def test_signals_an_idea_dropped_once_answered_is_understood(detector, text):
    fired, _ = _facts(detector, text)
    assert "understood" in fired


def test_signals_dropping_it_in_anger_is_not_understood(detector):
    fired, _ = _facts(detector, "那算了，跟你们讲也没用")
    assert "understood" not in fired


def test_signals_a_note_on_an_existing_ticket_is_no_work_order(detector):
    hits, _ = detector.detect([Turn("agent", "好的，这个情况我在工单上备注一下")])
    assert "work_order" not in {h.fact for h in hits}
    hits, _ = detector.detect([Turn("agent", "好的，我为您提交工单，三个工作日内回复")])
    assert "work_order" in {h.fact for h in hits}


def test_signals_transactions_found_normal_are_funds_safe(detector):
    hits, _ = detector.detect([Turn("agent", "帮您看了，最近的交易记录都正常")])
    assert "funds_safe" in {h.fact for h in hits}


@pytest.mark.parametrize(("text", "fact"), [
    ("行 你 报 一下 工号", "offer_accepted"),                       # the agent's number asked for
    ("之前客服说已经处理好了，想问下利率", "case_settled"),          # the bank's word for it
    ("之前那事已经解决了，结果今天又扣了", "case_settled"),          # what went wrong after
    ("保险能不能赔回来", "complaint"),                               # a payout asked about
    ("我融资融券的保证金转了十万进去怎么还没到账", "funds_at_risk"),  # a margin account
    ("我转了五千到余额宝现在提现不了", "funds_at_risk"),            # a wallet's withdrawal
    ("那就算了吧，反正你们也不管", "understood"),                    # given up in anger
])
def test_signals_sixteenth_session_rules_keep_their_bounds(detector, text, fact):
    fired, _ = _facts(detector, text)
    assert fact not in fired


@pytest.mark.parametrize(
    "text", ["他说我再不还就上征信我要去人民银行投诉", "他打了我的电话我要投诉了"]
)
def test_signals_own_threat_after_someone_elses_words_still_fires(detector, text):
    fired, _ = _facts(detector, text)
    assert "complaint" in fired


def test_signals_a_zero_balance_read_out_is_not_answered(detector):
    hits, _ = detector.detect([Turn("agent", "您账户余额现在是0")])
    assert "answered" not in {h.fact for h in hits}


@pytest.mark.parametrize("text", [
    "欠了这么多还不上，我死了就不用还了",
    "我 现在 站在 天台 上 跟 你们 说",
    "活着还有什么意思",
])
def test_signals_more_forms_of_a_threat_to_life(detector, text):
    fired, _ = _facts(detector, text)
    assert "life_threat" in fired


@pytest.mark.parametrize(
    "text", ["我家楼顶漏水了，物业费能用信用卡交吗", "我老伴人没了，他的卡怎么销户"]
)
def test_signals_a_roof_or_a_death_told_is_no_threat_or_loss(detector, text):
    fired, _ = _facts(detector, text, segment="elderly")
    assert not fired & {"life_threat", "vulnerable_loss"}


def test_signals_a_scam_fee_not_paid_is_no_loss(detector):
    fired, _ = _facts(detector, "他让我先交押金，我没交就挂了")
    assert "no_loss" in fired


def test_signals_a_second_step_chained_to_one_done_is_a_work_order(detector):
    hits, _ = detector.detect([Turn("agent", "我帮您改好手机号并申请重新寄送")])
    assert "work_order" in {h.fact for h in hits}
    hits, _ = detector.detect([Turn("agent", "需要帮您改手机号并申请重新寄送吗？")])
    assert "work_order" not in {h.fact for h in hits}


def test_signals_an_alert_of_a_login_not_made_is_suspicious_access(detector):
    hits, _ = detector.detect(
        [Turn("customer", "刚弹出来一个通知说在外地手机上登录了，可我一直在家")]
    )
    assert {h.fact: h.level for h in hits}.get("suspicious_access") == "P3"


@pytest.mark.parametrize("text", [
    "收到提示说在其他设备登录，哦是我自己刚换了手机",
    "担心会不会提示在其他设备登录",
])
def test_signals_a_login_recognised_or_feared_is_no_suspicious_access(detector, text):
    fired, _ = _facts(detector, text)
    assert "suspicious_access" not in fired
