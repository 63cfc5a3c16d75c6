"""build --silver: machine annotation of the sentences without gold, in a config that cannot pass for gold."""

import pyarrow.parquet as pq

from suzhou_news.builder.checks.validate import validate_dir
from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.gold.silver import silver_rows, silver_tables
from tests.fixtures.curation_corpus import PairSegmenter, SuzhouTagger, fakes, make_corpus, rebuild, set_status

SENTENCES = [
    {"id": "d-s0000", "doc_id": "d", "text": "苏州召开大会。", "flags": [], "split": "train"},
    {"id": "d-s0001", "doc_id": "d", "text": "书记出席。", "flags": [], "split": "train"},
    {"id": "d-s0002", "doc_id": "d", "text": "乱码?yōu。", "flags": ["corrupted"], "split": "train"},
]


def test_rows_cover_sentences_without_gold_and_skip_corrupted_ones():
    """d-s0001 is gold, d-s0002 is corrupted: only d-s0000 gets a silver row, named with both systems."""
    (row,) = silver_rows(SENTENCES, {"d-s0001"}, PairSegmenter(), SuzhouTagger())
    assert row == {"id": "d-s0000", "doc_id": "d", "text": "苏州召开大会。", "machine_tokens": ["苏州", "召开", "大会", "。"],
                   "machine_entities": [{"start": 0, "end": 2, "label": "LOC", "text": "苏州"}],
                   "segmenter": "pairs.seg.v1", "tagger": "suzhou.ner.v1", "split": "train"}


def test_build_with_the_hook_writes_a_valid_silver_config_and_leaves_the_gold_alone(tmp_path):
    """One reviewed sentence → three silver rows; the gold Parquet bytes are those of a build without silver;
    the folder validates, and its card describes the silver config as machine output, not gold."""
    paths = make_corpus(tmp_path)
    set_status(paths["ann"] / "a.txt", "a-s0002", "reviewed")
    rebuild(paths)
    def others():
        return {p.relative_to(paths["out"]): p.read_bytes() for name in ("documents", "sentences", "segmentation", "ner")
                for p in sorted((paths["out"] / name).glob("*.parquet"))}

    before = others()
    result = rebuild(paths, extra_tables=silver_tables(fakes))
    assert sum(result.counts["silver"].values()) == 3
    assert others() == before
    rows = [r for f in sorted((paths["out"] / "silver").glob("*.parquet")) for r in pq.read_table(f).to_pylist()]
    assert [r["id"] for r in rows] == ["a-s0000", "a-s0001", "a-s0003"]
    assert validate_dir(paths["out"]) == []
    card = (paths["out"] / "README.md").read_text(encoding="utf-8")
    assert "## Silver config (machine annotation, not gold)" in card and "`pairs.seg.v1`" in card
    assert "config_name: silver" in card
    schema = load_schema("silver")
    assert "SILVER" in schema.json_schema["title"] and "tokens" not in schema.columns  # machine_tokens only


def test_no_sentence_without_gold_means_no_silver_config(tmp_path):
    """All four sentences reviewed: the hook adds nothing, and the folder still validates."""
    paths = make_corpus(tmp_path)
    for sid in ("a-s0000", "a-s0001", "a-s0002", "a-s0003"):
        set_status(paths["ann"] / "a.txt", sid, "reviewed")
    result = rebuild(paths, extra_tables=silver_tables(fakes))
    assert "silver" not in result.counts and not (paths["out"] / "silver").exists()
    assert validate_dir(paths["out"]) == []
