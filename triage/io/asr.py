"""Readers for ASR engine output: FunASR sentence lists and Whisper transcripts.

FunASR (``AutoModel.generate(..., sentence_timestamp=True)`` with a speaker
model) writes a list of results, one per audio file::

    [{"key": "call-0001", "text": "...",
      "sentence_info": [{"text": "您好…", "start": 120, "end": 3150, "spk": 0}, ...]}]

Times are milliseconds; ``spk`` is the diarised speaker index. The FunASR
runtime's ``stamp_sents`` (``text_seg``/``punc``/``start``/``end``) is read the
same way.

Whisper (``whisper --output_format json``) and WhisperX write one object per
audio file::

    {"text": "...", "language": "zh",
     "segments": [{"start": 0.0, "end": 3.2, "text": "您好…", "speaker": "SPEAKER_00"}, ...]}

Times are seconds. Only diarised output (WhisperX ``speaker``) names speakers;
for a plain Whisper file give the role of unlabelled segments with the
speaker-map key ``*``.

Speaker labels map to roles through :class:`triage.io.options.SpeakerMap`
(default in ``pipelines/asr.yaml``: ``0``/``SPEAKER_00`` → agent, ``1``/
``SPEAKER_01`` → customer). The record id is the FunASR ``key`` or the file
name without its extension; the channel is ``call`` unless configured.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from triage.errors import Code, RecordError
from triage.io.options import ReaderOptions
from triage.io.validate import to_doc
from triage.stage import Doc


class UnknownSpeaker(Exception):
    """An ASR speaker label that the speaker map does not know."""


def is_funasr(obj: Any) -> bool:
    """True for a FunASR result or list of results."""
    items = obj if isinstance(obj, list) else [obj]
    return bool(items) and all(
        isinstance(i, dict) and ("sentence_info" in i or "stamp_sents" in i) for i in items
    )


def is_whisper(obj: Any) -> bool:
    """True for a Whisper/WhisperX transcript."""
    return isinstance(obj, dict) and isinstance(obj.get("segments"), list) and "turns" not in obj


def _role(options: ReaderOptions, label: Any, n: int) -> str:
    role = options.speaker_map.role(label)
    if role is None:
        what = "no speaker label" if label is None else f"speaker label {str(label)[:24]!r}"
        raise UnknownSpeaker(
            f"segment {n}: {what} is not in the speaker map "
            "(use --speaker-map, e.g. 0=agent,1=customer)"
        )
    return role


def _seconds(value: Any, scale: float) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / scale
    return value  # left for validation to reject


def _funasr_turns(item: dict[str, Any], options: ReaderOptions) -> list[dict[str, Any]]:
    sentences = item.get("sentence_info", item.get("stamp_sents"))
    if not isinstance(sentences, list):
        raise ValueError("'sentence_info' is not a list")
    turns = []
    for n, s in enumerate(sentences):
        if not isinstance(s, dict):
            turns.append(s)  # validation reports the bad turn
            continue
        text = s.get("text")
        if text is None and "text_seg" in s:
            text = str(s.get("text_seg", "")).replace(" ", "") + str(s.get("punc", ""))
        turns.append(
            {
                "speaker": _role(options, s.get("spk", s.get("speaker")), n),
                "text": text,
                "start": _seconds(s.get("start"), 1000.0),
                "end": _seconds(s.get("end"), 1000.0),
            }
        )
    return _merge(turns)


def _whisper_turns(obj: dict[str, Any], options: ReaderOptions) -> list[dict[str, Any]]:
    turns = []
    for n, seg in enumerate(obj["segments"]):
        if not isinstance(seg, dict):
            turns.append(seg)
            continue
        text = seg.get("text")
        turns.append(
            {
                "speaker": _role(options, seg.get("speaker"), n),
                "text": text.strip() if isinstance(text, str) else text,
                "start": seg.get("start"),
                "end": seg.get("end"),
            }
        )
    return _merge(turns)


def _merge(turns: list[Any]) -> list[Any]:
    """Join consecutive segments of one speaker into one turn (ASR splits at pauses).

    Segments are kept apart when the pause between them is over two seconds,
    so the QA timing checks still see long silences.
    """
    out: list[Any] = []
    for t in turns:
        prev = out[-1] if out else None
        if (
            isinstance(t, dict)
            and isinstance(prev, dict)
            and prev["speaker"] == t["speaker"]
            and isinstance(prev.get("text"), str)
            and isinstance(t.get("text"), str)
            and isinstance(prev.get("end"), (int, float))
            and isinstance(t.get("start"), (int, float))
            and 0 <= t["start"] - prev["end"] <= 2.0
        ):
            prev["text"] += t["text"]
            prev["end"] = t.get("end")
        else:
            out.append(dict(t) if isinstance(t, dict) else t)
    return out


def read_funasr(obj: Any, source: str, options: ReaderOptions) -> Iterator[Doc | RecordError]:
    """One Doc or RecordError per FunASR result (``line`` is its 1-based position)."""
    items = obj if isinstance(obj, list) else [obj]
    stem = Path(source).name.split(".")[0]
    for n, item in enumerate(items, start=1):
        rid = item.get("key") if isinstance(item.get("key"), (str, int)) else None
        rid = str(rid) if rid not in (None, "") else (stem if len(items) == 1 else f"{stem}-{n}")
        try:
            turns = _funasr_turns(item, options)
        except UnknownSpeaker as exc:
            yield RecordError(
                source=source, line=n, id=rid, error=Code.BAD_SPEAKER, reason=str(exc)
            )
            continue
        except ValueError as exc:
            yield RecordError(source=source, line=n, id=rid, error=Code.BAD_FORMAT, reason=str(exc))
            continue
        record = {"id": rid, "channel": options.asr_channel, "turns": turns}
        yield to_doc(record, source, n, options)


def read_whisper(
    obj: dict[str, Any], source: str, options: ReaderOptions
) -> Iterator[Doc | RecordError]:
    """One Doc or RecordError for a Whisper transcript (``line`` 1)."""
    rid = str(obj.get("id") or Path(source).name.split(".")[0])
    try:
        turns = _whisper_turns(obj, options)
    except UnknownSpeaker as exc:
        yield RecordError(source=source, line=1, id=rid, error=Code.BAD_SPEAKER, reason=str(exc))
        return
    extra = {"language": obj["language"]} if isinstance(obj.get("language"), str) else {}
    record = {"id": rid, "channel": options.asr_channel, **extra, "turns": turns}
    yield to_doc(record, source, 1, options)
