"""Stage 4: sentence splitting with offsets; headings are units of their own."""

from builder.ingest.sentences import split_paragraph, split_sentences


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
