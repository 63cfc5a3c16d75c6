"""Stage 6: rows → Parquet with the declared schema, pinned options, atomic output folder."""

import json
import os

import pyarrow.parquet as pq
import pytest
from datasets import Features

from suzhou_news.builder.dataset import write as write
from suzhou_news.errors import SchemaError
from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.dataset.write import atomic_output, columns_to_table, shard_paths, to_table, write_split
from suzhou_news.builder.dataset.outputs import MARKER, write_marker

SENTENCES = load_schema("sentences")
DOCUMENTS = load_schema("documents")


def _sentence(i: int, split: str = "train", doc: str = "d") -> dict:
    return {"id": f"{doc}-s{i:04d}", "doc_id": doc, "index": i, "text": f"第{i}句。", "start": 4 * i,
            "end": 4 * i + 3, "is_heading": False, "flags": [], "split": split}


def _document(**changes) -> dict:
    row = {"id": "d", "title": None, "original_title": None, "text": "正文。", "original_text": "正文。",
           "script": "hans", "source": None, "published": None, "author": None, "editor": None,
           "paragraphs": [{"start": 0, "end": 3, "kind": "paragraph"}], "redactions": [], "corrupted": [],
           "flags": [], "encoding": "utf-8", "raw_sha256": "0" * 64, "split": "train",
           "url": None, "fetched": None, "source_format": "txt"}
    return {**row, **changes}


def test_rows_get_the_declared_arrow_schema():
    """ClassLabel names are encoded to their index; int32 columns stay int32."""
    table = to_table([_document(script="hant")], DOCUMENTS, "documents/train")
    assert table.schema.equals(DOCUMENTS.arrow_schema, check_metadata=True)
    row = table.to_pylist()[0]
    assert row["script"] == 1
    assert row["paragraphs"] == [{"start": 0, "end": 3, "kind": 0}]


def test_field_order_of_a_row_does_not_matter():
    """A dict with the right fields in another order is the same row (nothing positional)."""
    row = _sentence(0)
    shuffled = dict(reversed(list(row.items())))
    assert to_table([shuffled], SENTENCES, "sentences/train").to_pylist() == [row]


def test_an_extra_field_is_a_schema_error_naming_config_and_row():
    """Row 1 carries a column the schema does not declare: refused, not added."""
    rows = [_sentence(0), {**_sentence(1), "score": 0.5}]
    with pytest.raises(SchemaError, match=r"sentences/train: row 1 .*sentences\.schema\.json.*unexpected \['score'\]"):
        to_table(rows, SENTENCES, "sentences/train")


def test_a_missing_field_is_a_schema_error_naming_config_and_row():
    """Row 0 lacks is_heading: refused, not filled with null."""
    row = _sentence(0)
    del row["is_heading"]
    with pytest.raises(SchemaError, match=r"sentences/test: row 0 .*missing \['is_heading'\]"):
        to_table([row], SENTENCES, "sentences/test")


@pytest.mark.parametrize(("changes", "message"), [
    ({"script": "latn"}, "latn"),
    ({"paragraphs": [{"start": 0, "end": 3, "kind": "sidebar"}]}, "sidebar"),
    ({"paragraphs": [{"start": "zero", "end": 3, "kind": "paragraph"}]}, "zero"),
], ids=["unknown-label", "unknown-nested-label", "string-for-int"])
def test_a_value_that_does_not_fit_is_a_schema_error_naming_config_and_row(changes, message):
    """Values the Features cannot encode fail as SchemaError (not a bare ValueError) naming the row."""
    rows = [_document(id="ok"), _document(id="bad", **changes)]
    with pytest.raises(SchemaError, match=rf"documents/train: row 1 \(id 'bad'\).*{message}"):
        to_table(rows, DOCUMENTS, "documents/train")


def test_columns_give_the_same_table_as_rows():
    """The map pass builds columns, not rows: the same values give the same table (schema, metadata, values)."""
    rows = [_document(id="a", script="hant"), _document(id="b", paragraphs=[], url="https://x.cn/1")]
    columns = {name: [r[name] for r in rows] for name in reversed(DOCUMENTS.columns)}
    table = columns_to_table(columns, DOCUMENTS, "documents (shard 0)")
    assert table.equals(to_table(rows, DOCUMENTS, "documents/train"), check_metadata=True)


def test_columns_missing_one_or_of_unequal_lengths_are_a_schema_error():
    """A column left out, or one with a row too many, is refused naming the config, not padded."""
    columns = {name: [_sentence(0)[name]] for name in SENTENCES.columns}
    with pytest.raises(SchemaError, match=r"sentences \(shard 3\): columns .*sentences\.schema\.json"):
        columns_to_table({k: v for k, v in columns.items() if k != "flags"}, SENTENCES, "sentences (shard 3)")
    with pytest.raises(SchemaError, match=r"sentences \(shard 3\): columns .*\[1, 2\] rows"):
        columns_to_table({**columns, "text": ["一。", "二。"]}, SENTENCES, "sentences (shard 3)")


