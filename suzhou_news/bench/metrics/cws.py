"""Word-segmentation scoring that reproduces the SIGHAN bakeoff ``score`` script.

The reference (``icwb2-data/scripts/score``, Sproat & Emerson) writes the gold
and predicted words of each line one per line to two files, runs GNU
``diff -y`` on them, and counts every gold word that diff leaves unchanged as
matched.  Recall is ``matched / gold words``, precision ``matched / predicted
words``.  A gold word is OOV when it is not in the word list (the training
words file).  Lines whose gold side has no words are skipped entirely, their
predicted words included.

GNU diff's answer is *not* always a longest common subsequence: before
aligning, diff discards words that occur in one line but not the other and,
in runs of those, words that occur more than 5 times in the other line (for
lines under 256 words).  ``alignment="sighan"`` (the default) emulates that
pass (GNU diffutils ``analyze.c: discard_confusing_lines``) and then diff's
Myers bisection (``diffseq.h: compareseq``), so the counts, and the choice
of *which* gold words match when several alignments are equally long, are
diff's.  ``alignment="lcs"`` skips the discard pass, which is ``diff
--minimal``: the matched count is then the LCS length.  See
``docs/metrics.md`` for worked examples and for the few parsing quirks of the
perl script that are deliberately not reproduced.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Literal

from .gnudiff import common
from .prf import PRF, safe_div

__all__ = [
    "METRIC_VERSION", "CwsCounts", "CwsScore", "align_words", "check_alignment",
    "cws_sentence_counts", "read_sighan", "read_words", "score_cws", "split_words", "text_mismatches",
]

METRIC_VERSION = "sighan-score.v1"
Alignment = Literal["sighan", "lcs"]

_PERL_SPACE = " \t\n\r\f\v"  # perl's \s on byte strings
_SPLIT = re.compile("[ \t\n\r\f\v\u3000]+")  # the script also turns U+3000 into a space


@dataclass(frozen=True)
class CwsCounts:
    """Counts for one sentence or, summed, a corpus.  All scores derive from them.

    ``iv_gold + oov_gold == gold_words`` when a word list was given; both are 0
    without one, and the OOV/IV scores are then ``None``.
    """

    gold_words: int = 0
    pred_words: int = 0
    matched: int = 0
    oov_gold: int = 0
    oov_matched: int = 0
    iv_gold: int = 0
    iv_matched: int = 0

    def __add__(self, other: CwsCounts) -> CwsCounts:
        if not isinstance(other, CwsCounts):
            return NotImplemented
        return CwsCounts(*(a + b for a, b in zip(astuple(self), astuple(other))))

    def __radd__(self, other: object) -> CwsCounts:
        return self if other == 0 else NotImplemented

    @property
    def prf(self) -> PRF:
        return PRF(self.matched, self.pred_words - self.matched, self.gold_words - self.matched)

    precision = property(lambda self: self.prf.precision, doc="matched / predicted words")
    recall = property(lambda self: self.prf.recall, doc="matched / gold words")
    f1 = property(lambda self: self.prf.f1, doc="2PR/(P+R) = 2 matched / (gold + predicted)")
    oov_rate = property(lambda self: safe_div(self.oov_gold, self.oov_gold + self.iv_gold))
    oov_recall = property(lambda self: safe_div(self.oov_matched, self.oov_gold))
    iv_recall = property(lambda self: safe_div(self.iv_matched, self.iv_gold))

    def to_dict(self) -> dict[str, float | int | None]:
        scores = ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall")
        counts = ("gold_words", "pred_words", "matched", "oov_gold", "oov_matched",
                  "iv_gold", "iv_matched")
        return {name: getattr(self, name) for name in scores + counts}


CwsScore = CwsCounts  # a corpus score is the sum of its sentences' counts


def split_words(line: str) -> list[str]:
    """Split one line the way the script does (ASCII whitespace and U+3000; CR removed)."""
    line = line.replace("\r", "").strip(_PERL_SPACE + "\u3000")
    return _SPLIT.split(line) if line else []


def _read_lines(path: str | Path) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def read_sighan(path: str | Path) -> list[list[str]]:
    """One list of words per line; empty lines stay (as ``[]``) so files stay aligned."""
    return [split_words(line) for line in _read_lines(path)]


def read_words(path: str | Path) -> frozenset[str]:
    """The word list (training words file): one word per line, surrounding whitespace removed."""
    return frozenset(w for w in (line.strip(_PERL_SPACE) for line in _read_lines(path)) if w)


def text_mismatches(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> list[int]:
    """1-based numbers of the lines whose characters differ once whitespace is removed.

    The distributed files have such lines: the MSR test gold moves an opening quote to the end of
    the line before it 8 times (16 lines), and the AS test gold has a half-width ``c`` where the
    test input has ``ｃ`` (1 line); a system run on the test input differs from the gold there.
    """
    return [number for number, (g, p) in enumerate(zip(gold, pred), start=1) if "".join(g) != "".join(p)]


def check_alignment(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> None:
    """Raise ``ValueError`` unless each gold line has the same characters as its pred line."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} lines but pred has {len(pred)}; "
                         "the files must be line-aligned")
    mismatched = text_mismatches(gold, pred)
    if mismatched:
        number = mismatched[0]
        gs, ps = "".join(gold[number - 1]), "".join(pred[number - 1])
        k = next((i for i, (a, b) in enumerate(zip(gs, ps)) if a != b), min(len(gs), len(ps)))
        shown = [repr(s[k]) if k < len(s) else "end of line" for s in (gs, ps)]
        raise ValueError(
            f"line {number}: gold and pred differ at character {k + 1} once whitespace is "
            f"removed (gold has {shown[0]}, pred has {shown[1]}; {len(mismatched)} line(s) differ); "
            "fix the prediction file, or score it anyway as the SIGHAN script would "
            "(score-cws --no-check, check=False)")


