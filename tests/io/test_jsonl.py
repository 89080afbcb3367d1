"""JSON Lines reader: valid records, every bad-input case, order and count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from triage.errors import Code, RecordError
from triage.io import ReaderOptions, read_inputs
from triage.stage import Doc

# Fake PII that must never be echoed in an error reason.
CARD = "6222020944822463419"
ID_NO = "310104195203142313"


def record(rid: str = "r1", **over: object) -> dict:
    rec = {
        "id": rid,
        "channel": "call",
        "agent": {"id": "A1"},
        "customer": {"segment": "elderly"},
        "started_at": "2026-11-20T09:15:00+08:00",
        "turns": [
            {"speaker": "agent", "text": "您好，工号1023", "start": 0.0, "end": 2.5},
            {"speaker": "customer", "text": f"卡号{CARD}，身份证{ID_NO}", "start": 3, "end": 9.8},
        ],
    }
    rec.update(over)
    return rec


def write_lines(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def read(path: Path, **opts: object) -> list[Doc | RecordError]:
    return list(read_inputs([path], ReaderOptions(**opts)))  # type: ignore[arg-type]


def test_jsonl_reads_record_and_carries_extra_fields(tmp_path: Path) -> None:
    items = read(write_lines(tmp_path / "a.jsonl", [json.dumps(record(), ensure_ascii=False)]))
    assert len(items) == 1
    doc = items[0]
    assert isinstance(doc, Doc)
    assert (doc.source, doc.line, doc.id) == (str(tmp_path / "a.jsonl"), 1, "r1")
    inter = doc.interaction
    assert inter.channel == "call"
    assert inter.extra == {
        "agent": {"id": "A1"},
        "customer": {"segment": "elderly"},
        "started_at": "2026-11-20T09:15:00+08:00",
    }
    assert inter.segment == "elderly" and inter.agent_id == "A1"
    assert [t.speaker for t in inter.turns] == ["agent", "customer"]
    assert inter.turns[1].start == 3.0 and inter.turns[1].end == 9.8
    assert CARD in inter.turns[1].text


def test_jsonl_integer_id_and_chat_without_end(tmp_path: Path) -> None:
    rec = {
        "id": 42,
        "channel": "chat",
        "turns": [{"speaker": "customer", "text": "在吗", "start": 5}],
    }
    (doc,) = read(write_lines(tmp_path / "a.jsonl", [json.dumps(rec, ensure_ascii=False)]))
    assert isinstance(doc, Doc)
    assert doc.id == "42" and doc.interaction.turns[0].end is None


BAD_CASES = [
    ("not json", f'{{"id": "x", "text": "{CARD}"', Code.INVALID_JSON),
    ("array", json.dumps([1, 2]), Code.NOT_AN_OBJECT),
    ("no id", json.dumps({k: v for k, v in record().items() if k != "id"}), Code.MISSING_ID),
    ("empty id", json.dumps(record(rid="")), Code.MISSING_ID),
    ("id object", json.dumps(record(rid={"a": 1})), Code.MISSING_ID),  # type: ignore[arg-type]
    ("no turns", json.dumps({"id": "x", "channel": "call"}), Code.MISSING_TURNS),
    ("turns not list", json.dumps(record(turns="hello")), Code.MISSING_TURNS),
    ("bad channel", json.dumps(record(channel="email")), Code.BAD_CHANNEL),
    (
        "no channel",
        json.dumps({k: v for k, v in record().items() if k != "channel"}),
        Code.BAD_CHANNEL,
    ),
    (
        "unknown speaker",
        json.dumps(record(turns=[{"speaker": "robot", "text": f"卡号{CARD}"}]), ensure_ascii=False),
        Code.BAD_SPEAKER,
    ),
    ("turn not object", json.dumps(record(turns=["hi"])), Code.BAD_TURN),
    ("text not string", json.dumps(record(turns=[{"speaker": "agent", "text": 5}])), Code.BAD_TURN),
    (
        "end before start",
        json.dumps(record(turns=[{"speaker": "agent", "text": "您好", "start": 5, "end": 1}])),
        Code.BAD_TURN,
    ),
    (
        "negative time",
        json.dumps(record(turns=[{"speaker": "agent", "text": "您好", "start": -1}])),
        Code.BAD_TURN,
    ),
    ("empty turns", json.dumps(record(turns=[])), Code.EMPTY_INTERACTION),
    (
        "blank texts",
        json.dumps(
            record(turns=[{"speaker": "agent", "text": "  "}, {"speaker": "customer", "text": ""}])
        ),
        Code.EMPTY_INTERACTION,
    ),
]


@pytest.mark.parametrize(("name", "line", "code"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_jsonl_bad_line_becomes_error_without_text(
    tmp_path: Path, name: str, line: str, code: str
) -> None:
    good = json.dumps(record("ok"), ensure_ascii=False)
    items = read(write_lines(tmp_path / "in.jsonl", [good, line, good.replace('"ok"', '"ok2"')]))
    assert [type(i).__name__ for i in items] == ["Doc", "RecordError", "Doc"]
    err = items[1]
    assert isinstance(err, RecordError)
    assert err.error == code
    assert err.line == 2 and err.source == str(tmp_path / "in.jsonl")
    assert err.reason
    dumped = json.dumps(err.to_dict(), ensure_ascii=False)
    assert CARD not in dumped and ID_NO not in dumped


def test_jsonl_error_names_known_id(tmp_path: Path) -> None:
    (err,) = read(write_lines(tmp_path / "in.jsonl", [json.dumps(record("rec-9", channel="fax"))]))
    assert isinstance(err, RecordError)
    assert err.to_dict() == {
        "source": str(tmp_path / "in.jsonl"),
        "line": 1,
        "id": "rec-9",
        "error": Code.BAD_CHANNEL,
        "reason": err.reason,
    }


@pytest.mark.parametrize(
    ("limits", "turns"),
    [
        ({"max_turns": 2}, [{"speaker": "agent", "text": "好"}] * 3),
        ({"max_turn_chars": 10}, [{"speaker": "agent", "text": "好" * 11}]),
        ({"max_chars": 15, "max_turn_chars": 10}, [{"speaker": "agent", "text": "好" * 8}] * 2),
    ],
    ids=["turns", "turn_chars", "total_chars"],
)
def test_jsonl_over_size_limit_is_e109(tmp_path: Path, limits: dict, turns: list) -> None:
    path = write_lines(tmp_path / "in.jsonl", [json.dumps(record(turns=turns), ensure_ascii=False)])
    (err,) = read(path, limits=limits)
    assert isinstance(err, RecordError) and err.error == Code.TOO_LARGE
    assert "好" not in err.reason


def test_jsonl_oversized_line_is_skipped_not_loaded(tmp_path: Path) -> None:
    huge = json.dumps(record(turns=[{"speaker": "agent", "text": "好" * 5000}]), ensure_ascii=False)
    good = json.dumps(record("after"), ensure_ascii=False)
    path = write_lines(tmp_path / "in.jsonl", [huge, good])
    items = read(path, limits={"max_record_bytes": 1000})
    assert isinstance(items[0], RecordError) and items[0].error == Code.TOO_LARGE
    assert isinstance(items[1], Doc) and items[1].id == "after" and items[1].line == 2


def test_jsonl_undecodable_line_is_e110_and_rest_goes_on(tmp_path: Path) -> None:
    good = json.dumps(record("a"), ensure_ascii=False).encode()
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        good + b"\n" + b'{"id": "b", "x": "\xff\xfe\xfa"}\n' + good.replace(b'"a"', b'"c"') + b"\n"
    )
    items = read(path)
    assert [getattr(i, "error", None) for i in items] == [None, Code.UNDECODABLE, None]
    assert items[1].line == 2


def test_jsonl_duplicate_id_is_e113(tmp_path: Path) -> None:
    line = json.dumps(record("same"), ensure_ascii=False)
    items = read(write_lines(tmp_path / "in.jsonl", [line, line]))
    assert isinstance(items[0], Doc)
    assert isinstance(items[1], RecordError) and items[1].error == Code.DUPLICATE_ID
    assert items[1].id == "same"


def test_jsonl_blank_lines_are_not_records(tmp_path: Path) -> None:
    line = json.dumps(record("a"), ensure_ascii=False)
    items = read(
        write_lines(tmp_path / "in.jsonl", ["", line, "   ", "", line.replace('"a"', '"b"')])
    )
    assert [(i.id, i.line) for i in items] == [("a", 2), ("b", 5)]


def test_jsonl_gzip_input(tmp_path: Path) -> None:
    import gzip

    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(record("gz"), ensure_ascii=False) + "\n")
    (doc,) = read(path)
    assert isinstance(doc, Doc) and doc.id == "gz"


LINE_KINDS = st.sampled_from(["good", "badjson", "noid", "emptyturns", "speaker", "blank"])


@settings(max_examples=40, deadline=None)
@given(kinds=st.lists(LINE_KINDS, max_size=30))
def test_jsonl_outputs_plus_errors_equal_nonblank_lines_in_order(
    tmp_path_factory, kinds: list[str]
) -> None:
    path = tmp_path_factory.mktemp("prop") / "in.jsonl"
    lines = []
    for n, kind in enumerate(kinds):
        lines.append(
            {
                "good": json.dumps(record(f"id{n}"), ensure_ascii=False),
                "badjson": "{oops",
                "noid": json.dumps({"channel": "chat", "turns": []}),
                "emptyturns": json.dumps(record(f"id{n}", turns=[])),
                "speaker": json.dumps(record(f"id{n}", turns=[{"speaker": "x", "text": "y"}])),
                "blank": "",
            }[kind]
        )
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")
    items = read(path)
    nonblank = [n + 1 for n, kind in enumerate(kinds) if kind != "blank"]
    assert [i.line for i in items] == nonblank
    assert [isinstance(i, Doc) for i in items] == [k == "good" for k in kinds if k != "blank"]
