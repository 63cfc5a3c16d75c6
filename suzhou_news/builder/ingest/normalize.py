"""Stage 3 — normalize: Unicode, converter pinyin, half-width punctuation, redactions.

Two kinds of step, kept apart so character offsets stay simple:

* *length-changing* steps run per raw line before layout analysis:
  :func:`clean_line` (NFC, converter pinyin removed);
* *length-preserving* steps run on the assembled body: :func:`normalize_punct`
  maps one character to one character, so offsets of corrupted spans found
  before it still hold after it.

Half-width punctuation mapping (applied only next to CJK text, see
``docs/architecture.md``): ``, → ，``  ``; → ；``  ``: → ：``  ``? → ？``
``! → ！``; a ``( … )`` pair whose content holds Han becomes ``（ … ）``; a
``" … "`` pair around Han becomes ``“ … ”``. Commas and colons between digits
(``1,000``, ``16:41``) and everything inside a corrupted span are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from suzhou_news.builder.ingest.lines import HAN_CLASS, is_han

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
# A converter's reading annotation: a Han character followed by "(pinyin)",
# where the pinyin is one syllable with a tone mark, e.g. 區(qū), 會(huì). (The pattern opens with the
# bracket and looks behind it, so a search jumps from bracket to bracket.)
PINYIN_ANNOTATION = re.compile(
    rf"\((?<=[\u3400-\u9fff\uf900-\ufaff]\()(?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,7}}\)"
)
# 區(qū)(qū) twice: one pass removes both; written X(?:X)* rather than (?:X)+ so that it opens with the bracket
_PINYIN_RUN = re.compile(f"{PINYIN_ANNOTATION.pattern}(?:{PINYIN_ANNOTATION.pattern})*")
MASK_RUN = re.compile(r"[*＊][*＊]*")  # [*＊]+, opening with a class so a search jumps between masks

_SIMPLE_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_FULL_WIDTH = str.maketrans(_SIMPLE_MAP)
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—"
_CJK = HAN_CLASS + _CJK_PUNCT + r"\*"  # CJK next to a candidate: Han, CJK punctuation, a mask (a class body)
# One pass of the rules for , ; : ? ! in one pattern, each character tested after it is found. A character
# is mapped when the one before it is CJK or there is none; or, for , ; :, when the one after it is CJK or
# there is none and the one before is not an ASCII digit (a CJK character is never a digit, so "between
# digits" cannot hold then).
_SIMPLE_PASS = re.compile(rf"([,;:?!](?:(?<![^{_CJK}].)|(?<=[^0-9][,;:])(?![^{_CJK}])))")
# A pass changes a character only where a neighbour changed in the pass before. Pairs are all found in the
# first pass, and a mapped , ; : ? ! or pair becomes one of these: without a candidate next to one of them,
# another pass would change nothing.
_MAPPED = "，；：？！（）“”"
_CASCADE = re.compile(f"[,;:?!](?:(?<=[{_MAPPED}].)|(?=[{_MAPPED}]))")
# ? and ! after another non-ASCII character: mapped unless both neighbours are digits (checked per match).
_AFTER_OTHER_NON_ASCII = re.compile(rf"[?!](?<=[^\x00-\x7f{_CJK}].)")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def clean_line(line: str) -> str:
    """NFC and removal of converter pinyin; the only length-changing step. Idempotent."""
    return _PINYIN_RUN.sub("", unicodedata.normalize("NFC", line))


def clean_page(text: str) -> tuple[str, int]:
    """:func:`clean_line` of every line and how many reading annotations it removed, in one pass over the page.

    Neither step reaches across a line break: ``\\n`` is a starter that composes
    with nothing, and a reading annotation holds no ``\\n`` and follows a Han character.
    """
    text = unicodedata.normalize("NFC", text)
    pinyin = len(PINYIN_ANNOTATION.findall(text))
    return (_PINYIN_RUN.sub("", text) if pinyin else text), pinyin


def normalize_punct(text: str, protected: Sequence[tuple[int, int]] = ()) -> str:
    """Map half-width punctuation next to CJK to full width, one char for one. Idempotent.

    A mapped character is CJK punctuation and may make its neighbour map too
    (``a,,苏``), so passes repeat until nothing changes. Each pass decides every
    character on the text as it was before the pass.
    """
    if not _holds(text, ',;:?!("'):
        return text
    spans = _merged(protected)
    guarded = _guard(spans)
    while True:
        done = _punct_pass(text, spans, guarded)
        if done == text or not (_holds(done, ",;:?!") and _CASCADE.search(done)):
            return done
        text = done


def _punct_pass(text: str, spans: list[tuple[int, int]], guarded: Callable[[int], bool]) -> str:
    """One pass of the rules (see the module doc), with the characters in ``spans`` left as they were."""
    parts = _SIMPLE_PASS.split(text)
    parts[1::2] = "".join(parts[1::2]).translate(_FULL_WIDTH)
    done = "".join(parts)
    repl: dict[int, str] = {}
    if "?" in text or "!" in text:
        for m in _AFTER_OTHER_NON_ASCII.finditer(text):
            i = m.start()
            if not (text[i - 1].isdigit() and text[i + 1 : i + 2].isdigit()):
                repl[i] = _SIMPLE_MAP[m.group()]
    if "(" in text and ")" in text:
        _pairs(text, repl, guarded, "(", ")", "（", "）", nested=True)
    if text.count('"') >= 2:
        _pairs(text, repl, guarded, '"', '"', "“", "”", nested=False)
    if repl:
        done = _replace(done, repl)
    if spans and done != text:
        done = _restore(done, text, spans)
    return done


def _holds(text: str, chars: str) -> bool:
    """Any of ``chars`` in ``text`` (a string search per character is much faster than a regex class)."""
    return any(ch in text for ch in chars)


def _replace(text: str, repl: dict[int, str]) -> str:
    parts, last = [], 0
    for i in sorted(repl):
        parts += [text[last:i], repl[i]]
        last = i + 1
    parts.append(text[last:])
    return "".join(parts)


def _restore(done: str, text: str, spans: list[tuple[int, int]]) -> str:
    """``done`` with the characters of ``spans`` (sorted, disjoint) taken back from ``text``."""
    parts, last = [], 0
    for s, e in spans:
        parts += [done[last:s], text[s:e]]
        last = e
    parts.append(done[last:])
    return "".join(parts)


def _merged(protected: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The non-empty ``protected`` spans, sorted, overlapping ones merged."""
    out: list[tuple[int, int]] = []
    for s, e in sorted((s, e) for s, e in protected if e > s):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _guard(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """``i -> True`` when offset ``i`` lies in one of the half-open ``spans`` (sorted, disjoint)."""
    starts, ends = [s for s, _ in spans], [e for _, e in spans]

    def guarded(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and i < ends[k]

    return guarded


def _pairs(text: str, repl: dict[int, str], guarded: Callable[[int], bool], o: str, c: str, fo: str, fc: str,
           nested: bool) -> None:
    """Replace matched ASCII pairs on one line whose content holds Han characters."""
    stack: list[int] = []
    for m in re.finditer(f"[{re.escape(o + c)}\n]", text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            stack.clear()
            continue
        if guarded(i):
            continue
        if ch == o and (nested or not stack):
            stack.append(i)
        elif ch == c and stack:
            k = stack.pop()
            if any(is_han(x) for x in text[k + 1 : i]):
                repl[k], repl[i] = fo, fc


def redactions(text: str) -> list[Span]:
    """Runs of mask characters (``*月*日``, ``****年``, ``世界***强``), kept verbatim."""
    if "*" not in text and "＊" not in text:
        return []
    return [Span(m.start(), m.end(), m.group()) for m in MASK_RUN.finditer(text)]
