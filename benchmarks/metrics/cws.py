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
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Literal

from .prf import PRF, safe_div

__all__ = [
    "METRIC_VERSION", "CwsCounts", "CwsScore", "align_words", "check_alignment",
    "cws_sentence_counts", "read_sighan", "read_words", "score_cws", "split_words",
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


def check_alignment(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> None:
    """Raise ``ValueError`` unless each gold line has the same characters as its pred line."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} lines but pred has {len(pred)}; "
                         "the files must be line-aligned")
    for number, (g, p) in enumerate(zip(gold, pred), start=1):
        gs, ps = "".join(g), "".join(p)
        if gs == ps:
            continue
        k = next((i for i, (a, b) in enumerate(zip(gs, ps)) if a != b), min(len(gs), len(ps)))
        shown = [repr(s[k]) if k < len(s) else "end of line" for s in (gs, ps)]
        raise ValueError(
            f"line {number}: gold and pred differ at character {k + 1} once whitespace is "
            f"removed (gold has {shown[0]}, pred has {shown[1]}); fix the prediction file, "
            "or pass check=False to score it anyway as the SIGHAN script would")


def _trim(a: Sequence[str], b: Sequence[str]) -> tuple[int, int]:
    """Common leading and trailing lines, which diff matches before anything else (io.c)."""
    n, m, p, s = len(a), len(b), 0, 0
    while p < n and p < m and a[p] == b[p]:
        p += 1
    while s < min(n, m) - p and a[n - 1 - s] == b[m - 1 - s]:
        s += 1
    return p, s


def _discards(mine: Sequence[str], other: Sequence[str]) -> list[bool]:
    """GNU diff's ``discard_confusing_lines`` for one side: True = left out of the alignment."""
    counts = Counter(other)
    many, tem = 5, len(mine) // 64
    while (tem := tem >> 2) > 0:
        many *= 2
    # 1: no match in the other line; 2: provisionally discardable (matches > many lines)
    d = [1 if not counts[w] else 2 if counts[w] > many else 0 for w in mine]
    i, end = 0, len(d)
    while i < end:
        if d[i] == 2:  # provisional discards outside a run of discards are kept
            d[i] = 0
        elif d[i]:
            j = i
            while j < end and d[j]:
                j += 1
            while j > i and d[j - 1] == 2:
                j -= 1
                d[j] = 0
            length = j - i
            if d[i:j].count(2) * 4 > length:
                d[i:j] = [x & 1 for x in d[i:j]]
            else:
                _thin_run(d, i, length)
                i += length - 1
        i += 1
    return [x != 0 for x in d]


def _thin_run(d: list[int], i: int, length: int) -> None:
    """Cancel provisional discards in long sub-runs and near the ends of a run (analyze.c)."""
    minimum, tem = 1, length >> 2
    while (tem := tem >> 2) > 0:
        minimum <<= 1
    minimum += 1
    j = consec = 0
    while j < length:
        if d[i + j] != 2:
            consec = 0
        else:
            consec += 1
            if consec == minimum:
                j -= consec  # back up to the start of the sub-run to cancel all of it
            elif consec > minimum:
                d[i + j] = 0
        j += 1
    for step, base in ((1, i), (-1, i + length - 1)):
        consec = 0
        for j in range(length):
            k = base + step * j
            if j >= 8 and d[k] == 1:
                break
            if d[k] != 1:
                consec, d[k] = 0, 0
            else:
                consec += 1
            if consec == 3:
                break


def _middle_snake(xv: Sequence[str], yv: Sequence[str],
                  xoff: int, xlim: int, yoff: int, ylim: int) -> tuple[int, int]:
    """Myers' bidirectional search as in GNU ``diffseq.h: diag`` (minimal, no heuristics)."""
    dmin, dmax, fmid, bmid = xoff - ylim, xlim - yoff, xoff - yoff, xlim - ylim
    fmin = fmax = fmid
    bmin = bmax = bmid
    odd = (fmid - bmid) & 1
    fd, bd = {fmid: xoff}, {bmid: xlim}
    big = len(xv) + len(yv) + 1
    while True:
        fmin, fmax = _widen(fd, fmin, fmax, dmin, dmax, -1)
        for d in range(fmax, fmin - 1, -2):
            tlo, thi = fd[d - 1], fd[d + 1]
            x = thi if tlo < thi else tlo + 1
            y = x - d
            while x < xlim and y < ylim and xv[x] == yv[y]:
                x, y = x + 1, y + 1
            fd[d] = x
            if odd and bmin <= d <= bmax and bd[d] <= x:
                return x, y
        bmin, bmax = _widen(bd, bmin, bmax, dmin, dmax, big)
        for d in range(bmax, bmin - 1, -2):
            tlo, thi = bd[d - 1], bd[d + 1]
            x = tlo if tlo < thi else thi - 1
            y = x - d
            while xoff < x and yoff < y and xv[x - 1] == yv[y - 1]:
                x, y = x - 1, y - 1
            bd[d] = x
            if not odd and fmin <= d <= fmax and x <= fd[d]:
                return x, y


def _widen(v: dict[int, int], lo: int, hi: int, dmin: int, dmax: int, fill: int) -> tuple[int, int]:
    if lo > dmin:
        lo -= 1
        v[lo - 1] = fill
    else:
        lo += 1
    if hi < dmax:
        hi += 1
        v[hi + 1] = fill
    else:
        hi -= 1
    return lo, hi


def _compareseq(xv: Sequence[str], yv: Sequence[str]) -> list[bool]:
    """Which elements of ``xv`` GNU ``compareseq`` keeps as common (iterative version)."""
    keep = [True] * len(xv)
    stack = [(0, len(xv), 0, len(yv))]
    while stack:
        xoff, xlim, yoff, ylim = stack.pop()
        while xoff < xlim and yoff < ylim and xv[xoff] == yv[yoff]:
            xoff, yoff = xoff + 1, yoff + 1
        while xoff < xlim and yoff < ylim and xv[xlim - 1] == yv[ylim - 1]:
            xlim, ylim = xlim - 1, ylim - 1
        if xoff == xlim or yoff == ylim:
            keep[xoff:xlim] = [False] * (xlim - xoff)
        else:
            xmid, ymid = _middle_snake(xv, yv, xoff, xlim, yoff, ylim)
            stack += [(xmid, xlim, ymid, ylim), (xoff, xmid, yoff, ymid)]
    return keep


def align_words(gold: Sequence[str], pred: Sequence[str],
                alignment: Alignment = "sighan") -> list[bool]:
    """For each gold word of one line, whether diff leaves it unchanged (= matched)."""
    if alignment not in ("sighan", "lcs"):
        raise ValueError(f"unknown alignment {alignment!r}; use 'sighan' or 'lcs'")
    p, s = _trim(gold, pred)
    xs, ys = gold[p:len(gold) - s], pred[p:len(pred) - s]
    if alignment == "sighan":
        dx, dy = _discards(xs, ys), _discards(ys, xs)
    else:
        dx, dy = [False] * len(xs), [False] * len(ys)
    xi = [i for i, drop in enumerate(dx) if not drop]
    kept = _compareseq([xs[i] for i in xi], [w for w, drop in zip(ys, dy) if not drop])
    flags = [True] * p + [False] * len(xs) + [True] * s
    for i, k in zip(xi, kept):
        flags[p + i] = k
    return flags


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
