"""The global pass: the manifest as a ledger, exact duplicates kept once, id clashes suffixed, gold errors together."""

import json
import re

import pyarrow.parquet as pq
import pytest

from suzhou_news.builder.dataset.audit import read_audit
from suzhou_news.builder.dataset.split import hash_split, read_manifest
from suzhou_news.errors import AnnotationError
from suzhou_news.builder.pipeline.runner import BuildConfig, build

from pipeline_corpus import article, make_raw, tree


def _config(root, raw="raw", out="out", **kw):
    defaults = dict(raw_dir=root / raw, out_dir=root / out, manifest=root / "splits.json", annotations_dir=None,
                    guidelines=None, workers=1)
    return BuildConfig(**{**defaults, **kw})


def _ids(out, config="documents"):
    return sorted(r["id"] for p in (out / config).glob("*.parquet") for r in pq.read_table(p).to_pylist())


def test_building_another_folder_keeps_the_pins_of_documents_it_did_not_see(tmp_path):
    """Issue 12 #2: a manifest pinning news-000..002; a build of OTHER (one new document) only adds its pin."""
    make_raw(tmp_path, 3)
    pins = {"news-000": "test", "news-001": "train", "news-002": "train"}
    (tmp_path / "splits.json").write_text(json.dumps({"documents": pins}), encoding="utf-8")
    other = tmp_path / "other"
    other.mkdir()
    (other / "extra.txt").write_text(article(7), encoding="utf-8")
    result = build(_config(tmp_path, raw="other"))
    assert result.report["splits"]["new_documents"] == ["extra"]
    assert read_manifest(tmp_path / "splits.json") == {**pins, "extra": hash_split("extra", 0.2)}


def test_a_subset_build_moves_no_pin(tmp_path):
    """Build 6 documents (pins written), then a subset of 2: the manifest keeps all 6 pins, unchanged."""
    make_raw(tmp_path, 6)
    build(_config(tmp_path))
    before = (tmp_path / "splits.json").read_bytes()
    assert len(read_manifest(tmp_path / "splits.json")) == 6
    subset = tmp_path / "subset"
    subset.mkdir()
    for name in ("news-001.txt", "news-004.txt"):
        (subset / name).write_bytes((tmp_path / "raw" / name).read_bytes())
    build(_config(tmp_path, raw="subset", out="out-subset"))
    assert (tmp_path / "splits.json").read_bytes() == before


def test_the_same_article_three_times_is_kept_once(tmp_path):
    """Issue 12 #6: three names, one in a subfolder, same text: one document; the others reported with duplicate_of."""
    raw = make_raw(tmp_path, 2)
    (raw / "copy.txt").write_text(article(0), encoding="utf-8")
    (raw / "sub").mkdir()
    (raw / "sub" / "again.txt").write_text(article(0), encoding="utf-8")
    result = build(_config(tmp_path))
    assert _ids(tmp_path / "out") == ["copy", "news-001"]  # copy.txt sorts first: it is kept
    audit = {f["file"]: f for f in read_audit(tmp_path / "out")}
    for name in ("news-000.txt", "sub/again.txt"):
        assert audit[name]["status"] == "excluded" and audit[name]["reason"] == "duplicate_content"
        assert audit[name]["duplicate_of"] == "copy" and "copy.txt" in audit[name]["detail"]
    assert result.report["duplicates"] == [
        {"file": "news-000.txt", "duplicate_of": "copy", "kept_file": "copy.txt"},
        {"file": "sub/again.txt", "duplicate_of": "copy", "kept_file": "copy.txt"}]
    assert (result.report["included"], result.report["excluded"]) == (2, 2)
    sentences = _ids(tmp_path / "out", "sentences")
    assert not [s for s in sentences if s.startswith("news-000")]


def test_the_same_name_in_two_subfolders_keeps_both_articles(tmp_path):
    """Issue 12 #5: a/名字.txt and b/名字.txt both ask for id '名字'; the second gets a suffix, none is dropped."""
    raw = tmp_path / "raw"
    for folder, i in (("a", 1), ("b", 2)):
        (raw / folder).mkdir(parents=True)
        (raw / folder / "名字.txt").write_text(article(i), encoding="utf-8")
    result = build(_config(tmp_path))
    ids = _ids(tmp_path / "out")
    assert len(ids) == 2 and "名字" in ids
    (suffixed,) = [i for i in ids if i != "名字"]
    assert re.fullmatch(r"名字-[0-9a-f]{8}", suffixed)
    assert result.report["id_clashes"] == [{"file": "b/名字.txt", "id_hint": "名字", "id": suffixed,
                                            "id_taken_by": "a/名字.txt"}]
    again = build(_config(tmp_path, out="again", update_manifest=False))
    assert again.report["id_clashes"] == result.report["id_clashes"]  # deterministic


def test_gold_errors_of_every_shard_are_reported_together(tmp_path):
    """Two documents in two shards with a misspelt annotation each: one AnnotationError naming both files."""
    make_raw(tmp_path, 4)
    ann = tmp_path / "ann"
    ann.mkdir()
    for n in ("000", "003"):
        (ann / f"news-{n}.txt").write_text(f"news-{n}-s0001\treviewed\t会议 强调 错字\n", encoding="utf-8")
    build(_config(tmp_path, annotations_dir=None))
    before = tree(tmp_path / "out")
    with pytest.raises(AnnotationError) as info:
        build(_config(tmp_path, annotations_dir=ann, shards=2))
    message = str(info.value)
    assert message.startswith("2 annotation problem(s):")
    assert "news-000.txt:1:" in message and "news-003.txt:1:" in message
    assert tree(tmp_path / "out") == before


def test_signatures_are_read_back_with_a_bounded_number_of_open_files(tmp_path):
    """Five shards' signature files, at most two mapped at once: every row still comes back right, in any order."""
    import numpy as np

    from suzhou_news.builder.pipeline.map_pass import work_file
    from suzhou_news.builder.pipeline.resolve import ShardSignatures

    rng = np.random.default_rng(5)
    files = [rng.integers(0, 2**32, size=(4, 128), dtype=np.uint64).astype(np.uint32) for _ in range(5)]
    for s, sigs in enumerate(files):
        np.save(work_file(tmp_path, "sigs", s, "npy"), sigs)
    shard = np.repeat(np.arange(5, dtype=np.int32), 4)
    position = np.tile(np.arange(4, dtype=np.int32), 5)
    read = ShardSignatures(tmp_path, shard, position, open_limit=2)
    for i in [0, 19, 5, 0, 12, 7, 3, 18, 9, 1, 16]:
        assert np.array_equal(read[i], files[shard[i]][position[i]])
        assert len(read.maps) <= 2
