"""``triage redact``: redact plain text, one line in, one redacted line out.

Each input line is redacted on its own (a one-turn interaction). With
``--format json`` each output line is ``{"line", "text", "pii": [{start, end,
type, score}]}`` with offsets into the ORIGINAL line. Fails closed: a line
that cannot be redacted is replaced by an empty line (text) or an ``error``
object (json) and reported on stderr by line number only.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import IO, Any

from triage.errors import Code, UsageError

log = logging.getLogger("triage.redact")


def _decode(raw: bytes) -> str:
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", raw, 0, len(raw), "neither UTF-8 nor GB18030")


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None]]:
    for n, raw in enumerate(stream, start=1):
        raw = raw.rstrip(b"\r\n")
        try:
            yield n, _decode(raw).lstrip("\ufeff") if n == 1 else _decode(raw)
        except UnicodeDecodeError:
            yield n, None


def _emit(out: IO[str], fmt: str, n: int, text: str | None, entities: Any) -> None:
    if fmt == "json":
        if text is None:
            obj: dict[str, Any] = {"line": n, "error": Code.REDACTION_FAILED}
        else:
            obj = {
                "line": n,
                "text": text,
                "pii": [
                    {"start": e.start, "end": e.end, "type": e.type, "score": round(e.score, 4)}
                    for e in entities
                ],
            }
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
    else:
        out.write((text or "") + "\n")


def run(
    args: argparse.Namespace, stdin: IO[bytes] | None = None, stdout: IO[str] | None = None
) -> int:
    """Redact stdin to stdout; returns the exit code (3 with ``--strict`` when a line failed)."""
    from triage.redact import redact_texts
    from triage.redact.redactor import Redactor
    from triage.redact.settings import load_redact_settings

    settings = load_redact_settings(args.config)
    ops = dict(settings.operators)
    for item in args.operator or []:
        etype, _, op = item.partition("=")
        if not op:
            raise UsageError(f"--operator expects TYPE=OPERATOR, got {item!r}")
        ops[etype] = op
    if ops != settings.operators:
        from triage.redact.settings import validate_operators

        validate_operators(ops, "--operator")
        settings = replace(settings, operators=ops)
    redactor = Redactor(settings)
    redactor.setup()
    stdin = stdin if stdin is not None else sys.stdin.buffer
    stdout = stdout if stdout is not None else sys.stdout
    failed = 0
    batch: list[tuple[int, str | None]] = []

    def flush() -> None:
        nonlocal failed
        good = [(n, t) for n, t in batch if t is not None]
        results: dict[int, Any] = {}
        try:
            res = redact_texts([t for _, t in good], redactor) if good else []
            results = {n: r for (n, _), r in zip(good, res, strict=True)}
        except Exception as exc:  # noqa: BLE001 - fail closed, retry line by line
            log.warning("redact.batch_failed", extra={"error_type": type(exc).__name__})
            for n, t in good:
                try:
                    results[n] = redact_texts([t], redactor)[0]
                except Exception as exc2:  # noqa: BLE001
                    log.error(
                        "redact.line_failed", extra={"line": n, "error_type": type(exc2).__name__}
                    )
        for n, _ in batch:
            r = results.get(n)
            if r is None:
                failed += 1
                print(
                    f"triage: line {n}: {Code.REDACTION_FAILED} redaction failed; line withheld",
                    file=sys.stderr,
                )
                _emit(stdout, args.format, n, None, ())
            else:
                _emit(stdout, args.format, n, r.text, r.entities)
        batch.clear()

    for n, text in _lines(stdin):
        batch.append((n, text))
        if len(batch) >= args.batch_size:
            flush()
    if batch:
        flush()
    stdout.flush()
    return 3 if failed and args.strict else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``triage redact``."""
    p = subparsers.add_parser(
        "redact",
        help="redact PII in plain text (lines on stdin -> redacted lines on stdout)",
        description="Redact Chinese PII (names, phones, ID and card numbers, e-mail, "
        "addresses, verification codes; written or spoken) line by line.",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text: redacted lines; json: one object per line with spans",
    )
    p.add_argument("--config", default=None, help="redaction YAML (default pipelines/redact.yaml)")
    p.add_argument(
        "--operator",
        action="append",
        metavar="TYPE=OP",
        help="override an operator, e.g. PHONE_NUMBER=mask (tag|mask|pseudonym)",
    )
    p.add_argument("--batch-size", type=int, default=64, help="lines per NER batch")
    p.add_argument("--strict", action="store_true", help="exit 3 when a line failed")
    p.set_defaults(func=run)
