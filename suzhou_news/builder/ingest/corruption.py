"""Detect corrupted spans (mojibake) so they are marked, never passed off as text.

Mojibake in crawled Chinese pages — bytes decoded with the wrong codec, then run
through a script converter — shows the same general signs: a replacement mark
(``?`` or U+FFFD) glued to Han text, followed by a run of characters that real
prose almost never holds: Han characters outside the 3,755 common characters of
GB2312 level 1, stray Latin letters, tone-marked pinyin without its opening
bracket, and symbols such as ``∪ 「 ^ ;``.

Detection runs on Simplified text (Traditional text is converted first, with the
same length), from each anchor to the next clause punctuation. The span is
marked when the window holds at least two suspicious characters; it runs from
the anchor to the last suspicious character.

Bytes the reader could not decode are already marked in the text (one U+FFFD
per damaged byte run, one U+2400 ␀ per NUL run, see :mod:`suzhou_news.builder.ingest.damage`):
a run of such marks that starts no mojibake window is its own span, with the
reason ``invalid_bytes`` or ``nul_bytes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from suzhou_news.builder.ingest.damage import MARK_REASONS
from suzhou_news.builder.ingest.lines import is_han

ANCHORS = "?\ufffd"
_CLAUSE_END = "，。、；：！？,\n"
_WINDOW = 24
_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_CANDIDATES = ANCHORS + "".join(MARK_REASONS)
_CANDIDATE = re.compile("[" + re.escape(_CANDIDATES) + "]")


@dataclass(frozen=True)
class Corrupted:
    start: int
    end: int
    text: str
    reason: str = "mojibake"


def is_common_han(ch: str) -> bool:
    """In GB2312 level 1 (the 3,755 most common Simplified characters)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return len(b) == 2 and 0xB0 <= b[0] <= 0xD7


def suspicious(ch: str) -> bool:
    if ch in ANCHORS:
        return True
    if is_han(ch):
        return not is_common_han(ch)
    if ch.isascii():
        return ch.isalpha() or ch in "^;[]{}|~`\\"
    return ch in _TONE or ch in "∪∩「」¨¤§¦" or ch == "\ufffd"


def find_corrupted(text: str) -> list[Corrupted]:
    """Corrupted spans in ``text`` (Simplified script), sorted and disjoint."""
    spans: list[Corrupted] = []
    if not any(ch in text for ch in _CANDIDATES):  # a string search per character beats a regex class scan
        return spans
    i, n = 0, len(text)
    while i < n:
        m = _CANDIDATE.search(text, i)  # jump to the next anchor or mark: long pages stay fast
        if m is None:
            break
        i = m.start()
        if text[i] not in ANCHORS or not _glued(text, i):
            i = _mark_run(text, i, spans)
            continue
        stop = i + 1
        while stop < n and stop - i <= _WINDOW and text[stop] not in _CLAUSE_END:
            stop += 1
        window = range(i + 1, stop)
        bad = [k for k in window if suspicious(text[k])]
        if len(bad) >= 2:
            end = bad[-1] + 1
            end = _include_reading(text, end)
            if text[end : end + 1] == ")" and (text[end - 1].isascii() and text[end - 1].isalpha() or text[end - 1] in _TONE):
                end += 1  # the closing bracket of a pinyin fragment belongs to the span
            spans.append(Corrupted(i, end, text[i:end]))
            i = end
        else:
            i = _mark_run(text, i, spans)
    return spans


def _mark_run(text: str, i: int, spans: list[Corrupted]) -> int:
    """A run of one decoding mark at ``i`` becomes a span with its reason; returns the next index."""
    reason = MARK_REASONS.get(text[i])
    if reason is None:
        return i + 1
    end = i + 1
    while end < len(text) and text[end] == text[i]:
        end += 1
    spans.append(Corrupted(i, end, text[i:end], reason))
    return end


def _glued(text: str, i: int) -> bool:
    """The anchor touches Han text on its left (a real question mark ends a clause)."""
    return i > 0 and is_han(text[i - 1])


def _include_reading(text: str, end: int) -> int:
    """Extend over a dangling pinyin reading ``(xiàn)`` left by the converter."""
    m = re.match(rf"\([a-zü{_TONE}]{{1,7}}\)", text[end:])
    return end + m.end() if m else end
