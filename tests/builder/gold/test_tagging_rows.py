"""segmentation and ner rows (suzhou_news/builder/gold/tagging.py), the one builder the gold join and the
importers share, and the MSRA view (gold/labels.msra_view)."""

from __future__ import annotations

import pytest

from suzhou_news.builder.gold.labels import msra_view
from suzhou_news.builder.gold.tagging import ner_row, segmentation_row
from suzhou_news.errors import AnnotationError


def test_ner_row_counts_characters_without_whitespace_and_keeps_text_offsets():
    """A space inside the sentence: tags are per non-space character, entity offsets stay in the text."""
    text = "苏州 大学在江苏"
    row = ner_row("d-1", "d", text, ["苏州", "大学", "在", "江苏"], [(0, 5, "ORG"), (6, 8, "GPE")], "test")
    assert row["chars"] == list("苏州大学在江苏")
    assert row["ner_tags"] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-GPE", "I-GPE"]
    assert row["ner_tags_msra"] == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC"]
    assert row["entities"] == [{"start": 0, "end": 5, "label": "ORG", "text": "苏州 大学"},
                               {"start": 6, "end": 8, "label": "GPE", "text": "江苏"}]


def test_labels_without_an_msra_type_are_o_in_the_msra_view():
    spans = [(0, 2, "TITLE"), (2, 4, "PER"), (4, 6, "PER.NOM"), (6, 7, "LOC")]
    assert msra_view(spans) == [(2, 4, "PER"), (6, 7, "LOC")]
    row = ner_row("d-1", "d", "红楼梦中曹公叹", list("红楼梦中曹公叹"), [(0, 3, "TITLE"), (4, 6, "PER")], "train")
    assert row["ner_tags"][:3] == ["B-TITLE", "I-TITLE", "I-TITLE"]
    assert row["ner_tags_msra"] == ["O", "O", "O", "O", "B-PER", "I-PER", "O"]


def test_segmentation_row_and_overlapping_entities():
    row = segmentation_row("d-1", "d", "苏州 市委书记说", ["苏州", "市委书记", "说"], "train")
    assert row["tags"] == list("BEBMMES")
    with pytest.raises(AnnotationError, match="overlaps another one"):
        ner_row("d-1", "d", "苏州大学", list("苏州大学"), [(0, 2, "GPE"), (1, 4, "ORG")], "train")
