"""FunASR and Whisper readers with the speaker map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.errors import Code, RecordError, UsageError
from triage.io import ReaderOptions, SpeakerMap, read_inputs
from triage.io.options import load_asr_defaults
from triage.stage import Doc


def _opts(**kw: object) -> ReaderOptions:
    speaker_map, channel = load_asr_defaults()
    base: dict = {"speaker_map": speaker_map, "asr_channel": channel}
    base.update(kw)
    return ReaderOptions(**base)


def _write(tmp_path: Path, name: str, obj: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    return path


FUNASR = [
    {
        "key": "rec-001",
        "text": "您好工号1023请问有什么可以帮您我卡丢了",
        "sentence_info": [
            {"text": "您好，工号1023。", "start": 120, "end": 2100, "spk": 0},
            {"text": "请问有什么可以帮您？", "start": 2300, "end": 3900, "spk": 0},
            {"text": "我卡丢了。", "start": 4500, "end": 5600, "spk": 1},
            {"text": "好的请稍等。", "start": 6000, "end": 7000, "spk": 0},
            {"text": "您的卡已挂失。", "start": 40000, "end": 42000, "spk": 0},
        ],
    }
]


def test_asr_funasr_sentences_become_turns_in_seconds(tmp_path: Path) -> None:
    (doc,) = list(read_inputs([_write(tmp_path, "f.json", FUNASR)], _opts()))
    assert isinstance(doc, Doc) and doc.id == "rec-001" and doc.interaction.channel == "call"
    turns = [(t.speaker, t.text, t.start, t.end) for t in doc.interaction.turns]
    assert turns == [
        # two agent sentences 0.2 s apart are one turn; a 33 s pause keeps turns apart
        ("agent", "您好，工号1023。请问有什么可以帮您？", 0.12, 3.9),
        ("customer", "我卡丢了。", 4.5, 5.6),
        ("agent", "好的请稍等。", 6.0, 7.0),
        ("agent", "您的卡已挂失。", 40.0, 42.0),
    ]


def test_asr_funasr_speaker_map_swaps_roles(tmp_path: Path) -> None:
    opts = _opts(speaker_map=SpeakerMap.parse("0=customer,1=agent"))
    (doc,) = list(read_inputs([_write(tmp_path, "f.json", FUNASR)], opts))
    assert [t.speaker for t in doc.interaction.turns][:2] == ["customer", "agent"]


def test_asr_funasr_unknown_speaker_is_e106(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(FUNASR))
    bad[0]["sentence_info"][2]["spk"] = 2
    (err,) = list(read_inputs([_write(tmp_path, "f.json", bad)], _opts()))
    assert isinstance(err, RecordError) and err.error == Code.BAD_SPEAKER and err.id == "rec-001"
    assert "丢" not in err.reason


def test_asr_funasr_list_of_several_results(tmp_path: Path) -> None:
    two = FUNASR + [dict(FUNASR[0], key="rec-002")]
    items = list(read_inputs([_write(tmp_path, "f.json", two)], _opts()))
    assert [(i.id, i.line) for i in items] == [("rec-001", 1), ("rec-002", 2)]


WHISPER = {
    "text": "您好……",
    "language": "zh",
    "segments": [
        {"id": 0, "start": 0.0, "end": 3.2, "text": " 您好，工号1057。", "speaker": "SPEAKER_00"},
        {"id": 1, "start": 3.8, "end": 6.0, "text": " 我的账户被冻结了。", "speaker": "SPEAKER_01"},
    ],
}


def test_asr_whisper_segments_with_diarisation(tmp_path: Path) -> None:
    (doc,) = list(read_inputs([_write(tmp_path, "call-77.whisper.json", WHISPER)], _opts()))
    assert isinstance(doc, Doc) and doc.id == "call-77"
    assert [(t.speaker, t.text) for t in doc.interaction.turns] == [
        ("agent", "您好，工号1057。"),
        ("customer", "我的账户被冻结了。"),
    ]
    assert doc.interaction.extra == {"language": "zh"}


def test_asr_whisper_without_speakers_needs_star_mapping(tmp_path: Path) -> None:
    plain = {
        "segments": [{k: v for k, v in s.items() if k != "speaker"} for s in WHISPER["segments"]]
    }
    path = _write(tmp_path, "plain.json", plain)
    (err,) = list(read_inputs([path], _opts()))
    assert isinstance(err, RecordError) and err.error == Code.BAD_SPEAKER
    (doc,) = list(read_inputs([path], _opts(speaker_map=SpeakerMap.parse("*=customer"))))
    assert isinstance(doc, Doc)
    assert [t.speaker for t in doc.interaction.turns] == ["customer"]  # one speaker: merged


def test_asr_samples_in_data_samples(samples_dir: Path) -> None:
    items = list(read_inputs([samples_dir / "asr"], _opts()))
    assert all(isinstance(i, Doc) for i in items), items
    ids = {i.id for i in items}
    assert ids == {"call-20261123-0002", "asr-funasr-20261123-0001"}
    for doc in items:
        assert doc.interaction.turns[0].speaker == "agent"
        assert {t.speaker for t in doc.interaction.turns} == {"agent", "customer"}


def test_asr_json_of_unknown_shape_is_e112(tmp_path: Path) -> None:
    (err,) = list(read_inputs([_write(tmp_path, "x.json", {"foo": 1})], _opts()))
    assert isinstance(err, RecordError) and err.error == Code.BAD_FORMAT


@pytest.mark.parametrize("spec", ["0=boss", "agent", "=agent"])
def test_asr_speaker_map_rejects_bad_spec(spec: str) -> None:
    with pytest.raises(UsageError):
        SpeakerMap.parse(spec)


def test_asr_speaker_map_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("speaker_map:\n  spk_a: customer\n  spk_b: agent\n", encoding="utf-8")
    m = SpeakerMap.parse(str(path))
    assert m.role("spk_a") == "customer" and m.role("spk_b") == "agent" and m.role("spk_c") is None
    assert m.role("客户") == "customer"  # aliases always apply
