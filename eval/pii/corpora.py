"""Readers for the public NER / address corpora in ``--data-dir`` (read in place).

Each reader yields :class:`Sentence` objects: raw text plus labelled spans
``(start, end, label)`` (end exclusive). Labels are the corpus' own; the
runner maps them to PII / keep-intact groups. Nothing here copies data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sentence:
    """One corpus sentence with its labelled spans (end exclusive)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def _bio_blocks(path: Path, sep: str | None) -> Iterator[list[tuple[str, str]]]:
    block: list[tuple[str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if block:
                    yield block
                block = []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                # a space character labelled O (the line is " O")
                parts = [" ", parts[-1]] if parts else [" ", "O"]
            block.append((parts[0], parts[-1]))
    if block:
        yield block


def _decode(tokens_tags: list[tuple[str, str]]) -> Sentence:
    """BIO / BMES tags to spans (an I-/M-/E- without a start opens a span).

    A token may hold several characters (the address set writes ``832`` as one
    token); offsets are character offsets in the joined text.
    """
    text = "".join(c for c, _ in tokens_tags)
    spans: list[tuple[int, int, str]] = []
    cur: list | None = None
    pos = 0
    for tok, tag in tokens_tags:
        start, end = pos, pos + len(tok)
        pos = end
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label:
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
            continue
        if prefix in ("B", "S") or cur is None or cur[2] != label:
            if cur:
                spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = [start, end, label]
        else:
            cur[1] = end
        if prefix in ("S", "E"):
            spans.append(tuple(cur))  # type: ignore[arg-type]
            cur = None
    if cur:
        spans.append(tuple(cur))  # type: ignore[arg-type]
    return Sentence(text, tuple(spans))


def read_msra(data_dir: Path) -> list[Sentence]:
    """MSRA NER test (char\\tBIO)."""
    return [_decode(b) for b in _bio_blocks(data_dir / "msra_ner" / "msra_test_bio.txt", "\t")]


def read_weibo(data_dir: Path, split: str = "test") -> list[Sentence]:
    """Weibo NER 2nd version; the jieba position digit after each character is dropped."""
    path = data_dir / "weibo_ner" / f"weiboNER_2nd_conll.{split}"
    out = []
    for b in _bio_blocks(path, "\t"):
        out.append(_decode([(c[:-1] if len(c) > 1 and c[-1].isdigit() else c, t) for c, t in b]))
    return out


def read_resume(data_dir: Path, split: str = "test") -> list[Sentence]:
    """Resume NER (char BMES)."""
    return [_decode(b) for b in _bio_blocks(data_dir / "resume_ner" / f"{split}.char.bmes", None)]


def read_cluener(data_dir: Path) -> list[Sentence]:
    """CLUENER2020 dev (JSON lines, inclusive end offsets)."""
    out = []
    with open(data_dir / "cluener2020" / "dev.json", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            spans = []
            for label, ents in (obj.get("label") or {}).items():
                for _, offsets in ents.items():
                    for s, e in offsets:
                        spans.append((s, e + 1, label))
            out.append(Sentence(obj["text"], tuple(sorted(spans))))
    return out


def heldout_half(sents: list[Sentence]) -> list[Sentence]:
    """Odd-numbered sentences: the reported half of a corpus that has one labelled split.

    MSRA (test only) and CLUENER (dev only) have no second labelled split. PERSON
    error analysis looked only at the even-numbered sentences (:func:`analysis_half`);
    the report gives figures on the odd-numbered ones, which were not inspected.
    """
    return sents[1::2]


def analysis_half(sents: list[Sentence]) -> list[Sentence]:
    """Even-numbered sentences: the half used for error analysis (never reported)."""
    return sents[0::2]


def read_address(data_dir: Path, split: str = "test") -> list[Sentence]:
    """Chinese address parsing (char BIO); labels lower-cased."""
    path = data_dir / "chinese_address_parsing" / f"{split}.txt"
    return [
        _decode([(c, t.lower() if t != "O" else t) for c, t in b]) for b in _bio_blocks(path, None)
    ]
