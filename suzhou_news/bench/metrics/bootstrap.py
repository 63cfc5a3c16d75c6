"""Sentence-level bootstrap: confidence intervals and paired significance tests.

Each resample draws ``n`` sentences with replacement, *sums their counts* and
computes the corpus statistic from the sum (so F1 is always a corpus F1, never
a mean of sentence F1s).  Counts are any objects that add up with ``+``
(:class:`~.prf.PRF`, :class:`~.cws.CwsCounts`, :class:`~.ner.NerCounts`).
Dataclasses whose fields are all ints are summed with numpy in one go; other
types are summed in Python (slower: for NER, pass ``[c.total for c in counts]``
or ``[c.for_label("PER") for c in counts]`` to get the fast path).

Resample indices come from ``numpy.random.Generator(PCG64(seed))`` and depend
only on ``(seed, number of sentences, n_resamples)``: two systems scored on
the same sentences with the same seed see the same resamples.  Resamples on
which the statistic is undefined (``None``) are left out.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import add
from typing import Any

import numpy as np

__all__ = ["PairedBootstrap", "bootstrap_ci", "paired_bootstrap", "paired_from_values", "percentile_interval",
           "resample_values"]

Statistic = Callable[[Any], "float | None"]
_CHUNK_CELLS = 250_000  # indices per chunk; bounds memory, does not change the index stream


def _index_chunks(n: int, n_resamples: int, seed: int) -> Iterator[np.ndarray]:
    rng = np.random.Generator(np.random.PCG64(seed))
    rows = max(1, _CHUNK_CELLS // n)
    for first in range(0, n_resamples, rows):
        yield rng.integers(0, n, size=(min(rows, n_resamples - first), n))


def _int_matrix(counts: Sequence[Any]) -> tuple[np.ndarray, Callable[[np.ndarray], Any]] | None:
    """Counts as an (n, k) int array plus a row -> object rebuilder, if they are flat int dataclasses."""
    first = counts[0]
    if not dataclasses.is_dataclass(first) or isinstance(first, type):
        return None
    values = [getattr(first, f.name) for f in dataclasses.fields(first)]
    if not all(type(v) is int for v in values):
        return None
    cls = type(first)
    matrix = np.array([dataclasses.astuple(c) for c in counts], dtype=np.int64)
    return matrix, lambda row: cls(*(int(v) for v in row))


def _check(counts: Sequence[Any], n_resamples: int, confidence: float) -> None:
    if len(counts) == 0:
        raise ValueError("no sentences to resample")
    if len({type(c) for c in counts}) != 1:
        raise TypeError("all per-sentence counts must have the same type")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be at least 1, got {n_resamples}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")


def _resampled(systems: Sequence[Sequence[Any]], statistic: Statistic,
               n_resamples: int, seed: int) -> list[np.ndarray]:
    """The statistic on each resample, per system (NaN where undefined); shared indices."""
    n = len(systems[0])
    stacked = [_int_matrix(counts) for counts in systems]
    out: list[list[float]] = [[] for _ in systems]
    for idx in _index_chunks(n, n_resamples, seed):
        for counts, fast, values in zip(systems, stacked, out):
            if fast is not None:
                matrix, build = fast
                totals = [build(row) for row in matrix[idx].sum(axis=1)]
            else:
                totals = [reduce(add, (counts[i] for i in row)) for row in idx]
            values.extend(math.nan if (v := statistic(t)) is None else float(v) for t in totals)
    return [np.asarray(v, dtype=float) for v in out]


def _observed(counts: Sequence[Any], statistic: Statistic) -> float:
    value = statistic(reduce(add, counts))
    if value is None:
        raise ValueError("the statistic is undefined (None) on the full data")
    return float(value)


def percentile_interval(values: np.ndarray, confidence: float) -> tuple[float, float] | None:
    """The percentile interval of :func:`resample_values` output; None when every resample is undefined."""
    values = values[~np.isnan(values)]
    return _interval(values, confidence) if values.size else None


def _interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    alpha = 1.0 - confidence
    low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def resample_values(per_sentence_counts: Sequence[Any], statistic: Statistic, *,
                    n_resamples: int = 1000, seed: int = 0) -> np.ndarray:
    """The statistic on each resample (NaN where undefined).

    Compute it once per system and pass it to :func:`bootstrap_ci` and :func:`paired_from_values`: with
    the same seed and number of sentences, every system sees the same resamples, so pairs need no rerun.
    """
    _check(per_sentence_counts, n_resamples, 0.5)
    return _resampled([per_sentence_counts], statistic, n_resamples, seed)[0]


def bootstrap_ci(per_sentence_counts: Sequence[Any], statistic: Statistic, *,
                 n_resamples: int = 1000, seed: int = 0,
                 confidence: float = 0.95, values: np.ndarray | None = None) -> tuple[float, float]:
    """Percentile bootstrap interval ``(low, high)`` of a corpus statistic.

    ``statistic`` maps summed counts to a number, e.g. ``lambda c: c.f1``.
    Quantiles use numpy's default (linear interpolation).  ``values``: the
    output of :func:`resample_values` for these counts, if already computed.
    """
    _check(per_sentence_counts, n_resamples, confidence)
    if values is None:
        values = _resampled([per_sentence_counts], statistic, n_resamples, seed)[0]
    values = values[~np.isnan(values)]
    if values.size == 0:
        raise ValueError("the statistic is undefined (None) on every resample")
    return _interval(values, confidence)


@dataclass(frozen=True)
class PairedBootstrap:
    """Result of :func:`paired_bootstrap` (system A against system B).

    ``p_value`` is one-sided, for "A is better than B" (Berg-Kirkpatrick et al.
    2012, sec. 2.3): the share of resamples whose delta exceeds the observed one
    by at least the observed delta, ``delta_i - delta >= delta``, counted as
    ``(k + 1) / (n + 1)`` so it is never 0.  It is 1.0 when the systems are
    identical or when B scores higher.  ``win_rate`` is Koehn's (2004) share of
    resamples on which A scores strictly higher.
    """

    statistic_a: float
    statistic_b: float
    delta: float
    p_value: float
    win_rate: float
    ci_low: float
    ci_high: float
    confidence: float
    n_resamples: int
    seed: int

    def to_dict(self) -> dict[str, float | int]:
        return dataclasses.asdict(self)


def paired_bootstrap(counts_a: Sequence[Any], counts_b: Sequence[Any], statistic: Statistic, *,
                     n_resamples: int = 1000, seed: int = 0,
                     confidence: float = 0.95) -> PairedBootstrap:
    """Paired bootstrap test: both systems are scored on the same resampled sentences."""
    if len(counts_a) != len(counts_b):
        raise ValueError(f"system A has {len(counts_a)} sentences but B has {len(counts_b)}; "
                         "a paired test needs the same sentences")
    _check(counts_a, n_resamples, confidence)
    _check(counts_b, n_resamples, confidence)
    a, b = _observed(counts_a, statistic), _observed(counts_b, statistic)
    values_a, values_b = _resampled([counts_a, counts_b], statistic, n_resamples, seed)
    return paired_from_values(a, b, values_a, values_b, confidence=confidence, seed=seed)


def paired_from_values(a: float, b: float, values_a: np.ndarray, values_b: np.ndarray, *,
                       confidence: float = 0.95, seed: int = 0) -> PairedBootstrap:
    """:func:`paired_bootstrap` from the observed statistics and each system's :func:`resample_values`.

    Both value arrays must come from the same seed and sentences (the same resamples).
    """
    if values_a.shape != values_b.shape:
        raise ValueError("the two systems were resampled differently; use the same seed, sentences and n_resamples")
    deltas = values_a - values_b
    deltas = deltas[~np.isnan(deltas)]
    if deltas.size == 0:
        raise ValueError("the statistic is undefined (None) on every resample")
    delta = a - b
    exceed = int(np.count_nonzero(deltas - delta >= delta)) if delta > 0 else deltas.size
    low, high = _interval(deltas, confidence)
    return PairedBootstrap(
        statistic_a=a, statistic_b=b, delta=delta,
        p_value=(exceed + 1) / (deltas.size + 1),
        win_rate=float(np.count_nonzero(deltas > 0) / deltas.size),
        ci_low=low, ci_high=high, confidence=confidence,
        n_resamples=int(deltas.size), seed=seed)
