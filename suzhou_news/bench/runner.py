"""Run baselines against the gold: accuracy with bootstrap CIs, paired tests, speed and memory.

Protocols (recorded with every result):

* ``test``: the test split. Every system is scored here; trained systems are
  fitted on the train split first and are scored *only* here.
* ``all``: every gold sentence (train + test). Only off-the-shelf systems, which
  never saw this data, are scored here.

Several datasets (a built one and corpora brought in with ``suzhou-news
import``) run in one suite: every system runs on every dataset whose gold fits
its task, trained systems fitted on that dataset's train split (skipped, with a
reason, when it has none).  ``train_on`` adds the domain-transfer runs: trained
systems fitted on one dataset's train split and tested on every dataset.  An
imported corpus has only the ``test`` protocol.

CWS scores follow the SIGHAN ``score`` script (word list: the corpus's word
list when it came with one, else the train split's vocabulary, always of the
dataset tested). NER scores are exact-match entity P/R/F1 (conlleval-equivalent),
micro-averaged and per type, on the MSRA labels for every system and on the
fine labels for systems that emit them; on an imported corpus that declares its own
label set (``ner_fine``: every declared label, e.g. Weibo's 8 NAM and NOM types) for taggers fitted on it.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from suzhou_news.builder.gold.labels import msra_label

from suzhou_news.builder.ingest.script import Converter

from .baselines import registry
from .convert import ConvertingPredictor, needs_t2s
from .data import Gold, GoldSentence, fit_system
from .memory import measure
from .metrics.bootstrap import paired_from_values, percentile_interval, resample_values
from .metrics.cws import METRIC_VERSION as CWS_METRIC, cws_sentence_counts
from .metrics.ignore import ignoring
from .metrics.ner import METRIC_VERSION as NER_METRIC, NerCounts, span_sentence_counts



@dataclass(frozen=True)
class BenchConfig:
    systems: tuple[str, ...] = ()  # empty: every registered baseline
    n_resamples: int = 1000
    seed: int = 20261123
    confidence: float = 0.95
    speed_rounds: int = 3
    measure_memory: bool = True  # peak RSS of a child process per system (suzhou_news/bench/memory.py)
    speed_budget_seconds: float = 30.0  # after the first timed pass, further rounds only within this total
    overrides: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()  # name -> config overrides (hf: model)
    convert: str | None = None  # "t2s": Traditional input converted for Simplified-only systems (convert.py)
    ignore: str | None = None  # a span set of metrics/ignore.py: cws is also scored without it (view cws_ignoring)

    def overrides_for(self, name: str) -> dict[str, Any]:
        return dict(dict(self.overrides).get(name, ()))


@dataclass(frozen=True)
class SystemRun:
    """Everything measured for one system; ``resampled`` keeps its bootstrap F1s for the paired tests."""

    entries: tuple[dict, ...]
    resampled: dict[tuple[str, ...], Resampled]  # (dataset, trained_on, protocol, view) -> resampled F1


def _timed(fn: Callable[[list[str]], list], texts: list[str], config: BenchConfig) -> tuple[list, dict]:
    """Predictions of ``fn`` on ``texts`` and its speed: the median wall time of up to ``speed_rounds`` calls.

    The first call is the prediction itself; more calls are made while the time spent stays within
    ``speed_budget_seconds`` (a slow system on a large test set is timed once; ``rounds`` says how often).
    """
    chars = sum(len(t) for t in texts)
    times: list[float] = []
    pred: list = []
    while len(times) < config.speed_rounds:
        start = time.perf_counter()
        out = fn(texts)
        times.append(time.perf_counter() - start)
        pred = pred or out
        if sum(times) + times[-1] > config.speed_budget_seconds:
            break
    median = statistics.median(times)
    return pred, {"rounds": len(times), "seconds_median": median, "characters": chars,
                  "chars_per_second": chars / median if median > 0 else None}


@dataclass(frozen=True)
class Resampled:
    """One system's F1 on the full test set and on each bootstrap resample (shared by its CI and paired tests).

    ``counts`` are the per-sentence counts the resamples were drawn from; a result row stores them, so a
    later ``score`` run can be paired against it.
    """

    f1: float | None
    values: np.ndarray | None  # None when nothing could be resampled
    counts: tuple = ()

    def ci(self, config: BenchConfig) -> list[float] | None:
        interval = None if self.values is None else percentile_interval(self.values, config.confidence)
        return None if interval is None else list(interval)


def _f1(c) -> float | None:
    return c.f1


def resample(counts: Sequence, f1: float | None, config: BenchConfig) -> Resampled:
    """Bootstrap F1 of per-sentence ``counts`` (CwsCounts, or the PRF totals of NER) with the suite's seed."""
    try:
        return Resampled(f1, resample_values(counts, _f1, n_resamples=config.n_resamples, seed=config.seed),
                         tuple(counts))
    except ValueError:
        return Resampled(f1, None, tuple(counts))


