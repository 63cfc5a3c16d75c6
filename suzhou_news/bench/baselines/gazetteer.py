"""Gazetteer of the train split's entity strings, matched longest-first.

``fit`` collects every gold entity string with the counts of its labels; an
entity string gets its most frequent label, ties broken by label name
(alphabetically first wins).  ``tag`` scans left to right: at each position
the longest known string starting there is an entity and the scan resumes
after it; otherwise it moves one character on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .base import Span, Tagger
from .registry import register


@dataclass(frozen=True)
class GazetteerConfig:
    min_chars: int = 1  # shorter entity strings are not added to the gazetteer


@register
class TrainGazetteer(Tagger):
    name = "gazetteer.train.v1"
    trained = True
    label_set = "fine"
    default_config = GazetteerConfig()

    def _fit(self, train: Sequence[tuple[str, Sequence[Span]]]) -> None:
        allowed = self.labels()
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for text, spans in train:
            for start, end, label in spans:
                if label not in allowed:
                    raise ValueError(f"{self.name}: train label {label!r} not in {allowed}")
                surface = text[start:end].strip()
                if len(surface) >= self.config.min_chars:
                    counts[surface][label] += 1
        self._lexicon = {
            surface: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for surface, c in counts.items()
        }
        self._lengths = sorted({len(s) for s in self._lexicon}, reverse=True)

    def _tag_one(self, text: str) -> list[Span]:
        spans: list[Span] = []
        i = 0
        while i < len(text):
            for n in self._lengths:
                label = self._lexicon.get(text[i : i + n]) if i + n <= len(text) else None
                if label is not None:
                    spans.append((i, i + n, label))
                    i += n
                    break
            else:
                i += 1
        return spans
