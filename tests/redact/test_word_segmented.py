"""Redaction of word-segmented ASR turns (a space between every word, Kaldi-style).

Hand-written turns. Before the normaliser read such turns joined
(:func:`triage.normalize.normalize_text`, :mod:`triage.spacing`) the landline, the
address, the customer number and the surname with a title leaked, and 和 / 张卡 in the
everyday turns were masked as names; the mobile number and the code were already masked.
"""

from __future__ import annotations

import pytest

from triage.redact import redact_text, redact_turns
from triage.schema import Turn


@pytest.mark.parametrize(
    ("text", "secret", "etype"),
    [
        ("网点 电话 是 零 二八 八六 幺 二 三四 五六 。", "二八 八六", "PHONE_NUMBER"),
        ("我 手机 号 是 幺 三八 幺 二 三四 五六 七八", "五六 七八", "PHONE_NUMBER"),
        ("我 收到 的 验证码 是 三 七 九 二 四 一 ， 你 看 一下", "三 七 九", "VERIFICATION_CODE"),
        ("就是 高新区 天府 大道 北段 一千七百 号 那个 自助 银行", "一千七百 号", "ADDRESS"),
        ("麻烦寄到 杭州 西湖区 文三路 四百七十八号 华星 时代 广场 A座 八楼", "华星", "ADDRESS"),
        ("我住 北京 朝阳 望京 西园 三区 三百一十二号楼 二单元 一零零三", "西园", "ADDRESS"),
        ("成都 锦程 建材 有限公司 ， 客户 号 8800 1732 56", "1732", "BANK_CARD"),
        ("好 的 ， 林 女士 ， 您 一定 要 照顾 好 自己", "林", "PERSON"),
    ],
)
def test_word_segmented_values_are_masked(text: str, secret: str, etype: str) -> None:
    out = redact_text(text)
    assert secret not in out.text
    assert etype in {e.type for e in out.entities}


def test_word_segmented_spans_point_into_the_turn_as_given() -> None:
    text = "网点 电话 是 零 二八 八六 幺 二 三四 五六 。"
    out = redact_text(text)
    (ent,) = [e for e in out.entities if e.type == "PHONE_NUMBER"]
    assert text[ent.start : ent.end] == "零 二八 八六 幺 二 三四 五六"
    assert out.text == "网点 电话 是 <PHONE_NUMBER> 。"


def test_word_segmented_everyday_words_stay() -> None:
    turns = (
        Turn("agent", "为了 核实 身份 ， 请 您 提供 姓名 和 身份证 号码 。"),
        Turn("agent", "好 的 ， 已经 帮 您 办理 挂失 ， 这 张卡 已经 停用 了 。"),
        Turn("customer", "我 这个 月 还 了 五千 块 ， 十二月 八号 之前 还清"),
    )
    redacted, entities = redact_turns(turns)
    assert [t.text for t in redacted] == [t.text for t in turns]
    assert not entities
