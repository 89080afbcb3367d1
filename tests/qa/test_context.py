"""Text folding and sentence splitting keep offsets into the redacted text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from triage.qa.context import fold, sentence_bounds


@given(st.text(max_size=200))
def test_context_fold_preserves_length(text):
    assert len(fold(text)) == len(text)


def test_context_fold_width_case_and_punctuation():
    assert fold("ＡＢＣ１２３,ok?") == "abc123，ok？"
    assert fold("您好，工号１０２３。") == "您好，工号1023。"


def test_context_sentence_bounds_cover_text():
    text = "您好。请问有什么可以帮您？好的!再见"
    bounds = sentence_bounds(text)
    assert [text[s:e] for s, e in bounds] == ["您好。", "请问有什么可以帮您？", "好的!", "再见"]


def test_context_match_of_one_or_no_span_equals_the_merge_of_any_iterable():
    from triage.qa.context import NO_MATCH, Match
    from triage.schema import Span

    s = Span(2, 3, 5)
    for hits in ([s], (s,), iter([s]), [s, s]):
        assert Match.of(hits) == Match(True, (s,))
    for empty in ([], (), iter([])):
        assert Match.of(empty) == NO_MATCH and not Match.of(empty).matched
    # overlapping spans of one turn still merge; other turns stay apart, sorted
    got = Match.of([Span(1, 4, 9), Span(0, 0, 2), Span(1, 2, 6)])
    assert got.hits == (Span(0, 0, 2), Span(1, 2, 9))