def test_a_bad_value_in_a_column_names_its_row_and_id():
    """A label that is not declared, given as a column, fails naming the row and its id."""
    rows = [_document(id="ok"), _document(id="bad", script="latn")]
    columns = {name: [r[name] for r in rows] for name in DOCUMENTS.columns}
    with pytest.raises(SchemaError, match=r"documents \(shard 0\): row 1 \(id 'bad'\).*latn"):
        columns_to_table(columns, DOCUMENTS, "documents (shard 0)")


def test_write_split_sorts_by_id_and_embeds_the_features(tmp_path):
    """Rows come out sorted by id; the Parquet schema metadata holds the HF Features."""
    rows = [_sentence(2), _sentence(0), _sentence(1)]
    paths = write_split(tmp_path, SENTENCES, "train", rows)
    assert paths == ["sentences/train-00000-of-00001.parquet"]
    table = pq.read_table(tmp_path / paths[0])
    assert table.column("id").to_pylist() == ["d-s0000", "d-s0001", "d-s0002"]
    meta = json.loads(table.schema.metadata[b"huggingface"])
    assert Features.from_dict(meta["info"]["features"]) == SENTENCES.features
    parquet_meta = pq.read_metadata(tmp_path / paths[0])
    assert parquet_meta.row_group(0).column(0).compression == "ZSTD"


def test_large_splits_are_sharded(tmp_path, monkeypatch):
    """5 rows with 2 per shard: three files, NNNNN-of-MMMMM, rows in id order across shards."""
    monkeypatch.setattr(write, "MAX_ROWS_PER_SHARD", 2)
    paths = write_split(tmp_path, SENTENCES, "test", [_sentence(i, "test") for i in range(4, -1, -1)])
    assert paths == [f"sentences/test-{i:05d}-of-00003.parquet" for i in range(3)]
    ids = [pq.read_table(tmp_path / p).column("id").to_pylist() for p in paths]
    assert ids == [["d-s0000", "d-s0001"], ["d-s0002", "d-s0003"], ["d-s0004"]]
    assert shard_paths("x", "train", 0) == ["x/train-00000-of-00001.parquet"]


def test_same_rows_give_byte_identical_files(tmp_path):
    """Nothing time-dependent is written: two writes, same bytes (row order of the input is irrelevant)."""
    rows = [_sentence(i) for i in range(5)]
    a = write_split(tmp_path / "a", SENTENCES, "train", rows)
    b = write_split(tmp_path / "b", SENTENCES, "train", rows[::-1])
    assert (tmp_path / "a" / a[0]).read_bytes() == (tmp_path / "b" / b[0]).read_bytes()


def _siblings(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name)


def test_atomic_output_builds_beside_the_target_and_swaps_in(tmp_path):
    """While building, the target still holds the old files; the work happens in a hidden sibling."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    write_marker(target, "build")  # an earlier output of the same command
    with atomic_output(target, "build") as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(".out.tmp-")
        (tmp / "new.txt").write_text("new")
        assert (target / "old.txt").read_text() == "old" and not (target / "new.txt").exists()
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "new.txt"]
    assert _siblings(target) == []


def test_atomic_output_leaves_the_old_folder_untouched_on_failure(tmp_path):
    """An exception mid-build: target unchanged, temporary folder removed, the error propagates."""
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    write_marker(target, "build")
    with pytest.raises(RuntimeError, match="boom"), atomic_output(target, "build") as tmp:
        (tmp / "half.txt").write_text("half")
        raise RuntimeError("boom")
    assert sorted(p.name for p in target.iterdir()) == [MARKER, "old.txt"]
    assert _siblings(target) == []


def test_atomic_output_creates_a_normally_readable_folder(tmp_path):
    """The swapped-in folder has the permissions of an ordinary mkdir, not mkdtemp's 0700."""
    reference = tmp_path / "reference"
    reference.mkdir()
    target = tmp_path / "nested" / "out"
    with atomic_output(target, "build") as tmp:
        (tmp / "f").write_text("x")
    assert (target / "f").read_text() == "x"
    assert oct(os.stat(target).st_mode & 0o777) == oct(os.stat(reference).st_mode & 0o777)


def test_write_text_atomic_replaces_the_whole_file(tmp_path):
    """The manifest writer: creates parent folders, replaces old content, leaves no temporary file."""
    from suzhou_news.builder.dataset.write import write_text_atomic

    path = tmp_path / "data" / "splits.json"
    write_text_atomic(path, "first\n")
    write_text_atomic(path, "二\n")
    assert path.read_text(encoding="utf-8") == "二\n"
    assert [p.name for p in path.parent.iterdir()] == ["splits.json"]
