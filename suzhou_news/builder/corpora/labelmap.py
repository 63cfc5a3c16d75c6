"""Corpus label names -> the imported dataset's entity labels, or dropped.

A label map declares the label set of the dataset it fills (``LabelMap.labels``):
the ClassLabel names written into its Parquet Features and ``import-report.json``,
which ``validate`` and ``bench`` read back.  Most maps fill this dataset's own
labels (``suzhou_news.builder.gold.labels.LABELS``: PER, ORG, GPE, LOC, TITLE, EVENT).

Built-in maps (``--label-map NAME``):

* ``identity``: the corpus already uses PER, ORG, GPE, LOC, TITLE, EVENT;
* ``msra``: MSRA NER (SIGHAN 2006) and the People's Daily NER corpus, in either
  spelling: PER/LOC/ORG or the 863 tags NR/NS/NT;
* ``weibo``: Weibo NER (Peng and Dredze 2015): named mentions ``X.NAM`` -> ``X``,
  nominal mentions ``X.NOM`` dropped;
* ``weibo-nominal``: the same, but nominal mentions kept, merged into their type;
* ``weibo-keep``: nominal mentions kept as their own labels: the dataset declares
  PER, ORG, GPE, LOC (names) and PER.NOM, ORG.NOM, GPE.NOM, LOC.NOM, the 8 types the
  Weibo NER literature scores.  Names keep this dataset's spelling, so the MSRA view
  maps them as usual (GPE -> LOC); ``X.NOM`` keeps the corpus's own spelling (a dot,
  never a hyphen: the hyphen separates ``B-``/``I-`` from the type) and has no MSRA type.

Or a JSON file: ``{"corpus label": "PER" | null, ...}`` (this dataset's labels), or
``{"labels": ["PER", "PER.NOM", ...], "map": {"corpus label": "PER.NOM" | null, ...}}``
to declare the dataset's own label set.  A label that the map does not name is
refused (file and line in the message): map it, or map it to ``null``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from suzhou_news.errors import InputError, SchemaError
from suzhou_news.builder.gold.labels import LABELS, check_entity_labels


@dataclass(frozen=True)
class LabelMap:
    """Corpus label -> declared label (or None: dropped), and the declared label set, in ClassLabel order."""

    mapping: Mapping[str, str | None]
    labels: tuple[str, ...] = LABELS
    name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        try:
            check_entity_labels(self.labels, f"label map {self.name!r}")
        except SchemaError as exc:
            raise InputError(str(exc)) from None
        for raw, target in self.mapping.items():
            if target is not None and target not in self.labels:
                raise InputError(f"label map {self.name!r}: {raw!r} -> {target!r}, but the labels it declares are "
                                 f"{list(self.labels)} (map it to one of them, or to null to drop the entity)")

    @property
    def own_labels(self) -> bool:
        """True when the dataset declares a label set other than this dataset's fine labels."""
        return self.labels != LABELS


_MSRA = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "NR": "PER", "NS": "LOC", "NT": "ORG"}
_WEIBO_TYPES = ("PER", "ORG", "GPE", "LOC")
_WEIBO_NAM = {f"{t}.NAM": t for t in _WEIBO_TYPES}

LABEL_MAPS: dict[str, LabelMap] = {m.name: m for m in (
    LabelMap({label: label for label in LABELS}, name="identity"),
    LabelMap(_MSRA, name="msra"),
    LabelMap(_MSRA, name="peoples-daily"),
    LabelMap({**_WEIBO_NAM, **{f"{t}.NOM": None for t in _WEIBO_TYPES}}, name="weibo"),
    LabelMap({**_WEIBO_NAM, **{f"{t}.NOM": t for t in _WEIBO_TYPES}}, name="weibo-nominal"),
    LabelMap({**_WEIBO_NAM, **{f"{t}.NOM": f"{t}.NOM" for t in _WEIBO_TYPES}},
             labels=(*_WEIBO_TYPES, *(f"{t}.NOM" for t in _WEIBO_TYPES)), name="weibo-keep"),
)}


def load_label_map(spec: str) -> LabelMap:
    """A built-in map by name, or one read from the JSON file at ``spec``."""
    if spec in LABEL_MAPS:
        return LABEL_MAPS[spec]
    path = Path(spec)
    if not path.is_file():
        raise InputError(f"--label-map {spec!r} is neither a built-in map ({sorted(LABEL_MAPS)}) nor a file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: not JSON ({exc.msg}); write "
                         '{"corpus label": "PER" or null, ...}') from None
    if isinstance(data, dict) and isinstance(data.get("labels"), list) and isinstance(data.get("map"), dict):
        return LabelMap(data["map"], labels=tuple(data["labels"]), name=str(path))
    if not isinstance(data, dict) or not all(v is None or isinstance(v, str) for v in data.values()):
        raise InputError(f"{path}: expected a JSON object of corpus label -> label or null, or "
                         '{"labels": [...], "map": {...}} declaring the label set')
    return LabelMap(data, name=str(path))
