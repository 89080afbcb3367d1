"""The compiled fast path gives scikit-learn's probabilities, incrementally or not."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from triage.classify.datagen.compose import generate
from triage.classify.fast_linear import FastLinear, compile_model
from triage.classify.sklearn_model import SklearnTextClassifier
from triage.classify.text import as_rows
from triage.schema import Turn

MODELS = Path(__file__).resolve().parents[2] / "models"
# Characters the random texts are drawn from: common CJK, digits, Latin, PII tags and masks,
# punctuation (also 。, the join character) and spaces.
_POOL = list("我的卡被盗刷了转账还款额度冻结投诉银行信用理财密码验证码手机号不是没有吗呢啊")
_POOL += list("0123456789abcXYZ，。！？、,.!?~… 　\t") + ["<BANK_CARD>", "<PHONE_NUMBER>",
                                                     "6222********1234", "138****5678", "一下"]


def _random_chat(rng: random.Random, turns: int) -> list[Turn]:
    chat = []
    for _ in range(turns):
        text = "".join(rng.choice(_POOL) for _ in range(rng.randint(0, 40)))
        speaker = rng.choice(["customer", "customer", "agent", "system"])
        chat.append(Turn(speaker, text or " ", 0.0))
    return chat


def _assert_same_as_sklearn(model: SklearnTextClassifier, chats: list[list[Turn]]) -> None:
    fast = model.fast_model()
    assert isinstance(fast, FastLinear)
    # Growing prefixes, one call each: the incremental path (cache extended turn by turn).
    prefixes = [chat[:k] for chat in chats for k in range(1, len(chat) + 1)]
    got = [fast.predict_turns([p]) for p in prefixes]
    ref, ref_presence = model.predict_all(as_rows(prefixes))
    np.testing.assert_allclose(np.vstack([g[0] for g in got]), ref, rtol=0, atol=1e-12)
    if ref_presence is None:
        assert all(g[1] is None for g in got)
    else:
        presence = np.vstack([g[1] for g in got])
        np.testing.assert_allclose(presence, ref_presence, rtol=0, atol=1e-12)
    # A whole batch at once, cold cache (counted from scratch).
    cold = compile_model(model)
    assert cold is not None
    cold._cache.clear()  # shared by the models of the same features (see below)
    proba, _ = cold.predict_turns(chats)
    ref, _ = model.predict_all(as_rows(chats))
    np.testing.assert_allclose(proba, ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", ["intent-sklearn", "severity-sklearn"])
def test_fast_linear_matches_sklearn_on_shipped_models(name):
    folder = MODELS / name
    if not (folder / "meta.json").exists():
        pytest.skip(f"{folder} not trained")
    model = SklearnTextClassifier.load(folder)
    rng = random.Random(7)
    _assert_same_as_sklearn(model, [_random_chat(rng, rng.randint(1, 9)) for _ in range(15)])


@pytest.fixture(scope="module")
def tiny_models():
    data = generate(240, seed=11)
    rows = as_rows([r["turns"] for r in data])
    multi = SklearnTextClassifier(presence=True, max_features=2000, agent_weight=0.5).fit(
        rows, [r["intent"] for r in data], [[r["intent"], *r["secondary"]] for r in data]
    )
    binary = SklearnTextClassifier(max_features=1500).fit(
        rows, ["P1" if r["severity"] in ("P1", "P2") else "P4" for r in data]
    )
    return data, multi, binary


def test_fast_linear_matches_sklearn_on_freshly_trained_models(tiny_models):
    data, multi, binary = tiny_models
    rng = random.Random(3)
    chats = [[Turn(t["speaker"], t["text"], 0.0) for t in r["turns"]] for r in data[:12]]
    chats += [_random_chat(rng, rng.randint(1, 6)) for _ in range(10)]
    _assert_same_as_sklearn(multi, chats)
    _assert_same_as_sklearn(binary, chats)  # two classes: one calibrator


def test_fast_linear_models_of_the_same_features_share_counts():
    folders = [MODELS / "intent-sklearn", MODELS / "severity-sklearn"]
    if not all((f / "meta.json").exists() for f in folders):
        pytest.skip("shipped models not trained")
    intent, severity = (SklearnTextClassifier.load(f).fast_model() for f in folders)
    assert intent._cache is severity._cache  # same blocks and vocabularies
    rng = random.Random(5)
    chats = [_random_chat(rng, rng.randint(1, 8)) for _ in range(12)]
    intent._cache.clear()
    intent.predict_turns(chats)  # counts every chat ...
    shared = severity.predict_turns(chats)  # ... and severity reads them
    intent._cache.clear()
    alone = severity.predict_turns(chats)  # severity counting them itself
    np.testing.assert_array_equal(shared[0], alone[0])
    # a model of other features keeps its own counts
    other = compile_model(SklearnTextClassifier.load(folders[0]))
    assert other is not None and other._cache is intent._cache
    other.blocks = other.blocks[:1]
    other._cache = type(intent._cache)()
    other._join_shared_cache()
    assert other._cache is not intent._cache


def test_fast_linear_cache_does_not_change_results(tiny_models):
    data, multi, _ = tiny_models
    chat = [Turn(t["speaker"], t["text"], 0.0) for t in data[0]["turns"]]
    fast = compile_model(multi, cache_size=1)
    assert fast is not None
    warm = [fast.predict_turns([chat[:k]])[0] for k in range(1, len(chat) + 1)]
    # Another chat in between evicts the state: the next prefix is counted from scratch.
    fast.predict_turns([_random_chat(random.Random(1), 3)])
    again = fast.predict_turns([chat])[0]
    np.testing.assert_array_equal(again, warm[-1])
    # The same chat asked twice (a re-score) is a cache hit with the same answer.
    np.testing.assert_array_equal(fast.predict_turns([chat])[0], warm[-1])


def test_fast_linear_refuses_configurations_it_cannot_reproduce(tiny_models):
    _, multi, _ = tiny_models
    import copy

    odd = copy.deepcopy(multi)
    odd.features_.transformers_[1][1].set_params(lowercase=True)
    assert compile_model(odd) is None
    if hasattr(odd, "fast_"):
        del odd.fast_
    rows = as_rows([_random_chat(random.Random(2), 3)])
    # The classifier still answers, with scikit-learn.
    proba, _ = odd.predict_turns([_random_chat(random.Random(2), 3)])
    np.testing.assert_allclose(proba, odd.predict_all(rows)[0])


def _naive_char_ngrams(text: str, start: int, lo: int, hi: int) -> list[str]:
    return [
        text[e - n + 1 : e + 1]
        for n in range(lo, hi + 1)
        for e in range(max(start, n - 1), len(text))
    ]


def _naive_word_ngrams(tokens: tuple[str, ...], start: int, lo: int, hi: int) -> list[str]:
    return [
        " ".join(tokens[e - n + 1 : e + 1])
        for n in range(lo, hi + 1)
        for e in range(max(start, n - 1), len(tokens))
    ]


def test_fast_linear_ngrams_equal_the_plain_definition_in_order():
    from triage.classify.fast_linear import _char_ngrams, _word_ngrams

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("我您的是不了好。 a1") for _ in range(rng.randint(0, 12)))
        words = ["我", "要", "查询", "余额", "a"]
        tokens = tuple(rng.choice(words) for _ in range(rng.randint(0, 7)))
        lo = rng.randint(1, 3)
        hi = rng.randint(lo, 4)
        start = rng.randint(0, 13)
        # same n-grams in the same order: the counts' first-seen order fixes the float sums
        assert _char_ngrams(text, start, lo, hi) == _naive_char_ngrams(text, start, lo, hi)
        assert _word_ngrams(tokens, start, lo, hi) == _naive_word_ngrams(tokens, start, lo, hi)


def test_fast_linear_fast_paths_equal_the_plain_computation_bit_for_bit(tiny_models):
    """The one-pass TF-IDF row and the single-calibrator probabilities are the same floats."""
    _, multi, binary = tiny_models
    folders = [MODELS / "intent-sklearn", MODELS / "severity-sklearn"]
    models = [multi, binary] + [
        SklearnTextClassifier.load(f) for f in folders if (f / "meta.json").exists()
    ]
    rng = random.Random(11)
    chats = [tuple(_random_chat(rng, rng.randint(1, 9))) for _ in range(25)]
    for model in models:
        fast = compile_model(model)
        assert fast is not None and fast._fast_vec is not None
        plain = compile_model(model)
        assert plain is not None
        plain._fast_vec = None  # block by block
        plain._single = False  # the loop over calibrated classifiers
        for chat in chats:
            counts = fast._roles(fast._key(chat))
            idx, val = fast._vector_fast(counts)
            ref_idx, ref_val = plain._vector_blocks(counts)
            np.testing.assert_array_equal(idx, ref_idx)
            np.testing.assert_array_equal(val, ref_val)
            np.testing.assert_array_equal(fast._proba(idx, val), plain._proba(idx, val))


def test_fast_linear_models_weighing_counts_alike_share_the_row():
    folders = [MODELS / "intent-sklearn", MODELS / "severity-sklearn"]
    if not all((f / "meta.json").exists() for f in folders):
        pytest.skip("shipped models not trained")
    intent, severity = (SklearnTextClassifier.load(f).fast_model() for f in folders)
    assert intent._vec_group is severity._vec_group  # same blocks, idf, norms and weights
    chat = tuple(_random_chat(random.Random(4), 6))
    intent.predict_turns([chat])
    counts = intent._roles(intent._key(chat))
    row = counts.vectors[intent._vec_group]
    assert severity._vector(counts) is row  # severity reads the row intent computed
    # growing the chat drops the row computed from the shorter one
    longer = (*chat, Turn("customer", "我的卡被盗刷了", 0.0))
    intent.predict_turns([longer])
    assert intent._roles(intent._key(longer)).vectors[intent._vec_group] is not row
    # other idf: same counts, own row
    other = compile_model(SklearnTextClassifier.load(folders[0]))
    assert other is not None
    other.blocks = [dataclasses.replace(b, idf=None) for b in other.blocks]
    other._vec_group = object()
    other._join_shared_cache()
    assert other._cache is intent._cache and other._vec_group is not intent._vec_group


def test_fast_linear_key_of_a_growing_chat_equals_the_plain_key(tiny_models):
    """Keys found from the chat's previous message (same turn objects) are the full keys."""
    from triage.classify.fast_linear import _role_text

    _, multi, _ = tiny_models
    fast = compile_model(multi)
    assert fast is not None
    rng = random.Random(9)
    for _ in range(5):
        chat = _random_chat(rng, rng.randint(2, 10))
        for k in range(1, len(chat) + 1):
            turns = tuple(chat[:k])  # a new tuple each message, as the hook builds it
            assert fast._key(turns) == tuple(_role_text(t) for t in turns)
        # an edited last turn, and a chat cut at the front, are not mistaken for the old one
        edited = (*chat[:-1], Turn("customer", chat[-1].text + "卡被盗刷了", 0.0))
        assert fast._key(edited) == tuple(_role_text(t) for t in edited)
        cut = tuple(chat[1:])
        assert fast._key(cut) == tuple(_role_text(t) for t in cut)
