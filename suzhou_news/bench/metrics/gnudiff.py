"""GNU diff's word alignment, as the SIGHAN ``score`` script gets it from ``diff -y``.

A Python transcription of the parts of GNU diffutils that decide which lines
(here: words) are common: the common prefix and suffix (``io.c``),
``discard_confusing_lines`` (``analyze.c``) and Myers' bisection without
heuristics (``diffseq.h: compareseq`` and ``diag``). :func:`common` returns,
for each word of the first sequence, whether diff keeps it unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def common(gold: Sequence[str], pred: Sequence[str], *, discard: bool = True) -> list[bool]:
    """For each gold word, whether GNU diff leaves it unchanged; ``discard=False`` is ``diff --minimal``."""
    p, s = _trim(gold, pred)
    xs, ys = gold[p:len(gold) - s], pred[p:len(pred) - s]
    if discard:
        dx, dy = _discards(xs, ys), _discards(ys, xs)
    else:
        dx, dy = [False] * len(xs), [False] * len(ys)
    xi = [i for i, drop in enumerate(dx) if not drop]
    kept = _compareseq([xs[i] for i in xi], [w for w, drop in zip(ys, dy) if not drop])
    flags = [True] * p + [False] * len(xs) + [True] * s
    for i, k in zip(xi, kept):
        flags[p + i] = k
    return flags


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
