"""`suzhou-news export`: SIGHAN, CoNLL and BRAT files that read back to the dataset's gold rows."""

import json
import re
import textwrap

import pyarrow.parquet as pq
import pytest

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import EXPORTERS, export, exporter, read_config
from suzhou_news.builder.gold.labels import LABELS
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.dataset.schema import SCHEMA_DIR

PAGE_A = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    创新引领 奋力攀高
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)
PAGE_B = textwrap.dedent("""\
    吴江区推进生态绿色一体化示范区建设
    吴江区召开会议，部署长三角生态绿色一体化发展示范区建设工作。区委书记李铭主持会议。
    会议强调，要办好进博会配套活动，持续提升城市品质。
    """)
# a-s0002 is a heading with a space; b-s0002 has an EVENT (O in MSRA terms).
GOLD_A = textwrap.dedent("""\
    a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。
    a-s0001\treviewed\t[市委]/ORG [书记]/TITLE [曹路宝]/PER 出席 会议 并 讲话 。
    a-s0002\treviewed\t[创新]/EVENT 引领 奋力 攀高
    a-s0003\treviewed\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 对接 [上海]/GPE ， 融入 [长三角]/LOC 一体化 发展 。
    """)
GOLD_B = textwrap.dedent("""\
    b-s0000\treviewed\t[吴江区]/GPE 召开 会议 ， 部署 [长三角 生态 绿色 一体化 发展 示范区]/LOC 建设 工作 。
    b-s0001\treviewed\t[区委]/ORG [书记]/TITLE [李铭]/PER 主持 会议 。
    b-s0002\treviewed\t会议 强调 ， 要 办好 [进博会]/EVENT 配套 活动 ， 持续 提升 城市 品质 。
    """)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    for sub, name, text in (("raw", "a", PAGE_A), ("raw", "b", PAGE_B), ("ann", "a", GOLD_A), ("ann", "b", GOLD_B)):
        (root / sub).mkdir(exist_ok=True)
        (root / sub / f"{name}.txt").write_text(text, encoding="utf-8")
    (root / "splits.json").write_text('{"documents": {"a": "train", "b": "test"}}', encoding="utf-8")
    build(BuildConfig(raw_dir=root / "raw", out_dir=root / "out", manifest=root / "splits.json",
                      annotations_dir=root / "ann", guidelines=None))
    return root / "out"


def _labels(config):
    """ClassLabel names straight from the JSON schema file."""
    props = json.loads((SCHEMA_DIR / f"{config}.schema.json").read_text(encoding="utf-8"))["properties"]
    return props


def _rows(dataset, config, split):
    rows = pq.read_table(dataset / config / f"{split}-00000-of-00001.parquet").to_pylist()
    return sorted(rows, key=lambda r: r["id"])


def test_read_config_decodes_class_labels(dataset):
    """ner rows come back with label names at every ClassLabel path, splits in order."""
    data = read_config(dataset, "ner")
    assert list(data) == ["test", "train"]
    row = data["train"][1]
    assert row["id"] == "a-s0001"
    assert row["ner_tags"][:4] == ["B-ORG", "I-ORG", "B-TITLE", "I-TITLE"]
    assert [e["label"] for e in row["entities"]] == ["ORG", "TITLE", "PER"]
    seg = read_config(dataset, "segmentation")["test"][0]
    assert set(seg["tags"]) <= {"B", "M", "E", "S"}


def test_sighan_round_trip(dataset, tmp_path):
    """One sentence per line, words separated by two spaces; the words file is the split's vocabulary."""
    written = export(dataset, "sighan", tmp_path)
    assert sorted(p.name for p in written) == ["test.utf8", "test_words.utf8", "train.utf8", "train_words.utf8"]
    for split in ("train", "test"):
        rows = _rows(dataset, "segmentation", split)
        lines = (tmp_path / f"{split}.utf8").read_text(encoding="utf-8").split("\n")
        assert lines[-1] == "" and len(lines) - 1 == len(rows)
        assert [line.split("  ") for line in lines[:-1]] == [r["tokens"] for r in rows]
        words = (tmp_path / f"{split}_words.utf8").read_text(encoding="utf-8").splitlines()
        assert words == sorted({t for r in rows for t in r["tokens"]})
    assert "创新  引领  奋力  攀高" in (tmp_path / "train.utf8").read_text(encoding="utf-8").splitlines()


