"""Stage 3: NFC, converter pinyin, half-width punctuation, redaction masks."""

from suzhou_news.builder.ingest.normalize import clean_line, normalize_punct, redactions


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


# --- the fast paths against the straightforward rules ---------------------------------------------------------

import unicodedata  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from suzhou_news.builder.ingest.lines import is_han  # noqa: E402
from suzhou_news.builder.ingest.normalize import PINYIN_ANNOTATION, clean_page  # noqa: E402

_EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# the characters the rules look at: every candidate, CJK on both sides, ASCII and non-ASCII digits
# (１ ² are str.isdigit), letters, a mask, decoding marks, blanks and line breaks
_PUNCT_CHARS = st.sampled_from(list(',;:?!()"，。（）“”：*＊苏州區會aZ09１²é \n\t\u3000\ufffd\u2400'))
_PUNCT_TEXT = st.lists(_PUNCT_CHARS, max_size=60).map("".join)


def _reference_punct(text: str, protected=()) -> str:
    """The rule as the module doc states it, one candidate at a time, passes repeated until nothing changes."""
    cjk = lambda ch: is_han(ch) or ch in "，。、；：？！“”‘’（）《》【】「」『』…—" or ch == "*"  # noqa: E731  ("" counts)
    guarded = lambda i: any(s <= i < e for s, e in protected)  # noqa: E731
    while True:
        repl = {}
        for i, ch in enumerate(text):
            if ch not in ",;:?!" or guarded(i):
                continue
            prev, nxt = text[i - 1] if i else "", text[i + 1 : i + 2]
            if prev.isdigit() and nxt.isdigit():
                continue
            if cjk(prev) or (ch in "?!" and prev and not prev.isascii()) or (cjk(nxt) and not prev.isascii()):
                repl[i] = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}[ch]
            elif ch in ",;:" and cjk(nxt) and prev and not prev.isdigit():
                repl[i] = {",": "，", ";": "；", ":": "："}[ch]
        for o, c, fo, fc, nested in (("(", ")", "（", "）", True), ('"', '"', "“", "”", False)):
            stack = []  # open brackets (or the one open quote) of the current line
            for i, ch in enumerate(text):
                if ch == "\n":
                    stack = []
                elif ch not in (o, c) or guarded(i):
                    pass
                elif ch == o and (nested or not stack):
                    stack.append(i)
                elif stack and any(map(is_han, text[stack[-1] + 1 : i])):
                    repl.update({stack.pop(): fo, i: fc})
                elif stack:
                    stack.pop()
        done = "".join(repl.get(i, ch) for i, ch in enumerate(text))
        if done == text:
            return done
        text = done


def test_punctuation_tricky_cases_match_the_rule():
    """Cascades (a,,苏), digits (1,000 16:41, ASCII and not), text edges, pairs across lines, a guarded span."""
    cases = ["a,,苏", "a;,,,,苏", "1,000", "16:41:08", "１?2", "é?2", "é?苏", ",a", "a,", "苏,", "a ,苏", "1,苏",
             "(苏)", "((苏) x)", "(a\n苏)", '"a"苏"', '"苏"', "苏?1", "²,3", "*,a", ":", ""]
    for text in cases:
        assert normalize_punct(text) == _reference_punct(text), text
    text = "苏,州?(xiàn)幦,取得"
    assert normalize_punct(text, [(3, 12)]) == _reference_punct(text, [(3, 12)]) == "苏，州?(xiàn)幦,取得"


@_EXAMPLES
@given(_PUNCT_TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 8)), max_size=3))
def test_punctuation_fast_path_matches_the_rule(text, spans):
    """One regex pass per round, a cascade check instead of a last round, guarded spans put back: same output."""
    protected = [(s, s + n) for s, n in spans]
    assert normalize_punct(text, protected) == _reference_punct(text, protected)


@_EXAMPLES
@given(st.lists(st.sampled_from(["區(qū)", "會(huì)", "(qū)", "a(qū)", "e\u0301", "\u212b", "\n", "苏", " ", "(TOD)"]),
                max_size=30).map("".join))
def test_clean_page_is_clean_line_on_every_line(page):
    """NFC and the pinyin removal of a whole page equal those of each line: neither crosses a line break."""
    cleaned, pinyin = clean_page(page)
    assert cleaned == "\n".join(clean_line(line) for line in page.split("\n"))
    assert pinyin == sum(len(PINYIN_ANNOTATION.findall(unicodedata.normalize("NFC", line)))
                         for line in page.split("\n"))
    assert unicodedata.is_normalized("NFC", cleaned)


def test_redactions_without_a_mask_and_with_both_masks():
    """The string pre-check returns nothing when no mask is there, and the scan finds both mask characters."""
    assert redactions("苏州" * 500) == []
    assert [(s.start, s.text) for s in redactions("a＊＊b*")] == [(1, "＊＊"), (4, "*")]
