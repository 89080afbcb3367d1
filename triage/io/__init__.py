"""Readers and writers for batch scoring.

Readers stream: each yields, in input order, a :class:`triage.stage.Doc`
(a valid record, with its source file and line) or a
:class:`triage.errors.RecordError` (an invalid one). Formats:

- JSON Lines records (SPEC §2), optionally gzip-compressed (``.jsonl.gz``);
- CSV with one row per turn (``id,channel,speaker,text,start,end``);
- JSON documents: one record, a list of records, a FunASR sentence list or a
  Whisper transcript (``segments``).

Text encodings are detected per file (UTF-8, UTF-8 with BOM, GB18030/GBK).
"""

from triage.io.options import ReaderOptions, SpeakerMap
from triage.io.sources import detect_format, expand_inputs, read_inputs
from triage.io.writers import JsonlWriter

__all__ = [
    "JsonlWriter",
    "ReaderOptions",
    "SpeakerMap",
    "detect_format",
    "expand_inputs",
    "read_inputs",
]
