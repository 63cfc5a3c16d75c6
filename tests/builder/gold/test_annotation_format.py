"""Annotation file format: parse, write, align, and the character tags derived from it."""

from __future__ import annotations

import textwrap

import pytest

from suzhou_news.builder.gold.annotation_format import LABELS, Entity, format_sentence, parse_line, read_annotation_file
from suzhou_news.builder.gold.alignment import align, align_file
from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.tagging import bio_tags, bmes_tags, entity_char_spans

SID = "000_75e60fc438565b56-s0003"


def test_parse_words_and_entities_with_offsets():
    """Entities cover whole words; char offsets count the concatenated words."""
    line = f"{SID}\treviewed\t[苏州 市委]/ORG [书记]/TITLE [许昆林]/PER 说 ，"
    s = parse_line(line, path="a.txt", lineno=4)
    assert s.sentence_id == SID and s.status == "reviewed" and not s.is_excluded
    assert s.tokens == ("苏州", "市委", "书记", "许昆林", "说", "，")
    assert s.entities == (
        Entity(0, 2, "ORG", 0, 4, "苏州市委"),
        Entity(2, 3, "TITLE", 4, 6, "书记"),
        Entity(3, 4, "PER", 6, 9, "许昆林"),
    )


@pytest.mark.parametrize("line", ["", "   ", "# doc: 000_75e60fc438565b56", "# annotator: li\tmore"])
def test_comment_and_blank_lines_are_ignored(line):
    assert parse_line(line) is None


def test_escapes_and_slash():
    """\\[ \\] \\\\ are literal; '/' and a final ']' escaped inside an entity need no more."""
    line = f"{SID}\tpre\t\\[注\\] a\\\\b 1/2 [x\\]/y z]/LOC"
    s = parse_line(line)
    assert s.status == "pre"
    assert s.tokens == ("[注]", "a\\b", "1/2", "x]/y", "z")
    assert s.entities == (Entity(3, 5, "LOC", 9, 14, "x]/yz"),)
    assert parse_line(s.to_line()) == s


def test_excluded_line_keeps_free_text():
    line = f"{SID}\texcluded:corrupted\t以新的发展实绩?yōu为  [全市"
    s = parse_line(line)
    assert s.is_excluded and s.exclusion_reason == "corrupted"
    assert s.tokens == () and s.entities == ()
    assert s.excluded_text == "以新的发展实绩?yōu为  [全市"
    assert s.to_line() == line


@pytest.mark.parametrize(
    ("body", "column", "what"),
    [
        ("[苏州 市委/ORG 说", 1, "unbalanced '['"),
        ("苏州] 说", 3, "unbalanced ']'"),
        ("[苏州]/CITY 说", 6, "unknown label 'CITY'"),
        ("[]/ORG 说", 2, "empty entity"),
        ("[苏州 [市委]/ORG]/ORG", 5, "nested '['"),
        ("苏州  说", 4, "empty word"),
        ("苏州 说 ", 5, "trailing space"),
        ("苏\\州", 2, "lone backslash"),
        ("苏州\u3000说", 3, "U+3000"),
        ("苏[州", 2, "'[' inside a word"),
        ("[苏州]ORG", 4, "must be followed by /LABEL"),
    ],
    ids=["unclosed", "stray-close", "bad-label", "empty-entity", "nested", "double-space",
         "trailing-space", "backslash", "ideographic-space", "bracket-in-word", "no-slash"],
)
def test_malformed_body_names_file_line_column(body, column, what):
    prefix = f"{SID}\treviewed\t"
    with pytest.raises(AnnotationError) as err:
        parse_line(prefix + body, path="data/annotations/000.txt", lineno=7)
    message = str(err.value)
    assert message.startswith(f"data/annotations/000.txt:7:{len(prefix) + column}: ")
    assert what in message


@pytest.mark.parametrize(
    ("line", "what"),
    [
        (f"{SID} reviewed 苏州", "missing tab"),
        (f"{SID}\treviewed", "missing tab"),
        (f"{SID}\tdone\t苏州", "bad status 'done'"),
        (f"{SID}\texcluded:Bad-Reason\tx", "bad status"),
        (f"{SID}\texcluded\tx", "bad status"),
        (f"{SID}\treviewed\t", "no words"),
        (f"{SID}\treviewed\t苏州\r", "CRLF"),
    ],
)
def test_malformed_line(line, what):
    with pytest.raises(AnnotationError, match=what):
        parse_line(line, path="f.txt", lineno=3)


