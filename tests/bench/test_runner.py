"""suzhou_news/bench/runner.py: protocols, bootstrap CIs, paired tests, determinism, speed and memory.

Runs cheap baselines over the tiny gold dataset of test_data.py (8 sentences,
3 of them in the test split).  The suite is run once per module (``suite``);
tests that need something else run their own.
"""

from __future__ import annotations

import itertools
import json
from types import SimpleNamespace
import os
import subprocess
import sys

import pytest
from test_data import tiny_gold  # noqa: F401  (session fixture: the tiny gold dataset)

from suzhou_news.bench import runner
from suzhou_news.bench.baselines import registry
from suzhou_news.bench.baselines.base import Segmenter, Tagger
from suzhou_news.bench.baselines.registry import Registry
from suzhou_news.bench.runner import BenchConfig, run_suite, run_system

SYSTEMS = ("mm.forward.v1", "mm.backward.v1", "crf.char-bmes.v1", "jieba.default.v1",
           "gazetteer.train.v1", "jieba.posseg.ner.v1")
CONFIG = BenchConfig(systems=SYSTEMS, measure_memory=False)
VIEWS = ("cws", "ner_msra", "ner_fine")


@pytest.fixture(scope="module")
def suite(tiny_gold):  # noqa: F811
    return run_suite(tiny_gold, CONFIG)


def _accuracy(results: list[dict]) -> list[dict]:
    """The results without the speed figures, which legitimately vary between runs."""
    return [{k: v for k, v in e.items() if k != "speed"} for e in results]


def test_trained_systems_use_the_test_protocol_only(suite, tiny_gold):  # noqa: F811
    results, _ = suite
    protocols = {name: [e["protocol"] for e in results if e["system"] == name] for name in SYSTEMS}
    for name in SYSTEMS:
        trained = registry.get_class(name).trained
        assert protocols[name] == (["test"] if trained else ["test", "all"]), name
    sizes = {"test": len(tiny_gold.test), "all": len(tiny_gold.train) + len(tiny_gold.test)}
    for e in results:
        assert e["sentences"] == sizes[e["protocol"]]
        assert e["split"] == {"test": "test", "all": "train+test"}[e["protocol"]]
        assert e["trained"] is registry.get_class(e["system"]).trained
        assert e["task"] == registry.get_class(e["system"]).task


def test_results_record_what_produced_them(suite):
    results, _ = suite
    by_name = {e["system"]: e for e in results}
    assert by_name["jieba.default.v1"]["package"] == "jieba"
    assert by_name["jieba.default.v1"]["package_version"]  # the installed jieba's version
    assert by_name["mm.forward.v1"]["package"] is None  # pure Python, part of this project
    assert by_name["mm.forward.v1"]["config"] == {"max_word_len": None}
    assert by_name["mm.forward.v1"]["metric"].startswith("sighan-score.")
    assert by_name["gazetteer.train.v1"]["label_set"] == "fine"
    # Fine-label systems get both NER views; MSRA-label systems only the MSRA view.
    assert {"ner_msra", "ner_fine"} <= set(by_name["gazetteer.train.v1"])
    assert "ner_msra" in by_name["jieba.posseg.ner.v1"] and "ner_fine" not in by_name["jieba.posseg.ner.v1"]


def test_every_f1_has_a_bootstrap_ci_around_it(suite):
    results, _ = suite
    seen = 0
    for e in results:
        for view in VIEWS:
            if view not in e:
                continue
            m = e[view]
            assert 0.0 <= m["precision"] <= 1.0 and 0.0 <= m["recall"] <= 1.0
            low, high = m["f1_ci"]
            assert 0.0 <= low <= m["f1"] <= high <= 1.0, (e["system"], e["protocol"], view)
            seen += 1
    assert seen == len(results) + 1  # one view per entry, plus gazetteer's fine view


def test_cws_scores_are_the_sighan_counts_with_train_vocabulary_oov(suite, tiny_gold):  # noqa: F811
    results, _ = suite
    test_words = [t for s in tiny_gold.test for t in s.tokens]
    oov = [t for t in test_words if t not in tiny_gold.train_vocabulary]
    for e in results:
        if e["task"] != "cws" or e["protocol"] != "test":
            continue
        m = e["cws"]
        assert m["gold_words"] == len(test_words)
        assert m["oov_rate"] == pytest.approx(len(oov) / len(test_words))
        assert m["f1"] == pytest.approx(2 * m["matched"] / (m["gold_words"] + m["pred_words"]))
        assert 0.0 <= m["oov_recall"] <= 1.0 and 0.0 <= m["iv_recall"] <= 1.0


def test_paired_tests_cover_every_pair_with_the_better_system_first(suite):
    results, paired = suite
    f1 = {(e["system"], e["protocol"], view): e[view]["f1"] for e in results for view in VIEWS if view in e}
    groups: dict[tuple[str, str], set[str]] = {}
    for system, protocol, view in f1:
        groups.setdefault((protocol, view), set()).add(system)
    expected = {(p, v, frozenset(pair)) for (p, v), names in groups.items()
                for pair in itertools.combinations(sorted(names), 2)}
    got = [(t["protocol"], t["view"], frozenset((t["a"], t["b"]))) for t in paired]
    assert len(got) == len(set(got)) and set(got) == expected
    assert ("test", "ner_msra", frozenset({"gazetteer.train.v1", "jieba.posseg.ner.v1"})) in expected
    for t in paired:
        assert 0.0 < t["p_value"] <= 1.0
        assert t["statistic_a"] == f1[(t["a"], t["protocol"], t["view"])]
        assert t["statistic_b"] == f1[(t["b"], t["protocol"], t["view"])]
        assert t["delta"] == pytest.approx(t["statistic_a"] - t["statistic_b"]) and t["delta"] >= 0.0
        assert t["ci_low"] <= t["ci_high"]
        assert t["seed"] == CONFIG.seed


