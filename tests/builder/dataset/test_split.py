"""Stage 5: document-level splits pinned by a manifest, stable as the corpus grows."""

import json
import textwrap

import pytest

from suzhou_news.errors import InputError
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.dataset.split import (
    SplitConfig,
    assign_splits,
    bucket,
    hash_split,
    manifest_text,
    near_duplicate_groups,
    read_manifest,
)

CONFIG = SplitConfig()

ARTICLE = ("苏州市召开全市高质量发展推进大会，动员全市上下以更加奋发有为的精神状态推动高质量发展。"
           "会议强调，要坚定信心、真抓实干，以新的更大作为谱写中国式现代化苏州新篇章。"
           "与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，不断增强城市核心竞争力。"
           "吴江区将全力推进长三角生态绿色一体化发展示范区建设，带头做好对接上海大文章。")
# The same article with one character changed (苏州 → 杭州 in the first sentence).
NEAR_COPY = ARTICLE.replace("苏州市", "杭州市", 1)
OTHER = ("太仓市以打造中德合作城市典范为目标，全领域拓展对德合作，全方位提升合作层级。"
         "张家港市紧扣打造文明城市典范目标，高标准建设全国文明城市建设展示馆，让文明持续融入百姓生活。")


def _distinct(i: int) -> str:
    """An article that shares no 5-gram with any other _distinct(j)."""
    digits = "零一二三四五六七八九"
    tag = "".join(digits[int(c)] for c in f"{i:03d}")
    return f"第{tag}号文件：" + "".join(f"{tag}{k}{chr(0x4E00 + 97 * i + k)}" for k in range(40)) + "。"


def test_bucket_is_a_stable_function_of_the_id():
    """The v1 rule: first 32 bits of sha256('suzhou-news/split/v1:'+id) as a fraction."""
    import hashlib

    expected = int(hashlib.sha256(b"suzhou-news/split/v1:a").hexdigest()[:8], 16) / 2**32
    assert bucket("a") == expected
    assert hash_split("a", 0.2) == ("test" if expected >= 0.8 else "train")
    assert hash_split("b", 0.2) == "test" and hash_split("a", 0.2) == "train"  # used below
    assert hash_split("b", 0.0) == "train"
    assert hash_split("a", 1.0) == "test"


def test_manifest_pins_documents_against_the_hash():
    """A pinned document keeps its split even where the hash would say otherwise; new ones follow the hash."""
    texts = {"a": ARTICLE, "b": OTHER, "c": _distinct(1)}
    result = assign_splits(texts, {"a": "test", "b": "train"}, CONFIG)
    assert result.assignment == {"a": "test", "b": "train", "c": hash_split("c", 0.2)}
    assert result.new == ("c",)
    assert result.groups == () and result.conflicts == ()


def test_adding_a_document_never_moves_another():
    """N documents, then N+1 (no manifest at all): the first N keep their splits."""
    texts = {f"news-{i:02d}": _distinct(i) for i in range(30)}
    before = assign_splits(texts, {}, CONFIG).assignment
    assert set(before.values()) == {"train", "test"}
    after = assign_splits({**texts, "news-99": _distinct(99)}, {}, CONFIG).assignment
    assert {k: after[k] for k in before} == before
    assert after["news-99"] == hash_split("news-99", 0.2)


def test_near_duplicate_goes_with_its_twin_even_when_the_hash_separates_them():
    """a hashes to train, b to test; b is a one-character edit of a, so both land in a's split."""
    assert hash_split("a", 0.2) != hash_split("b", 0.2)
    groups = near_duplicate_groups({"a": ARTICLE, "b": NEAR_COPY, "z": OTHER}, CONFIG)
    assert groups == [["a", "b"], ["z"]]
    result = assign_splits({"a": ARTICLE, "b": NEAR_COPY, "z": OTHER}, {}, CONFIG)
    assert result.assignment["a"] == result.assignment["b"] == hash_split("a", 0.2)
    assert result.groups == (("a", "b"),)


def test_near_duplicate_follows_a_pinned_twin():
    """The new copy b follows the pinned document a, not the group's smallest-id hash."""
    result = assign_splits({"a": ARTICLE, "b": NEAR_COPY}, {"a": "test"}, CONFIG)
    assert result.assignment == {"a": "test", "b": "test"}
    assert result.new == ("b",)


def _groups_with_the_datasketch_index(ids, sigs, config):
    """The reference: MinHashLSH's own index, queried for every document, verified, union-find."""
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    scheme = MinHash(num_perm=1).scheme
    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    hashes = {d: LeanMinHash(seed=config.seed, hashvalues=s, scheme=scheme) for d, s in zip(ids, sigs)}
    for d, m in hashes.items():
        lsh.insert(d, m)
    parent = {d: d for d in ids}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for d, m in hashes.items():
        for other in lsh.query(m):
            if other != d and m.jaccard(hashes[other]) >= config.threshold:
                a, b = sorted((find(d), find(other)))
                parent[b] = a
    groups = {}
    for d in sorted(ids):
        groups.setdefault(find(d), []).append(d)
    return sorted(groups.values())


