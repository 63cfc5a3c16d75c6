"""Speed, memory and accuracy of every registered baseline, as one pytest-benchmark suite.

There is one benchmarked call per (system, task): the system's ``segment`` or
``tag`` over the test split's texts (one warm-up round, then 3 timed rounds).
Trained systems are fitted on the train split first, outside the timing.  Each
benchmark's ``extra_info`` holds its throughput (characters per second from the
median round), the peak memory of a fresh child process that loads and runs the
system (``benchmarks.memory``), and its accuracy on the test split, computed by
the same scoring helpers as ``suzhou-news bench`` (protocol ``test``).  To compare
runs, save each one and compare against a saved one: ``pytest benchmarks/
--benchmark-autosave`` stores the run under ``.benchmarks/``; a later
``pytest benchmarks/ --benchmark-compare`` (the latest saved run, or
``--benchmark-compare=0001`` for a given one) prints both side by side, and
``--benchmark-compare-fail=median:10%`` turns a slowdown of more than 10% into a
failure.  ``--benchmark-json=PATH`` writes the whole run, extra_info included;
``--benchmark-disable`` runs every system once, untimed and without the memory
probe, as a quick smoke test.
"""

from __future__ import annotations

import pytest

from benchmarks.baselines import MissingDependencyError, registry
from benchmarks.data import Gold
from benchmarks.memory import measure
from benchmarks.runner import MSRA_OF, BenchConfig, _cws_metrics, _ner_metrics

SYSTEMS = registry.names()
CONFIG = BenchConfig()  # the settings `suzhou-news bench` uses: resamples, seed, confidence


def _scores(metrics: dict) -> dict:
    out = {k: metrics[k] for k in ("f1", "precision", "recall", "f1_ci")}
    if "per_type" in metrics:
        out["per_type_f1"] = {label: v["f1"] for label, v in metrics["per_type"].items()}
    return out


def _accuracy(task: str, label_set: str | None, gold: Gold, pred: list) -> dict:
    """The test-protocol figures of ``benchmarks.runner.run_system`` for these predictions."""
    test = gold.test
    if task == "cws":
        m, _ = _cws_metrics(test, pred, gold.train_vocabulary, CONFIG)
        return {**_scores(m), **{k: m[k] for k in ("oov_rate", "oov_recall", "iv_recall")}}
    msra_pred = [[(s, e, MSRA_OF[lab]) for s, e, lab in p if lab in MSRA_OF] for p in pred]
    m, _ = _ner_metrics([list(s.msra_entities) for s in test], msra_pred, CONFIG)
    out = _scores(m)
    if label_set == "fine":
        fine, _ = _ner_metrics([list(s.entities) for s in test], [list(p) for p in pred], CONFIG)
        out["fine"] = _scores(fine)
    return out


@pytest.mark.parametrize("name", SYSTEMS, ids=SYSTEMS)
def test_system(benchmark, gold: Gold, name: str) -> None:
    try:
        system = registry.get(name)
    except MissingDependencyError as exc:
        pytest.skip(str(exc))
    if system.task == "cws":
        system.fit([list(s.tokens) for s in gold.train] if system.trained else [])
        predict = system.segment
    else:
        system.fit([(s.text, list(s.entities)) for s in gold.train] if system.trained else [])
        predict = system.tag
    texts = [s.text for s in gold.test]
    characters = sum(len(t) for t in texts)

    benchmark.group = system.task
    pred = benchmark.pedantic(predict, args=(texts,), rounds=3, iterations=1, warmup_rounds=1)

    assert len(pred) == len(texts)
    timed = benchmark.enabled and benchmark.stats is not None
    median = benchmark.stats.stats.median if timed else None
    info = {
        "system": name, "task": system.task, "trained": system.trained,
        "package_version": system.package_version(), "protocol": "test",
        "dataset_content_hash": gold.content_hash, "dataset_version": gold.version,
        "sentences": len(texts), "characters": characters,
        "chars_per_second": characters / median if median else None,
        "n_resamples": CONFIG.n_resamples, "seed": CONFIG.seed,
    }
    if benchmark.enabled:
        memory = measure(name, gold.path)
        info.update({k: memory.get(k) for k in ("peak_rss_mib", "system_rss_mib")})
        if "error" in memory:
            info["memory_error"] = memory["error"]
    info.update(_accuracy(system.task, system.label_set, gold, pred))
    benchmark.extra_info.update(info)

    assert info["f1"] is None or 0.0 <= info["f1"] <= 1.0