def test_two_runs_give_identical_accuracy_figures(suite, tiny_gold):  # noqa: F811
    results, paired = suite
    again_results, again_paired = run_suite(tiny_gold, CONFIG)
    assert _accuracy(again_results) == _accuracy(results)
    assert again_paired == paired


def test_a_fresh_process_with_another_hash_seed_gives_the_same_figures(suite, tiny_gold):  # noqa: F811
    """Set and dict order must not leak into a score: rerun in a child with PYTHONHASHSEED changed."""
    results, paired = suite
    code = (
        "import json, sys; from pathlib import Path\n"
        "from suzhou_news.bench.data import load_gold\n"
        "from suzhou_news.bench.runner import BenchConfig, run_suite\n"
        "r, p = run_suite(load_gold(Path(sys.argv[1])), BenchConfig(systems=tuple(sys.argv[2:]),"
        " measure_memory=False))\n"
        "print(json.dumps({'results': [{k: v for k, v in e.items() if k != 'speed'} for e in r],"
        " 'paired': p}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    proc = subprocess.run([sys.executable, "-c", code, str(tiny_gold.path), *SYSTEMS],
                          capture_output=True, text=True, env=env, timeout=300, check=True)
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    # JSON turns tuples into lists; compare both sides after the same round trip.
    assert child == json.loads(json.dumps({"results": _accuracy(results), "paired": paired}))


def _oracles(gold) -> SimpleNamespace:
    """A registry with systems that return the gold itself, next to a real baseline."""
    tokens = {s.text: s.tokens for s in gold.train + gold.test}
    spans = {s.text: s.entities for s in gold.train + gold.test}

    class OracleSegmenter(Segmenter):
        name = "oracle.seg.v1"

        def _segment_one(self, text):
            return tokens[text]

    class OracleTagger(Tagger):
        name = "oracle.ner.v1"
        label_set = "fine"

        def _tag_one(self, text):
            return spans[text]

    reg = Registry()
    for cls in (OracleSegmenter, OracleTagger, registry.get_class("mm.forward.v1")):
        reg.register(cls)
    # the module-level functions the runner calls (suzhou_news.bench.baselines.registry), over this registry
    return SimpleNamespace(get=reg.get, get_class=reg.cls, names=reg.names, source=reg.source)


def test_a_perfect_system_scores_f1_one(monkeypatch, tiny_gold):  # noqa: F811
    monkeypatch.setattr(runner, "registry", _oracles(tiny_gold))
    results, paired = run_suite(tiny_gold, BenchConfig(measure_memory=False))  # every system of the registry
    perfect = [e for e in results if e["system"].startswith("oracle.")]
    assert sorted((e["system"], e["protocol"]) for e in perfect) == [
        ("oracle.ner.v1", "all"), ("oracle.ner.v1", "test"), ("oracle.seg.v1", "all"), ("oracle.seg.v1", "test")]
    for e in perfect:
        for view in ("cws", "ner_msra", "ner_fine"):
            if view in e:
                m = e[view]
                assert (m["precision"], m["recall"], m["f1"]) == (1.0, 1.0, 1.0), (e["system"], view)
                assert m["f1_ci"] == [1.0, 1.0]
        if e["task"] == "cws":
            assert e["cws"]["oov_recall"] == 1.0 and e["cws"]["iv_recall"] == 1.0
    # Alphabetically mm.forward.v1 comes first, but the better system is reported as A.
    (pair,) = [t for t in paired if t["view"] == "cws"]
    assert (pair["a"], pair["b"]) == ("oracle.seg.v1", "mm.forward.v1")
    assert pair["statistic_a"] == 1.0 and pair["delta"] > 0


def test_speed_and_memory_probe_measure_one_system(tiny_gold):  # noqa: F811
    config = BenchConfig(systems=("mm.forward.v1",), speed_rounds=2, measure_memory=True)
    (entry,) = run_system("mm.forward.v1", tiny_gold, config).entries
    speed = entry["speed"]
    assert speed["rounds"] == 2
    assert speed["characters"] == sum(len(s.text) for s in tiny_gold.test)
    assert speed["seconds_median"] > 0
    assert speed["chars_per_second"] == pytest.approx(speed["characters"] / speed["seconds_median"])
    memory = speed["memory"]
    assert "error" not in memory, memory
    assert memory["peak_rss_mib"] > 0
    assert 0 <= memory["system_rss_mib"] <= memory["peak_rss_mib"]


def test_memory_probe_reports_a_failing_child_instead_of_raising(tiny_gold):  # noqa: F811
    from suzhou_news.bench.memory import measure

    got = measure("no-such.system.v1", tiny_gold.path)
    assert set(got) == {"error"} and "no-such.system.v1" in got["error"]
