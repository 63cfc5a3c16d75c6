"""Word segmentation without listed spans (suzhou_news/bench/metrics/ignore.py, bench --ignore).

The expected figures are worked out by hand from the SIGHAN rules: a gold word is matched when the
prediction has the same word at the same place; P = matched / predicted words, R = matched / gold words.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest

from suzhou_news.bench.data import Gold, GoldSentence
from suzhou_news.bench.metrics.ignore import ignoring, span_records, text_spans, without_spans
from suzhou_news.bench.report import leaderboard, results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, score
from suzhou_news.bench.suite import check_ignore
from suzhou_news.errors import UsageError

NAME = "ctb-departures.v1"


def test_words_overlapping_a_span_are_left_out():
    spans = [(2, 5, "D13")]  # 推动|高质量|发展: characters 2..5 are 高质量
    assert without_spans(["推动", "高质量", "发展"], spans) == ["推动", "发展"]
    assert without_spans(["推动", "高", "质量", "发展"], spans) == ["推动", "发展"]
    # a predicted word that crosses the span's edge goes too: the gold word 推动 stays unmatched
    assert without_spans(["推动高", "质量", "发展"], spans) == ["发展"]


def test_a_ctb_style_prediction_loses_nothing_on_the_ignored_spans():
    gold = [["推动", "高质量", "发展"], ["苏州", "最", "大", "出口", "市场"]]
    pred = [["推动", "高", "质量", "发展"], ["苏州", "最大", "出口", "市场"]]
    kept_gold, kept_pred, dropped = ignoring(NAME, gold, pred)
    assert kept_gold == kept_pred == [["推动", "发展"], ["苏州", "出口", "市场"]]
    assert dropped == 3  # 高质量; 最, 大


def _gold() -> Gold:
    sentences = (
        GoldSentence("d-s0000", "推动 高质量发展", ("推动", "高质量", "发展"), ()),  # a headline space
        GoldSentence("d-s0001", "苏州最大出口市场", ("苏州", "最", "大", "出口", "市场"), ()),
    )
    return Gold(train=(), test=sentences, version=None, content_hash="0" * 64, path=Path("."))


def test_score_adds_the_view_without_the_spans_and_keeps_the_plain_one():
    """Plain: gold 8 words, predicted 8, matched 5 (推动 发展 苏州 出口 市场): P = R = F1 = 5/8.
    Without the spans: 5 gold words, 5 predicted, all matched: F1 = 1."""
    gold = _gold()
    pred = [["推动", "高", "质量", "发展"], ["苏州", "最大", "出口", "市场"]]
    views = score(SimpleNamespace(task="cws"), gold.test, pred, gold, BenchConfig(ignore=NAME, n_resamples=1000))
    plain, without = views["cws"][0], views["cws_ignoring"][0]
    assert (plain["gold_words"], plain["pred_words"], plain["matched"]) == (8, 8, 5)
    assert plain["f1"] == pytest.approx(5 / 8)
    assert (without["gold_words"], without["pred_words"], without["matched"]) == (5, 5, 5)
    assert without["f1"] == 1.0
    assert without["ignore"] == NAME and without["ignored_gold_words"] == 3
    assert "cws_ignoring" not in score(SimpleNamespace(task="cws"), gold.test, pred, gold, BenchConfig())


def test_results_record_every_span_left_out_with_text_offsets():
    gold = _gold()
    assert text_spans(NAME, gold.test[0].text, gold.test[0].tokens) == [(3, 6, "D13")]  # after the space
    record = span_records(NAME, [gold])
    assert record == {"name": NAME, "spans": [
        {"dataset": "suzhou-news", "id": "d-s0000", "start": 3, "end": 6, "rule": "D13"},
        {"dataset": "suzhou-news", "id": "d-s0001", "start": 2, "end": 4, "rule": "D24"}]}
    for span in record["spans"]:
        sentence = next(s for s in gold.test if s.id == span["id"])
        assert sentence.text[span["start"]:span["end"]] in ("高质量", "最大")


def test_the_results_document_validates_and_the_leaderboard_shows_both_scores():
    gold = _gold()
    config = BenchConfig(ignore=NAME, n_resamples=1000)
    pred = [["推动", "高", "质量", "发展"], ["苏州", "最大", "出口", "市场"]]
    views = score(SimpleNamespace(task="cws"), gold.test, pred, gold, config)
    entry = {"system": "ctb-like.v1", "task": "cws", "trained": False, "package": None, "package_version": None,
             "config": None, "dataset": "suzhou-news", "protocol": "test", "split": "test", "sentences": 2,
             "speed": {"chars_per_second": None, "seconds_median": None, "rounds": 0}, "metric": "sighan-score.v1",
             **{view: metrics for view, (metrics, _) in views.items()}}
    doc = results_document(gold, config, [entry], [])
    validate_results(doc)
    assert doc["settings"]["ignore"]["name"] == NAME and len(doc["settings"]["ignore"]["spans"]) == 2
    board = leaderboard(doc)
    assert f"### Word segmentation without the spans of `{NAME}` — test split" in board
    assert "| 1 | `ctb-like.v1` | **100.0** |" in board
    assert "| 62.5 |" in board  # the F1 on every word beside it


def test_an_unknown_span_set_is_refused_before_a_run():
    check_ignore(None)
    check_ignore(NAME)
    with pytest.raises(UsageError, match="ctb-departures.v1"):
        check_ignore("ctb-departures.v0")
