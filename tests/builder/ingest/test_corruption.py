"""Corrupted spans: mojibake is marked, real question marks are not."""

from suzhou_news.builder.ingest.corruption import find_corrupted, is_common_han


def test_mojibake_after_a_replacement_mark_is_found_with_its_extent():
    text = "以新的发展实绩?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)。成绩来之不易。"
    [span] = find_corrupted(text)
    assert span.text == "?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)"
    assert text[span.start:span.end] == span.text


def test_a_short_fragment_with_latin_and_symbols_is_found():
    text = "系统推进技术创新、规?;l(fā)展和产业生态建设"
    [span] = find_corrupted(text)
    assert span.text == "?;l(fā)"


def test_real_question_marks_are_not_corruption():
    for text in ("加快推动融合发展?相城区委常委表示", "精心谋划苏州长远发展?今天(12月29日)召开的全会",
                 "苏州将以怎样的姿态开启“十四五”?"):
        assert find_corrupted(text) == []


def test_replacement_character_is_always_corrupted():
    [span] = find_corrupted("苏州\ufffd工业园区")
    assert span.text == "\ufffd"


def test_common_han_is_gb2312_level_one():
    assert is_common_han("苏") and is_common_han("州")
    assert not is_common_han("暙") and not is_common_han("槿") and not is_common_han("a")


def test_decoding_marks_become_spans_with_their_reason():
    """U+FFFD (undecodable bytes) and ␀ (NUL bytes) runs not glued to mojibake are spans of their own."""
    text = "苏州\u2400\u2400工业园区，\ufffd今年各项工作。"
    spans = find_corrupted(text)
    assert [(s.text, s.reason) for s in spans] == [("\u2400\u2400", "nul_bytes"), ("\ufffd", "invalid_bytes")]
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_a_damaged_article_is_kept_with_flagged_spans_and_valid_offsets():
    """Finding 3 at the document level: the damaged span is `corrupted` with its reason, offsets hold in
    text and original_text, the sentence holding it is flagged and no sentence boundary falls inside it."""
    from suzhou_news.builder.ingest.document import build_document, sentence_flags
    from suzhou_news.builder.ingest.script import Converter

    page = ("苏州召开全市高质量发展推进大会\n"
            "苏州市召开全市高质量发展推进大会，动员全市上下\u2400推动高质量发展。市委书记出席会议并讲话。\n"
            "与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，确保各项工作落\ufffd")
    doc = build_document("d", page, Converter())
    assert doc is not None and "has_corrupted" in doc.flags
    assert [(c.text, c.reason) for c in doc.corrupted] == [("\u2400", "nul_bytes"), ("\ufffd", "invalid_bytes")]
    assert len(doc.text) == len(doc.original_text)
    for c in doc.corrupted:
        assert doc.text[c.start:c.end] == doc.original_text[c.start:c.end] == c.text
    flagged = [doc.text[s.start:s.end] for s in doc.sentences if "corrupted" in sentence_flags(doc, s)]
    assert flagged == ["苏州市召开全市高质量发展推进大会，动员全市上下\u2400推动高质量发展。",
                       "与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，确保各项工作落\ufffd"]