def test_read_file_skips_headers_and_rejects_duplicate_ids(tmp_path):
    """A file with header comments and blank lines; then the same id twice."""
    good = tmp_path / "000_75e60fc438565b56.txt"
    good.write_text(textwrap.dedent(f"""\
        # doc: 000_75e60fc438565b56
        # annotator: test
        # pass: first

        {SID}\treviewed\t[苏州]/GPE 要 争当 表率 。
        000_75e60fc438565b56-s0004\texcluded:corrupted\t???
        """), encoding="utf-8")
    f = read_annotation_file(good)
    assert f.doc_id == "000_75e60fc438565b56"
    assert [s.sentence_id for s in f.sentences] == [SID, "000_75e60fc438565b56-s0004"]
    assert f.linenos == (5, 6) and f.lineno_of(SID) == 5

    dup = tmp_path / "dup.txt"
    dup.write_text(f"{SID}\tpre\t苏州\n\n{SID}\tpre\t苏州\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"dup.txt:3:1: duplicate sentence id .* \(first on line 1\)"):
        read_annotation_file(dup)


def test_align_skips_whitespace_of_a_headline():
    """A headline with inner spaces: words skip them, an entity's surface keeps them."""
    text = "扛起新的使命担当 苏州吹响打造“最美窗口”时代号角"
    s = parse_line(f"{SID}\treviewed\t扛起 新 的 使命 担当 [苏州]/GPE 吹响 打造 “ 最 美 窗口 ” 时代 号角")
    a = align(s, text, path="data/annotations/000_75e60fc438565b56.txt", lineno=9)
    assert a.doc_id == "000_75e60fc438565b56" and a.text == text
    assert a.token_spans[4:6] == ((6, 8), (9, 11))
    assert a.entities == (Entity(5, 6, "GPE", 9, 11, "苏州"),)

    spaced = parse_line(f"{SID}\treviewed\t[苏州 市委]/ORG 召开")
    b = align(spaced, "苏州 市委召开", path="x.txt", lineno=1)
    assert b.entities[0].text == "苏州 市委" and (b.entities[0].start_char, b.entities[0].end_char) == (0, 5)
    assert align(parse_line(f"{SID}\tpre\t苏州"), "  苏 州\n").token_spans == ((2, 5),)


def test_misalignment_names_line_offset_and_differing_chars():
    s = parse_line(f"{SID}\treviewed\t苏州 吹响 号角")
    with pytest.raises(AnnotationError) as err:
        align(s, "苏州吹起号角", path="data/annotations/000.txt", lineno=12)
    message = str(err.value)
    assert message.startswith(f"data/annotations/000.txt:12:40: sentence {SID}: word 2 '吹响'")  # column of 吹响
    assert "character offset 3: expected '起'" in message and "found '响'" in message
    assert "苏州吹⟨起⟩号角" in message and "annotate --update" in message


@pytest.mark.parametrize(
    ("body", "text", "what"),
    [("苏州 吹响", "苏州吹响号角", "stop before the end of the sentence at character offset 4"),
     ("苏州 吹响 号角", "苏州吹响", "run past the end of the sentence at character offset 4")],
)
def test_misalignment_at_either_end(body, text, what):
    with pytest.raises(AnnotationError, match=what):
        align(parse_line(f"{SID}\treviewed\t{body}"), text, path="f.txt", lineno=2)


def test_align_refuses_excluded_and_align_file_checks_ids(tmp_path):
    path = tmp_path / "001_03e6a39d6aae467d.txt"
    path.write_text(textwrap.dedent("""\
        001-s0001\treviewed\t[苏州]/GPE 紧邻 [上海]/GPE
        001-s0002\texcluded:corrupted\t??
        """), encoding="utf-8")
    f = read_annotation_file(path)
    with pytest.raises(AnnotationError, match="is excluded"):
        align(f.sentences[1], "??")
    (a,) = align_file(f, {"001-s0001": "苏州紧邻上海"})
    assert a.doc_id == "001_03e6a39d6aae467d" and a.sentence_id == "001-s0001"
    with pytest.raises(AnnotationError, match=r":1:1: sentence id '001-s0001' is not in the dataset"):
        align_file(f, {})


def test_format_rejects_bad_input():
    with pytest.raises(AnnotationError, match="do not overlap"):
        format_sentence(["a", "b"], [(0, 2, "ORG"), (1, 2, "PER")], SID, "reviewed")
    with pytest.raises(AnnotationError, match="one of PER"):
        format_sentence(["a"], [(0, 1, "DATE")], SID, "reviewed")
    with pytest.raises(AnnotationError, match="contains whitespace"):
        format_sentence(["a b"], [], SID, "pre")
    with pytest.raises(AnnotationError, match="status 'ok'"):
        format_sentence(["a"], [], SID, "ok")
    assert format_sentence([], [], SID, "excluded:duplicate", excluded_text="x y") == f"{SID}\texcluded:duplicate\tx y"


def test_tags_from_words_and_entities():
    s = parse_line(f"{SID}\treviewed\t[苏州 市委]/ORG 书记 说 55.7%")
    assert bmes_tags(s.tokens) == ("B", "E", "B", "E", "B", "E", "S", "B", "M", "M", "M", "E")
    assert bio_tags(len("".join(s.tokens)), entity_char_spans(s.entities)) == (
        "B-ORG", "I-ORG", "I-ORG", "I-ORG") + ("O",) * 8
    with pytest.raises(AnnotationError, match="overlaps"):
        bio_tags(4, [(0, 2, "GPE"), (1, 3, "ORG")])


hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

_word = st.text(alphabet=st.sampled_from(list("苏州市委[]\\/ a]/PER\t") + ["\u3000"]), min_size=1, max_size=4).filter(
    lambda w: not any(c.isspace() for c in w))


@st.composite
def _sentences(draw):
    tokens = draw(st.lists(_word, min_size=1, max_size=8))
    cuts = sorted(draw(st.sets(st.integers(0, len(tokens)), max_size=6)))
    spans = [(a, b, draw(st.sampled_from(LABELS))) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    return tokens, spans


@hypothesis.given(_sentences())
def test_format_parse_round_trip(sentence):
    tokens, spans = sentence
    line = format_sentence(tokens, spans, SID, "reviewed")
    parsed = parse_line(line)
    assert parsed.tokens == tuple(tokens)
    assert [(e.start_token, e.end_token, e.label) for e in parsed.entities] == spans
    assert all(e.text == "".join(tokens[e.start_token:e.end_token]) for e in parsed.entities)
    assert parsed.to_line() == line
