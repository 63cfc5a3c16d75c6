"""bench across datasets: imported corpora next to the built one, the system x dataset matrix, transfer.

The corpora are written in the test as SIGHAN and CoNLL files and brought in
with ``import_corpus``; the built dataset is the tiny gold of test_data.py.
"""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from test_data import tiny_gold  # noqa: F401  (session fixture: the tiny gold dataset)

from suzhou_news.bench.baselines import registry
from suzhou_news.bench.data import load_gold
from suzhou_news.bench.metrics.cws import read_sighan, read_words, score_cws
from suzhou_news.bench.report import leaderboard, results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, run_datasets
from suzhou_news.cli import main
from suzhou_news.builder.corpora import ImportConfig, import_corpus

SYSTEMS = ("mm.forward.v1", "jieba.default.v1", "gazetteer.train.v1")
CONFIG = BenchConfig(systems=SYSTEMS, measure_memory=False, speed_rounds=1)


def _write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _import(root, fmt, name, **files):
    words = files.pop("words", None)
    config = ImportConfig(format=fmt, name=name, out_dir=root / name, files=tuple(files.items()), words=words)
    return import_corpus(config).out_dir


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpora")
    sighan = _import(root, "sighan", "sig",
                     train=_write(root / "train.utf8", "苏州  工业  园区  发布  新  政策  。\n市长  在  会议  上  讲话  。\n"),
                     test=_write(root / "test.utf8", "苏州  市长  发布  新  规划  。\n我  爱  北京  天安门  。\n"),
                     words=_write(root / "words.utf8", "苏州\n市长\n发布\n新\n。\n"))
    ner_test = _write(root / "ner_test.txt", "张 B-PER\n三 I-PER\n在 O\n苏 B-LOC\n州 I-LOC\n\n北 B-LOC\n京 I-LOC\n")
    ner_only = _import(root, "conll", "ner-only", test=ner_test)
    return {"sig": sighan, "ner-only": ner_only, "words": root / "words.utf8", "test": root / "test.utf8"}


@pytest.fixture(scope="module")
def suite(corpora, tiny_gold):  # noqa: F811
    golds = [tiny_gold, load_gold(corpora["sig"]), load_gold(corpora["ner-only"])]
    results, paired, skipped = run_datasets(golds, CONFIG, train_on=tiny_gold)
    return golds, results, paired, skipped, results_document(golds, CONFIG, results, paired, skipped, tiny_gold)


def test_every_system_runs_on_every_dataset_it_fits(suite):
    _, results, _, skipped, _ = suite
    in_domain = sorted((e["dataset"], e["system"]) for e in results
                       if e["protocol"] == "test" and e["trained_on"] in (None, e["dataset"]))
    assert in_domain == [
        ("sig", "jieba.default.v1"), ("sig", "mm.forward.v1"),
        ("suzhou-news", "gazetteer.train.v1"), ("suzhou-news", "jieba.default.v1"), ("suzhou-news", "mm.forward.v1")]
    # the NER corpus has no train split: the gazetteer cannot be fitted on it, and says so
    assert skipped == [{"system": "gazetteer.train.v1", "dataset": "ner-only",
                        "reason": "ner-only has no train split to fit it on"}]
    # an imported corpus is scored on its test split only; the "all" protocol is the built dataset's
    assert {e["protocol"] for e in results if e["dataset"] != "suzhou-news"} == {"test"}


def test_transfer_runs_fit_on_the_train_on_dataset_and_test_everywhere_else(suite, tiny_gold):  # noqa: F811
    golds, results, paired, _, _ = suite
    transfer = sorted((e["system"], e["dataset"]) for e in results
                      if e["trained_on"] == "suzhou-news" and e["dataset"] != "suzhou-news")
    assert transfer == [("gazetteer.train.v1", "ner-only"), ("mm.forward.v1", "sig")]
    # fitted on the tiny gold, the gazetteer knows 张三 (PER), 苏州 and 北京 (GPE, LOC in the MSRA view)
    e = next(e for e in results if e["system"] == "gazetteer.train.v1" and e["dataset"] == "ner-only")
    assert (e["ner_msra"]["tp"], e["ner_msra"]["fp"], e["ner_msra"]["fn"]) == (3, 0, 0)
    assert "ner_fine" not in e  # the imported corpus has its own label set
    assert all("memory" not in e["speed"] for e in results)
    assert {t["dataset"] for t in paired} <= {g.name for g in golds}