def test_banding_by_sorting_finds_the_groups_the_datasketch_index_finds():
    """400 signatures: 40 planted clusters (copies with 0-30 of 128 values changed, around the 0.8 threshold) and loners; same groups."""
    import numpy as np

    from suzhou_news.builder.dataset.split import groups_from_signatures

    rng = np.random.default_rng(7)
    sigs, ids = [], []
    for c in range(40):
        base = rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32)
        for k in range(int(rng.integers(1, 6))):
            s = base.copy()
            changed = rng.choice(128, size=int(rng.integers(0, 31)), replace=False)
            s[changed] = rng.integers(0, 2**32, size=len(changed), dtype=np.uint64).astype(np.uint32)
            sigs.append(s)
            ids.append(f"d{len(ids):03d}")
    while len(ids) < 400:
        sigs.append(rng.integers(0, 2**32, size=128, dtype=np.uint64).astype(np.uint32))
        ids.append(f"d{len(ids):03d}")
    order = rng.permutation(len(ids))
    ids, sigs = [ids[i] for i in order], np.stack([sigs[i] for i in order])
    got = groups_from_signatures(ids, sigs, CONFIG)
    assert got == _groups_with_the_datasketch_index(ids, sigs, CONFIG)
    assert sum(len(g) > 1 for g in got) >= 15  # the planted clusters are found, not only loners


def test_pinned_twins_in_different_splits_are_a_conflict_and_are_not_moved():
    """Both copies pinned apart: reported, never silently moved."""
    result = assign_splits({"a": ARTICLE, "b": NEAR_COPY}, {"a": "train", "b": "test"}, CONFIG)
    assert result.assignment == {"a": "train", "b": "test"}
    assert result.conflicts == (("a", "b"),)


def test_manifest_text_round_trips():
    """manifest_text → read_manifest gives back the assignment, sorted by id."""
    text = manifest_text({"b": "test", "a": "train"}, CONFIG)
    data = json.loads(text)
    assert list(data["documents"]) == ["a", "b"]
    assert data["version"] == 1 and "0.8" in data["rule"]
    assert text.endswith("\n")


def test_missing_manifest_pins_nothing(tmp_path):
    """No manifest yet: an empty pin set, not an error."""
    assert read_manifest(tmp_path / "splits.json") == {}


@pytest.mark.parametrize(("content", "message"), [
    ('{"documents": {"a": "train",}}', "not valid JSON"),
    ('["a", "b"]', "'documents' mapping"),
    ('{"docs": {}}', "'documents' mapping"),
    ('{"documents": {"a": "dev"}}', "split 'dev'"),
], ids=["bad-json", "not-an-object", "no-documents-key", "unknown-split"])
def test_malformed_manifest_is_an_input_error_naming_the_file(tmp_path, content, message):
    """Each way a manifest can be broken names the file and what is wrong."""
    path = tmp_path / "splits.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_manifest(path)
    assert str(path) in str(info.value)


# --- through the build: the manifest as the pipeline uses it --------------------------------

def _page(title: str, body: str) -> str:
    return textwrap.dedent(f"""\
        {title}
        {body}
        """)


def _write_raw(raw, names):
    raw.mkdir(exist_ok=True)
    for i, name in enumerate(names):
        (raw / f"{name}.txt").write_text(_page(f"第{i}号文件苏州市召开专题会议", _distinct(i)), encoding="utf-8")


def _build(tmp_path, raw, manifest, update=True):
    config = BuildConfig(raw_dir=raw, out_dir=tmp_path / "out", manifest=manifest, annotations_dir=None,
                         guidelines=None, update_manifest=update)
    return build(config)


def test_build_n_then_n_plus_one_keeps_every_assignment(tmp_path):
    """Build 8 documents (manifest written), add a 9th, build again: the 8 do not move."""
    raw, manifest = tmp_path / "raw", tmp_path / "splits.json"
    names = [f"news-{i:02d}" for i in range(1, 9)]
    _write_raw(raw, names)
    first = _build(tmp_path, raw, manifest).report["splits"]["assignment"]
    assert read_manifest(manifest) == first
    _write_raw(raw, names + ["news-10"])
    second = _build(tmp_path, raw, manifest).report
    assert {k: second["splits"]["assignment"][k] for k in first} == first
    assert second["splits"]["new_documents"] == ["news-10"]
    assert read_manifest(manifest) == second["splits"]["assignment"]


