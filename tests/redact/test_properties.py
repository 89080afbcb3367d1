"""Property-based tests: any valid phone/ID/card in any written or spoken form, inside
random Chinese text, is redacted, and entity offsets round-trip to the original text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.redact import redact_text
from triage.redact.checksums import ID_PROVINCES, MOBILE_PREFIXES, id_check_char, luhn_check_digit

# common characters, none of them a digit, spoken digit, number word or Latin letter
FILLER = (
    "的我你是了在有个人这上们来到时大地为子中说生国年着就那和要她出也得里后自以会家可"
    "下而过天去能对小多然于心学么之都好看起发当没成只如事把还用样道想作种开美总从无情"
    "己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间知世什次使身"
    "者被高已亲其进此话常与活正感"
)
SPOKEN = {
    "0": ["零", "〇", "洞", "０"],
    "1": ["一", "幺", "１"],
    "2": ["二", "两", "２"],
    "3": ["三", "３"],
    "4": ["四", "４"],
    "5": ["五", "５"],
    "6": ["六", "６"],
    "7": ["七", "拐", "７"],
    "8": ["八", "８"],
    "9": ["九", "９"],
    "X": ["X", "x", "叉"],
}

filler = st.text(alphabet=FILLER, min_size=0, max_size=15)


@st.composite
def mobile(draw: st.DrawFn) -> tuple[str, tuple[int, ...]]:
    prefix = draw(st.sampled_from(sorted(MOBILE_PREFIXES)))
    rest = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    return prefix + rest, (3, 4, 4)


@st.composite
def card(draw: st.DrawFn) -> tuple[str, tuple[int, ...]]:
    n = draw(st.integers(16, 19))
    prefix = draw(st.sampled_from(["62", "4", "51", "55"]))
    body = prefix + draw(
        st.text(alphabet="0123456789", min_size=n - 1 - len(prefix), max_size=n - 1 - len(prefix))
    )
    return body + luhn_check_digit(body), (4, 4, 4, 4, 4)


@st.composite
def cn_id(draw: st.DrawFn) -> tuple[str, tuple[int, ...]]:
    region = draw(st.sampled_from(sorted(ID_PROVINCES))) + draw(
        st.text(alphabet="0123456789", min_size=4, max_size=4)
    )
    year, month, day = (
        draw(st.integers(1930, 2010)),
        draw(st.integers(1, 12)),
        draw(st.integers(1, 28)),
    )
    birth = f"{year}{month:02d}{day:02d}"
    seq = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = region + birth + seq
    return first17 + id_check_char(first17), (6, 8, 4)


@st.composite
def written(draw: st.DrawFn, value_strategy: st.SearchStrategy) -> tuple[str, str]:
    """A value written with every character in a random form and random group separators."""
    value, groups = draw(value_strategy)
    chars = [draw(st.sampled_from([c] + SPOKEN[c])) for c in value]
    # group separators, and hesitation sounds the ASR wrote while the number was read out
    sep = draw(st.sampled_from(["", "", " ", "-", "，", "、", "，嗯，", "呃", " 嗯 "]))
    out, pos = [], 0
    for g in groups:
        if pos >= len(chars):
            break
        out.append("".join(chars[pos : pos + g]))
        pos += g
    if pos < len(chars):
        out[-1] += "".join(chars[pos:])
    return value, sep.join(out)


def _check(before: str, shown: str, after: str) -> None:
    text = before + shown + after
    res = redact_text(text)
    covered = {k for e in res.entities for k in range(e.start, e.end)}
    lo = len(before)
    for k in range(lo, lo + len(shown)):
        if not (text[k].isspace() or text[k] in "-，、"):
            assert k in covered, (k, res.entities)
    # offsets round-trip: removing the spans from the original gives the redacted text
    # without its tags
    ents = sorted(res.entities, key=lambda e: e.start)
    kept, pos = [], 0
    for e in ents:
        assert 0 <= e.start < e.end <= len(text)
        kept.append(text[pos : e.start])
        pos = e.end
    kept.append(text[pos:])
    assert re.sub(r"<[A-Z_]+>", "", res.text) == "".join(kept)


_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(filler, written(mobile()), filler)
def test_properties_mobile_any_form_redacted(before: str, v: tuple[str, str], after: str) -> None:
    _check(before, v[1], after)


@_SETTINGS
@given(filler, written(card()), filler)
def test_properties_card_any_form_redacted(before: str, v: tuple[str, str], after: str) -> None:
    _check(before, v[1], after)


@_SETTINGS
@given(filler, written(cn_id()), filler)
def test_properties_id_any_form_redacted(before: str, v: tuple[str, str], after: str) -> None:
    _check(before, v[1], after)
