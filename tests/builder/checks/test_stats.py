"""`suzhou-news stats DIR`: rows, documents, characters, words and entities per config and split."""

import pytest

from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.checks.stats import collect, render
from suzhou_news.builder.dataset.write import write_split


def _ner(sid, text, tokens, entities, split):
    chars = [c for c in text if not c.isspace()]
    return {"id": sid, "doc_id": sid.split("-")[0], "text": text, "chars": chars, "ner_tags": ["O"] * len(chars),
            "ner_tags_msra": ["O"] * len(chars),
            "entities": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in entities],
            "tokens": tokens, "split": split}


def _seg(row):
    return {"id": row["id"], "doc_id": row["doc_id"], "text": row["text"], "tokens": row["tokens"],
            "tags": ["S"] * len(row["chars"]), "split": row["split"]}


@pytest.fixture
def dataset(tmp_path):
    """Two train documents (3 sentences) and one test document (1 sentence), counts chosen by hand."""
    ner = [
        _ner("a-s0000", "苏州市委召开会议。", ["苏州", "市委", "召开", "会议", "。"], [(0, 2, "GPE"), (2, 4, "ORG")], "train"),
        _ner("a-s0001", "创新 引领", ["创新", "引领"], [], "train"),
        _ner("b-s0000", "李铭在上海讲话。", ["李铭", "在", "上海", "讲话", "。"], [(0, 2, "PER"), (3, 5, "GPE")], "train"),
        _ner("c-s0000", "进博会开幕。", ["进博会", "开幕", "。"], [(0, 3, "EVENT")], "test"),
    ]
    for split in ("train", "test"):
        write_split(tmp_path, load_schema("ner"), split, [r for r in ner if r["split"] == split])
        write_split(tmp_path, load_schema("segmentation"), split, [_seg(r) for r in ner if r["split"] == split])
    (tmp_path / ".cache").mkdir()  # hidden folders are not configs
    return tmp_path


def test_counts_per_config_and_split(dataset):
    """Characters count the text as stored (the space of 创新 引领 included); words count tokens."""
    stats = {(s["config"], s["split"]): s for s in collect(dataset)}
    assert sorted(stats) == [("ner", "test"), ("ner", "train"), ("segmentation", "test"), ("segmentation", "train")]
    train = stats[("ner", "train")]
    assert (train["rows"], train["documents"], train["characters"], train["words"]) == (3, 2, 9 + 5 + 8, 12)
    assert train["entities"] == {"PER": 1, "ORG": 1, "GPE": 2, "LOC": 0, "TITLE": 0, "EVENT": 0}
    test = stats[("ner", "test")]
    assert (test["rows"], test["documents"], test["characters"], test["words"]) == (1, 1, 6, 3)
    assert test["entities"] == {"PER": 0, "ORG": 0, "GPE": 0, "LOC": 0, "TITLE": 0, "EVENT": 1}
    seg = stats[("segmentation", "train")]
    assert (seg["rows"], seg["words"]) == (3, 12) and "entities" not in seg


def test_render_is_a_table_with_one_line_per_config_and_split(dataset):
    """Header plus one aligned line per (config, split); entity columns empty outside ner."""
    lines = render(collect(dataset)).splitlines()
    assert lines[0].split() == ["config", "split", "rows", "documents", "characters", "words",
                                "PER", "ORG", "GPE", "LOC", "TITLE", "EVENT"]
    assert lines[1].split() == ["ner", "train", "3", "2", "22", "12", "1", "1", "2", "0", "0", "0"]
    assert lines[2].split() == ["ner", "test", "1", "1", "6", "3", "0", "0", "0", "0", "0", "1"]
    assert lines[3].split() == ["segmentation", "train", "3", "2", "22", "12"]
    assert len({len(line.rstrip()) for line in lines[:3]}) == 1  # columns aligned


def test_empty_folder_gives_no_rows(tmp_path):
    """Nothing built: an empty list and a header-only table."""
    assert collect(tmp_path) == []
    assert render([]).split() == ["config", "split", "rows", "documents", "characters", "words",
                                  "PER", "ORG", "GPE", "LOC", "TITLE", "EVENT"]
