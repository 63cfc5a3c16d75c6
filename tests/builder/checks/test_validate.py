"""`suzhou-news validate DIR`: a fresh build passes; each breach is named by file, row and field."""

import hashlib
import shutil
import textwrap

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from suzhou_news.cli import main
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.checks.validate import validate_dir

PAGE_A = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    2023-02-03 09:15 来源：苏州日报
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    创新引领 奋力攀高
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    责任编辑：王小明
    """)
PAGE_B = textwrap.dedent("""\
    吴江区推进生态绿色一体化示范区建设
    吴江区召开会议，部署长三角生态绿色一体化发展示范区建设工作。区委书记李铭主持会议。
    会议强调，要办好进博会配套活动，持续提升城市品质。
    """)
GOLD_A = textwrap.dedent("""\
    a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。
    a-s0001\treviewed\t[市委]/ORG [书记]/TITLE [曹路宝]/PER 出席 会议 并 讲话 。
    a-s0002\treviewed\t创新 引领 奋力 攀高
    a-s0003\treviewed\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 [上海]/GPE ， 融入 [长三角]/LOC 一体化 发展 。
    """)
GOLD_B = textwrap.dedent("""\
    b-s0000\treviewed\t[吴江区]/GPE 召开 会议 ， 部署 [长三角 生态 绿色 一体化 发展 示范区]/LOC 建设 工作 。
    b-s0001\treviewed\t[区委]/ORG [书记]/TITLE [李铭]/PER 主持 会议 。
    b-s0002\treviewed\t会议 强调 ， 要 办好 [进博会]/EVENT 配套 活动 ， 持续 提升 城市 品质 。
    """)
TRAIN = "train-00000-of-00001.parquet"
TEST = "test-00000-of-00001.parquet"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A two-document build (a: train, b: test) with gold for every sentence."""
    root = tmp_path_factory.mktemp("validate")
    (root / "raw").mkdir()
    (root / "ann").mkdir()
    (root / "raw" / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (root / "raw" / "b.txt").write_text(PAGE_B, encoding="utf-8")
    (root / "ann" / "a.txt").write_text(GOLD_A, encoding="utf-8")
    (root / "ann" / "b.txt").write_text(GOLD_B, encoding="utf-8")
    (root / "splits.json").write_text('{"documents": {"a": "train", "b": "test"}}', encoding="utf-8")
    result = build(BuildConfig(raw_dir=root / "raw", out_dir=root / "out", manifest=root / "splits.json",
                               annotations_dir=root / "ann", guidelines=None))
    assert result.counts["ner"] == {"train": 4, "test": 3}
    return root / "out"


@pytest.fixture
def out(fresh, tmp_path):
    """A private copy of the fresh build to break."""
    return shutil.copytree(fresh, tmp_path / "out")


def _edit(path, change):
    """Read a Parquet file, let ``change`` modify its rows, write it back with the same schema."""
    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows)
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), path)


def _row(rows, row_id):
    return next(r for r in rows if r["id"] == row_id)


def _one(problems, *needles):
    """The single problem that contains every needle."""
    hits = [p for p in problems if all(n in p for n in needles)]
    assert len(hits) == 1, (needles, problems)
    return hits[0]


def test_fresh_build_is_valid(fresh, capsys):
    """No problem on a fresh build; the CLI says so and exits 0."""
    assert validate_dir(fresh) == []
    assert main(["validate", str(fresh)]) == 0
    assert capsys.readouterr().out.strip() == f"valid: {fresh}"


