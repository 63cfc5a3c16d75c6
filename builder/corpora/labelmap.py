"""Corpus label names -> the project's entity labels (``builder.labels.LABELS``), or dropped.

Built-in maps (``--label-map NAME``):

* ``identity``: the corpus already uses PER, ORG, GPE, LOC, TITLE, EVENT;
* ``msra``: MSRA NER (SIGHAN 2006) and the People's Daily NER corpus, in either
  spelling: PER/LOC/ORG or the 863 tags NR/NS/NT;
* ``weibo``: Weibo NER (Peng and Dredze 2015): named mentions ``X.NAM`` -> ``X``,
  nominal mentions ``X.NOM`` dropped;
* ``weibo-nominal``: the same, but nominal mentions kept, merged into their type.

Or a JSON file ``{"corpus label": "PER" | null, ...}``.  A label that the map does
not name is refused (file and line in the message): map it, or map it to ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from builder.errors import InputError
from builder.gold.labels import LABELS

_MSRA = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "NR": "PER", "NS": "LOC", "NT": "ORG"}
_WEIBO_TYPES = ("PER", "ORG", "GPE", "LOC")

LABEL_MAPS: dict[str, Mapping[str, str | None]] = {
    "identity": {label: label for label in LABELS},
    "msra": _MSRA,
    "peoples-daily": _MSRA,
    "weibo": {**{f"{t}.NAM": t for t in _WEIBO_TYPES}, **{f"{t}.NOM": None for t in _WEIBO_TYPES}},
    "weibo-nominal": {**{f"{t}.NAM": t for t in _WEIBO_TYPES}, **{f"{t}.NOM": t for t in _WEIBO_TYPES}},
}


def load_label_map(spec: str) -> dict[str, str | None]:
    """A built-in map by name, or a JSON object read from the path ``spec``."""
    if spec in LABEL_MAPS:
        mapping = dict(LABEL_MAPS[spec])
    else:
        path = Path(spec)
        if not path.is_file():
            raise InputError(f"--label-map {spec!r} is neither a built-in map ({sorted(LABEL_MAPS)}) nor a file")
        try:
            mapping = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}: line {exc.lineno}: not JSON ({exc.msg}); write "
                             '{"corpus label": "PER" or null, ...}') from None
        if not isinstance(mapping, dict):
            raise InputError(f"{path}: expected a JSON object of corpus label -> project label or null")
    for raw, target in mapping.items():
        if target is not None and target not in LABELS:
            raise InputError(f"label map {spec!r}: {raw!r} -> {target!r}, but the entity labels are {LABELS} "
                             "(or null to drop the entity)")
    return mapping
