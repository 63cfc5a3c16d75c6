"""Word segmentation scored without listed spans: a CTB-trained system without the gold's departures from CTB.

A span set has a versioned name (:data:`IGNORE_SETS`; a change to the spans it finds changes the version).
``ctb-departures.v1`` is the rules of the guidelines' §1.4 (:mod:`suzhou_news.builder.gold.ctb`).

Both sides leave the spans out: a gold word inside a span is not counted, nor is a predicted word that
overlaps one. A predicted word that crosses the edge of a span is dropped too, so the gold word beside the
span that it spoils stays unmatched: an error outside the span still counts. The words left are scored by
the SIGHAN rules as before (a sentence with no gold word left is skipped, its predicted words included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from suzhou_news.builder.gold.ctb import char_spans

Span = tuple[int, int, str]  # start, end (offsets into the words joined without spaces), rule
IGNORE_SETS: dict[str, Callable[[Sequence[str]], list[Span]]] = {
    "ctb-departures.v1": lambda words: [(s, e, rule) for rule, s, e in char_spans(words)],
}


def spans_for(name: str, words: Sequence[str]) -> list[Span]:
    """The spans of set ``name`` in one sentence's gold words."""
    return IGNORE_SETS[name](words)


def without_spans(words: Sequence[str], spans: Sequence[Span]) -> list[str]:
    """The words that overlap none of ``spans``."""
    kept, at = [], 0
    for w in words:
        start, at = at, at + len(w)
        if not any(start < e and s < at for s, e, _ in spans):
            kept.append(w)
    return kept


def ignoring(name: str, gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]
             ) -> tuple[list[list[str]], list[list[str]], int]:
    """Gold and predicted words of every sentence without the spans of ``name``, and the gold words left out."""
    gold_kept, pred_kept, dropped = [], [], 0
    for g, p in zip(gold, pred):
        spans = spans_for(name, g)
        kept = without_spans(g, spans)
        dropped += len(g) - len(kept)
        gold_kept.append(kept)
        pred_kept.append(without_spans(p, spans))
    return gold_kept, pred_kept, dropped


def text_spans(name: str, text: str, words: Sequence[str]) -> list[Span]:
    """The spans as offsets into the sentence text (whitespace included), as entities are recorded."""
    at = [i for i, c in enumerate(text) if not c.isspace()]
    return [(at[s], at[e - 1] + 1, rule) for s, e, rule in spans_for(name, words)]


def span_records(name: str, golds) -> dict:
    """What ``results.json`` records under ``settings.ignore``: the set's name and every span left out, by
    dataset and sentence (offsets into the sentence text)."""
    spans = [{"dataset": g.name, "id": s.id, "start": start, "end": end, "rule": rule}
             for g in golds for s in g.train + g.test for start, end, rule in text_spans(name, s.text, s.tokens)]
    return {"name": name, "spans": spans}
