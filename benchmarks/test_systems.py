"""Speed, memory and accuracy of every registered baseline, as one pytest-benchmark suite.

There is one benchmarked call per (system, task): the system's ``segment`` or
``tag`` over the test split's texts (one warm-up round, then 3 timed rounds).
Trained systems are fitted on the train split first, outside the timing.  Each
benchmark's ``extra_info`` holds its throughput (characters per second from the
median round), the peak memory of a fresh child process that loads and runs the
system (``suzhou_news.bench.memory``), and its accuracy on the test split, computed by
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

from suzhou_news.bench.baselines import MissingDependencyError, registry
from suzhou_news.bench.data import Gold
from suzhou_news.bench.memory import measure
from suzhou_news.bench.runner import BenchConfig, prepare, score

SYSTEMS = registry.names()
CONFIG = BenchConfig()  # the settings `suzhou-news bench` uses: resamples, seed, confidence


def _scores(metrics: dict) -> dict:
    out = {k: metrics[k] for k in ("f1", "precision", "recall", "f1_ci")}
    if "per_type" in metrics:
        out["per_type_f1"] = {label: v["f1"] for label, v in metrics["per_type"].items()}
    return out


def _accuracy(system, gold: Gold, pred: list) -> dict:
    """The test-protocol figures that ``suzhou-news bench`` reports for these predictions."""
    views = score(system, gold.test, pred, gold, CONFIG)
    if system.task == "cws":
        m, _ = views["cws"]
        return {**_scores(m), **{k: m[k] for k in ("oov_rate", "oov_recall", "iv_recall")}}
    out = _scores(views["ner_msra"][0])
    if "ner_fine" in views:
        out["fine"] = _scores(views["ner_fine"][0])
    return out


@pytest.mark.parametrize("name", SYSTEMS, ids=SYSTEMS)
def test_system(benchmark, gold: Gold, name: str) -> None:
    try:
        system = prepare(name, gold)
    except MissingDependencyError as exc:
        pytest.skip(str(exc))
    predict = system.segment if system.task == "cws" else system.tag
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
    info.update(_accuracy(system, gold, pred))
    benchmark.extra_info.update(info)

    assert info["f1"] is None or 0.0 <= info["f1"] <= 1.0
