"""CSV reader: one row per turn, header or not, GBK exports, bad rows."""

from __future__ import annotations

from pathlib import Path

from triage.errors import Code, RecordError
from triage.io import read_inputs
from triage.stage import Doc

HEADER = "id,channel,speaker,text,start,end\n"


def read_csv_text(tmp_path: Path, text: str, encoding: str = "utf-8") -> list:
    path = tmp_path / "in.csv"
    path.write_bytes(text.encode(encoding))
    return list(read_inputs([path]))


def test_csv_groups_consecutive_rows_into_records(tmp_path: Path) -> None:
    items = read_csv_text(
        tmp_path,
        HEADER
        + "c1,call,agent,您好，工号1023,0,2.5\n"
        + 'c1,call,customer,"我要挂失，卡丢了,急",3,6\n'
        + "c2,chat,customer,在吗,0,\n"
        + "c2,chat,agent,您好在的,30,\n",
    )
    assert [(i.id, i.line) for i in items] == [("c1", 2), ("c2", 4)]
    c1 = items[0].interaction
    assert c1.channel == "call"
    assert [(t.speaker, t.text, t.start, t.end) for t in c1.turns] == [
        ("agent", "您好，工号1023", 0.0, 2.5),
        ("customer", "我要挂失，卡丢了,急", 3.0, 6.0),
    ]
    assert items[1].interaction.turns[1].end is None


def test_csv_without_header_uses_default_columns(tmp_path: Path) -> None:
    items = read_csv_text(tmp_path, "x1,chat,customer,你好,1,\nx1,chat,agent,您好,2,\n")
    assert len(items) == 1 and items[0].id == "x1" and items[0].line == 1
    assert len(items[0].interaction.turns) == 2


def test_csv_header_in_any_order_with_record_columns_and_chinese_speakers(tmp_path: Path) -> None:
    text = (
        "text,speaker,id,channel,agent_id,customer_segment,started_at\n"
        "您好，工号5002,坐席,g1,chat,A5002,elderly,2026-11-22T10:15:00+08:00\n"
        "社保卡怎么激活,客户,g1,chat,,,\n"
    )
    (doc,) = read_csv_text(tmp_path, text, encoding="gbk")
    assert isinstance(doc, Doc)
    inter = doc.interaction
    assert [t.speaker for t in inter.turns] == ["agent", "customer"]
    assert inter.extra == {
        "agent": {"id": "A5002"},
        "customer": {"segment": "elderly"},
        "started_at": "2026-11-22T10:15:00+08:00",
    }


def test_csv_bad_rows(tmp_path: Path) -> None:
    items = read_csv_text(
        tmp_path,
        HEADER
        + ",call,agent,没有编号的行,0,1\n"  # no id
        + "b1,call,agent,您好\n"  # short row: start/end missing is fine
        + "b2,call\n"  # too short: speaker/text missing
        + "b2,call,customer,后面的行,1,2\n"
        + "b3,call,robot,谁,0,1\n"  # unknown speaker
        + "b4,call,agent,时间不对,abc,1\n"  # bad time
        + "b5,call,agent,换渠道,0,1\n"
        + "b5,chat,customer,换了,1,2\n",
    )
    got = [(i.line, i.id, getattr(i, "error", "ok")) for i in items]
    assert got == [
        (2, None, Code.MISSING_ID),
        (3, "b1", "ok"),
        (4, "b2", Code.BAD_ROW),
        (6, "b3", Code.BAD_SPEAKER),
        (7, "b4", Code.BAD_TURN),
        (8, "b5", Code.BAD_ROW),
    ]
    for item in items:
        if isinstance(item, RecordError):
            assert "没有编号" not in item.reason and "时间不对" not in item.reason


def test_csv_repeated_id_later_in_file_is_duplicate(tmp_path: Path) -> None:
    items = read_csv_text(
        tmp_path, HEADER + "a,chat,agent,您好,0,\nb,chat,agent,您好,0,\na,chat,agent,又来,0,\n"
    )
    assert [getattr(i, "error", "ok") for i in items] == ["ok", "ok", Code.DUPLICATE_ID]


def test_csv_gbk_sample_from_data_samples(samples_dir: Path) -> None:
    items = list(read_inputs([samples_dir / "centre_export_gbk.csv"]))
    assert all(isinstance(i, Doc) for i in items)
    assert [i.id for i in items] == ["gbk-20261122-0001", "gbk-20261122-0002", "gbk-20261122-0003"]
    assert items[0].interaction.turns[0].text.startswith("您好，XX银行客服中心，工号1023")
    assert items[2].interaction.channel == "chat" and items[2].interaction.segment == "elderly"