def align_words(gold: Sequence[str], pred: Sequence[str],
                alignment: Alignment = "sighan") -> list[bool]:
    """For each gold word of one line, whether diff leaves it unchanged (= matched)."""
    if alignment not in ("sighan", "lcs"):
        raise ValueError(f"unknown alignment {alignment!r}; use 'sighan' or 'lcs'")
    return common(gold, pred, discard=alignment == "sighan")


def _validate(lines: Sequence[Sequence[str]], side: str) -> None:
    for number, words in enumerate(lines, start=1):
        if isinstance(words, str):
            raise TypeError(f"{side} line {number} is a str; pass a list of words per line")
        for w in words:
            if not w or _SPLIT.search(w):
                raise ValueError(f"{side} line {number}: word {w!r} is empty or contains "
                                 "whitespace; split lines with split_words()")


def cws_sentence_counts(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
                        words: Collection[str] | None = None, *,
                        alignment: Alignment = "sighan", check: bool = True) -> list[CwsCounts]:
    """Counts per line (for bootstrap resampling); ``sum()`` them for the corpus score."""
    if isinstance(words, str):
        raise TypeError("words must be a collection of words, not a str")
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} lines but pred has {len(pred)}; "
                         "the files must be line-aligned")
    _validate(gold, "gold")
    _validate(pred, "pred")
    if check:
        check_alignment(gold, pred)
    out = []
    for g, p in zip(gold, pred):
        if not g:  # the script skips the line, predicted words included
            out.append(CwsCounts())
            continue
        flags = align_words(list(g), list(p), alignment)
        matched = sum(flags)
        if words is None:
            out.append(CwsCounts(len(g), len(p), matched))
            continue
        oov = [w not in words for w in g]
        oov_gold, oov_matched = sum(oov), sum(f and o for f, o in zip(flags, oov))
        out.append(CwsCounts(len(g), len(p), matched, oov_gold, oov_matched,
                             len(g) - oov_gold, matched - oov_matched))
    return out


def score_cws(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]],
              words: Collection[str] | None = None, *,
              alignment: Alignment = "sighan", check: bool = True) -> CwsScore:
    """Corpus score: the SIGHAN script's recall, precision, F and OOV/IV figures."""
    return sum(cws_sentence_counts(gold, pred, words, alignment=alignment, check=check),
               CwsCounts())
