"""Entities from jieba's part-of-speech tags (ICTCLAS tag set).

Person names (``nr``, and ``nrfg``, the tag jieba's dictionary gives to many
full person names) become PER, place names (``ns``) LOC and organisations
(``nt``) ORG.  ``nrt`` is left out: in jieba's dictionary it mixes
transliterated names with common words.  Each tagged token is one entity;
adjacent tokens are not merged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Span, Tagger, require, spans_from_tagged
from .registry import register


@dataclass(frozen=True)
class JiebaNerConfig:
    hmm: bool = True
    tag_map: tuple[tuple[str, str], ...] = (
        ("nr", "PER"),
        ("nrfg", "PER"),
        ("ns", "LOC"),
        ("nt", "ORG"),
    )


@register
class JiebaPossegNer(Tagger):
    name = "jieba.posseg.ner.v1"
    package = "jieba"
    script = "hans"  # dictionary and models of Simplified text
    label_set = "msra"
    default_config = JiebaNerConfig()

    def _setup(self) -> None:
        jieba = require("jieba", "jieba", baseline=self.name)
        posseg = require("jieba.posseg", "jieba", baseline=self.name)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        self._posseg = posseg.POSTokenizer(tokenizer)
        self._tag_map = dict(self.config.tag_map)

    def _tag_one(self, text: str) -> list[Span]:
        tagged = [(p.word, p.flag) for p in self._posseg.cut(text, HMM=self.config.hmm)]
        return spans_from_tagged(text, tagged, self._tag_map)