def test_manifest_is_only_updated_when_asked(tmp_path):
    """update_manifest=False leaves the manifest byte-identical; True adds the new ids, keeping the pins."""
    raw, manifest = tmp_path / "raw", tmp_path / "splits.json"
    _write_raw(raw, ["a", "b"])
    manifest.write_text('{"documents": {"a": "test"}}', encoding="utf-8")
    before = manifest.read_bytes()
    result = _build(tmp_path, raw, manifest, update=False)
    assert manifest.read_bytes() == before
    assert result.report["splits"]["new_documents"] == ["b"]
    _build(tmp_path, raw, manifest, update=True)
    assert read_manifest(manifest) == {"a": "test", "b": hash_split("b", 0.2)}


def test_manifest_is_not_rewritten_when_nothing_is_new(tmp_path):
    """Every document already pinned: the committed manifest keeps its bytes (even its formatting)."""
    raw, manifest = tmp_path / "raw", tmp_path / "splits.json"
    _write_raw(raw, ["a", "b"])
    manifest.write_text('{"documents": {"a": "test", "b": "train"}}', encoding="utf-8")
    before = manifest.read_bytes()
    result = _build(tmp_path, raw, manifest, update=True)
    assert manifest.read_bytes() == before
    assert result.counts["documents"] == {"train": 1, "test": 1}


def test_build_with_a_malformed_manifest_fails_naming_it(tmp_path):
    """The pipeline surfaces the manifest's InputError; nothing is written."""
    raw, manifest = tmp_path / "raw", tmp_path / "splits.json"
    _write_raw(raw, ["a"])
    manifest.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="splits.json: line 1"):
        _build(tmp_path, raw, manifest)
    assert not (tmp_path / "out").exists()


def test_signatures_equal_datasketch_bulk_update():
    """Block-wise signatures = datasketch's MinHash.bulk values: empty, shorter than a shingle, Traditional,
    whitespace, and a page longer than one block (so documents straddle the block boundaries)."""
    import numpy as np
    from datasketch import MinHash

    from suzhou_news.builder.dataset.split import SIGNATURE_BLOCK, shingle_hashes, signatures

    long_page = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(SIGNATURE_BLOCK + 123))
    texts = ["", "苏州", ARTICLE, NEAR_COPY, "蘇州市召開全市高質量發展推進大會。", " 苏 州\n工业园区 ",
             long_page, OTHER] + [_distinct(i) for i in range(300)]
    expected = np.stack([m.hashvalues for m in MinHash.bulk(
        (shingle_hashes(t, CONFIG.shingle).tolist() for t in texts), num_perm=CONFIG.num_perm, seed=CONFIG.seed,
        hashfunc=int)])
    got = signatures(texts, CONFIG)
    assert got.dtype == expected.dtype == np.uint32
    assert np.array_equal(got, expected)
    assert np.array_equal(signatures(texts[5:9], CONFIG), expected[5:9])  # a document's value ignores its batch


def test_band_keys_are_equal_exactly_when_the_band_values_are():
    """Keys of two signatures agree on the bands whose 13 values agree, and differ on the others."""
    import numpy as np

    from suzhou_news.builder.dataset.split import MinHashScheme, band_keys

    scheme = MinHashScheme.of(CONFIG)
    rng = np.random.default_rng(3)
    a = rng.integers(0, 2**32, size=CONFIG.num_perm, dtype=np.uint64).astype(np.uint32)
    b = a.copy()
    b[2 * scheme.rows + 4] ^= 1  # one value in band 2
    b[5 * scheme.rows] ^= 1  # and one in band 5
    keys = band_keys(np.stack([a, b]), scheme)
    assert keys.shape == (2, scheme.bands) == (2, 9)
    assert [int(keys[0, k] == keys[1, k]) for k in range(scheme.bands)] == [1, 1, 0, 1, 1, 0, 1, 1, 1]


def test_groups_read_only_the_signatures_of_candidate_pairs():
    """Grouping from band keys asks for the signatures of candidates alone: none for documents with no twin."""
    import numpy as np

    from suzhou_news.builder.dataset.split import MinHashScheme, band_keys, groups_from_bands, signatures

    texts = [ARTICLE, OTHER, NEAR_COPY] + [_distinct(i) for i in range(50)]
    ids = [f"d{i:02d}" for i in range(len(texts))]
    sigs = signatures(texts, CONFIG)

    class Counting:
        def __init__(self):
            self.read = set()

        def __getitem__(self, i):
            self.read.add(i)
            return sigs[i]

    seen = Counting()
    groups = groups_from_bands(ids, band_keys(sigs, MinHashScheme.of(CONFIG)), seen, CONFIG)
    assert ["d00", "d02"] in groups and len(groups) == len(texts) - 1
    assert seen.read == {0, 2}
