"""suzhou_news/bench/score.py and ``suzhou-news score``: a prediction file gets the row bench gives its system.

A bench run over four baselines of the tiny dataset is the reference.  Each
system's own output, written as a prediction file, must score to the same
figures to the last digit (F1, CI, P, R, OOV/IV recall, per type, counts), and a
copy of one system paired against another must give the p-value bench gives.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from suzhou_news.bench.metrics.ner import tags_from_spans
from suzhou_news.bench.predictions import write_jsonl
from suzhou_news.bench.report import results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, prepare, run_suite
from suzhou_news.cli import main

SYSTEMS = ("mm.forward.v1", "jieba.default.v1", "gazetteer.train.v1", "jieba.posseg.ner.v1")
CONFIG = BenchConfig(systems=SYSTEMS, measure_memory=False)


@pytest.fixture(scope="module")
def bench_run(tiny_gold, tmp_path_factory):
    results, paired = run_suite(tiny_gold, CONFIG)
    doc = results_document(tiny_gold, CONFIG, results, paired)
    validate_results(doc)
    path = tmp_path_factory.mktemp("bench") / "results.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return doc, path


def _predict(name, gold, protocol):
    system = prepare(name, gold)
    sentences = gold.split(protocol)
    texts = [s.text for s in sentences]
    return system, sentences, (system.segment(texts) if system.task == "cws" else system.tag(texts))


def _score(capsys, gold, task, preds, out, *extra):
    assert main(["score", "--dataset", str(gold.path), "--task", task, "--predictions", str(preds),
                 "--out", str(out), *extra]) == 0
    printed = capsys.readouterr().out
    doc = json.loads((out / "results.json").read_text(encoding="utf-8"))
    validate_results(doc)
    return doc, printed


def _bench_row(doc, name, protocol):
    return next(e for e in doc["results"] if e["system"] == name and e["protocol"] == protocol)


@pytest.mark.parametrize("name, protocol", [("mm.forward.v1", "test"), ("jieba.default.v1", "test"),
                                            ("jieba.default.v1", "all"), ("gazetteer.train.v1", "test"),
                                            ("jieba.posseg.ner.v1", "all")])
def test_score_reproduces_bench_to_the_last_digit(capsys, tmp_path, tiny_gold, bench_run, name, protocol):
    bench_doc, _ = bench_run
    system, sentences, predicted = _predict(name, tiny_gold, protocol)
    preds = tmp_path / "preds.jsonl"
    write_jsonl(preds, sentences, predicted, system.task)
    extra = ["--protocol", protocol, "--name", "mine.v1"] + (["--trained"] if system.trained else [])
    if system.task == "ner":
        extra += ["--label-set", system.label_set]
    doc, _ = _score(capsys, tiny_gold, system.task, preds, tmp_path / "out", *extra)
    [row] = doc["results"]
    ref = _bench_row(bench_doc, name, protocol)
    views = [v for v in ("cws", "ner_msra", "ner_fine") if v in ref]
    assert views == [v for v in ("cws", "ner_msra", "ner_fine") if v in row]
    for view in views:
        assert row[view] == ref[view]  # every figure, the CI bounds included, compared exactly
        assert row["counts"][view] == ref["counts"][view]
    assert set(row) == set(ref) | {"submission"}
    assert (row["trained"], row["sentences"], row["metric"]) == (ref["trained"], ref["sentences"], ref["metric"])
    assert row["submission"] is True and row["speed"]["chars_per_second"] is None
    assert row["source"] == {"kind": "predictions", "file": str(preds), "format": "jsonl",
                             "sha256": hashlib.sha256(preds.read_bytes()).hexdigest()}


def test_sighan_and_conll_files_score_like_jsonl(capsys, tmp_path, tiny_gold, bench_run):
    bench_doc, _ = bench_run
    _, sentences, words = _predict("jieba.default.v1", tiny_gold, "test")
    sighan = tmp_path / "jieba.utf8"
    sighan.write_text("".join(" ".join(w) + "\n" for w in words), encoding="utf-8")
    doc, _ = _score(capsys, tiny_gold, "cws", sighan, tmp_path / "a")
    assert doc["results"][0]["cws"] == _bench_row(bench_doc, "jieba.default.v1", "test")["cws"]
    assert doc["results"][0]["system"] == "submission.jieba.v1"  # named after the file

    _, sentences, spans = _predict("gazetteer.train.v1", tiny_gold, "test")
    conll = tmp_path / "gaz.conll"
    conll.write_text("\n".join("".join(f"{ch} {t}\n" for ch, t in zip(s.text, tags_from_spans(len(s.text), p)))
                               for s, p in zip(sentences, spans)), encoding="utf-8")
    doc, _ = _score(capsys, tiny_gold, "ner", conll, tmp_path / "b", "--label-set", "fine", "--trained")
    ref = _bench_row(bench_doc, "gazetteer.train.v1", "test")
    assert doc["results"][0]["ner_fine"] == ref["ner_fine"] and doc["results"][0]["ner_msra"] == ref["ner_msra"]


def test_against_pairs_the_submission_with_every_system_and_marks_it(capsys, tmp_path, tiny_gold, bench_run):
    """A copy of mm.forward.v1's output, paired with jieba.default.v1, gives bench's p-value for that pair."""
    bench_doc, bench_path = bench_run
    system, sentences, predicted = _predict("mm.forward.v1", tiny_gold, "test")
    preds = tmp_path / "copy.jsonl"
    write_jsonl(preds, sentences, predicted, "cws")
    doc, printed = _score(capsys, tiny_gold, "cws", preds, tmp_path / "out", "--name", "copy.v1", "--trained",
                          "--against", str(bench_path))
    # Every bench row is kept, plus the submission.
    assert len(doc["results"]) == len(bench_doc["results"]) + 1
    pairs = doc["paired_bootstrap"]
    # Paired on the test protocol with both cws systems of the run (mm.forward.v1 and jieba.default.v1).
    assert sorted(tuple(sorted((p["a"], p["b"]))) for p in pairs) == [
        ("copy.v1", "jieba.default.v1"), ("copy.v1", "mm.forward.v1")]
    assert all(p["protocol"] == "test" and p["view"] == "cws" for p in pairs)
    ref = next(p for p in bench_doc["paired_bootstrap"]
               if {p["a"], p["b"]} == {"mm.forward.v1", "jieba.default.v1"} and p["protocol"] == "test")
    got = next(p for p in pairs if "jieba.default.v1" in (p["a"], p["b"]))
    renamed = {k: ("mm.forward.v1" if v == "copy.v1" else v) for k, v in got.items()}
    assert renamed == ref
    same = next(p for p in pairs if "mm.forward.v1" in (p["a"], p["b"]))
    assert same["delta"] == 0.0 and same["p_value"] == 1.0
    leaderboard = (tmp_path / "out" / "leaderboard.md").read_text(encoding="utf-8")
    assert "`copy.v1` (submission)" in leaderboard and leaderboard in printed
    assert "`mm.forward.v1` (submission)" not in leaderboard


def test_bad_names_and_against_files_fail_before_writing(capsys, tmp_path, tiny_gold, bench_run):
    _, bench_path = bench_run
    _, sentences, predicted = _predict("mm.forward.v1", tiny_gold, "test")
    preds = tmp_path / "p.jsonl"
    write_jsonl(preds, sentences, predicted, "cws")
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text("earlier\n", encoding="utf-8")
    base = ["score", "--dataset", str(tiny_gold.path), "--task", "cws", "--predictions", str(preds), "--out", str(out)]

    stale = json.loads(bench_path.read_text(encoding="utf-8"))
    for row in stale["results"]:
        row.pop("counts")
    (tmp_path / "old.json").write_text(json.dumps(stale), encoding="utf-8")
    other = dict(stale, dataset=dict(stale["dataset"], content_hash="0" * 64))
    (tmp_path / "other.json").write_text(json.dumps(other), encoding="utf-8")
    cases = [
        (["--name", "mm.forward.v1", "--against", str(bench_path)], "already a system of --against"),
        (["--name", "Mine"], "must be a versioned name"),
        (["--trained", "--protocol", "all"], "only be scored on --protocol test"),
        (["--against", str(tmp_path / "old.json")], "carry no per-sentence counts"),
        (["--against", str(tmp_path / "other.json")], "scored on dataset content 000000000000"),
    ]
    for extra, message in cases:
        assert main(base + extra) == 2, extra
        assert message in capsys.readouterr().err, extra
    assert main(base + ["--resamples", "10"]) == 2
    assert "--resamples must be at least 1000" in capsys.readouterr().err
    assert (out / "results.json").read_text(encoding="utf-8") == "earlier\n"
    assert sorted(p.name for p in out.iterdir()) == ["results.json"]
