"""Annotation lines ↔ character spans, the common ground of the annotation-tool round trips.

Label Studio and doccano both describe a sentence as its text plus labelled
character spans ``[start, end)`` (code points, as Python counts them). A line of
an annotation file becomes two span layers:

* **words**: one ``W`` span for every word of two or more characters; a
  non-whitespace character outside every word span is a one-character word
  (so the tool shows only the words a person may need to merge or split, and
  a one-character word needs no span; a one-character span is accepted too);
* **entities**: one span per entity, labelled with its fine label.

:func:`line_from_spans` turns the two layers back into words and entities, and
checks what the line format requires: words without whitespace that tile the
sentence, and entities made of whole words that do not overlap. Every error
names ``where`` (the task or line of the tool's file) and says what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.alignment import AlignedSentence
from suzhou_news.builder.gold.labels import LABELS

WORD_LABEL = "W"
Span = tuple[int, int, str]


@dataclass(frozen=True)
class SpanLine:
    """A sentence as the tools see it: text, word spans (2+ characters) and entity spans."""

    sentence_id: str
    text: str
    words: tuple[Span, ...]
    entities: tuple[Span, ...]


def spans_of(aligned: AlignedSentence) -> SpanLine:
    """The two span layers of an aligned sentence (offsets into ``aligned.text``)."""
    words = tuple((s, e, WORD_LABEL) for (s, e), tok in zip(aligned.token_spans, aligned.tokens) if len(tok) > 1)
    entities = tuple((e.start_char, e.end_char, e.label) for e in aligned.entities)
    return SpanLine(aligned.sentence_id, aligned.text, words, entities)


def _check_span(text: str, start: object, end: object, label: str, where: str, layer: str) -> tuple[int, int]:
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        raise AnnotationError(f"{where}: {layer} span {label!r} has offsets {start!r}, {end!r}: "
                              "start and end must be integers")
    if not 0 <= start < end <= len(text):
        raise AnnotationError(f"{where}: {layer} span {label!r} [{start}, {end}) is empty or outside the "
                              f"{len(text)} characters of the sentence: redraw it in the tool")
    if text[start].isspace() or text[end - 1].isspace():
        raise AnnotationError(f"{where}: {layer} span {label!r} [{start}, {end}) {text[start:end]!r} starts or "
                              "ends on whitespace: trim it to the characters")
    return start, end


def words_from_spans(text: str, word_spans: Iterable[Span], where: str) -> tuple[list[str], list[tuple[int, int]]]:
    """Words and their offsets: each word span is a word, every other non-space character a word of its own."""
    spans = sorted(_check_span(text, s, e, label, where, "word") for s, e, label in word_spans)
    owner: dict[int, int] = {}
    for k, (s, e) in enumerate(spans):
        for i in range(s, e):
            if text[i].isspace():
                raise AnnotationError(f"{where}: word span [{s}, {e}) {text[s:e]!r} contains whitespace, and words "
                                      "never do: split it at the space")
            if i in owner:
                o = spans[owner[i]]
                raise AnnotationError(f"{where}: word spans [{o[0]}, {o[1]}) and [{s}, {e}) overlap at character "
                                      f"{i} {text[i]!r}: delete one of them")
            owner[i] = k
    words: list[str] = []
    offsets: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif i in owner:
            s, e = spans[owner[i]]
            words.append(text[s:e])
            offsets.append((s, e))
            i = e
        else:
            words.append(text[i])
            offsets.append((i, i + 1))
            i += 1
    if not words:
        raise AnnotationError(f"{where}: the sentence has no characters to annotate")
    return words, offsets


def line_from_spans(line: SpanLine, where: str) -> tuple[tuple[str, ...], tuple[tuple[int, int, str], ...]]:
    """Words and ``(start_token, end_token, label)`` entities of a :class:`SpanLine`."""
    words, offsets = words_from_spans(line.text, line.words, where)
    starts = {s: k for k, (s, _) in enumerate(offsets)}
    ends = {e: k + 1 for k, (_, e) in enumerate(offsets)}
    entities = []
    checked = sorted(((*_check_span(line.text, s, e, label, where, "entity"), label) for s, e, label in line.entities),
                     key=lambda x: x[:2])
    for s, e, label in checked:
        if label not in LABELS:
            raise AnnotationError(f"{where}: unknown entity label {label!r} on {line.text[s:e]!r}: use one of "
                                  f"{', '.join(LABELS)}")
        if s not in starts or e not in ends:
            raise AnnotationError(f"{where}: entity {label} [{s}, {e}) {line.text[s:e]!r} does not start and end on "
                                  "word boundaries: entities are made of whole words, so move its edges or "
                                  "adjust the word spans")
        if entities and starts[s] < entities[-1][1]:
            raise AnnotationError(f"{where}: entity {label} [{s}, {e}) {line.text[s:e]!r} overlaps the entity before "
                                  "it: entities are flat, delete one of them")
        entities.append((starts[s], ends[e], label))
    return tuple(words), tuple(entities)

