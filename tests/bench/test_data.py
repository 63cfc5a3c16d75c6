"""suzhou_news/bench/data.py: the gold the suite scores against, read from a built dataset.

This module also owns the tiny gold dataset the other benchmark tests use
(``build_tiny_gold`` and the session-wide ``tiny_gold`` fixture, imported by
test_runner.py, test_report.py and the command-line tests): three raw articles
pinned to splits, every sentence annotated, built by the project factory
(``tests/fixtures/project.py``).  Building takes about a second.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from suzhou_news.bench.data import Gold, load_gold
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import read_config
from tests.fixtures.project import TinyProject, tiny_project

# Raw articles: a headline (taken as the title, not a sentence), a blank line, one body paragraph.
ARTICLES = {
    "a1": """\
        苏州工业园区发布新政策

        苏州工业园区今天发布新政策。张三在苏州工作。清华大学位于北京。
        """,
    "a2": """\
        苏州举行会议

        市长李四在苏州市政府主持会议。会议通报了苏州经济发展情况。
        """,
    "a3": """\
        北京天安门

        我爱北京天安门。王五在北京大学学习。张三在苏州市政府工作。
        """,
}
SPLITS = {"a1": "train", "a2": "train", "a3": "test"}

# The reviewed annotation of every sentence, keyed by its text (annotation-guidelines.md §3).
ANNOTATIONS = {
    "苏州工业园区今天发布新政策。": "[苏州 工业园区]/ORG 今天 发布 新 政策 。",
    "张三在苏州工作。": "[张三]/PER 在 [苏州]/GPE 工作 。",
    "清华大学位于北京。": "[清华大学]/ORG 位于 [北京]/GPE 。",
    "市长李四在苏州市政府主持会议。": "[市长]/TITLE [李四]/PER 在 [苏州市 政府]/ORG 主持 会议 。",
    "会议通报了苏州经济发展情况。": "会议 通报 了 [苏州]/GPE 经济 发展 情况 。",
    "我爱北京天安门。": "我 爱 [北京]/GPE [天安门]/LOC 。",
    "王五在北京大学学习。": "[王五]/PER 在 [北京 大学]/ORG 学习 。",
    "张三在苏州市政府工作。": "[张三]/PER 在 [苏州市 政府]/ORG 工作 。",
}
TEST_TEXTS = ("我爱北京天安门。", "王五在北京大学学习。", "张三在苏州市政府工作。")


def build_tiny_gold(root: Path, *, annotate: set[str] | None = None) -> Path:
    """Build the tiny dataset under ``root`` and return the dataset folder.

    ``annotate``: the documents that get an annotation file (default: all).
    """
    def label(sentence: dict) -> str | None:
        return ANNOTATIONS[sentence["text"]] if annotate is None or sentence["doc_id"] in annotate else None

    return tiny_project(root, ARTICLES, SPLITS, annotate=label).dataset


_BUILT: dict[str, Path] = {}


@pytest.fixture(scope="session")
def tiny_gold(tmp_path_factory) -> Gold:
    """The tiny dataset, built once per session however many modules import this fixture."""
    if "path" not in _BUILT:
        _BUILT["path"] = build_tiny_gold(tmp_path_factory.mktemp("tiny-gold"))
    return load_gold(_BUILT["path"])


def test_splits_follow_the_manifest_and_keep_every_reviewed_sentence(tiny_gold):
    assert [s.text for s in tiny_gold.test] == list(TEST_TEXTS)
    assert {s.text for s in tiny_gold.train} == set(ANNOTATIONS) - set(TEST_TEXTS)
    assert all(s.id.startswith("a3-") for s in tiny_gold.test)


def test_sentences_carry_the_annotated_tokens_and_entities(tiny_gold):
    by_text = {s.text: s for s in tiny_gold.train + tiny_gold.test}
    for text, body in ANNOTATIONS.items():
        words = body.replace("[", "").split()
        assert by_text[text].tokens == tuple(w.split("]/")[0] for w in words)
    # Half-open character offsets into the text, fine labels.
    s = by_text["我爱北京天安门。"]
    assert s.entities == ((2, 4, "GPE"), (4, 7, "LOC"))
    t = by_text["王五在北京大学学习。"]
    assert [t.text[a:b] for a, b, _ in t.entities] == ["王五", "北京大学"]


def test_msra_entities_map_gpe_to_loc_and_drop_title(tiny_gold):
    by_text = {s.text: s for s in tiny_gold.train + tiny_gold.test}
    assert by_text["我爱北京天安门。"].msra_entities == ((2, 4, "LOC"), (4, 7, "LOC"))
    s = by_text["市长李四在苏州市政府主持会议。"]
    assert [lab for _, _, lab in s.entities] == ["TITLE", "PER", "ORG"]
    assert s.msra_entities == ((2, 4, "PER"), (5, 10, "ORG"))


def test_protocol_all_is_train_then_test(tiny_gold):
    assert tiny_gold.split("test") == tiny_gold.test
    assert tiny_gold.split("all") == tiny_gold.train + tiny_gold.test
    # The runner relies on the test split being the tail of "all".
    assert tiny_gold.split("all")[-len(tiny_gold.test):] == tiny_gold.test


def test_train_vocabulary_is_the_train_words_only(tiny_gold):
    vocab = tiny_gold.train_vocabulary
    assert {"苏州", "工业园区", "苏州市", "政府", "。"} <= vocab
    assert "天安门" not in vocab and "学习" not in vocab  # test-only words are OOV
    assert vocab == {t for s in tiny_gold.train for t in s.tokens}


def test_provenance_hash_is_stable_and_version_comes_from_the_manifest(tiny_gold, tmp_path):
    assert len(tiny_gold.content_hash) == 64 and int(tiny_gold.content_hash, 16) >= 0
    assert tiny_gold.version is None  # a plain build has no release manifest
    assert load_gold(tiny_gold.path).content_hash == tiny_gold.content_hash

    # The same input built again elsewhere gives the same content hash.
    again = load_gold(build_tiny_gold(tmp_path / "again"))
    assert again.content_hash == tiny_gold.content_hash
    (again.path / "manifest.json").write_text(json.dumps({"version": "1.2.0"}), encoding="utf-8")
    assert load_gold(again.path).version == "1.2.0"


def test_dataset_without_gold_configs_says_how_to_build_them(tmp_path):
    out = tmp_path / "plain"
    (out / "sentences").mkdir(parents=True)
    with pytest.raises(InputError, match="build with the annotations"):
        load_gold(out)


def test_dataset_without_test_gold_is_refused(tmp_path):
    """Only the train documents are annotated, so the test split has no gold sentence."""
    dataset = build_tiny_gold(tmp_path, annotate={"a1", "a2"})
    with pytest.raises(InputError, match="test split has no gold sentences"):
        load_gold(dataset)


def test_the_silver_config_is_never_read(tmp_path):
    """Rebuilt with a silver config (machine rows for a2, which has no gold), the folder gives the benchmark
    exactly the gold it gave before."""
    from suzhou_news.builder.gold.silver import silver_tables

    class Chars:
        name = "chars.seg.v1"

        def segment(self, texts):
            return [[c for c in t if not c.isspace()] for t in texts]

        def tag(self, texts):
            return [[(0, 1, "PER")] for _ in texts]

    root = tmp_path / "tiny"
    out = build_tiny_gold(root, annotate={"a1", "a3"})
    before = load_gold(out)
    TinyProject(root).build(extra_tables=silver_tables(lambda: (Chars(), Chars())))
    assert len(read_config(out, "silver")["train"] + read_config(out, "silver").get("test", [])) == 2  # a2's sentences
    after = load_gold(out)
    assert (after.train, after.test) == (before.train, before.test)
