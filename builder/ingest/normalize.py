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
from dataclasses import dataclass

from builder.ingest.lines import HAN_RE, is_han

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
# A converter's reading annotation: a Han character followed by "(pinyin)",
# where the pinyin is one syllable with a tone mark, e.g. 區(qū), 會(huì).
PINYIN_ANNOTATION = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-zü{_TONE_VOWELS}]*[{_TONE_VOWELS}])[a-zü{_TONE_VOWELS}]{{1,7}}\)"
)
MASK_RUN = re.compile(r"[*＊]+")

_SIMPLE_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_SIMPLE = re.compile("[,;:?!]")
_CANDIDATE = re.compile('[,;:?!()"]')
_CJK_PUNCT = "，。、；：？！“”‘’（）《》【】「」『』…—"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def clean_line(line: str) -> str:
    """NFC and removal of converter pinyin; the only length-changing step."""
    return PINYIN_ANNOTATION.sub("", unicodedata.normalize("NFC", line))


def count_pinyin(line: str) -> int:
    return len(PINYIN_ANNOTATION.findall(unicodedata.normalize("NFC", line)))


def _cjkish(ch: str) -> bool:
    return is_han(ch) or ch in _CJK_PUNCT or ch == "*"


def normalize_punct(text: str, protected: list[tuple[int, int]] = ()) -> str:
    """Map half-width punctuation next to CJK to full width, one char for one.

    Only the positions of the mapped characters are visited (found by a regex), so
    the cost follows the punctuation, not the length of the text.
    """
    if not _CANDIDATE.search(text):
        return text
    out = list(text)
    n = len(text)
    guard = [False] * n
    for s, e in protected:
        guard[s:e] = [True] * len(guard[s:e])
    for m in _SIMPLE.finditer(text):
        i, ch = m.start(), m.group()
        if guard[i]:
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < n else ""
        if prev.isdigit() and nxt.isdigit():
            continue
        if _cjkish(prev) or (ch in "?!" and prev and not prev.isascii()) or (_cjkish(nxt) and not prev.isascii()):
            out[i] = _SIMPLE_MAP[ch]
        elif ch in ",;:" and _cjkish(nxt) and prev and not prev.isdigit():
            out[i] = _SIMPLE_MAP[ch]
    _pairs(text, out, guard, "(", ")", "（", "）", nested=True)
    _pairs(text, out, guard, '"', '"', "“", "”", nested=False)
    return "".join(out)


def _pairs(text: str, out: list[str], guard: list[bool], o: str, c: str, fo: str, fc: str, nested: bool) -> None:
    """Replace matched ASCII pairs (on one line) whose content holds Han characters."""
    stack: list[int] = []
    for m in re.finditer(f"[{re.escape(o + c)}\n]", text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            stack = []
            continue
        if guard[i]:
            continue
        if ch == o and (nested or not stack):
            stack.append(i)
        elif ch == c and stack:
            k = stack.pop()
            if HAN_RE.search(text, k + 1, i):
                out[k], out[i] = fo, fc


def redactions(text: str) -> list[Span]:
    """Runs of mask characters (``*月*日``, ``****年``, ``世界***强``), kept verbatim."""
    return [Span(m.start(), m.end(), m.group()) for m in MASK_RUN.finditer(text)]
