"""Stage 3: NFC, converter pinyin, half-width punctuation, redaction masks."""

from builder.ingest.normalize import clean_line, normalize_punct, redactions


def test_pinyin_annotations_are_removed_but_real_parentheticals_stay():
    line = "中共蘇州市相城區(qū)委召開(kāi)會議，綜治中心(矛調中心)與政務服務中心(TOD)"
    assert clean_line(line) == "中共蘇州市相城區委召開會議，綜治中心(矛調中心)與政務服務中心(TOD)"


def test_pinyin_needs_a_tone_mark_and_a_han_character_before_it():
    assert clean_line("方案(a)和附件(b)") == "方案(a)和附件(b)"
    assert clean_line("I(xiàn)") == "I(xiàn)"


def test_nfc():
    assert clean_line("e\u0301") == "\u00e9"


def test_half_width_punctuation_between_han_becomes_full_width():
    assert normalize_punct("苏州,上海;南京:杭州?好!") == "苏州，上海；南京：杭州？好！"


def test_numbers_times_and_latin_are_left_alone():
    text = "时间16:41:08，共1,000人，Hello, world: ok?"
    assert normalize_punct(text) == text


def test_brackets_and_quotes_with_han_content_become_full_width():
    assert normalize_punct('综治中心(矛调中心)与"最美窗口"') == "综治中心（矛调中心）与“最美窗口”"
    assert normalize_punct("Copyright (C) 2024") == "Copyright (C) 2024"


def test_protected_spans_are_not_touched_and_length_is_kept():
    text = "发展?fàn)幦,取得"
    out = normalize_punct(text, [(2, 9)])
    assert out[2:9] == text[2:9]
    assert len(out) == len(text)


def test_redaction_masks_are_recorded_verbatim():
    text = "*月*日，****年，世界***强"
    spans = redactions(text)
    assert [(s.start, s.end, s.text) for s in spans] == [(0, 1, "*"), (2, 3, "*"), (5, 9, "****"), (13, 16, "***")]
    assert all(text[s.start:s.end] == s.text for s in spans)
