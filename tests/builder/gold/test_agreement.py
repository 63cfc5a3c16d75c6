"""Inter-annotator agreement: word F1 and entity F1 between two blind passes, counts kept."""

import textwrap

import pytest

from suzhou_news.builder.gold.agreement import Counts, agreement, render

FIRST = textwrap.dedent("""\
    # pass: first
    d-s0000\treviewed\t[苏州 市委]/ORG 召开 会议
    d-s0001\treviewed\t[上海]/GPE 很 美
    d-s0002\texcluded:corrupted\t??乱码
    d-s0003\treviewed\t只有 第一 遍
    """)
SECOND = textwrap.dedent("""\
    # pass: second
    d-s0000\treviewed\t[苏州市]/GPE 委 召开 会议
    d-s0001\treviewed\t[上海]/GPE 很 美
    d-s0002\treviewed\t乱码 不 算
    """)


@pytest.fixture
def passes(tmp_path):
    for name, body in (("first", FIRST), ("second", SECOND)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "d.txt").write_text(body, encoding="utf-8")
    (tmp_path / "first" / "only_first.txt").write_text("only_first-s0000\treviewed\t一 个\n", encoding="utf-8")
    return tmp_path


def test_word_and_entity_f1_worked_out_by_hand(passes):
    """Worked example.

    s0000 words: first (0,2)(2,4)(4,6)(6,8), second (0,3)(3,4)(4,6)(6,8): 2 match of 4 vs 4.
    s0001 words: 3 of 3 vs 3.  Words: matched 5, 7 vs 7 → F1 = 10/14.
    Entities: s0000 (0,4,ORG) vs (0,3,GPE) no match; s0001 (0,2,GPE) both → 1 of 2 vs 2 → F1 = 0.5.
    s0002 is excluded in the first pass and s0003 is only in the first: both skipped; only_first.txt too.
    """
    result = agreement(passes / "first", passes / "second")
    assert result["documents"] == ["d"]
    assert result["sentences"] == 2
    assert result["word"] == {"matched": 5, "first": 7, "second": 7, "f1": pytest.approx(10 / 14)}
    assert result["entity"] == {"matched": 1, "first": 2, "second": 2, "f1": pytest.approx(0.5)}
    assert result["entity_per_label"] == {
        "GPE": {"matched": 1, "first": 1, "second": 2, "f1": pytest.approx(2 / 3)},
        "ORG": {"matched": 0, "first": 1, "second": 0, "f1": 0.0},
    }


def test_agreement_is_symmetric(passes):
    """Swapping the passes swaps first/second counts; every F1 is unchanged."""
    ab = agreement(passes / "first", passes / "second")
    ba = agreement(passes / "second", passes / "first")
    for key in ("word", "entity"):
        assert ab[key]["f1"] == ba[key]["f1"]
        assert (ab[key]["first"], ab[key]["second"]) == (ba[key]["second"], ba[key]["first"])
    assert {k: v["f1"] for k, v in ab["entity_per_label"].items()} == \
        {k: v["f1"] for k, v in ba["entity_per_label"].items()}


def test_nothing_to_compare_gives_none_not_a_division_by_zero(tmp_path):
    """Empty pass folders: F1 is None and the rendering says n/a."""
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    result = agreement(tmp_path / "first", tmp_path / "second")
    assert result["word"]["f1"] is None and result["entity"]["f1"] is None
    assert "word F1   n/a" in render(result)
    assert Counts(0, 0, 0).f1 is None


def test_render_shows_percentages_and_raw_counts(passes):
    """Figures as percentages with one decimal, and the counts they come from."""
    text = render(agreement(passes / "first", passes / "second"))
    assert text.splitlines()[0] == "agreement over 2 sentences of 1 documents (d)"
    assert "word F1   71.4  (5 matched; 7 vs 7 words)" in text
    assert "entity F1 50.0  (1 matched; 2 vs 2 entities)" in text
    assert "GPE    F1 66.7  (1/1/2)" in text
