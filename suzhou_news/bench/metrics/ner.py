"""Entity (chunk) scoring: conlleval (CoNLL-2000 ``conlleval.pl``) and seqeval's strict IOB2.

Tags are decoded by the tag schemes (``suzhou_news.builder.dataset.tags``).
Mode ``"conlleval"`` (default) finds chunks with conlleval's ``startOfChunk`` /
``endOfChunk`` rules: an ``I-X`` after ``O`` or after a chunk of another type
starts a new chunk, a type change always ends one.  A chunk is correct when
gold and prediction agree on its start, end and type; this is exactly
``|gold spans & pred spans|``.  Two rules are added for IOBES, which
``conlleval.pl`` does not know: a chunk always ends after ``E-``/``S-`` and
always starts at ``B-``/``S-``.  On every scheme the perl script supports
(IOB1, IOB2, IOE1, IOE2) the two agree; they differ only on ``E-X`` followed
by ``B-X`` (one chunk for the perl script, two here) and on ``S-`` tags.

Mode ``"strict"`` is seqeval's ``mode="strict", scheme=IOB2``: an entity is a
``B-X`` followed by ``I-X`` tags; an ``I-`` that does not continue one is
ignored; ``E-``/``S-`` tags are an error.

Undefined precision/recall are ``None`` (see :mod:`.prf`); conlleval prints 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from suzhou_news.builder.dataset.tags import IOB2, IOBES, Span, TagError

from .prf import PRF, safe_div

__all__ = [
    "METRIC_VERSION", "NerCounts", "NerScore", "Span", "map_labels", "ner_sentence_counts",
    "read_conll", "score_spans", "score_tags", "span_sentence_counts", "spans_from_tags",
    "split_tag", "tags_from_spans",
]

METRIC_VERSION = "conlleval-chunks.v1"
Mode = Literal["conlleval", "strict"]
_BOUNDARIES = ("-DOCSTART-", "-X-")


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-PER"`` -> ``("B", "PER")``; ``"O"`` -> ``("O", "")``.  Splits at the first hyphen."""
    return IOBES.split(tag)


def spans_from_tags(tags: Sequence[str], mode: Mode = "conlleval") -> list[Span]:
    """Chunks of one sentence as ``(start, end, label)`` token offsets, end exclusive.

    ``conlleval``: the IOBES scheme's repairing decoder; ``strict``: the IOB2 scheme's, dropping
    ill-formed entities (``suzhou_news.builder.dataset.tags``)."""
    if mode == "conlleval":
        return IOBES.decode(tags, "repair")
    if mode != "strict":
        raise ValueError(f"unknown mode {mode!r}; use 'conlleval' or 'strict'")
    try:
        return IOB2.decode(tags, "drop")
    except TagError as exc:
        IOBES.split(exc.tag)  # a tag of no scheme is malformed whatever the mode
        raise TagError(f"strict mode is IOB2 and does not accept {exc.tag!r}; "
                       "use mode='conlleval' for IOBES tags", exc.tag, exc.index) from None


def tags_from_spans(n: int, spans: Iterable[Span]) -> list[str]:
    """BIO (IOB2) tags for ``n`` tokens; spans must lie in ``[0, n)`` and not overlap."""
    return IOB2.encode(n, spans)


def map_labels(spans: Iterable[Span], mapping: Mapping[str, str | None]) -> list[Span]:
    """Rename labels; a label mapped to ``None`` is dropped; an unmapped label is an error.

    Example: ``{"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "TITLE": None}``.
    """
    out = []
    for start, end, label in spans:
        if label not in mapping:
            raise ValueError(f"label {label!r} is not in the mapping (known: {sorted(mapping)}); "
                             "map it to None to drop it")
        if mapping[label] is not None:
            out.append((start, end, mapping[label]))
    return out


