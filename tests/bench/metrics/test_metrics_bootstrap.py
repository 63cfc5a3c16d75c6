"""Sentence bootstrap: checked against a plain-Python loop over the same resample indices."""

import dataclasses
import time
from functools import reduce
from operator import add

import numpy as np
import pytest

from suzhou_news.bench.metrics import bootstrap
from suzhou_news.bench.metrics.bootstrap import PairedBootstrap, bootstrap_ci, paired_bootstrap
from suzhou_news.bench.metrics.cws import CwsCounts
from suzhou_news.bench.metrics.ner import NerCounts
from suzhou_news.bench.metrics.prf import PRF

F1 = lambda c: c.f1  # noqa: E731


def noisy_system(n, p_correct, seed):
    """n sentences of 10 gold words each; each word is found with probability p_correct."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        tp = int(rng.binomial(10, p_correct))
        out.append(PRF(tp=tp, fp=int(rng.integers(0, 3)) + 10 - tp, fn=10 - tp))
    return out


def naive_values(counts, statistic, n_resamples, seed):
    rng = np.random.Generator(np.random.PCG64(seed))
    idx = rng.integers(0, len(counts), size=(n_resamples, len(counts)))
    return np.array([statistic(reduce(add, (counts[i] for i in row))) for row in idx])


def test_matches_naive_loop():
    counts = noisy_system(40, 0.7, seed=1)
    values = naive_values(counts, F1, 200, seed=7)
    expected = tuple(np.quantile(values, [0.05, 0.95]))
    assert bootstrap_ci(counts, F1, n_resamples=200, seed=7, confidence=0.9) == pytest.approx(
        expected, abs=1e-12)


def test_statistic_sees_summed_counts_of_n_sentences():
    counts = [PRF(1, 0, 0), PRF(0, 1, 0), PRF(0, 0, 1)] * 5  # each sentence adds 1 in total
    seen = bootstrap_ci(counts, lambda c: c.tp + c.fp + c.fn, n_resamples=50)
    assert seen == (15.0, 15.0)


def test_corpus_f1_not_mean_of_sentence_f1():
    """One long perfect sentence and many short wrong ones: corpus F1 is high, the mean of
    sentence F1s would be 0.1.  Every resample holding the long sentence has F1 > 0.5."""
    counts = [PRF(100, 0, 0)] + [PRF(0, 1, 1)] * 9
    values = naive_values(counts, F1, 300, 0)
    assert bootstrap_ci(counts, F1, n_resamples=300) == pytest.approx(
        tuple(np.quantile(values, [0.025, 0.975])))
    # a mean of sentence F1s could not exceed (long sentences drawn) / 10, about 0.4
    assert bootstrap_ci(counts, F1, n_resamples=300)[1] > 0.9


def test_deterministic_for_a_seed_and_seed_sensitive():
    counts = noisy_system(60, 0.8, seed=2)
    a = bootstrap_ci(counts, F1, seed=3)
    assert a == bootstrap_ci(counts, F1, seed=3)
    assert a != bootstrap_ci(counts, F1, seed=4)


def test_chunking_does_not_change_results(monkeypatch):
    counts = noisy_system(50, 0.6, seed=5)
    whole = bootstrap_ci(counts, F1, n_resamples=300, seed=11)
    monkeypatch.setattr(bootstrap, "_CHUNK_CELLS", 7 * 50)  # 7 resamples per chunk
    assert bootstrap_ci(counts, F1, n_resamples=300, seed=11) == whole


@dataclasses.dataclass(frozen=True)
class Boxed:
    """Counts that only support ``+`` (no int fields): forces the slow path."""
    prf: PRF

    def __add__(self, other):
        return Boxed(self.prf + other.prf)


def test_fast_path_equals_slow_path():
    counts = noisy_system(30, 0.5, seed=6)
    fast = bootstrap_ci(counts, F1, n_resamples=200, seed=1)
    slow = bootstrap_ci([Boxed(c) for c in counts], lambda b: b.prf.f1, n_resamples=200, seed=1)
    assert fast == slow
    ner = [NerCounts((("PER", c),)) for c in counts]
    assert bootstrap_ci(ner, F1, n_resamples=200, seed=1) == fast


def test_cws_counts_take_the_fast_path():
    counts = [CwsCounts(10, 9, 8), CwsCounts(5, 6, 3), CwsCounts(7, 7, 7)] * 10
    assert bootstrap._int_matrix(counts) is not None
    low, high = bootstrap_ci(counts, F1, n_resamples=500)
    assert low <= sum(counts).f1 <= high


def test_interval_contains_point_estimate_and_shrinks_with_more_sentences():
    small = noisy_system(50, 0.7, seed=8)
    large = noisy_system(800, 0.7, seed=9)
    for counts in (small, large):
        low, high = bootstrap_ci(counts, F1)
        assert low < sum(counts).f1 < high
    width = lambda ci: ci[1] - ci[0]  # noqa: E731
    assert width(bootstrap_ci(large, F1)) < 0.5 * width(bootstrap_ci(small, F1))
    assert width(bootstrap_ci(small, F1, confidence=0.99)) > width(bootstrap_ci(small, F1))


def test_identical_sentences_give_a_degenerate_interval():
    assert bootstrap_ci([PRF(3, 1, 2)] * 20, F1) == pytest.approx((0.6666666, 0.6666666))


def test_undefined_resamples_are_left_out():
    counts = [PRF(0, 0, 0)] * 3 + [PRF(2, 0, 0)]
    values = naive_values(counts, F1, 100, 0)
    assert any(v is None for v in values)
    assert bootstrap_ci(counts, F1, n_resamples=100) == (1.0, 1.0)
    with pytest.raises(ValueError, match="every resample"):
        bootstrap_ci([PRF()] * 3, F1)


def test_paired_a_clearly_better():
    a, b = noisy_system(300, 0.9, seed=10), noisy_system(300, 0.6, seed=11)
    r = paired_bootstrap(a, b, F1, n_resamples=1000, seed=0)
    assert isinstance(r, PairedBootstrap)
    assert r.delta == pytest.approx(sum(a).f1 - sum(b).f1) and r.delta > 0.1
    assert r.p_value == pytest.approx(1 / 1001)  # never 0: (k + 1) / (n + 1)
    assert r.win_rate == 1.0 and 0 < r.ci_low < r.delta < r.ci_high
    assert r.to_dict()["n_resamples"] == 1000
    reverse = paired_bootstrap(b, a, F1)
    assert reverse.p_value == 1.0 and reverse.win_rate == 0.0


def test_paired_identical_systems():
    a = noisy_system(100, 0.7, seed=12)
    r = paired_bootstrap(a, a, F1)
    assert (r.delta, r.p_value, r.win_rate, r.ci_low, r.ci_high) == (0.0, 1.0, 0.0, 0.0, 0.0)


def test_paired_systems_of_equal_quality_are_not_separated():
    a, b = noisy_system(300, 0.7, seed=13), noisy_system(300, 0.7, seed=14)
    r = paired_bootstrap(a, b, F1)
    assert r.p_value > 0.05 and r.ci_low < 0 < r.ci_high


def test_paired_p_value_matches_naive_definition():
    a, b = noisy_system(40, 0.75, seed=15), noisy_system(40, 0.7, seed=16)
    r = paired_bootstrap(a, b, F1, n_resamples=400, seed=5)
    deltas = naive_values(a, F1, 400, 5) - naive_values(b, F1, 400, 5)
    delta = sum(a).f1 - sum(b).f1
    assert delta > 0
    exceed = np.sum(deltas - delta >= delta)  # 25 here; Koehn's "delta_i <= 0" gives 13
    assert r.p_value == pytest.approx((exceed + 1) / 401) and exceed != np.sum(deltas <= 0)
    assert r.win_rate == pytest.approx(np.mean(deltas > 0))


def test_errors():
    with pytest.raises(ValueError, match="no sentences"):
        bootstrap_ci([], F1)
    with pytest.raises(ValueError, match="same sentences"):
        paired_bootstrap([PRF(1)], [PRF(1), PRF(1)], F1)
    with pytest.raises(TypeError, match="same type"):
        bootstrap_ci([PRF(1), CwsCounts(1, 1, 1)], F1)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_ci([PRF(1)], F1, confidence=95)
    with pytest.raises(ValueError, match="n_resamples"):
        bootstrap_ci([PRF(1)], F1, n_resamples=0)
    with pytest.raises(ValueError, match="full data"):
        paired_bootstrap([PRF()], [PRF(1)], F1)


def test_fifteen_systems_are_fast():
    systems = [noisy_system(300, 0.5 + i / 40, seed=i) for i in range(15)]
    start = time.perf_counter()
    for counts in systems:
        bootstrap_ci(counts, F1, n_resamples=1000)
    assert time.perf_counter() - start < 30  # about 1 s on a laptop; generous for CI


def test_resampling_each_system_once_gives_the_same_tests_and_intervals():
    """resample_values + paired_from_values / bootstrap_ci(values=...) = the one-call functions, exactly."""
    from suzhou_news.bench.metrics.bootstrap import paired_from_values, percentile_interval, resample_values

    a, b = noisy_system(300, 0.8, seed=1), noisy_system(300, 0.7, seed=2)
    f1 = F1
    va, vb = (resample_values(x, f1, n_resamples=1000, seed=3) for x in (a, b))
    assert va.shape == (1000,) and not np.array_equal(va, vb)
    assert bootstrap_ci(a, f1, n_resamples=1000, seed=3, values=va) == bootstrap_ci(a, f1, n_resamples=1000, seed=3)
    assert percentile_interval(va, 0.95) == bootstrap_ci(a, f1, n_resamples=1000, seed=3)
    full_a, full_b = sum(a, PRF()).f1, sum(b, PRF()).f1
    assert paired_from_values(full_a, full_b, va, vb, seed=3) == paired_bootstrap(a, b, f1, n_resamples=1000, seed=3)
    with pytest.raises(ValueError, match="resampled differently"):
        paired_from_values(full_a, full_b, va, vb[:10])
