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
from itertools import accumulate

from builder.ingest.lines import is_han

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
# A converter's reading annotation: a Han character followed by "(pinyin)",
# where the pinyin is one syllable with a tone mark, e.g. 區(qū), 會(huì).
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,7}}\)"
)
_PINYIN_RUN = re.compile(f"(?:{PINYIN_ANNOTATION.pattern})+")  # 區(qū)(qū) twice: one pass removes both
MASK_RUN = re.compile(r"[*＊]+")

_SIMPLE_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SIMPLE_RE = re.compile("[,;:?!]")
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def clean_line(line: str) -> str:
    """NFC and removal of converter pinyin; the only length-changing step. Idempotent."""
    return _PINYIN_RUN.sub("", unicodedata.normalize("NFC", line))


def count_pinyin(line: str) -> int:
    return len(PINYIN_ANNOTATION.findall(unicodedata.normalize("NFC", line)))


def _cjkish(ch: str) -> bool:
    return is_han(ch) or ch in _CJK_PUNCT or ch == "*"


def normalize_punct(text: str, protected: Sequence[tuple[int, int]] = ()) -> str:
    """Map half-width punctuation next to CJK to full width, one char for one. Idempotent.

    A mapped character is CJK punctuation and may make its neighbour map too
    (``a,,苏``), so passes repeat until nothing changes. Only the candidate
    characters are visited, so memory stays proportional to the text even for a
    page of many megabytes.
    """
    guarded = _guard(protected)
    while True:
        done = _punct_pass(text, guarded)
        if done == text:
            return done
        text = done


def _punct_pass(text: str, guarded: Callable[[int], bool]) -> str:
    repl: dict[int, str] = {}
    n = len(text)
    for m in _SIMPLE_RE.finditer(text):
        i, ch = m.start(), m.group()
        if guarded(i):
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if prev.isdigit() and nxt.isdigit():
            continue
        if _cjkish(prev) or (ch in "?!" and prev and not prev.isascii()) or (_cjkish(nxt) and not prev.isascii()):
            repl[i] = _SIMPLE_MAP[ch]
        elif ch in ",;:" and _cjkish(nxt) and prev and not prev.isdigit():
            repl[i] = _SIMPLE_MAP[ch]
    _pairs(text, repl, guarded, "(", ")", "（", "）", nested=True)
    _pairs(text, repl, guarded, '"', '"', "“", "”", nested=False)
    if not repl:
        return text
    parts, last = [], 0
    for i in sorted(repl):
        parts += [text[last:i], repl[i]]
        last = i + 1
    parts.append(text[last:])
    return "".join(parts)


def _guard(protected: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """``i -> True`` when offset ``i`` lies in one of the half-open ``protected`` spans."""
    spans = sorted((s, e) for s, e in protected if e > s)
    starts, ends = [s for s, _ in spans], list(accumulate((e for _, e in spans), max))

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
    return [Span(m.start(), m.end(), m.group()) for m in MASK_RUN.finditer(text)]
