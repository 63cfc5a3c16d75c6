"""Corrupted spans: mojibake is marked, real question marks are not."""

from builder.ingest.corruption import find_corrupted, is_common_han


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
