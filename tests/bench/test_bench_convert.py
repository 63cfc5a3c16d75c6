"""suzhou_news/bench/convert.py: ``bench --convert t2s`` on a Traditional corpus.

The corpora are tiny SIGHAN files written in the test: one in Traditional characters, and the same
sentences converted to Simplified by OpenCC.  A Simplified-only system run with ``--convert t2s`` on the
Traditional corpus must score exactly what it scores on the Simplified copy (same words, mapped back onto
the Traditional characters), while trained systems, which learnt the corpus's own script, run on the text
as it is.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from suzhou_news.bench.baselines import registry
from suzhou_news.bench.convert import ConvertingPredictor, check_conversion, map_back, needs_t2s, t2s_texts
from suzhou_news.bench.data import load_gold
from suzhou_news.bench.report import leaderboard, results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, run_datasets
from suzhou_news.builder.corpora import ImportConfig, import_corpus
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.errors import SuzhouNewsError, UsageError

TRAIN = """\
    香港  特別  行政區  政府  發表  聲明  。
    立法會  議員  討論  經濟  問題  。
    """
TEST = """\
    香港  政府  發表  新  經濟  政策  。
    議員  們  討論  這個  問題  。
    """
SYSTEMS = ("jieba.default.v1", "mm.forward.v1")


def _import(root, name, train, test):
    files = []
    for split, text in (("train", train), ("test", test)):
        path = root / f"{name}_{split}.utf8"
        path.write_text(text, encoding="utf-8")
        files.append((split, path))
    return import_corpus(ImportConfig(format="sighan", name=name, out_dir=root / name, files=tuple(files))).out_dir


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("t2s")
    cc = Converter()
    hant = _import(root, "hant", textwrap.dedent(TRAIN), textwrap.dedent(TEST))
    hans = _import(root, "hans", cc.t2s(textwrap.dedent(TRAIN)), cc.t2s(textwrap.dedent(TEST)))
    return load_gold(hant), load_gold(hans)


class FakeConverter:
    """A converter whose whole-sentence conversion of 說 changes the length (as a phrase rule could)."""

    def t2s(self, text: str) -> str:
        if "說" in text:
            raise SuzhouNewsError("OpenCC t2s changed the text length")
        return text.replace("話", "话")


def test_t2s_keeps_every_sentence_length_and_counts_the_changes():
    texts = ["香港特別行政區", "苏州", "立法會議員"]
    out, stats = t2s_texts(texts, Converter())
    assert out == ["香港特别行政区", "苏州", "立法会议员"]
    assert [len(t) for t in out] == [len(t) for t in texts]
    assert (stats.sentences, stats.changed_sentences, stats.changed_characters) == (3, 2, 5)  # 別 區; 會 議 員
    assert stats.length_fallback_sentences == 0


def test_a_sentence_whose_conversion_changes_length_is_converted_character_by_character():
    out, stats = t2s_texts(["他說話", "話"], FakeConverter())
    assert out == ["他說话", "话"]  # 說 alone does not convert to one character: kept as it is
    assert (stats.length_fallback_sentences, stats.kept_characters) == (1, 1)
    assert (stats.changed_sentences, stats.changed_characters) == (2, 2)


def test_words_on_the_converted_text_are_mapped_back_onto_the_original_characters():
    assert map_back("cws", "香港特別行政區", ["香港", "特别", "行政区"]) == ["香港", "特別", "行政區"]
    spans = [(0, 2, "LOC")]
    assert map_back("ner", "香港特別行政區", spans) == spans


def test_who_gets_converted(corpora):
    hant, hans = corpora
    assert (hant.script, hans.script) == ("hant", "hans")
    jieba, mm = registry.get_class("jieba.default.v1"), registry.get_class("mm.forward.v1")
    assert needs_t2s("t2s", jieba, "hant", None)
    assert not needs_t2s(None, jieba, "hant", None)  # not asked for
    assert not needs_t2s("t2s", jieba, "hans", None)  # already Simplified
    assert not needs_t2s("t2s", mm, "hant", "hant")  # learnt the corpus's own script
    assert needs_t2s("t2s", mm, "hant", "hans")  # fitted on a Simplified train split (a transfer run)

    class Unknown:  # a plugin that declares no script is run on the text as it is
        trained = False

    assert not needs_t2s("t2s", Unknown, "hant", None)


def test_converted_run_scores_what_the_simplified_copy_scores_on_the_original_text(corpora):
    hant, hans = corpora
    config = BenchConfig(systems=SYSTEMS, measure_memory=False, speed_rounds=1, convert="t2s")
    results, paired, skipped = run_datasets([hant, hans], config)
    by = {(e["dataset"], e["system"]): e for e in results}
    converted, simplified = by[("hant", "jieba.default.v1")], by[("hans", "jieba.default.v1")]
    keys = ("gold_words", "pred_words", "matched", "oov_recall", "iv_recall")
    assert {k: converted["cws"][k] for k in keys} == {k: simplified["cws"][k] for k in keys}
    changed = sum(a != b for s, t in zip(hant.test, hans.test) for a, b in zip(s.text, t.text))
    assert converted["input"]["changed_characters"] == changed > 0
    assert converted["input"]["sentences"] == len(hant.test)
    assert "input" not in simplified  # a Simplified corpus is not converted
    assert "input" not in by[("hant", "mm.forward.v1")]  # trained on the Traditional train split
    doc = results_document([hant, hans], config, results, paired, skipped)
    validate_results(doc)
    assert doc["settings"]["convert"] == "t2s"
    assert [d["script"] for d in doc["datasets"]] == ["hant", "hans"]
    board = leaderboard(doc)
    assert "`jieba.default.v1` (t2s)" in board
    assert "`mm.forward.v1` (t2s)" not in board
    assert f"{changed:,} characters in" in board


def test_the_predictor_records_its_backend_and_scored_text():
    seen = []
    predictor = ConvertingPredictor(lambda texts: seen.extend(texts) or [[t] for t in texts], "cws", Converter())
    assert predictor(["說話"]) == [["說話"]]  # the system saw Simplified; the words are the original characters
    assert seen == ["说话"]
    record = predictor.record()
    assert record["conversion"] == "t2s" and record["scored_on"] == "original text"
    assert record["backend"] in ("opencc", "opencc-python-reimplemented")


def test_an_unknown_conversion_is_refused():
    with pytest.raises(UsageError, match="choose one of t2s"):
        check_conversion("s2t")


def test_bench_command_records_the_conversion(corpora, tmp_path):
    from suzhou_news.cli import main

    hant, _ = corpora
    out = tmp_path / "out"
    assert main(["bench", "--dataset", str(hant.path), "--system", "jieba.default.v1", "--convert", "t2s",
                 "--no-memory", "--out", str(out)]) == 0
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert doc["settings"]["convert"] == "t2s"
    assert [e["input"]["conversion"] for e in doc["results"]] == ["t2s"]
    assert "`jieba.default.v1` (t2s)" in (out / "leaderboard.md").read_text(encoding="utf-8")
