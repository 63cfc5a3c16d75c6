"""Character CRF entity tagger (python-crfsuite), BIO labels over the fine labels.

Same character features and fixed training parameters as
:mod:`.crf_seg`.  The whole sentence (whitespace included, as characters of
type "space") is one sequence.  BIO is decoded like conlleval: an ``I-X``
that does not continue an ``X`` entity starts a new one.
"""

from __future__ import annotations

from collections.abc import Sequence

from suzhou_news.builder.dataset.tags import IOB2, IOBES

from .base import Span, Tagger, require
from .crf_seg import CRFParams, train_crf
from .registry import register


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
        allowed = self.labels()
        for _, spans in train:
            for span in spans:
                if span[2] not in allowed:
                    raise ValueError(f"{self.name}: train label {span[2]!r} not in {allowed}")
        data = [(list(text), IOB2.encode(len(text), spans)) for text, spans in train]
        self._model = train_crf(self.name, self.config, data)

    def _tag_one(self, text: str) -> list[Span]:
        if not text:
            return []
        return IOBES.decode(self._model.tag(text))  # conlleval's reading of ill-formed BIO
