"""Entities from THULAC's part-of-speech tags.

THULAC tags person names ``np``, place names ``ns`` and organisations ``ni``;
they become PER, LOC and ORG.  Each tagged token is one entity; adjacent
tokens are not merged.  Models ship inside the ``thulac`` wheel.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import Span, Tagger, spans_from_tagged
from .registry import register
from .thulac_seg import load_thulac


@dataclass(frozen=True)
class ThulacNerConfig:
    t2s: bool = False  # convert traditional to simplified characters before tagging
    filt: bool = False  # THULAC's filter of meaningless words
    tag_map: tuple[tuple[str, str], ...] = (("np", "PER"), ("ns", "LOC"), ("ni", "ORG"))


@register
class ThulacPosNer(Tagger):
    name = "thulac.pos.ner.v1"
    package = "thulac"
    script = "hans"  # dictionary and models of Simplified text
    label_set = "msra"
    default_config = ThulacNerConfig()

    def _setup(self) -> None:
        self._thulac = load_thulac(
            self.name, seg_only=False, t2s=self.config.t2s, filt=self.config.filt
        )
        self._tag_map = dict(self.config.tag_map)

    def _tag_one(self, text: str) -> list[Span]:
        tagged = [(word, tag) for word, tag in self._thulac.cut(text)]
        return spans_from_tagged(text, tagged, self._tag_map)
