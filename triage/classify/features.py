"""TF-IDF features over the customer and agent texts (no torch).

jieba words (uni+bigrams) and character 1-3-grams of the customer's text, and
character 1-2-grams of the agent's text at a lower weight, in one
:class:`~sklearn.compose.ColumnTransformer` over rows ``[customer, agent]``.
"""

from __future__ import annotations

import functools
import logging

from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer

_JIEBA = None


def jieba_tokenize(text: str) -> list[str]:
    """Words of ``text`` by jieba (precise mode), spaces and punctuation dropped.

    Persisted by reference in the skops artefacts (see
    :data:`triage.classify.sklearn_model.TRUSTED_TYPES`).
    """
    return list(_segment(text))


@functools.lru_cache(maxsize=512)
def _segment(text: str) -> tuple[str, ...]:
    # The intent and severity models both tokenize the same customer text of each
    # record in a batch: the cache makes that one jieba pass instead of two.
    global _JIEBA
    if _JIEBA is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        _JIEBA = jieba
    return tuple(w for w in _JIEBA.lcut(text) if w.strip() and w not in "，。！？、,.!?~…")


def build_features(
    customer_weight: float = 1.0, agent_weight: float = 0.35, max_features: int = 15000
) -> ColumnTransformer:
    """The unfitted feature extractor over rows ``[customer, agent]``.

    Args:
        customer_weight: Weight of the customer's word and char blocks.
        agent_weight: Weight of the agent's char block.
        max_features: Vocabulary cap per block (keeps artefacts small).
    """
    words = TfidfVectorizer(
        tokenizer=jieba_tokenize, token_pattern=None, lowercase=False,
        ngram_range=(1, 2), min_df=3, sublinear_tf=True, max_features=max_features * 4 // 5,
    )
    chars = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 3), min_df=3, sublinear_tf=True,
        max_features=max_features, lowercase=False,
    )
    agent = TfidfVectorizer(
        analyzer="char", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
        max_features=max_features // 4, lowercase=False,
    )
    return ColumnTransformer(
        [("cust_words", words, 0), ("cust_chars", chars, 0), ("agent_chars", agent, 1)],
        transformer_weights={
            "cust_words": customer_weight,
            "cust_chars": customer_weight,
            "agent_chars": agent_weight,
        },
    )
