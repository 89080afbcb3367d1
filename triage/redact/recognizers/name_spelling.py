"""How callers say and spell their names on the phone: given names alone and explanations.

Used by :mod:`triage.redact.recognizers.person_name` after its other sources ran, on
the analysis text of one interaction (a line per turn). Two kinds of finding:

* a given name alone after a name cue (名字叫伟, 名叫晓明, 单名一个伟字, 叫我晓明就行,
  我叫王，王小二 — the surname said alone first): 1-2 frequent given-name characters
  (``ngender`` data) that end where the caller's phrase ends;
* the explanation of a name character, one by one (耳东陈，春眠不觉晓的晓，明天的明; 丽是
  美丽的丽; 三点水的江; 单人旁的佳; 女字旁一个亭子的亭): the whole clause (between
  punctuation marks) is masked, so the character cannot be read back from it.

A clause ``…W的C`` explains ``C`` when ``C`` occurs in the words ``W`` before 的 (明天的明),
``C`` ends the clause, and either ``C`` is a character of a name found in the
interaction before the clause ends, the clause starts with ``C是`` (丽是美丽的丽), or the
line holds two such clauses (a caller spelling a name with no name cue in the turn).
A clause that names a radical (三点水, 木字旁, 草字头, 单人旁 …) is an explanation
whatever follows. Not explanations: 我的卡, 上个月的钱, 招商银行的卡, 他的, 我老公的卡 (the
character after 的 is not in the words before it), 好的好的, 是的是的 (的 does not end
the explanation, and a one-character word explains nothing).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable

from triage.redact.recognizers.base import Finding
from triage.redact.recognizers.name_chars import GivenNameChars
from triage.redact.recognizers.surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

_CJK = "\u4e00-\u9fff"
#: Characters that end a clause (punctuation, speaker markers, line breaks, spaces).
_BREAK = ",，。.!！?？;；:：、…~～()（）\n\ue000\ue001\ue002\ue003 \t"
_CLAUSE = re.compile(f"[^{re.escape(_BREAK)}]+")
_NEWLINE = re.compile("\n")
#: Endings a caller puts after the explained character (明天的明字, 晓的晓啊).
_TAIL = "字啊呀吧哈嘛哦呢吗"
#: Most characters before 的 in an explanation (春眠不觉晓的晓 has 5, 丽是美丽的丽 4).
_WORDS_MAX = 6
#: Characters that make the words before 的 a sentence, not one word (钱是我的钱).
_NOT_WORD = frozenset("是我你他她它们了在有要")
#: Fillers before an explanation (是明天的明, 就是海洋的洋, 嗯对明天的明).
_LEAD = "是就那个嗯呃对哦啊"
#: Radicals and character parts named when a character is spelled.
_RADICAL = re.compile(
    "(?:三点水|两点水|单人旁|双人旁|单立人|双立人|[^\\s]{1}字旁|[^\\s]{1}字头|[^\\s]{1}字底|"
    "[^\\s]{1}字边|走之底?|走之旁|竖心旁|提手旁|绞丝旁|言字旁|金字旁|反犬旁|耳刀旁?|宝盖头?|"
    "草头|草字头|竹字头|雨字头|禾木旁|示字旁|衣字旁|斜玉旁|耳朵旁|左耳旁|右耳旁|双耳旁)"
)
#: Longest clause read as a radical explanation (草字头下面一个方向的方 is 10).
_RADICAL_CLAUSE = 14
#: Substrings one of which every radical name holds (a cheap test before the pattern).
_RADICAL_ANCHORS = ("字", "水", "人旁", "立人", "走之", "耳刀", "宝盖", "草头", "旁")
#: The common radicals behind ``X字旁``-style words (the X), to keep ``[X]字头`` from
#: reading 数字头 or 名字旁边 as a radical.
_RADICAL_X = frozenset(
    "木王女口日月火土石米金言足车马鱼鸟贝目山立禾示衣竹雨草人心手丝虫又耳弓方歹舟页身角酉羊食巾田皿子父牛犬"
)
#: Cues after which a given name may follow alone (without the surname).
_GIVEN_CUE = re.compile(
    rf"(?:名字叫|名字是|名叫|小名叫|小名是|大名叫|全名叫|全名是|单名一个|单名|单字一个|"
    rf"双名|叫我)[:：\s]{{0,2}}([{_CJK}]{{1,2}}?)(?=字|就行|就好|就可以|好了|吧|啊|呀|$|[{re.escape(_BREAK)}])"
)
#: Words after a given-name cue that are no name (名字叫什么, 叫我怎么办).
_NOT_GIVEN = frozenset(
    """什么 啥 谁 多少 哪个 错了 对的 错的 一样 这个 那个 怎么 怎样 不对 没有 好的 本人 客户 自己
    中文 英文 拼音 全称 简称 繁体 简体 正确 真的 假的 一致 空的 乱码 全名 小名""".split()
)
#: ``我叫王，王小二``: a surname said alone after 我叫 before the full name.
_SURNAME_ALONE = re.compile(rf"(?:我叫|我姓|名字叫)[:：\s]?([{_CJK}])(?=[,，、 ]|\s)")
#: The agent asking which character: 哪个伟？, 是哪一个晓字.
_ASKED = re.compile(rf"哪一?个([{_CJK}])字?(?=[吗呢啊呀]|$|[{re.escape(_BREAK)}])")
#: One 汉字 alone between commas (我叫李，李，李文): a stutter when it is a name's surname.
_LONE_CHAR = re.compile(rf"(?:^|(?<=[,，、\s\ue000-\ue003]))([{_CJK}])(?=[,，、])")
#: Single 汉字 joined by single spaces (an ASR writing a name a character at a time).
_SPACED = re.compile(rf"[{_CJK}](?: [{_CJK}])+")
#: Given-name share of the characters of a spaced name (about the 2,500 most used).
SPACED_SHARE = 1e-5
#: Words that describe a character by its parts (三个石头的磊, 一个刍加一个耳朵旁).
_PARTS = re.compile(
    "[一二两三四五六七八九十]个|[一二两三四五六七八九十]横|加|旁|字头|字底|去掉|上面|下面|左边|右边|里面|外面"
)
#: A name said after a cue at the end of a clause (我叫芸, 名字是雯).
_CUE_END = re.compile(rf"(?:叫|是|姓)([{_CJK}]{{1,2}})$")
#: A word of two or three 汉字 followed by the explanation of each of its characters in order
#: (温柔温度的温柔软的柔 as an ASR writes 温柔 温度 的 温 柔软 的 柔 once normalised): a name
#: spelled right after it is said, whatever word it is. Groups: the characters, then the words
#: before each 的.
_SPELLED_WORD = [
    re.compile(
        "".join(rf"([{_CJK}])" for _ in range(k))
        + "".join(
            rf"[\s，,、]*((?:[{_CJK}]{{0,3}}?)\{i + 1}[{_CJK}]{{0,3}}?)的\{i + 1}字?"
            for i in range(k)
        )
    )
    for k in (3, 2)
]
#: Back-channel words that never are a name said before its spelling (好，对，嗯).
_FILLERS = frozenset("好对嗯是行啊哦呃额那这就我你他她")
#: Share of given-name use for a character read as a given name after a cue.
GIVEN_SHARE = 5e-5


class NameSpelling:
    """Given names alone after a cue, and explanations of name characters.

    Args:
        given: Given-name character shares (``ngender`` data).
        exclude: Words never read as a given name (kinship terms, the allow list).
        entity: Entity type of the findings.
        source: Recognizer name for the findings' source labels.
    """

    def __init__(
        self,
        given: GivenNameChars,
        exclude: frozenset[str] = frozenset(),
        entity: str = "PERSON",
        source: str = "",
    ) -> None:
        self.given = given
        self.exclude = exclude
        self.entity = entity
        self.source = source

    def find(self, text: str, found: Iterable[Finding]) -> list[Finding]:
        """Findings in ``text`` given the names ``found`` there already."""
        names = [(f.start, f.end) for f in found if f.score >= 0.6]
        # cheap guards: every rule needs one of a few characters
        out = self._given_after_cue(text, names) if "名" in text or "叫" in text else []
        names += [(f.start, f.end) for f in out]
        radicals = self._radicals(text) if any(w in text for w in _RADICAL_ANCHORS) else []
        if radicals or "的" in text or "是" in text:
            out += self._explanations(text, names, radicals)
        if text.count("的") >= 2:
            out += self._spelled_words(text, names + [(f.start, f.end) for f in out])
        if " " in text and names:
            out += self._spaced(text, names)
        if "哪" in text:
            out += self._asked(text, names + [(f.start, f.end) for f in out])
        return out

    def _asked(self, text: str, names: list[tuple[int, int]]) -> list[Finding]:
        """A name character asked about (哪个伟？, 是哪个晓字): masked when it is in a name."""
        out: list[Finding] = []
        for m in _ASKED.finditer(text):
            s, e = m.span(1)
            if any(ns < s and m.group(1) in text[ns:ne] for ns, ne in names):
                out.append(self._finding(s, e, 0.8, "asked"))
        return out

    def _finding(self, s: int, e: int, score: float, kind: str) -> Finding:
        return Finding(s, e, self.entity, score, f"{self.source}:{kind}")

    def _given_after_cue(self, text: str, names: list[tuple[int, int]]) -> list[Finding]:
        """名字叫伟, 单名一个伟字, 叫我晓明就行; 我叫王，王小二 (the surname alone)."""
        out: list[Finding] = []
        for m in _GIVEN_CUE.finditer(text):
            s, e = m.span(1)
            value = m.group(1)
            if not value or value in _NOT_GIVEN or value in self.exclude:
                continue
            if any(ns <= s < ne for ns, ne in names):
                continue
            if m.group(0).startswith("叫我") and len(value) < 2:
                continue  # 叫我去: a verb, not a one-character name
            if all(self.given.is_common(c, GIVEN_SHARE) for c in value):
                out.append(self._finding(s, e, 0.8, "given_cue"))
        # 我叫王，王小二; 我叫李，李，李文: the surname of a name of the same line, said alone
        line_of = _line_index(text)
        starts = {(text[ns], line_of(ns)) for ns, ne in names if ne - ns >= 2}
        for rx in (_SURNAME_ALONE, _LONE_CHAR):
            for m in rx.finditer(text):
                s, e = m.span(1)
                c = m.group(1)
                if (c, line_of(s)) not in starts or c not in SINGLE_SURNAMES:
                    continue
                if not any(ns <= s < ne for ns, ne in names + [(f.start, f.end) for f in out]):
                    out.append(self._finding(s, e, 0.8, "surname_alone"))
        return out

    def _spaced(self, text: str, names: list[tuple[int, int]]) -> list[Finding]:
        """A name the ASR wrote a character at a time (郑 小 龙, 卢 俊 义): the whole run.

        A run of single 汉字 joined by single spaces, 2-4 of them, that overlaps a name
        found already, starts with a surname and goes on with given-name characters. A run
        glued to the 汉字 before it must start where a name found starts, and a run of two
        must stand apart from the 汉字 around it: a pause after a word or a name is no
        spelled name (什么钱 多了, 客服小张 有什么).
        """
        out: list[Finding] = []
        starts = {ns for ns, _ in names}
        for m in _SPACED.finditer(text):
            s, e = m.span()
            chars = m.group(0).replace(" ", "")
            if not 2 <= len(chars) <= 4 or not any(ns < e and s < ne for ns, ne in names):
                continue
            glued_before = s > 0 and "\u4e00" <= text[s - 1] <= "\u9fff"
            glued_after = e < len(text) and "\u4e00" <= text[e] <= "\u9fff"
            if (glued_before and s not in starts) or (
                len(chars) == 2 and (glued_before or glued_after)
            ):
                continue
            head = 2 if chars[:2] in COMPOUND_SURNAMES else 1
            if head == 1 and chars[0] not in SINGLE_SURNAMES:
                continue
            if all(self.given.is_common(c, SPACED_SHARE) for c in chars[head:]):
                if not any(ns <= s and e <= ne for ns, ne in names):
                    out.append(self._finding(s, e, 0.8, "spaced"))
        return out

    def _explanations(
        self, text: str, names: list[tuple[int, int]], radicals: list[int]
    ) -> list[Finding]:
        """Clauses that explain a name character (see the module docstring).

        Also the short clause right before explanations that holds the characters they
        explain (伟，伟大的伟; 晓明，春眠不觉晓的晓，明天的明): the name they spell.
        """
        line_of = _line_index(text)
        clauses = [m.span() for m in _CLAUSE.finditer(text)]
        # index -> (explained char, strong on its own, word before 的 has 2+ chars)
        cand: dict[int, tuple[str, bool, bool]] = {}
        for i, (cs, ce) in enumerate(clauses):
            if radicals and ce - cs <= _RADICAL_CLAUSE and any(cs <= k < ce for k in radicals):
                cand[i] = ("*", True, True)  # the character itself is not said
                continue
            clause = text[cs:ce]
            if "的" not in clause[-5:] and clause[1:2] != "是":
                continue  # cheap: no …的C ending, no C是 start
            hit = self._explains(clause)
            if hit is not None:
                cand[i] = hit
        if not cand:
            return []
        chains: dict[int, int] = {}
        for i, (c, _, wide) in cand.items():
            if c != "*" and wide:
                line = line_of(clauses[i][0])
                chains[line] = chains.get(line, 0) + 1
        spelled: dict[int, set[str]] = {}  # clause index -> characters spelled right after it
        out: list[Finding] = []
        for i, (c, strong, wide) in cand.items():
            cs, ce = clauses[i]
            ok = strong or (wide and chains.get(line_of(cs), 0) >= 2)
            if not ok:
                # a character said once (its parts explained: 三个石头的磊, 邹是一个刍加…):
                # only after a name that holds it, not inside one (@流川家的猫)
                if text.count(c, cs, ce) == 1:
                    # in words of character parts (上个月的钱 after 我叫钱伟 stays)
                    ok = bool(_PARTS.search(text, cs, ce)) and any(
                        ne <= cs and c in text[ns:ne] for ns, ne in names
                    )
                else:
                    ok = any(ns < ce and c in text[ns:ne] for ns, ne in names)
            if not ok:
                continue
            if not any(ns <= cs and ce <= ne for ns, ne in names):
                out.append(self._finding(cs, ce, 0.8, "spelling"))
            j = i - 1
            while j in cand:
                j -= 1
            if j >= 0 and line_of(clauses[j][0]) == line_of(cs):
                spelled.setdefault(j, set()).add(c)
        for j, chars in spelled.items():
            js, je = clauses[j]
            value = text[js:je]
            m = _CUE_END.search(value)
            if m is not None:  # 我叫芸，草字头一个云: the name after a cue ends the clause
                js += m.start(1)
                value = m.group(1)
            elif len(value) > 3:
                continue
            if not all("\u4e00" <= ch <= "\u9fff" for ch in value) or value in _NOT_GIVEN:
                continue
            if not (chars & set(value)) and not (
                "*" in chars and all(self._name_char(ch) for ch in value)
            ):
                continue  # 好的，三点水的江: 好的 is no name
            if not any(ns <= js and je <= ne for ns, ne in names):
                out.append(self._finding(js, je, 0.8, "spelled_name"))
        return out

    def _spelled_words(self, text: str, names: list[tuple[int, int]]) -> list[Finding]:
        """A word whose characters are explained one by one right after it (温柔，温度的温，
        柔软的柔): the word and each explanation, also when the word is an everyday one."""
        out: list[Finding] = []
        taken: list[tuple[int, int]] = []
        for rx in _SPELLED_WORD:
            k = rx.groups // 2
            for m in rx.finditer(text):
                if any(s < m.end() and m.start() < e for s, e in taken):
                    continue
                chars = [m.group(i + 1) for i in range(k)]
                words = [m.group(k + i + 1) for i in range(k)]
                if not all(
                    2 <= len(w) <= 4 and w != c * len(w) and not _NOT_WORD.intersection(w)
                    for c, w in zip(chars, words, strict=True)
                ) or not all(self._name_char(c) for c in chars):
                    continue
                taken.append(m.span())
                spans = [(m.start(1), m.end(k))] + [
                    (m.start(k + i + 1), m.end() if i == k - 1 else m.start(k + i + 2))
                    for i in range(k)
                ]
                for s, e in spans:
                    e = s + len(text[s:e].rstrip("，,、 \t"))
                    if not any(ns <= s and e <= ne for ns, ne in names):
                        out.append(self._finding(s, e, 0.8, "spelled_word"))
        return out

    def _name_char(self, ch: str) -> bool:
        """A frequent given-name character or a surname, and no filler word."""
        if ch in _FILLERS:
            return False
        return self.given.is_common(ch, SPACED_SHARE) or ch in SINGLE_SURNAMES

    @staticmethod
    def _radicals(text: str) -> list[int]:
        """Starts of radical or character-part names (三点水, 木字旁) in ``text``."""
        out = []
        for m in _RADICAL.finditer(text):
            word = m.group(0)
            if word[1:2] == "字" and word[0] not in _RADICAL_X:
                continue  # 数字头, 名字旁: not a radical
            out.append(m.start())
        return out

    def _explains(self, clause: str) -> tuple[str, bool, bool] | None:
        """``(char, strong, wide)`` when the clause ends in ``…W的C`` with ``C`` in ``W``."""
        body = clause.rstrip(_TAIL) if len(clause) > 3 else clause
        if len(body) < 3:
            return None
        c = body[-1]
        if body[-2] != "的":
            # 王是三横王, 邹是一个刍加一个耳朵旁: a character alone, 是, its spelling; only
            # for a character of a name found
            if (
                4 <= len(body) <= _RADICAL_CLAUSE
                and body[1] == "是"
                and "\u4e00" <= body[0] <= "\u9fff"
            ):
                return body[0], False, False
            return None
        if not ("\u4e00" <= c <= "\u9fff") or c == "的":
            return None
        words = body[:-2]
        # the words before 的, after the last 叫 (我叫刘洋海洋的洋: 海洋 explains 洋)
        head = words.rsplit("叫", 1)[-1] if "叫" in words[:-1] else words
        if len(head.lstrip(_LEAD)) > _WORDS_MAX:
            return None  # a long clause of prose that ends in …的C
        if c not in head:
            # 是三个石头的磊吗: parts of the character; only for a character of a name found
            # (上个月的钱, 招商银行的卡 stay)
            return c, False, False
        if not (
            self.given.is_common(c, GIVEN_SHARE)
            or c in SINGLE_SURNAMES
            or any(c in s for s in COMPOUND_SURNAMES)
        ):
            return None
        # 丽是美丽的丽: the character, 是, then a word with it (钱是我的钱 is no explanation)
        strong = head.startswith(c + "是") and c in head[2:]
        wide = len(head) >= 2 and head != c * len(head)
        # a clause that is only the explanation (明天的明, 是海洋的洋吗): spelling on its own,
        # also in a message the live hook redacts without the turn that gave the name
        word = head.lstrip(_LEAD)
        strong = strong or (
            wide
            and 2 <= len(word) <= 4
            and c in word
            and word != c * len(word)
            and not _NOT_WORD.intersection(word)
        )
        return c, strong, wide


def _line_index(text: str) -> Callable[[int], int]:
    """A function from a position to the index of its line in ``text``."""
    breaks = [m.start() for m in _NEWLINE.finditer(text)]
    return lambda pos: bisect_left(breaks, pos)
