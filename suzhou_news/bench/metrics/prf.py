"""Precision / recall / F1 kept as counts that add up (after spaCy's ``PRFScore``).

A :class:`PRF` stores true positives, false positives and false negatives.
Scores are derived from the counts on demand, so corpus-level scores are
always computed from summed counts (micro averaging), never by averaging
per-sentence scores.

Undefined values are ``None``, never a division by zero:

* ``precision = tp / (tp + fp)``, ``None`` when ``tp + fp == 0`` (nothing predicted);
* ``recall = tp / (tp + fn)``, ``None`` when ``tp + fn == 0`` (nothing in the gold);
* ``f1 = 2 tp / (2 tp + fp + fn)``, ``None`` only when ``tp + fp + fn == 0``
  (nothing to score at all).

The F1 formula equals ``2PR / (P + R)`` whenever both P and R are defined and
non-zero; it is ``0.0`` when there are errors but no true positives (including
when one of P and R is undefined, e.g. predictions on a gold-empty corpus).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRF", "safe_div"]


def safe_div(num: int, den: int) -> float | None:
    """``num / den``, or ``None`` when ``den == 0``."""
    return num / den if den else None


@dataclass(frozen=True)
class PRF:
    """Mergeable true-positive / false-positive / false-negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __post_init__(self) -> None:
        for name in ("tp", "fp", "fn"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"PRF.{name} must be a non-negative int, got {value!r}")

    @classmethod
    def from_sets(cls, gold: set | frozenset, pred: set | frozenset) -> PRF:
        """Counts for one set of predicted items against one set of gold items."""
        tp = len(gold & pred)
        return cls(tp=tp, fp=len(pred) - tp, fn=len(gold) - tp)

    @property
    def precision(self) -> float | None:
        return safe_div(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return safe_div(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return safe_div(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def support(self) -> int:
        """Number of gold items (``tp + fn``)."""
        return self.tp + self.fn

    def __add__(self, other: PRF) -> PRF:
        if not isinstance(other, PRF):
            return NotImplemented
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other: object) -> PRF:
        # Lets ``sum(prfs)`` work without a start value.
        if other == 0:
            return self
        return NotImplemented

    def to_dict(self) -> dict[str, float | int | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }
