"""Entity labels and their mapping to the three MSRA types (see docs/annotation-guidelines.md)."""

from __future__ import annotations

LABELS = ("PER", "ORG", "GPE", "LOC", "TITLE", "EVENT")
# Fine label -> MSRA label; None means the entity becomes O in MSRA terms.
MSRA_MAP: dict[str, str | None] = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "TITLE": None, "EVENT": None}
MSRA_LABELS = ("PER", "LOC", "ORG")