def _read_conll(path):
    """Blocks of 'char TAG' lines separated by one blank line."""
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n\n")
    blocks = text.rstrip("\n").split("\n\n")
    return [[tuple(line.split(" ")) for line in block.split("\n")] for block in blocks]


def test_conll_round_trip_fine_and_msra(dataset, tmp_path):
    """Each sentence is a block of 'char TAG' lines; fine labels and MSRA labels in two files."""
    export(dataset, "conll", tmp_path)
    props = _labels("ner")
    fine = props["ner_tags"]["items"]["x-class-label"]
    msra = props["ner_tags_msra"]["items"]["x-class-label"]
    for split in ("train", "test"):
        rows = _rows(dataset, "ner", split)
        for suffix, column, names in (("", "ner_tags", fine), (".msra", "ner_tags_msra", msra)):
            blocks = _read_conll(tmp_path / f"{split}{suffix}.conll")
            assert blocks == [[(c, names[t]) for c, t in zip(r["chars"], r[column])] for r in rows]
    heading = _read_conll(tmp_path / "train.conll")[2]
    assert [c for c, _ in heading] == list("创新引领奋力攀高")  # the space is not a token
    assert heading[:2] == [("创", "B-EVENT"), ("新", "I-EVENT")]
    assert _read_conll(tmp_path / "train.msra.conll")[2][:2] == [("创", "O"), ("新", "O")]


def test_brat_round_trip(dataset, tmp_path):
    """T lines slice the .txt to the entity text; entities re-derived from .ann equal the dataset's."""
    export(dataset, "brat", tmp_path)
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert conf.split("\n")[:len(LABELS) + 1] == ["[entities]", *LABELS]
    assert "[relations]" in conf and "[events]" in conf and "[attributes]" in conf
    names = _labels("ner")["entities"]["items"]["properties"]["label"]["x-class-label"]
    for split, doc in (("train", "a"), ("test", "b")):
        txt = (tmp_path / split / f"{doc}.txt").read_text(encoding="utf-8")
        rows = _rows(dataset, "ner", split)
        assert txt == "".join(r["text"] + "\n" for r in rows)
        expected, offset = [], 0
        for r in rows:
            expected += [(names[e["label"]], offset + e["start"], offset + e["end"], e["text"]) for e in r["entities"]]
            offset += len(r["text"]) + 1
        got = []
        for n, line in enumerate((tmp_path / split / f"{doc}.ann").read_text(encoding="utf-8").splitlines(), 1):
            m = re.fullmatch(r"T(\d+)\t(\w+) (\d+) (\d+)\t(.+)", line)
            assert m and int(m[1]) == n, line
            start, end = int(m[3]), int(m[4])
            assert txt[start:end] == m[5]
            got.append((m[2], start, end, m[5]))
        assert got == expected
    assert not (tmp_path / "train" / "b.txt").exists()


def test_unknown_format_and_missing_config_are_input_errors(dataset, tmp_path):
    """A format nobody registered, and a dataset built without gold."""
    with pytest.raises(InputError, match=r"unknown export format 'json'; choose one of \['brat', 'conll', 'doccano', 'labelstudio', 'sighan'\]"):
        export(dataset, "json", tmp_path)
    (tmp_path / "bare").mkdir()
    with pytest.raises(InputError, match="no Parquet files; build the dataset with annotations first"):
        export(tmp_path / "bare", "conll", tmp_path / "x")


def test_exporter_registry_rejects_duplicates():
    """Registering a second 'sighan' exporter is an error, not a silent override."""
    with pytest.raises(ValueError, match="registered twice"):
        exporter("sighan")(lambda data, out: [])
    assert sorted(EXPORTERS) == ["brat", "conll", "doccano", "labelstudio", "sighan"]