@dataclass(frozen=True)
class NerCounts:
    """Per-type chunk counts plus token-tag agreement; add them to merge sentences."""

    per_type: tuple[tuple[str, PRF], ...] = ()
    correct_tags: int = 0
    tokens: int = 0

    @classmethod
    def from_spans(cls, gold: Iterable[Span], pred: Iterable[Span], *,
                   correct_tags: int = 0, tokens: int = 0) -> NerCounts:
        g, p = set(gold), set(pred)
        labels = sorted({s[2] for s in g | p})
        per_type = tuple((lab, PRF.from_sets({s for s in g if s[2] == lab},
                                             {s for s in p if s[2] == lab})) for lab in labels)
        return cls(per_type, correct_tags, tokens)

    def __add__(self, other: NerCounts) -> NerCounts:
        if not isinstance(other, NerCounts):
            return NotImplemented
        merged = dict(self.per_type)
        for label, prf in other.per_type:
            merged[label] = merged.get(label, PRF()) + prf
        return NerCounts(tuple(sorted(merged.items())), self.correct_tags + other.correct_tags,
                         self.tokens + other.tokens)

    def __radd__(self, other: object) -> NerCounts:
        return self if other == 0 else NotImplemented

    def for_label(self, label: str) -> PRF:
        """Counts of one type (zero counts for a type never seen)."""
        return dict(self.per_type).get(label, PRF())

    @property
    def total(self) -> PRF:
        """Micro-averaged counts over all types (conlleval's overall line)."""
        return sum((prf for _, prf in self.per_type), PRF())

    precision = property(lambda self: self.total.precision)
    recall = property(lambda self: self.total.recall)
    f1 = property(lambda self: self.total.f1)
    accuracy = property(lambda self: safe_div(self.correct_tags, self.tokens),
                        doc="token tag accuracy (None when scored from spans)")

    def to_dict(self) -> dict:
        total = self.total
        return {
            "precision": total.precision, "recall": total.recall, "f1": total.f1,
            "tp": total.tp, "fp": total.fp, "fn": total.fn, "support": total.support,
            "accuracy": self.accuracy, "correct_tags": self.correct_tags, "tokens": self.tokens,
            "per_type": {label: {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1,
                                 "support": prf.support, "tp": prf.tp, "fp": prf.fp, "fn": prf.fn}
                         for label, prf in self.per_type},
        }


NerScore = NerCounts  # a corpus score is the sum of its sentences' counts


def ner_sentence_counts(sentences: Iterable[Sequence[Sequence[str]]],
                        mode: Mode = "conlleval") -> list[NerCounts]:
    """Counts per sentence.  A token is ``(..., gold_tag, pred_tag)``: the last two items,
    as in conlleval, so ``(gold, pred)`` pairs and ``read_conll`` triples both work."""
    out = []
    for number, sentence in enumerate(sentences, start=1):
        if any(isinstance(tok, str) or len(tok) < 2 for tok in sentence):
            raise TypeError(f"sentence {number}: each token must be a (..., gold, pred) sequence")
        gold = [tok[-2] for tok in sentence]
        pred = [tok[-1] for tok in sentence]
        out.append(NerCounts.from_spans(
            spans_from_tags(gold, mode), spans_from_tags(pred, mode),
            correct_tags=sum(g == p for g, p in zip(gold, pred)), tokens=len(sentence)))
    return out


def score_tags(sentences: Iterable[Sequence[Sequence[str]]], mode: Mode = "conlleval") -> NerScore:
    """Corpus score from tagged sentences (what conlleval prints, as fractions)."""
    return sum(ner_sentence_counts(sentences, mode), NerCounts())


def span_sentence_counts(gold: Sequence[Iterable[Span]],
                         pred: Sequence[Iterable[Span]]) -> list[NerCounts]:
    """Counts per sentence from span sets (duplicate spans count once)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")
    return [NerCounts.from_spans(g, p) for g, p in zip(gold, pred)]


def score_spans(gold: Sequence[Iterable[Span]], pred: Sequence[Iterable[Span]]) -> NerScore:
    """Corpus entity score from per-sentence span sets: micro P/R/F1 and per-type scores."""
    return sum(span_sentence_counts(gold, pred), NerCounts())


def read_conll(path: str | Path) -> list[list[tuple[str, str, str]]]:
    """Read conlleval input: ``token ... gold pred`` per line, blank line between sentences.

    Lines whose first field is ``-DOCSTART-`` or ``-X-`` are sentence boundaries.
    """
    sentences: list[list[tuple[str, str, str]]] = []
    current: list[tuple[str, str, str]] = []
    width = None
    text = Path(path).read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.split("\n"), start=1):
        fields = line.split()
        if not fields or fields[0] in _BOUNDARIES:
            if current:
                sentences.append(current)
                current = []
            continue
        if len(fields) < 3:
            raise ValueError(f"{path}, line {number}: expected 'token gold pred' (3 or more "
                             f"whitespace-separated fields), got {len(fields)}: {line!r}")
        if width is not None and len(fields) != width:
            raise ValueError(f"{path}, line {number}: {len(fields)} fields, but earlier lines "
                             f"have {width}")
        width = len(fields)
        for tag in fields[-2:]:
            try:
                split_tag(tag)
            except ValueError as err:
                raise ValueError(f"{path}, line {number}: {err}") from None
        current.append((fields[0], fields[-2], fields[-1]))
    if current:
        sentences.append(current)
    return sentences
