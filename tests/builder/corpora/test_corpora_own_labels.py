"""An imported NER corpus that declares its own label set: Weibo NER with nominal mentions kept (weibo-keep)."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from corpus_files import run_import, write

from suzhou_news.builder.checks.labels import feature_labels
from suzhou_news.builder.checks.stats import collect
from suzhou_news.builder.checks.validate import validate_dir
from suzhou_news.builder.corpora.labelmap import LABEL_MAPS, load_label_map
from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import read_config
from suzhou_news.builder.gold.labels import LABELS, ner_schema
from suzhou_news.cli import main

WEIBO_KEEP = ("PER", "ORG", "GPE", "LOC", "PER.NOM", "ORG.NOM", "GPE.NOM", "LOC.NOM")
WEIBO_TEST = """\
    一0\tO
    位1\tO
    老0\tB-PER.NOM
    师1\tI-PER.NOM
    张0\tB-PER.NAM
    三1\tI-PER.NAM
    在0\tO
    北0\tB-GPE.NAM
    京1\tI-GPE.NAM

    市0\tB-PER.NOM
    民1\tI-PER.NOM
    """


def _features(out):
    return pq.read_schema(next((out / "ner").glob("test-*.parquet")))


def test_weibo_keep_declares_eight_labels_and_writes_them_into_parquet_report_and_card(tmp_path):
    """Nominal mentions stay PER.NOM; the ClassLabel names are the map's declared set, not the bundled six."""
    test = write(tmp_path / "weiboNER.conll.test", WEIBO_TEST)
    result = run_import(tmp_path, "conll", name="weibo", test=test, label_map="weibo-keep")
    out = result.out_dir
    rows = read_config(out, "ner")["test"]
    assert [[(e["text"], e["label"]) for e in r["entities"]] for r in rows] == [
        [("老师", "PER.NOM"), ("张三", "PER"), ("北京", "GPE")], [("市民", "PER.NOM")]]
    assert rows[0]["ner_tags"][2:6] == ["B-PER.NOM", "I-PER.NOM", "B-PER", "I-PER"]
    # the MSRA view keeps names (GPE -> LOC) and has no nominal mentions
    assert rows[0]["ner_tags_msra"] == ["O", "O", "O", "O", "B-PER", "I-PER", "O", "B-LOC", "I-LOC"]
    assert rows[1]["ner_tags_msra"] == ["O", "O"]
    from datasets import Features

    embedded = feature_labels(Features.from_arrow_schema(_features(out)))
    assert embedded["entities.label"] == list(WEIBO_KEEP)
    assert embedded["ner_tags"] == ["O"] + [f"{p}-{lab}" for lab in WEIBO_KEEP for p in "BI"]
    assert embedded["ner_tags_msra"] == ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]  # unchanged
    assert result.report["labels"] == list(WEIBO_KEEP)
    assert result.report["files"][0]["PER.NOM"] == 2 and result.report["files"][0]["GPE"] == 1
    assert json.loads((out / "import-report.json").read_text(encoding="utf-8"))["labels"] == list(WEIBO_KEEP)
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "`PER.NOM`" in card and "'4': PER.NOM" in card  # the prose and the dataset_info ClassLabel names
    assert validate_dir(out) == []
    ner_stats = next(e for e in collect(out) if e["config"] == "ner")
    assert ner_stats["entities"] == {"PER": 1, "ORG": 0, "GPE": 1, "LOC": 0, "PER.NOM": 2, "ORG.NOM": 0,
                                     "GPE.NOM": 0, "LOC.NOM": 0}
    # the bundled dataset's schema is untouched
    assert ner_schema().class_labels()["entities.label"] == list(LABELS)


def test_parquet_label_names_that_differ_from_the_declaration_are_rejected(tmp_path):
    """A Parquet file whose embedded ClassLabel names are not the declared set fails validate, naming both."""
    test = write(tmp_path / "weibo.test", WEIBO_TEST)
    out = run_import(tmp_path, "conll", name="weibo", test=test, label_map="weibo-keep").out_dir
    path = next((out / "ner").glob("test-*.parquet"))
    tampered = ner_schema(("PER", "ORG", "GPE", "LOC", "PER.NAM", "ORG.NOM", "GPE.NOM", "LOC.NOM"))
    table = pq.read_table(path)
    pq.write_table(table.replace_schema_metadata(tampered.arrow_schema.metadata), path)
    problems = validate_dir(out)
    assert len(problems) == 1, problems
    assert "embedded HF Features missing or different from the schema: ClassLabel names" in problems[0] and str(path) in problems[0]
    assert "entities.label are ['PER', 'ORG', 'GPE', 'LOC', 'PER.NAM'" in problems[0]
    assert "declared ['PER', 'ORG', 'GPE', 'LOC', 'PER.NOM'" in problems[0]


def test_a_changed_declaration_is_rejected_against_the_files(tmp_path):
    """Editing import-report.json's labels (or making them malformed) no longer matches the Parquet files."""
    test = write(tmp_path / "weibo.test", WEIBO_TEST)
    out = run_import(tmp_path, "conll", name="weibo", test=test, label_map="weibo-keep").out_dir
    report_path = out / "import-report.json"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    report["labels"] = list(LABELS)
    report_path.write_text(json.dumps(report), encoding="utf-8")
    assert any("ClassLabel names of entities.label are ['PER', 'ORG', 'GPE', 'LOC', 'PER.NOM'" in p
               for p in validate_dir(out))
    report["labels"] = ["PER", "B-X"]
    report_path.write_text(json.dumps(report), encoding="utf-8")
    assert any("import-report.json: labels: not a valid declared label set" in p and "'B-X'" in p
               for p in validate_dir(out))


def test_a_json_label_map_can_declare_its_own_labels_and_is_checked(tmp_path):
    """{"labels": [...], "map": {...}} declares the set; a target outside it or a hyphenated label is refused."""
    ok = tmp_path / "ok.json"
    ok.write_text(json.dumps({"labels": ["PER", "PER.NOM"], "map": {"PER.NAM": "PER", "PER.NOM": "PER.NOM",
                                                                    "GPE.NAM": None}}), encoding="utf-8")
    assert load_label_map(str(ok)).labels == ("PER", "PER.NOM")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"labels": ["PER"], "map": {"PER.NOM": "PER.NOM"}}), encoding="utf-8")
    with pytest.raises(InputError, match=r"'PER.NOM' -> 'PER.NOM', but the labels it declares are \['PER'\]"):
        load_label_map(str(bad))
    bad.write_text(json.dumps({"labels": ["PER-NOM"], "map": {}}), encoding="utf-8")
    with pytest.raises(InputError, match="no hyphen"):
        load_label_map(str(bad))
    # the other built-in maps fill the bundled label set
    assert {name for name, m in LABEL_MAPS.items() if m.own_labels} == {"weibo-keep"}


def test_import_conll_help_documents_the_nominal_choice(capsys):
    with pytest.raises(SystemExit):
        main(["import", "conll", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "weibo-keep" in text and "weibo-nominal" in text and "PER.NOM" in text
