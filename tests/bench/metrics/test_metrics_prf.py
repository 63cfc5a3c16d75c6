"""PRF counts: the None rules, merging, and the algebra the scorers rely on."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suzhou_news.bench.metrics.prf import PRF, safe_div

counts = st.builds(PRF, st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))


def test_values():
    s = PRF(tp=3, fp=1, fn=2)
    # P = 3/4, R = 3/5, F = 2PR/(P+R) = 2*3/(6+1+2) = 2/3
    assert (s.precision, s.recall, s.f1, s.support) == (0.75, 0.6, pytest.approx(2 / 3), 5)
    assert s.to_dict() == {"precision": 0.75, "recall": 0.6, "f1": pytest.approx(2 / 3),
                           "tp": 3, "fp": 1, "fn": 2}


def test_none_rules():
    assert PRF().precision is PRF().recall is PRF().f1 is None  # nothing to score
    only_fp = PRF(fp=2)  # predictions on an empty gold set
    assert (only_fp.precision, only_fp.recall, only_fp.f1) == (0.0, None, 0.0)
    only_fn = PRF(fn=2)  # nothing predicted
    assert (only_fn.precision, only_fn.recall, only_fn.f1) == (None, 0.0, 0.0)
    assert PRF(tp=4).f1 == 1.0
    assert safe_div(1, 0) is None and safe_div(1, 4) == 0.25


def test_merge_and_sum():
    a, b = PRF(1, 2, 3), PRF(4, 5, 6)
    assert a + b == PRF(5, 7, 9)
    assert sum([a, b]) == PRF(5, 7, 9)
    assert sum([], PRF()) == PRF()
    with pytest.raises(TypeError):
        a + 1


@pytest.mark.parametrize("bad", [{"tp": -1}, {"fp": 1.0}, {"fn": True}, {"tp": "3"}])
def test_rejects_non_counts(bad):
    with pytest.raises(ValueError, match="non-negative int"):
        PRF(**bad)


def test_frozen():
    with pytest.raises(AttributeError):
        PRF(1).tp = 2


def test_from_sets():
    assert PRF.from_sets({1, 2, 3}, {2, 3, 4, 5}) == PRF(tp=2, fp=2, fn=1)


@given(counts)
def test_f1_is_harmonic_mean_in_unit_interval(s):
    if s.f1 is not None:
        assert 0.0 <= s.f1 <= 1.0
    if s.precision and s.recall:
        assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))
        assert min(s.precision, s.recall) - 1e-12 <= s.f1 <= max(s.precision, s.recall) + 1e-12


@given(counts)
def test_swapping_gold_and_prediction_swaps_p_and_r(s):
    t = PRF(s.tp, s.fn, s.fp)
    assert (t.precision, t.recall, t.f1) == (s.recall, s.precision, s.f1)


@given(counts, counts, counts)
def test_merge_is_associative_and_commutative(a, b, c):
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + PRF() == a