def _cws_metrics(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], words: frozenset[str] | None,
                 config: BenchConfig, check: bool = True) -> tuple[dict, Resampled]:
    counts = cws_sentence_counts(gold, pred, words, check=check)
    metrics = sum(counts).to_dict()
    res = resample(counts, metrics["f1"], config)
    metrics["f1_ci"] = res.ci(config)
    return metrics, res


def _ner_metrics(gold_spans: list, pred_spans: list, config: BenchConfig) -> tuple[dict, Resampled]:
    counts = span_sentence_counts(gold_spans, pred_spans)
    total = sum(counts, NerCounts())
    metrics = {k: v for k, v in total.to_dict().items() if k not in ("accuracy", "correct_tags", "tokens")}
    # Micro F1 needs only each sentence's summed (tp, fp, fn): flat counts resample fast.
    res = resample([c.total for c in counts], metrics["f1"], config)
    metrics["f1_ci"] = res.ci(config)
    return metrics, res


def prepare(name: str, gold: Gold, overrides: dict[str, Any] | None = None):
    """A fresh instance of ``name``, fitted on ``gold``'s train split when it is a trained system."""
    system = registry.get(name, **(overrides or {}))
    fit_system(system, gold)
    return system


def score(system, sentences: Sequence[GoldSentence], pred: list, gold: Gold,
          config: BenchConfig) -> dict[str, tuple[dict, Resampled]]:
    """Metrics and resampled F1 of ``pred`` on ``sentences``, per view (cws, ner_msra, ner_fine)."""
    if system.task == "cws":
        tokens = [list(s.tokens) for s in sentences]
        views = {"cws": _cws_metrics(tokens, pred, gold.oov_vocabulary, config)}
        if config.ignore:  # checked above on the whole sentences; a dropped word may cross a span's edge
            kept_gold, kept_pred, dropped = ignoring(config.ignore, tokens, pred)
            metrics, res = _cws_metrics(kept_gold, kept_pred, gold.oov_vocabulary, config, check=False)
            views["cws_ignoring"] = ({**metrics, "ignore": config.ignore, "ignored_gold_words": dropped}, res)
        return views
    msra_pred = [[(s, e, m) for s, e, lab in p if (m := msra_label(lab))] for p in pred]
    views = {"ner_msra": _ner_metrics([list(s.msra_entities) for s in sentences], msra_pred, config)}
    if _emits_declared_labels(system, gold):
        views["ner_fine"] = _ner_metrics([list(s.entities) for s in sentences], [list(p) for p in pred], config)
    return views


def _emits_declared_labels(system, gold: Gold) -> bool:
    """Whether ``system`` predicts in ``gold``'s declared labels, so the ``ner_fine`` view scores them all.

    The built dataset: systems of the fine label set.  An imported corpus that declares its own labels
    (Weibo with nominal mentions kept: 8 types): taggers fitted on it.  Other imported corpora: none
    (their labels are a subset of the fine set; the MSRA view scores them).
    """
    emitted = tuple(system.labels()) if hasattr(system, "labels") else None  # a submission: its label_set
    if gold.own_labels:
        return emitted == gold.labels
    # a tagger fitted on a corpus with its own labels (a transfer run) emits labels the fine view does not have
    return system.label_set == "fine" and not gold.imported and set(emitted or ()) <= set(gold.labels)


def counts_record(counts: Sequence) -> dict:
    """Per-sentence counts as stored in a result row, so later runs can pair against it."""
    fields = [f.name for f in dataclasses.fields(counts[0])] if counts else []
    return {"fields": fields, "rows": [list(dataclasses.astuple(c)) for c in counts]}


