"""Character CRF entity tagger (python-crfsuite), BIO labels over the fine labels.

Same character features and fixed training parameters as
:mod:`.crf_seg`.  The whole sentence (whitespace included, as characters of
type "space") is one sequence.  BIO is decoded like conlleval: an ``I-X``
that does not continue an ``X`` entity starts a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import LABEL_SETS, Span, Tagger, require
from .crf_seg import CRFParams, train_crf
from .registry import register


def spans_to_bio(length: int, spans: Sequence[Span]) -> list[str]:
    labels = ["O"] * length
    for start, end, label in spans:
        for i in range(start, end):
            labels[i] = ("B-" if i == start else "I-") + label
    return labels


def bio_to_spans(labels: Sequence[str]) -> list[Span]:
    spans: list[Span] = []
    start, current = 0, None
    for i, tag in enumerate([*labels, "O"]):
        prefix, _, label = tag.partition("-")
        if current is not None and (prefix != "I" or label != current):
            spans.append((start, i, current))
            current = None
        if prefix == "B" or (prefix == "I" and current is None):
            start, current = i, label
    return spans


@register
class CRFCharNer(Tagger):
    name = "crf.char-bio.v1"
    package = "python-crfsuite"
    trained = True
    label_set = "fine"
    default_config = CRFParams()

    def _setup(self) -> None:
        require("pycrfsuite", "python-crfsuite", baseline=self.name)

    def _fit(self, train: Sequence[tuple[str, Sequence[Span]]]) -> None:
        allowed = LABEL_SETS[self.label_set]
        for _, spans in train:
            for span in spans:
                if span[2] not in allowed:
                    raise ValueError(f"{self.name}: train label {span[2]!r} not in {allowed}")
        data = [(list(text), spans_to_bio(len(text), spans)) for text, spans in train]
        self._model = train_crf(self.name, self.config, data)

    def _tag_one(self, text: str) -> list[Span]:
        if not text:
            return []
        return bio_to_spans(self._model.tag(text))
