"""THULAC (Tsinghua) word segmenter in segmentation-only mode.

THULAC ships its models inside the ``thulac`` wheel (``thulac/models/``) and
loads them from there; nothing is downloaded.  THULAC collapses runs of
spaces and may normalise characters, so its words are mapped back onto the
original text by character alignment (:func:`~.base.align`).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .base import Segmenter, require
from .registry import register


@dataclass(frozen=True)
class ThulacConfig:
    t2s: bool = False  # convert traditional to simplified characters before tagging
    filt: bool = False  # THULAC's filter of meaningless words


def load_thulac(baseline: str, *, seg_only: bool, t2s: bool, filt: bool) -> Any:
    """A THULAC instance; its "Model loaded succeed" banner is swallowed."""
    thulac = require("thulac", "thulac", baseline=baseline)
    with contextlib.redirect_stdout(io.StringIO()):
        return thulac.thulac(seg_only=seg_only, T2S=t2s, filt=filt)


@register
class ThulacSegmenter(Segmenter):
    name = "thulac.seg.v1"
    package = "thulac"
    script = "hans"  # dictionary and models of Simplified text
    default_config = ThulacConfig()

    def _setup(self) -> None:
        self._thulac = load_thulac(
            self.name, seg_only=True, t2s=self.config.t2s, filt=self.config.filt
        )

    def _segment_one(self, text: str) -> Sequence[str]:
        return [word for word, _ in self._thulac.cut(text)]
