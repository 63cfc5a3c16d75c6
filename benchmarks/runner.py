"""Run baselines against the gold: accuracy with bootstrap CIs, paired tests, speed and memory.

Protocols (recorded with every result):

* ``test``: the test split. Every system is scored here; trained systems are
  fitted on the train split first and are scored *only* here.
* ``all``: every gold sentence (train + test). Only off-the-shelf systems, which
  never saw this data, are scored here.

CWS scores follow the SIGHAN ``score`` script (word list: the train split's
vocabulary). NER scores are exact-match entity P/R/F1 (conlleval-equivalent),
micro-averaged and per type, on the MSRA labels for every system and on the
fine labels for systems that emit them.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from builder.gold.labels import MSRA_MAP

from .baselines import registry
from .data import Gold, GoldSentence
from .memory import measure
from .metrics.bootstrap import bootstrap_ci, paired_bootstrap
from .metrics.cws import METRIC_VERSION as CWS_METRIC, cws_sentence_counts
from .metrics.ner import METRIC_VERSION as NER_METRIC, NerCounts, span_sentence_counts



@dataclass(frozen=True)
class BenchConfig:
    systems: tuple[str, ...] = ()  # empty: every registered baseline
    n_resamples: int = 1000
    seed: int = 20261123
    confidence: float = 0.95
    speed_rounds: int = 3
    measure_memory: bool = True  # peak RSS of a child process per system (benchmarks/memory.py)
    overrides: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # name -> config overrides (hf: model)

    def overrides_for(self, name: str) -> dict[str, Any]:
        return dict(dict(self.overrides).get(name, ()))


@dataclass(frozen=True)
class SystemRun:
    """Everything measured for one system; ``counts`` keep per-sentence counts for paired tests."""

    entries: tuple[dict, ...]
    counts: dict[tuple[str, str], list]  # (protocol, view) -> per-sentence counts


def _speed(fn: Callable[[list[str]], list], texts: list[str], rounds: int) -> dict:
    """Median wall time of ``rounds`` calls and characters per second."""
    chars = sum(len(t) for t in texts)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn(texts)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return {"rounds": rounds, "seconds_median": median, "characters": chars,
            "chars_per_second": chars / median if median > 0 else None}


def _ci(counts: list, stat: Callable, config: BenchConfig) -> list[float] | None:
    try:
        low, high = bootstrap_ci(counts, stat, n_resamples=config.n_resamples, seed=config.seed,
                                 confidence=config.confidence)
    except ValueError:
        return None
    return [low, high]


def _f1(c) -> float | None:
    return c.f1


def _cws_metrics(gold: Sequence[GoldSentence], pred: list[list[str]], words: frozenset[str],
                 config: BenchConfig) -> tuple[dict, list]:
    counts = cws_sentence_counts([list(s.tokens) for s in gold], pred, words)
    total = sum(counts)
    metrics = total.to_dict()
    metrics["f1_ci"] = _ci(counts, _f1, config)
    return metrics, counts


def _ner_metrics(gold_spans: list, pred_spans: list, config: BenchConfig) -> tuple[dict, list]:
    counts = span_sentence_counts(gold_spans, pred_spans)
    total = sum(counts, NerCounts())
    metrics = {k: v for k, v in total.to_dict().items() if k not in ("accuracy", "correct_tags", "tokens")}
    # Micro F1 needs only each sentence's summed (tp, fp, fn): flat counts resample fast.
    micro = [c.total for c in counts]
    metrics["f1_ci"] = _ci(micro, _f1, config)
    return metrics, micro


def prepare(name: str, gold: Gold, overrides: dict[str, Any] | None = None):
    """A fresh instance of ``name``, fitted on the train split when it is a trained system."""
    system = registry.get(name, **(overrides or {}))
    if not system.trained:
        system.fit([])
    elif system.task == "cws":
        system.fit([list(s.tokens) for s in gold.train])
    else:
        system.fit([(s.text, list(s.entities)) for s in gold.train])
    return system


def score(system, sentences: Sequence[GoldSentence], pred: list, gold: Gold,
          config: BenchConfig) -> dict[str, tuple[dict, list]]:
    """Metrics and per-sentence counts of ``pred`` on ``sentences``, per view (cws, ner_msra, ner_fine)."""
    if system.task == "cws":
        return {"cws": _cws_metrics(sentences, pred, gold.train_vocabulary, config)}
    msra_pred = [[(s, e, MSRA_MAP[lab]) for s, e, lab in p if MSRA_MAP[lab]] for p in pred]
    views = {"ner_msra": _ner_metrics([list(s.msra_entities) for s in sentences], msra_pred, config)}
    if system.label_set == "fine":
        views["ner_fine"] = _ner_metrics([list(s.entities) for s in sentences], [list(p) for p in pred], config)
    return views


def counts_record(counts: list) -> dict:
    """Per-sentence counts as stored in a result row, so later runs can pair against it."""
    fields = [f.name for f in dataclasses.fields(counts[0])] if counts else []
    return {"fields": fields, "rows": [list(dataclasses.astuple(c)) for c in counts]}


def run_system(name: str, gold: Gold, config: BenchConfig) -> SystemRun:
    system = prepare(name, gold, config.overrides_for(name))
    info = system.describe()
    predict = system.segment if system.task == "cws" else system.tag
    protocols = ("test",) if system.trained else ("test", "all")
    scored = gold.split(protocols[-1])  # "all" is train + test, so the test split is its tail
    predictions = predict([s.text for s in scored])
    # Speed and memory are measured on the test split, the same texts for every system.
    speed = _speed(predict, [s.text for s in gold.test], config.speed_rounds)
    if config.measure_memory:
        speed["memory"] = measure(name, gold.path, config.overrides_for(name))
    entries, all_counts = [], {}
    for protocol in protocols:
        sentences = gold.split(protocol)
        pred = predictions[len(predictions) - len(sentences):]
        entry = {
            "system": name, "task": system.task, "trained": system.trained,
            "package": info.get("package"), "package_version": info.get("package_version"),
            "config": info.get("config"), "label_set": info.get("label_set"),
            "protocol": protocol, "split": "test" if protocol == "test" else "train+test",
            "sentences": len(sentences), "speed": speed,
            "metric": CWS_METRIC if system.task == "cws" else NER_METRIC,
            "source": {**registry.source(name), **info.get("source", {})},
        }
        for view, (metrics, counts) in score(system, sentences, pred, gold, config).items():
            entry[view] = metrics
            entry.setdefault("counts", {})[view] = counts_record(counts)
            all_counts[(protocol, view)] = counts
        entries.append(entry)
    return SystemRun(tuple(entries), all_counts)


def paired_tests(runs: dict[str, SystemRun], config: BenchConfig) -> list[dict]:
    """A paired bootstrap test for every pair of systems scored on the same sentences and view."""
    by_view: dict[tuple[str, str], dict[str, list]] = {}
    for name, run in runs.items():
        for key, counts in run.counts.items():
            by_view.setdefault(key, {})[name] = counts
    out = []
    for (protocol, view), systems in sorted(by_view.items()):
        for a, b in itertools.combinations(sorted(systems), 2):
            try:
                res = paired_bootstrap(systems[a], systems[b], _f1, n_resamples=config.n_resamples,
                                       seed=config.seed, confidence=config.confidence)
            except ValueError:
                continue
            if res.delta < 0:  # report the better system first, so p tests "A > B"
                a, b = b, a
                res = paired_bootstrap(systems[a], systems[b], _f1, n_resamples=config.n_resamples,
                                       seed=config.seed, confidence=config.confidence)
            out.append({"protocol": protocol, "view": view, "a": a, "b": b, **res.to_dict()})
    return out


def run_suite(gold: Gold, config: BenchConfig) -> tuple[list[dict], list[dict]]:
    names = list(dict.fromkeys(config.systems)) or registry.names()  # a name given twice runs once
    runs = {name: run_system(name, gold, config) for name in names}
    results = [e for name in names for e in runs[name].entries]
    return results, paired_tests(runs, config)