def test_cws_figures_on_an_imported_corpus_are_the_score_script_figures_on_its_files(suite, corpora):
    """bench on the imported files = score-cws (the SIGHAN score rules) on the original files and word list."""
    _, results, _, _, _ = suite
    e = next(e for e in results if e["system"] == "jieba.default.v1" and e["dataset"] == "sig")
    gold = read_sighan(corpora["test"])
    system = registry.get("jieba.default.v1")
    system.fit([])
    pred = system.segment(["".join(words) for words in gold])
    expected = score_cws(gold, pred, read_words(corpora["words"]))
    for key in ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall", "gold_words", "matched"):
        assert e["cws"][key] == getattr(expected, key), key
    # OOV against the word list, not the train words: 规划 我 爱 北京 天安门 are not in it
    assert (e["cws"]["oov_gold"], e["cws"]["gold_words"]) == (5, 11)

def test_results_document_and_leaderboard_show_matrix_and_transfer(suite):
    golds, results, _, _, doc = suite
    validate_results(doc)
    assert [d["name"] for d in doc["datasets"]] == ["suzhou-news", "sig", "ner-only"]
    assert doc["datasets"][1]["oov_word_list"].startswith("oov-words.txt (5 words")
    assert doc["train_on"] == "suzhou-news"
    md = leaderboard(doc)
    assert "## sig" in md and "## ner-only" in md
    matrix = md.split("### Word segmentation: F1 (95% CI) by dataset, test splits")[1].split("###")[0]
    assert "| system | suzhou-news | sig |" in matrix
    jieba = next(e for e in results if e["system"] == "jieba.default.v1" and e["dataset"] == "sig")
    assert f"{100 * jieba['cws']['f1']:.1f} [" in next(line for line in matrix.splitlines() if "jieba.default" in line)
    assert "### NER, MSRA types: trained on suzhou-news, tested on Y" in md
    row = next(line for line in md.splitlines() if line.startswith("| `gazetteer.train.v1` | ner-only |"))
    assert row.endswith("| – | – | – |")  # no in-domain figure: the corpus has no train split
    assert "Not run: `gazetteer.train.v1` on ner-only (ner-only has no train split to fit it on)" in md


def test_bench_cli_takes_several_datasets_and_train_on(tmp_path, corpora, tiny_gold, capsys):  # noqa: F811
    out = tmp_path / "results"
    argv = ["bench", "--dataset", str(tiny_gold.path), "--dataset", str(corpora["sig"]), "--train-on",
            str(tiny_gold.path), "--system", "mm.forward.v1", "--no-memory", "--out", str(out)]
    assert main(argv) == 0
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [(e["system"], e["dataset"], e["trained_on"], e["protocol"]) for e in doc["results"]] == [
        ("mm.forward.v1", "suzhou-news", "suzhou-news", "test"), ("mm.forward.v1", "sig", "sig", "test"),
        ("mm.forward.v1", "sig", "suzhou-news", "test")]
    assert (out / "f1-vs-throughput.png").read_bytes()[:4] == b"\x89PNG"
    capsys.readouterr()
    shutil.copytree(corpora["sig"], tmp_path / "sig-again")  # another folder, the same --name
    same_name = ["bench", "--dataset", str(corpora["sig"]), "--dataset", str(tmp_path / "sig-again"),
                 "--system", "mm.forward.v1", "--no-memory", "--out", str(out)]
    assert main(same_name) == 2
    assert "both named 'sig'" in capsys.readouterr().err
    no_train = ["bench", "--dataset", str(tiny_gold.path), "--train-on", str(corpora["ner-only"]),
                "--system", "gazetteer.train.v1", "--no-memory", "--out", str(out)]
    assert main(no_train) == 2
    assert "no train split" in capsys.readouterr().err
