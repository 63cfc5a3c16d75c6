"""Consistency report: split/unsplit strings, label conflicts, justified exceptions."""

from __future__ import annotations

import textwrap

import pytest

from suzhou_news.builder.gold.annotation_format import read_annotation_file
from suzhou_news.builder.gold.alignment import align_file
from suzhou_news.builder.gold.consistency import Variant, consistency_report, read_justified
from suzhou_news.errors import InputError


def _aligned(tmp_path, name, body):
    """Write an annotation file and align each sentence against its own words."""
    path = tmp_path / f"{name}.txt"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    annotations = read_annotation_file(path)
    texts = {s.sentence_id: "".join(s.tokens) for s in annotations.sentences}
    return list(align_file(annotations, texts))


def test_split_and_unsplit_string_is_reported_once_with_both_variants(tmp_path):
    """苏州市 one word twice, split once; 高质量发展 split into three words."""
    sentences = _aligned(tmp_path, "000", """\
        # doc: 000
        000-s1\treviewed\t[苏州市]/GPE 召开 会议
        000-s2\treviewed\t立足 [苏州市]/GPE 、 相城区
        000-s3\treviewed\t[苏州 市]/GPE 推动 高 质量 发展
        000-s4\treviewed\t推动 高质量发展
        000-s5\treviewed\t苏州 市委 召开 会议
        """)
    report = consistency_report(sentences, {})
    seg = {f.string: f for f in report.unexplained if f.kind == "segmentation"}
    assert set(seg) == {"苏州市", "高质量发展"}
    assert seg["苏州市"].variants == (
        Variant("苏州市", 2, 1, ("000-s1", "000-s2")),
        Variant("苏州 市", 1, 1, ("000-s3",)),
    )
    assert [v.form for v in seg["高质量发展"].variants] == ["高 质量 发展", "高质量发展"]
    assert not report.ok


def test_words_crossing_a_boundary_are_not_a_split(tmp_path):
    """"苏州 市委" contains 苏州市 but not at word boundaries: consistent."""
    sentences = _aligned(tmp_path, "001", """\
        001-s1\treviewed\t[苏州市]/GPE 召开 会议
        001-s2\treviewed\t[苏州 市委]/ORG 召开 会议
        001-s3\treviewed\t[苏州]/GPE 要 奋勇争先
        """)
    report = consistency_report(sentences)
    assert report.ok and report.unexplained == () and report.justified == ()
    assert report.to_text() == "consistency: 0 unexplained, 0 justified"


def test_label_conflicts_and_unlabelled_occurrences(tmp_path):
    """长三角 LOC vs GPE; 市委 ORG vs O; 苏州 inside an ORG is no O occurrence."""
    sentences = _aligned(tmp_path, "002", """\
        002-s1\treviewed\t融入 [长三角]/LOC 一体化
        002-s2\treviewed\t融入 [长三角]/LOC 一体化
        002-s3\treviewed\t[长三角]/GPE 地区
        002-s4\treviewed\t[市委]/ORG 提出 要求
        002-s5\treviewed\t市委 提出 要求
        002-s6\treviewed\t[苏州 市委]/ORG 与 [苏州]/GPE
        """)
    report = consistency_report(sentences, set())
    labels = {f.string: f for f in report.unexplained if f.kind == "label"}
    assert set(labels) == {"长三角", "市委"}
    assert labels["长三角"].variants == (Variant("LOC", 2, 1, ("002-s1", "002-s2")), Variant("GPE", 1, 1, ("002-s3",)))
    assert labels["市委"].variants == (Variant("O", 1, 1, ("002-s5",)), Variant("ORG", 1, 1, ("002-s4",)))


def test_multi_word_entity_left_unlabelled_elsewhere(tmp_path):
    sentences = _aligned(tmp_path, "003", """\
        003-s1\treviewed\t召开 [省 两会]/EVENT
        003-s2\treviewed\t学习 省 两会 精神
        """)
    (finding,) = consistency_report(sentences).unexplained
    assert (finding.kind, finding.string) == ("label", "省两会")
    assert [(v.form, v.count) for v in finding.variants] == [("EVENT", 1), ("O", 1)]


def test_justified_strings_are_reported_apart(tmp_path):
    """The guidelines' section (any heading level) justifies 苏州港; a stale item is listed."""
    guide = tmp_path / "annotation-guidelines.md"
    guide.write_text(textwrap.dedent("""\
        # Guidelines
        - 苏州港: not in the section, ignored

        ```
        # doc: 000   (a code block: not a heading)
        ```

        ### 6.2 Justified inconsistencies

        Prose is ignored.

        - `苏州港`: LOC for the port, O inside the brand “虹桥品汇苏州港”.
        - 16:41:08: a stale item with a colon in the string
        #### sub-heading stays inside
        - 虹桥: LOC for the area, O inside the brand.

        ## Next section
        - 市委: outside again
        """), encoding="utf-8")
    justified = read_justified(guide)
    assert justified == {"苏州港": "LOC for the port, O inside the brand “虹桥品汇苏州港”.",
                         "16:41:08": "a stale item with a colon in the string",
                         "虹桥": "LOC for the area, O inside the brand."}
    sentences = _aligned(tmp_path, "004", """\
        004-s1\treviewed\t使 [苏州港]/LOC 成为 纽带
        004-s2\treviewed\t打响 “ 虹桥 品汇 苏州港 ” 品牌
        004-s3\treviewed\t[市委]/ORG 提出
        004-s4\treviewed\t市委 提出
        """)
    report = consistency_report(reversed(sentences), justified)
    assert [f.string for f in report.unexplained] == ["市委"]
    (ok,) = report.justified
    assert (ok.kind, ok.string, ok.reason) == ("label", "苏州港", justified["苏州港"])
    assert report.unused_justifications == ("16:41:08", "虹桥")
    text = report.to_text()
    assert text.splitlines()[0] == "consistency: 1 unexplained, 1 justified"
    assert "[label] 市委: 'O' x1 in 1 doc(s) (e.g. 004-s4) | 'ORG' x1 in 1 doc(s) (e.g. 004-s3)" in text
    assert "justified: LOC for the port" in text and "  - 虹桥" in text
    assert consistency_report(sentences, justified) == report  # order of input does not matter


@pytest.mark.parametrize("item", ["- 苏州港 LOC or O", "- 苏州港:", "- 苏 州: spaces", "- : why"])
def test_malformed_justification_names_the_line(tmp_path, item):
    guide = tmp_path / "g.md"
    guide.write_text(f"## Justified inconsistencies\n\n{item}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"g.md:3: justification item .* is not '- <string>: <why>'"):
        read_justified(guide)


def test_missing_section_justifies_nothing(tmp_path):
    guide = tmp_path / "g.md"
    guide.write_text("# Guide\n- 苏州港: x\n", encoding="utf-8")
    assert read_justified(guide) == {}