def test_changed_sentence_start_is_named_with_file_row_and_field(out, capsys):
    """a-s0001 (row 1 of sentences/train) starts one character late."""
    path = out / "sentences" / TRAIN
    _edit(path, lambda rows: _row(rows, "a-s0001").update(start=_row(rows, "a-s0001")["start"] + 1))
    problems = validate_dir(out)
    _one(problems, f"{path}: row 1 (id a-s0001)", "start/end/text:", "is not this row's text")
    assert main(["validate", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: row 1 (id a-s0001)" in err
    assert f"INVALID: {len(problems)} problem(s)" in err


def test_dropped_sentence_row_breaks_the_tiling(out):
    """Without a-s0002 (the heading) the body of document a is not covered by sentences."""
    _edit(out / "sentences" / TRAIN, lambda rows: rows.remove(_row(rows, "a-s0002")))
    problem = _one(validate_dir(out), "sentences do not tile")
    assert problem.startswith(f"{out / 'documents' / TRAIN}: row 0 (id a): text:")
    assert "offset 47 ('创') and 7 more" in problem  # 创新引领 奋力攀高: 8 non-space characters


def test_duplicate_id_names_both_rows(out):
    """Row 0 of sentences/test copied to the end: the copy (row 3) is reported with where the id was first seen."""
    path = out / "sentences" / TEST
    _edit(path, lambda rows: rows.append(dict(rows[0])))
    problem = _one(validate_dir(out), "ids must be unique")
    assert problem == f"{path}: row 3 (id b-s0000): id: 'b-s0000' already used at {path}: row 0; ids must be unique"


def test_split_not_declared_in_the_card(out):
    """A validation shard nobody declared in README.md's configs block."""
    extra = out / "sentences" / "validation-00000-of-00001.parquet"
    shutil.copy(out / "sentences" / TEST, extra)
    problems = validate_dir(out)
    _one(problems, str(extra), "split 'validation' is not declared in the card for config 'sentences'")
    _one(problems, f"{extra}: row 0", "split: 'test' stored in the 'validation' file")


def test_config_folder_missing_from_card_and_card_config_without_folder(out):
    """A folder the card does not list, and a card entry whose folder is gone."""
    shutil.rmtree(out / "segmentation")
    problems = validate_dir(out)
    _one(problems, "config 'segmentation' is declared in the card but has no folder")


def test_wrong_classlabel_index_is_named_and_does_not_crash(out):
    """script 7 (only hans/hant), an entity label 9 and a ner tag 40: reported by field, no IndexError."""
    _edit(out / "documents" / TRAIN, lambda rows: rows[0].update(script=7))

    def bad_ner(rows):
        row = _row(rows, "a-s0001")
        row["entities"][0]["label"] = 9
        row["ner_tags"][0] = 40

    _edit(out / "ner" / TRAIN, bad_ner)
    problems = validate_dir(out)
    _one(problems, f"{out / 'documents' / TRAIN}: row 0: script: 7 is greater than the maximum of 1")
    _one(problems, f"{out / 'ner' / TRAIN}: row 1: entities.0.label: 9 is greater than the maximum of 5")
    _one(problems, f"{out / 'ner' / TRAIN}: row 1: ner_tags.0: 40 is greater than the maximum of 12")
    _one(problems, f"{out / 'ner' / TRAIN}: row 1 (id a-s0001)", "entities[0].label: 9 is not a label index")


def test_segmentation_tags_that_disagree_with_tokens(out):
    """a-s0002 "创新 引领 …" tagged S for the first character instead of B."""
    _edit(out / "segmentation" / TRAIN, lambda rows: _row(rows, "a-s0002")["tags"].__setitem__(0, 3))
    _one(validate_dir(out), f"{out / 'segmentation' / TRAIN}: row 2 (id a-s0002): tags: disagree with the BMES tags")


def test_segmentation_tokens_that_do_not_spell_the_text(out):
    """A token edited so the words no longer spell the sentence."""
    _edit(out / "segmentation" / TEST, lambda rows: _row(rows, "b-s0001")["tokens"].__setitem__(0, "县委"))
    _one(validate_dir(out), f"{out / 'segmentation' / TEST}: row 1 (id b-s0001): tokens: do not concatenate")


def test_ner_tags_that_disagree_with_entities(out):
    """b-s0001 keeps its entities but every fine tag is O."""
    _edit(out / "ner" / TEST, lambda rows: _row(rows, "b-s0001").update(
        ner_tags=[0] * len(_row(rows, "b-s0001")["ner_tags"])))
    problems = validate_dir(out)
    _one(problems, f"{out / 'ner' / TEST}: row 1 (id b-s0001): ner_tags: disagree with entities")
    assert not any("ner_tags_msra" in p for p in problems)


def test_ner_msra_tags_that_disagree_with_the_mapping(out):
    """b-s0002's EVENT 进博会 must be O in MSRA terms; tagging it B-LOC is caught."""
    def tag_event(rows):
        row = _row(rows, "b-s0002")
        start = row["chars"].index("进")
        row["ner_tags_msra"][start:start + 3] = [3, 4, 4]

    _edit(out / "ner" / TEST, tag_event)
    _one(validate_dir(out), f"{out / 'ner' / TEST}: row 2 (id b-s0002): ner_tags_msra: disagree with the MSRA mapping")


def test_entity_not_on_word_boundaries(out):
    """a-s0003's 上海 moved one character left to 接上: it straddles the words 对接 and 上海."""
    def shift(rows):
        row = _row(rows, "a-s0003")
        entity = row["entities"][0]
        entity.update(start=entity["start"] - 1, end=entity["end"] - 1, text="接上")

    _edit(out / "ner" / TRAIN, shift)
    _one(validate_dir(out), f"{out / 'ner' / TRAIN}: row 3 (id a-s0003)",
         "entities[0]: '接上' does not start and end on word boundaries")


def test_entity_offsets_that_do_not_hold(out):
    """The entity's text no longer matches text[start:end]."""
    _edit(out / "ner" / TRAIN, lambda rows: _row(rows, "a-s0001")["entities"][2].update(text="曹路"))
    _one(validate_dir(out), f"{out / 'ner' / TRAIN}: row 1 (id a-s0001)", "entities[2]: offsets")


def test_redaction_and_corrupted_span_text_must_match_the_document(out):
    """A corrupted span whose text is not text[start:end] is named by document row and field."""
    _edit(out / "documents" / TEST, lambda rows: rows[0].update(
        corrupted=[{"start": 0, "end": 3, "text": "???", "reason": "mojibake"}]))
    _one(validate_dir(out), f"{out / 'documents' / TEST}: row 0 (id b): corrupted[0].text: '???' but text[0:3] is '吴江区'")


def test_arrow_schema_and_embedded_features_are_checked(out):
    """A file with an undeclared column, and one whose HF metadata was stripped."""
    path = out / "sentences" / TEST
    table = pq.read_table(path)
    pq.write_table(table.append_column("score", pa.array([0.0] * table.num_rows)), path)
    stripped = out / "documents" / TEST
    pq.write_table(pq.read_table(stripped).replace_schema_metadata(None), stripped)
    problems = validate_dir(out)
    _one(problems, str(path), "Arrow schema differs from schemas/sentences.schema.json")
    _one(problems, str(stripped), "embedded HF Features missing or different from the schema")


def test_missing_card_is_reported(out):
    """No README.md: validate says how to get one."""
    (out / "README.md").unlink()
    _one(validate_dir(out), "missing dataset card")


def _write_sums(root):
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(root).as_posix()}"
             for p in sorted(root.rglob("*")) if p.is_file()]
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_checksums_when_present(out):
    """SHA256SUMS: valid as written; a changed file and an unlisted file are both reported."""
    _write_sums(out)
    assert validate_dir(out) == []
    with (out / "build-report.json").open("a", encoding="utf-8") as f:
        f.write(" ")
    (out / "notes.txt").write_text("x", encoding="utf-8")
    problems = validate_dir(out)
    _one(problems, "SHA256SUMS: line", "build-report.json: checksum mismatch")
    _one(problems, "notes.txt", "not covered by SHA256SUMS")


def test_cli_on_something_that_is_not_a_folder(tmp_path, capsys):
    """A path that is not a folder: exit code 2 and an error that says what to pass."""
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "not a folder" in capsys.readouterr().err
