"""Text encoding detection and line-by-line decoding of input files.

Contact-centre exports are often GB18030/GBK rather than UTF-8. The encoding
is chosen once per file from its head (BOM, then UTF-8, then GB18030, which is
a superset of GBK and GB2312); each line is then decoded on its own so that a
single bad line becomes one error instead of ending the file.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

HEAD_BYTES = 1 << 20
"""How much of a file is sniffed to choose its encoding."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CANDIDATES = ("utf-8", "gb18030")


class UndecodableFileError(Exception):
    """The file is not text in a supported encoding (the message has no file content)."""


def _decodes(data: bytes, enc: str, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder(enc)().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(head: bytes, complete: bool) -> str:
    """Choose the encoding of a file from its first bytes.

    The whole head decoding cleanly decides at once (UTF-8 first: GB18030
    accepts many UTF-8 byte pairs, not the reverse). Otherwise each line of the
    head votes, so a few corrupt lines do not condemn a file: their own lines
    become errors later.

    Args:
        head: The first bytes of the file (up to :data:`HEAD_BYTES`).
        complete: True when ``head`` is the whole file (a truncated multi-byte
            character at the end is then an error).

    Returns:
        ``utf-8-sig``, ``utf-8`` or ``gb18030``.

    Raises:
        UndecodableFileError: UTF-16/32, binary data (NUL bytes), or no line
            that a supported encoding accepts.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(_UTF16_BOMS):
        raise UndecodableFileError("UTF-16 text is not supported; save the file as UTF-8")
    if b"\x00" in head:
        raise UndecodableFileError("binary data, not UTF-8 or GB18030/GBK text")
    for enc in _CANDIDATES:
        if _decodes(head, enc, complete):
            return enc
    lines = head.split(b"\n")
    if not complete:
        lines = lines[:-1]  # the last one may be cut mid-character
    votes = {enc: sum(_decodes(line, enc, True) for line in lines) for enc in _CANDIDATES}
    best = max(_CANDIDATES, key=lambda enc: votes[enc])  # ties: UTF-8 (first)
    if votes[best] == 0:
        raise UndecodableFileError("not UTF-8 or GB18030/GBK text")
    return best


@dataclass(frozen=True, slots=True)
class Line:
    """One physical line of an input file.

    Attributes:
        number: 1-based line number.
        text: Decoded text (with its line ending), or None when ``problem`` is set.
        problem: ``"undecodable"`` or ``"too_long"`` when the line could not be used.
    """

    number: int
    text: str | None
    problem: str | None = None


def _decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        pass
    # Concatenated exports can mix encodings: try the other candidate for this line.
    for enc in _CANDIDATES:
        if enc != encoding.replace("-sig", ""):
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                continue
    return None


def iter_lines(fh: BinaryIO, encoding: str, max_line_bytes: int) -> Iterator[Line]:
    """Decode a binary stream line by line without ever holding more than one line.

    Args:
        fh: The file, opened in binary mode at its start.
        encoding: From :func:`detect_encoding`.
        max_line_bytes: Longer lines are skipped (to their end) and reported
            as ``too_long`` instead of being read into memory.
    """
    number = 0
    while True:
        raw = fh.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            # Drain the rest of the oversized line in bounded chunks.
            while True:
                rest = fh.readline(1 << 16)
                if not rest or rest.endswith(b"\n"):
                    break
            yield Line(number, None, "too_long")
            continue
        text = _decode(raw, encoding)
        if text is None:
            yield Line(number, None, "undecodable")
        else:
            yield Line(number, text)
