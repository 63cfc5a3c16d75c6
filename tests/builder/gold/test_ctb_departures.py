"""CTB departures (suzhou_news/builder/gold/ctb.py): which gold words each rule of the guidelines' §1.4 touches."""

import textwrap

import pytest

from suzhou_news.builder.gold.ctb import DEPARTURES, char_spans, count_departures, departure_spans, gold_departures, render


@pytest.mark.parametrize("words, expected", [
    ("推动 高质量 发展", [("D13", 1, 2)]),
    ("推动 高 质量 发展", []),  # already CTB's segmentation
    ("苏州 最 大 出口 市场", [("D24", 1, 3)]),
    ("集聚 更 多 创新 要素", [("D24", 1, 3)]),
    ("最 美 窗口", []),  # 最美 is no word in CTB either
    ("最大 出口 市场", []),  # joined, as CTB does
    ("让 文化 活起来", [("P3", 2, 3)]),
    ("走进 社区", []),  # a one-character complement: one word in CTB too
    ("*月 *日 召开", [("D16", 0, 1), ("D16", 1, 2)]),
    ("紧扣 “ 3+3+X ” 产业 体系", [("D17", 2, 3)]),
    ("文化 + 旅游", []),  # + between Chinese words is its own word, as in CTB
    ("2020-12-29 16:41:08", [("D10", 0, 1), ("D10", 1, 2)]),
    ("2020年 12月 29日", []),
], ids=lambda v: v if isinstance(v, str) else "")
def test_departure_spans(words, expected):
    assert departure_spans(words.split()) == expected


def test_spans_come_in_text_order_across_rules():
    words = "更 多 高质量 的 *月 安排".split()
    assert departure_spans(words) == [("D24", 0, 2), ("D13", 2, 3), ("D16", 4, 5)]
    # character offsets into the words joined without spaces: 更多高质量的*月安排
    assert char_spans(words) == [("D24", 0, 2), ("D13", 2, 5), ("D16", 6, 8)]


def test_counts_are_words_and_occurrences_for_every_rule():
    counts = count_departures([["更", "多", "高质量"], ["最", "大", "高水平", "高质量"], ["没有", "例外"]])
    assert counts["D24"] == {"occurrences": 2, "words": 4}
    assert counts["D13"] == {"occurrences": 3, "words": 3}
    assert set(counts) == {d.rule for d in DEPARTURES}
    assert counts["D16"] == {"occurrences": 0, "words": 0}


def test_gold_departures_count_reviewed_lines_per_split(tmp_path):
    """Only reviewed lines are gold: a `pre` line and an excluded line with the same strings count for nothing."""
    (tmp_path / "a.txt").write_text(textwrap.dedent("""\
        # doc: a
        a-s0000\treviewed\t推动 高质量 发展
        a-s0001\tpre\t推动 高质量 发展
        a-s0002\texcluded:corrupted\t推动高质量发展
        """), encoding="utf-8")
    (tmp_path / "b.txt").write_text("# doc: b\nb-s0000\treviewed\t[苏州]/GPE 最 大 的 高水平 平台\n", encoding="utf-8")
    sentences = [{"id": f"a-s000{i}", "doc_id": "a", "text": "推动高质量发展", "split": "train"} for i in range(3)]
    sentences.append({"id": "b-s0000", "doc_id": "b", "text": "苏州最大的高水平平台", "split": "test"})
    counts = gold_departures(tmp_path, sentences)
    assert counts["train"]["D13"] == {"occurrences": 1, "words": 1}
    assert counts["test"]["D13"] == {"occurrences": 1, "words": 1}
    assert counts["test"]["D24"] == {"occurrences": 1, "words": 2}
    assert counts["all"]["D13"] == {"occurrences": 2, "words": 2}
    table = render(counts)
    assert "| D13 | differs | 2 (2) | 1 (1) | 1 (1) |" in table.splitlines()
    assert table.splitlines()[0].startswith("| rule | status | all: words (occurrences) | test:")
