"""Character CRF word segmenter (python-crfsuite), B/M/E/S labels.

Features of character ``i`` (shared with :mod:`.crf_ner`): the
characters at offsets -2…+2, the four character bigrams in that window, and
the character types (Han, digit, latin, punct, space, other) at -1, 0, +1.
Training is L-BFGS with fixed parameters (:class:`CRFParams`); it is
deterministic.  At segmentation time whitespace is a hard word boundary: each
non-whitespace run is tagged on its own.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from suzhou_news.builder.dataset.tags import BMES

from .base import Segmenter, require, whitespace_runs
from .registry import register


@dataclass(frozen=True)
class CRFParams:
    algorithm: str = "lbfgs"
    c1: float = 0.1  # L1 regularisation
    c2: float = 0.01  # L2 regularisation
    max_iterations: int = 100
    feature_minfreq: float = 0.0
    possible_transitions: bool = True


def char_type(ch: str) -> str:
    if ch.isspace():
        return "space"
    name = unicodedata.name(ch, "")
    if name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")) or ch == "〇":
        return "han"
    if unicodedata.category(ch) == "Nd":
        return "digit"
    if name.startswith(("LATIN", "FULLWIDTH LATIN")):
        return "latin"
    if unicodedata.category(ch)[0] in "PS":
        return "punct"
    return "other"


def char_features(chars: Sequence[str]) -> list[list[str]]:
    """CRFsuite attribute lists, one per character."""
    padded = ["<s2>", "<s1>", *chars, "</s1>", "</s2>"]
    types = ["pad", "pad", *map(char_type, chars), "pad", "pad"]
    feats = []
    for i in range(2, len(padded) - 2):
        f = ["bias"]
        f += [f"c[{d}]={padded[i + d]}" for d in range(-2, 3)]
        f += [f"c[{d}:{d + 1}]={padded[i + d]}{padded[i + d + 1]}" for d in range(-2, 2)]
        f += [f"t[{d}]={types[i + d]}" for d in range(-1, 2)]
        feats.append(f)
    return feats


class CRFModel:
    """A trained model held in memory.

    ``pycrfsuite.Tagger.open_inmemory`` does not copy the model bytes, so they
    must live as long as the tagger does.
    """

    def __init__(self, pycrfsuite: Any, model: bytes) -> None:
        self.model = model
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open_inmemory(self.model)

    def tag(self, chars: Sequence[str]) -> list[str]:
        return self._tagger.tag(char_features(chars))


def train_crf(
    baseline: str, params: CRFParams, data: Sequence[tuple[Sequence[str], Sequence[str]]]
) -> CRFModel:
    """Train on ``(chars, labels)`` pairs; the model never touches a lasting file."""
    pycrfsuite = require("pycrfsuite", "python-crfsuite", baseline=baseline)
    trainer = pycrfsuite.Trainer(algorithm=params.algorithm, verbose=False)
    trainer.set_params(
        {
            "c1": params.c1,
            "c2": params.c2,
            "max_iterations": params.max_iterations,
            "feature.minfreq": params.feature_minfreq,
            "feature.possible_transitions": params.possible_transitions,
        }
    )
    n = 0
    for chars, labels in data:
        if chars:
            trainer.append(char_features(chars), list(labels))
            n += 1
    if n == 0:
        raise ValueError(f"{baseline}: the train split has no characters to learn from")
    with tempfile.TemporaryDirectory(prefix="suzhou-crf-") as tmp:
        path = os.path.join(tmp, "model.crfsuite")
        trainer.train(path)
        with open(path, "rb") as f:
            model = f.read()
    return CRFModel(pycrfsuite, model)


@register
class CRFCharSegmenter(Segmenter):
    name = "crf.char-bmes.v1"
    package = "python-crfsuite"
    trained = True
    default_config = CRFParams()

    def _setup(self) -> None:
        require("pycrfsuite", "python-crfsuite", baseline=self.name)

    def _fit(self, train: Sequence[Sequence[str]]) -> None:
        data = []
        for sentence in train:
            words = [w for token in sentence for w in token.split()]
            data.append((list("".join(words)), BMES.encode_words(words)))
        self._model = train_crf(self.name, self.config, data)

    def _segment_one(self, text: str) -> list[str]:
        words: list[str] = []
        for _, run in whitespace_runs(text):
            # a word starts at B/S or after E/S, so ill-formed sequences still split (BMES, repairing)
            words += [run[i:j] for i, j in BMES.decode_words(self._model.tag(run))]
        return words
