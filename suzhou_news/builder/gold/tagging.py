"""Character tags from gold words and entities, over a sentence's non-whitespace characters.

Both helpers count characters the way the annotation files do: the concatenated
words, i.e. the sentence text with its whitespace skipped.  The entity offsets
of an :class:`suzhou_news.builder.gold.annotation_format.AnnotatedSentence` are already in these
coordinates.
"""

from __future__ import annotations

from collections.abc import Iterable

from suzhou_news.errors import AnnotationError


def compact_offsets(text: str) -> dict[int, int]:
    """Offset of each non-whitespace character of ``text`` → its index among those characters."""
    return {k: i for i, k in enumerate(k for k, ch in enumerate(text) if not ch.isspace())}


def bmes_tags(tokens: Iterable[str]) -> tuple[str, ...]:
    """``S`` for a one-character word, else ``B``, ``M``…, ``E``; one tag per character."""
    tags: list[str] = []
    for word in tokens:
        if not word:
            raise AnnotationError("empty word in bmes_tags: every word has at least one character")
        tags.extend(["S"] if len(word) == 1 else ["B", *("M" * (len(word) - 2)), "E"])
    return tuple(tags)


def bio_tags(n_chars: int, spans: Iterable[tuple[int, int, str]]) -> tuple[str, ...]:
    """``B-X``/``I-X``/``O`` per character from ``(start, end, label)`` character spans."""
    tags = ["O"] * n_chars
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= n_chars:
            raise AnnotationError(f"entity span ({start}, {end}, {label}) is empty or outside the "
                                  f"{n_chars} characters of the sentence: check its offsets")
        if any(t != "O" for t in tags[start:end]):
            raise AnnotationError(f"entity span ({start}, {end}, {label}) overlaps another one: "
                                  "entities are flat, remove one of them")
        tags[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    return tuple(tags)


def entity_char_spans(entities: Iterable[object]) -> tuple[tuple[int, int, str], ...]:
    """``(start_char, end_char, label)`` of entity objects, ready for :func:`bio_tags`."""
    return tuple((e.start_char, e.end_char, e.label) for e in entities)  # type: ignore[attr-defined]
