"""jieba's default word segmenter, with and without its HMM for unknown words.

Each instance builds its own ``jieba.Tokenizer`` (never jieba's module-level
singleton).  jieba itself caches its parsed dictionary in the system temp
directory (``jieba.cache``); the cache only speeds up loading.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import Segmenter, require
from .registry import register


@dataclass(frozen=True)
class JiebaConfig:
    hmm: bool = True  # discover unknown words with jieba's character HMM


class JiebaSegmenter(Segmenter):
    package = "jieba"
    script = "hans"  # dictionary and models of Simplified text
    default_config = JiebaConfig()

    def _setup(self) -> None:
        jieba = require("jieba", "jieba", baseline=self.name)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()

    def _segment_one(self, text: str) -> Sequence[str]:
        return list(self._tokenizer.cut(text, HMM=self.config.hmm))


@register
class JiebaDefault(JiebaSegmenter):
    name = "jieba.default.v1"


@register
class JiebaNoHMM(JiebaSegmenter):
    name = "jieba.nohmm.v1"
    default_config = JiebaConfig(hmm=False)
