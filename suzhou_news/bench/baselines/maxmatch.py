"""Dictionary maximum matching over the train split's vocabulary.

* forward (FMM): from the left, take the longest vocabulary word starting
  here, else one character;
* backward (BMM): the same from the right;
* bidirectional: run both and keep the one with fewer words; on a tie, the
  one with fewer single-character words; on a further tie, the backward one.

Whitespace is a hard word boundary: each non-whitespace run of the text is
matched (and, for bidirectional, compared) on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from .base import Segmenter, whitespace_runs
from .registry import register


@dataclass(frozen=True)
class MaxMatchConfig:
    max_word_len: int | None = None  # None: the longest word of the vocabulary

    def __post_init__(self) -> None:
        if self.max_word_len is not None and self.max_word_len < 1:
            raise ValueError("max_word_len must be >= 1 or None")


def forward_max_match(text: str, vocab: set[str], max_len: int) -> list[str]:
    words, i = [], 0
    while i < len(text):
        for n in range(min(max_len, len(text) - i), 0, -1):
            if n == 1 or text[i : i + n] in vocab:
                words.append(text[i : i + n])
                i += n
                break
    return words


def backward_max_match(text: str, vocab: set[str], max_len: int) -> list[str]:
    words, j = [], len(text)
    while j > 0:
        for n in range(min(max_len, j), 0, -1):
            if n == 1 or text[j - n : j] in vocab:
                words.append(text[j - n : j])
                j -= n
                break
    return words[::-1]


def bidirectional_max_match(text: str, vocab: set[str], max_len: int) -> list[str]:
    fwd = forward_max_match(text, vocab, max_len)
    bwd = backward_max_match(text, vocab, max_len)

    def cost(words: list[str]) -> tuple[int, int]:
        return len(words), sum(1 for w in words if len(w) == 1)

    return fwd if cost(fwd) < cost(bwd) else bwd


class MaxMatchSegmenter(Segmenter):
    trained = True
    default_config = MaxMatchConfig()
    match: ClassVar = staticmethod(forward_max_match)

    def _fit(self, train: Sequence[Sequence[str]]) -> None:
        vocab = {w for sentence in train for token in sentence for w in token.split()}
        self._vocab = vocab
        self._max_len = self.config.max_word_len or max(map(len, vocab), default=1)

    def _segment_one(self, text: str) -> list[str]:
        words: list[str] = []
        for _, run in whitespace_runs(text):
            words.extend(self.match(run, self._vocab, self._max_len))
        return words


@register
class ForwardMaxMatch(MaxMatchSegmenter):
    name = "mm.forward.v1"
    match = staticmethod(forward_max_match)


@register
class BackwardMaxMatch(MaxMatchSegmenter):
    name = "mm.backward.v1"
    match = staticmethod(backward_max_match)


@register
class BidirectionalMaxMatch(MaxMatchSegmenter):
    name = "mm.bidirectional.v1"
    match = staticmethod(bidirectional_max_match)
