"""Stage 4 — sentences: body paragraphs to sentences with offsets into the document text.

A sentence ends after 。！？； or an ellipsis (…… / …), together with any closing
quotes or brackets that follow (``。”``, ``？」``). Headings and subtitles are
units of their own. Leading and trailing whitespace is never part of a
sentence, so sentences tile each paragraph up to whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# ASCII ? ! ; are already full width next to CJK (normalize.py); what is left of
# them sits in Latin text or in corrupted spans and ends no Chinese sentence.
# (?:[。！？；]+|…+)[”’」』）》】]*, written to open with one character class so a search jumps between terminators
_END = re.compile(r"[。！？；…](?:(?<=…)…*|(?<=[。！？；])[。！？；]*)[”’」』）》】]*")
UNIT_KINDS = ("heading", "subtitle")


@dataclass(frozen=True)
class SentenceSpan:
    start: int
    end: int
    is_heading: bool
    paragraph: int


def split_paragraph(text: str, offset: int = 0, protected: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Half-open sentence spans of one paragraph, shifted by ``offset``.

    A terminator inside a ``protected`` span (document offsets: a corrupted
    span) never ends a sentence.
    """
    cuts = [m.end() for m in _END.finditer(text)
            if not protected or not any(s <= m.start() + offset < e for s, e in protected)]
    out = []
    for s, e in zip([0, *cuts], [*cuts, len(text)]):
        if s == e:
            continue
        if text[s].isspace() or text[e - 1].isspace():  # rare: trim, or drop a blank chunk
            chunk = text[s:e]
            if not chunk.strip():
                continue
            s += len(chunk) - len(chunk.lstrip())
            e -= len(chunk) - len(chunk.rstrip())
        out.append((s + offset, e + offset))
    return out


def split_sentences(
    paragraphs: Sequence[tuple[int, int, str]], text: str, protected: Sequence[tuple[int, int]] = ()
) -> list[SentenceSpan]:
    """``paragraphs`` are ``(start, end, kind)`` over ``text``."""
    result: list[SentenceSpan] = []
    for p_index, (start, end, kind) in enumerate(paragraphs):
        if kind in UNIT_KINDS:
            chunk = text[start:end]
            s = start + len(chunk) - len(chunk.lstrip())
            e = end - (len(chunk) - len(chunk.rstrip()))
            if e > s:
                result.append(SentenceSpan(s, e, True, p_index))
            continue
        for s, e in split_paragraph(text[start:end], start, protected):
            result.append(SentenceSpan(s, e, False, p_index))
    return result
