"""Stage 4: sentence splitting with offsets; headings are units of their own."""

from suzhou_news.builder.ingest.sentences import split_paragraph, split_sentences


def spans_text(text, spans):
    return [text[s:e] for s, e in spans]


def test_splits_after_terminators_and_keeps_closing_quotes():
    text = "他说：“要争先。”大家同意！真的吗？是的；好……然后"
    assert spans_text(text, split_paragraph(text)) == ["他说：“要争先。”", "大家同意！", "真的吗？", "是的；", "好……", "然后"]


def test_offsets_shift_and_whitespace_is_not_part_of_a_sentence():
    text = "  第一句。 第二句。  "
    spans = split_paragraph(text, offset=10)
    assert [(s - 10, e - 10) for s, e in spans] == [(2, 6), (7, 11)]


def test_terminators_inside_protected_spans_do_not_split():
    text = "成效?!眳^(qū)发改委主任表示。"
    assert split_paragraph(text.replace("?!", "？！"), 0, [(2, 10)]) == [(0, len(text))]


def test_headings_are_single_units_even_with_inner_spaces_and_punctuation():
    text = "勇挑时代重担 争当最美“推窗人”\n第一句。第二句。"
    paragraphs = [(0, 16, "heading"), (17, 25, "paragraph")]
    got = split_sentences(paragraphs, text)
    assert [(text[s.start:s.end], s.is_heading, s.paragraph) for s in got] == [
        ("勇挑时代重担 争当最美“推窗人”", True, 0), ("第一句。", False, 1), ("第二句。", False, 1)]


# --- the fast path against the straightforward rule -------------------------------------------------------------

import re  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


def _reference_split(text, offset=0, protected=()):
    spans, start = [], 0
    for m in re.finditer(r"(?:[。！？；]+|…+)[”’」』）》】]*", text):
        if any(s <= m.start() + offset < e for s, e in protected):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            out.append((s + len(chunk) - len(chunk.lstrip()) + offset, e - (len(chunk) - len(chunk.rstrip())) + offset))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("苏州。！？；…”’」』）》】 \u3000a,") + ["……"]), max_size=40).map("".join),
       st.integers(0, 5), st.lists(st.tuples(st.integers(0, 45), st.integers(0, 6)), max_size=2))
def test_split_paragraph_matches_the_rule(text, offset, spans):
    """Terminator runs (。！ …… 。”), blank chunks, leading and trailing blanks, protected terminators."""
    protected = [(s, s + n) for s, n in spans]
    assert split_paragraph(text, offset, protected) == _reference_split(text, offset, protected)
