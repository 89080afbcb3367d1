"""RedactStage / Redactor: offsets into original text, split numbers, codes after asks."""

from __future__ import annotations

import pytest

from triage.normalize import NormalizeStage
from triage.redact.redactor import Redactor
from triage.redact.settings import load_redact_settings
from triage.redact.stage import RedactStage
from triage.schema import PII_TYPES, Interaction, Turn
from triage.stage import Doc


def _doc(*turns: tuple[str, str]) -> Doc:
    doc = Doc(Interaction("r1", "call", tuple(Turn(s, t) for s, t in turns)))
    NormalizeStage().process(doc)
    return doc


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    s = RedactStage()
    s.setup()
    return s


def test_stage_every_pii_type_has_enabled_zh_recognizer(stage: RedactStage) -> None:
    assert stage._redactor is not None
    assert set(stage._redactor.supported_entities()) >= set(PII_TYPES)


def test_stage_offsets_refer_to_original_text(stage: RedactStage) -> None:
    doc = _doc(("customer", "我的手机是幺三八一二三四五六七八，谢谢"))
    stage.process_batch([doc])
    assert doc.entities and doc.redacted
    (e,) = [x for x in doc.entities if x.type == "PHONE_NUMBER"]
    assert doc.interaction.turns[0].text[e.start : e.end] == "幺三八一二三四五六七八"
    assert doc.redacted[0].text == "我的手机是<PHONE_NUMBER>，谢谢"


def test_stage_number_split_across_turns_of_same_speaker(stage: RedactStage) -> None:
    doc = _doc(
        ("customer", "我手机是一三八一二"),
        ("agent", "嗯，您说"),
        ("customer", "三四五六七八"),
    )
    stage.process_batch([doc])
    assert doc.redacted is not None
    assert "<PHONE_NUMBER>" in doc.redacted[0].text and "一" not in doc.redacted[0].text[4:]
    assert doc.redacted[2].text == "<PHONE_NUMBER>"
    assert doc.redacted[1].text == "嗯，您说"


def test_stage_code_answered_after_agent_asked(stage: RedactStage) -> None:
    doc = _doc(
        ("agent", "请您报一下收到的短信验证码"),
        ("customer", "稍等我看一下"),
        ("customer", "四七幺九二八"),
        ("agent", "好的，工号1023为您服务"),
    )
    stage.process_batch([doc])
    assert doc.redacted is not None
    assert doc.redacted[2].text == "<VERIFICATION_CODE>"
    assert doc.redacted[3].text == "好的，工号1023为您服务"


def test_stage_fails_closed(stage: RedactStage) -> None:
    doc = _doc(("customer", "13812345678"))
    doc.norm = []  # inconsistent with the turns: must raise, not write text
    with pytest.raises(ValueError):
        stage.process_batch([doc])
    assert doc.redacted is None and doc.entities is None


def test_stage_mask_and_pseudonym_operators() -> None:
    import dataclasses

    base = load_redact_settings()
    ops = dict(base.operators, PHONE_NUMBER="mask", BANK_CARD="mask", CN_ID_CARD="pseudonym")
    r = Redactor(dataclasses.replace(base, operators=ops))
    turns = (
        Turn("customer", "手机13812345678，卡号6222020200001234567"),
        Turn("customer", "身份证11010519491231002X，再说一遍11010519491231002X"),
    )
    (res,) = r.redact_batch([(turns, None)])
    assert res.turns[0].text == "手机138****5678，卡号622202*********4567"
    assert res.turns[1].text == "身份证<CN_ID_CARD_1>，再说一遍<CN_ID_CARD_1>"


def test_stage_presidio_decision_tracing_off(stage: RedactStage) -> None:
    assert stage._redactor is not None and stage._redactor._engine is not None
    analyzer = stage._redactor._engine._analyzer
    assert analyzer is not None and analyzer.log_decision_process is False


def test_stage_failure_becomes_e202_without_text(stage: RedactStage) -> None:
    from triage.config import load_pipeline_config
    from triage.errors import Code, RecordError
    from triage.pipeline import Pipeline

    class BrokenNormalize(NormalizeStage):
        def process(self, doc: Doc) -> None:
            super().process(doc)
            if doc.id == "bad":
                doc.norm = doc.norm[:-1]  # a turn without its normalised text

    pipe = Pipeline(load_pipeline_config(), [BrokenNormalize(), stage])
    good = Doc(Interaction("good", "chat", (Turn("customer", "电话13812345678"),)))
    bad = Doc(Interaction("bad", "chat", (Turn("customer", "身份证11010519491231002X"),)))
    out = pipe.run_docs([good, bad])
    assert isinstance(out[1], RecordError) and out[1].error == Code.REDACTION_FAILED
    assert "11010519491231002X" not in str(out[1].to_dict())
    assert bad.redacted is None
    assert isinstance(out[0], Doc) and out[0].redacted is not None
    assert out[0].redacted[0].text == "电话<PHONE_NUMBER>"
