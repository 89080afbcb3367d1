"""``triage redact``: lines in, redacted lines out; --format json adds spans; fails closed."""

from __future__ import annotations

import io
import json

import pytest

from triage.cli import build_parser
from triage.cli.redact import run


def _run(argv: list[str], data: bytes) -> tuple[int, str]:
    args = build_parser().parse_args(["redact", *argv])
    out = io.StringIO()
    code = run(args, stdin=io.BytesIO(data), stdout=out)
    return code, out.getvalue()


def test_cli_redact_text_lines() -> None:
    code, out = _run([], "我的手机是幺三八一二三四五六七八\n统一零售价5000元\n".encode())
    assert code == 0
    assert out.splitlines() == ["我的手机是<PHONE_NUMBER>", "统一零售价5000元"]


def test_cli_redact_json_spans_refer_to_input_line() -> None:
    line = "卡号6222020200001234567，验证码385621"
    code, out = _run(["--format", "json"], (line + "\n").encode())
    obj = json.loads(out)
    assert code == 0 and obj["line"] == 1
    spans = {(p["type"], line[p["start"] : p["end"]]) for p in obj["pii"]}
    assert ("VERIFICATION_CODE", "385621") in spans
    assert "385621" not in obj["text"] and "6222020200001234567" not in obj["text"]


def test_cli_redact_gbk_input_and_mask_operator() -> None:
    code, out = _run(["--operator", "PHONE_NUMBER=mask"], "电话13812345678\n".encode("gb18030"))
    assert code == 0 and out.strip() == "电话138****5678"


def test_cli_redact_refuses_mask_for_c3() -> None:
    from triage.errors import ConfigError

    with pytest.raises(ConfigError):
        _run(["--operator", "VERIFICATION_CODE=mask"], b"x\n")
