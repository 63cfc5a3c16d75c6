"""Span layers ↔ words and entities: the checks every tool import relies on."""

import pytest

from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.annotation_format import parse_line
from suzhou_news.builder.gold.alignment import align
from suzhou_news.builder.gold.spans import SpanLine, line_from_spans, spans_of, words_from_spans


def test_characters_outside_word_spans_are_one_character_words():
    """Only words of 2+ characters need a span; spaces in the text are skipped, never part of a word."""
    words, offsets = words_from_spans("创新引领 奋力攀高", [(0, 2, "W"), (5, 7, "W")], "t")
    assert words == ["创新", "引", "领", "奋力", "攀", "高"]
    assert offsets[2:4] == [(3, 4), (5, 7)]


def test_spans_of_and_line_from_spans_are_inverse():
    """A line → spans → the same words and entities (an astral character counts as one code point)."""
    line = parse_line("x-s0000\tpre\t[𠀀州 市]/GPE 召开 大会 。")
    text = "𠀀州市 召开大会。"
    spans = spans_of(align(line, text))
    assert spans.words == ((0, 2, "W"), (4, 6, "W"), (6, 8, "W"))
    assert spans.entities == ((0, 3, "GPE"),)
    assert line_from_spans(spans, "t") == (line.tokens, ((0, 2, "GPE"),))


@pytest.mark.parametrize("words, entities, message", [
    ([(0, 3, "W"), (1, 3, "W")], [], r"where: word spans \[0, 3\) and \[1, 3\) overlap at character 1"),
    ([(3, 6, "W")], [], "contains whitespace"),
    ([(5, 7, "W")], [(5, 6, "PER")], r"entity PER \[5, 6\) '奋' does not start and end on word boundaries"),
    ([], [(0, 2, "PER"), (1, 3, "ORG")], "overlaps the entity before it"),
    ([], [(0, 2, "CITY")], "unknown entity label 'CITY'"),
    ([], [(8, 12, "PER")], r"\[8, 12\) is empty or outside the 9 characters"),
    ([(0, "2", "W")], [], "must be integers"),
], ids=["overlapping-words", "space-in-word", "entity-inside-word", "overlapping-entities", "unknown-label",
        "outside-text", "string-offset"])
def test_bad_spans_are_refused_naming_where(words, entities, message):
    """Overlaps, whitespace, entities inside words, unknown labels, bad offsets: each names where and what."""
    with pytest.raises(AnnotationError, match=message):
        line_from_spans(SpanLine("x", "创新引领 奋力攀高", tuple(words), tuple(entities)), "where")