def run_system(name: str, gold: Gold, config: BenchConfig, fit_on: Gold | None = None) -> SystemRun:
    """``name`` on ``gold``; a trained system is fitted on ``fit_on``'s train split (default: ``gold``'s)."""
    fit_on = fit_on or gold
    system = prepare(name, fit_on, config.overrides_for(name))
    info = system.describe()
    predict = system.segment if system.task == "cws" else system.tag
    converting = None
    if needs_t2s(config.convert, system, gold.script, fit_on.script if system.trained else None):
        predict = converting = ConvertingPredictor(predict, system.task, Converter())
    transfer = system.trained and fit_on.content_hash != gold.content_hash
    protocols = ("test",) if system.trained else gold.protocols
    # Speed is measured on the test split, the same texts for every system; its first pass is the prediction.
    predictions, speed = _timed(predict, [s.text for s in gold.test], config)
    if "all" in protocols:  # "all" is train + test
        predictions = list(predict([s.text for s in gold.train])) + list(predictions)
    if config.measure_memory and not transfer:
        speed["memory"] = measure(name, gold.path, config.overrides_for(name))
    trained_on = fit_on.name if system.trained else None
    entries, resampled_by_view = [], {}
    for protocol in protocols:
        sentences = gold.split(protocol)
        pred = predictions[len(predictions) - len(sentences):]
        entry = {
            "system": name, "task": system.task, "trained": system.trained,
            "package": info.get("package"), "package_version": info.get("package_version"),
            "config": info.get("config"), "label_set": info.get("label_set"),
            "dataset": gold.name, "trained_on": trained_on,
            "protocol": protocol, "split": "test" if protocol == "test" else "train+test",
            "sentences": len(sentences), "speed": speed,
            "metric": CWS_METRIC if system.task == "cws" else NER_METRIC,
            "source": {**registry.source(name), **info.get("source", {})},
            **({"input": converting.record()} if converting else {}),
        }
        for view, (metrics, resampled) in score(system, sentences, pred, gold, config).items():
            entry[view] = metrics
            entry.setdefault("counts", {})[view] = counts_record(resampled.counts)
            resampled_by_view[(gold.name, trained_on or "", protocol, view)] = resampled
        entries.append(entry)
    return SystemRun(tuple(entries), resampled_by_view)


def paired_tests(runs: Sequence[tuple[str, SystemRun]], config: BenchConfig) -> list[dict]:
    """A paired bootstrap test for every pair of systems scored on the same sentences and view.

    Systems trained on another dataset (transfer runs) are compared among themselves.  Each system was
    resampled once (same seed, same sentences, so the same resamples); a pair only subtracts.
    """
    by_view: dict[tuple[str, ...], dict[str, Resampled]] = {}
    for name, run in runs:
        for (dataset, trained_on, protocol, view), resampled in run.resampled.items():
            group = "transfer" if trained_on and trained_on != dataset else ""
            by_view.setdefault((dataset, group, protocol, view), {})[name] = resampled
    out = []
    for (dataset, group, protocol, view), systems in sorted(by_view.items()):
        for a, b in itertools.combinations(sorted(systems), 2):
            ra, rb = systems[a], systems[b]
            if ra.f1 is None or rb.f1 is None or ra.values is None or rb.values is None:
                continue
            if ra.f1 < rb.f1:  # report the better system first, so p tests "A > B"
                (a, ra), (b, rb) = (b, rb), (a, ra)
            try:
                res = paired_from_values(ra.f1, rb.f1, ra.values, rb.values, confidence=config.confidence,
                                         seed=config.seed)
            except ValueError:
                continue
            out.append({"dataset": dataset, **({"group": group} if group else {}), "protocol": protocol,
                        "view": view, "a": a, "b": b, **res.to_dict()})
    return out


def fits(name: str, gold: Gold) -> str | None:
    """Why ``name`` cannot run on ``gold`` (None when it can)."""
    cls = registry.get_class(name)
    if cls.task not in gold.tasks:
        return f"{gold.name} has no {cls.task} gold"
    if cls.trained and not gold.train:
        return f"{gold.name} has no train split to fit it on"
    return None


def run_datasets(golds: Sequence[Gold], config: BenchConfig,
                 train_on: Gold | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """Every system on every dataset it fits; with ``train_on``, the transfer runs too.

    Returns ``(results, paired tests, skipped)``; ``skipped`` names each (system, dataset) left out and why.
    """
    names = list(dict.fromkeys(config.systems)) or registry.names()  # a name given twice runs once
    runs: list[tuple[str, SystemRun]] = []
    skipped: list[dict] = []
    for gold in golds:
        for name in names:
            why = fits(name, gold)
            if why is None:
                runs.append((name, run_system(name, gold, config)))
            elif registry.get_class(name).task in gold.tasks:  # a task mismatch is not worth listing
                skipped.append({"system": name, "dataset": gold.name, "reason": why})
    if train_on is not None:
        for gold in golds:
            if gold.content_hash == train_on.content_hash:
                continue  # in-domain: already run above
            for name in names:
                cls = registry.get_class(name)
                if cls.trained and cls.task in gold.tasks and cls.task in train_on.tasks and train_on.train:
                    runs.append((name, run_system(name, gold, config, fit_on=train_on)))
    results = [e for _, run in runs for e in run.entries]
    return results, paired_tests(runs, config), skipped


def run_suite(gold: Gold, config: BenchConfig) -> tuple[list[dict], list[dict]]:
    """One dataset: ``(results, paired tests)``."""
    results, paired, _ = run_datasets([gold], config)
    return results, paired
