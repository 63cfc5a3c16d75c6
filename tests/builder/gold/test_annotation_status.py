"""annotation-status: lines per status, and the machine drafts scored against what reviewers made of them."""

import pytest

from suzhou_news.builder.gold.annotation_format import format_sentence
from suzhou_news.builder.gold.status import annotation_status, render
from tests.fixtures.curation_corpus import make_corpus, set_status

S0_WORDS = "苏州市 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。"


@pytest.fixture
def ann(tmp_path):
    """s0000 reviewed after corrections (words and entity), s0002 reviewed unchanged, s0001 stale, s0003 pre."""
    paths = make_corpus(tmp_path)
    path = paths["ann"] / "a.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [format_sentence(S0_WORDS.split(), [(0, 1, "GPE")], "a-s0000", "reviewed") if x.startswith("a-s0000")
             else x for x in lines]
    path.write_text("\n".join(lines), encoding="utf-8")
    set_status(path, "a-s0002", "reviewed")
    set_status(path, "a-s0001", "stale")
    return paths["ann"]


def test_draft_against_reviewed_counts_worked_out_by_hand(ann):
    """Draft s0000 (pairs): 16 words, 5 of them (发展 推进 大会 发展 。) among the 15 reviewed words; its LOC 苏州
    is not the reviewed GPE 苏州市. s0002: the 4 draft words are the reviewed ones. Word F1 = 2·9/(20+19)."""
    (doc,) = annotation_status(ann)["documents"]
    assert doc["lines"] == {"pre": 1, "reviewed": 2, "stale": 1, "excluded": 0}
    assert (doc["reviewed_with_draft"], doc["no_draft"]) == (2, 0)
    assert doc["word"] == {"matched": 9, "draft": 20, "reviewed": 19, "precision": 9 / 20, "recall": 9 / 19,
                           "f1": 18 / 39}
    assert (doc["entity"]["matched"], doc["entity"]["draft"], doc["entity"]["reviewed"], doc["entity"]["f1"]) == (0, 1, 1, 0.0)
    assert doc["entity_msra"]["f1"] == 0.0  # LOC 苏州 vs LOC 苏州市 (GPE → LOC): the span is still wrong
    text = render(annotation_status(ann))
    assert "a                            1     2     1     0       2     46.2     0.0     0.0" in text
    assert "stale lines need a person" in text


def test_without_drafts_the_reviewed_lines_are_counted_but_not_scored(ann):
    """Files annotated before drafts were kept: F1 is n/a, never a made-up number."""
    (ann / "pre" / "a.txt").unlink()
    total = annotation_status(ann)["total"]
    assert (total["reviewed_with_draft"], total["no_draft"], total["word"]["f1"]) == (0, 2, None)
    assert "   n/a" in render(annotation_status(ann))
