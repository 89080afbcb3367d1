"""Encoding detection: UTF-8, UTF-8 BOM, GBK, GB18030; unsupported files are one E110 error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from triage.errors import Code, RecordError
from triage.io import read_inputs
from triage.io.encoding import UndecodableFileError, detect_encoding
from triage.stage import Doc

TEXT = "您好，XX银行客服中心，工号1023。我的卡被盗刷了，请帮我冻结。"


def _line(rid: str, text: str = TEXT) -> str:
    rec = {"id": rid, "channel": "call", "turns": [{"speaker": "customer", "text": text}]}
    return json.dumps(rec, ensure_ascii=False)


@pytest.mark.parametrize(
    ("encoding", "prefix", "text"),
    [
        ("utf-8", b"", TEXT),
        ("utf-8", b"\xef\xbb\xbf", TEXT),  # UTF-8 with BOM (Excel exports)
        ("gbk", b"", TEXT),
        ("gb18030", b"", TEXT + "𠀀㐀"),  # characters outside GBK
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030"],
)
def test_encoding_detected_and_text_round_trips(
    tmp_path: Path, encoding: str, prefix: bytes, text: str
) -> None:
    path = tmp_path / "in.jsonl"
    body = "\n".join([_line("a", text), _line("b", text)]) + "\n"
    path.write_bytes(prefix + body.encode(encoding))
    items = list(read_inputs([path]))
    assert [i.id for i in items] == ["a", "b"]
    assert all(isinstance(i, Doc) and i.interaction.turns[0].text == text for i in items)


def test_encoding_detect_prefers_utf8_and_reports_gb18030() -> None:
    assert detect_encoding(TEXT.encode("utf-8"), complete=True) == "utf-8"
    assert detect_encoding(TEXT.encode("gbk"), complete=True) == "gb18030"
    assert detect_encoding(b"\xef\xbb\xbf" + TEXT.encode(), complete=True) == "utf-8-sig"
    # A head cut inside a multi-byte character is fine when the file goes on.
    assert detect_encoding(TEXT.encode("utf-8")[:-1], complete=False) == "utf-8"


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-16"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(128, 256)) * 4],
    ids=["utf16", "binary", "garbage"],
)
def test_encoding_unsupported_file_is_one_e110(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert len(items) == 1
    err = items[0]
    assert isinstance(err, RecordError) and err.error == Code.UNDECODABLE
    assert err.source == str(path) and err.line == 0
    with pytest.raises(UndecodableFileError):
        detect_encoding(data, complete=True)


def test_encoding_gbk_file_with_one_corrupt_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        _line("a").encode("gbk")
        + b"\n"
        + b'{"id": "b", "t": "\xff\xff"}\n'
        + _line("c").encode("gbk")
        + b"\n"
    )
    items = list(read_inputs([path]))
    assert [getattr(i, "error", "ok") for i in items] == ["ok", Code.UNDECODABLE, "ok"]
    assert items[2].interaction.turns[0].text == TEXT
