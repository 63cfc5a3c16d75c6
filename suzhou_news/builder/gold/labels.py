"""Entity labels and their mapping to the three MSRA types (see docs/annotation-guidelines.md).

``LABELS`` is this dataset's fine label set (the ClassLabel names in
``schemas/ner.schema.json``).  An imported corpus may declare its own entity
labels instead (``suzhou_news.builder.corpora.labelmap``); :func:`ner_schema` gives the
``ner`` schema with those ClassLabel names and everything else unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from suzhou_news.builder.dataset.schema import TableSchema, load_schema
from suzhou_news.errors import SchemaError

LABELS = ("PER", "ORG", "GPE", "LOC", "TITLE", "EVENT")
# Fine label -> MSRA label; None means the entity becomes O in MSRA terms.
MSRA_MAP: dict[str, str | None] = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "TITLE": None, "EVENT": None}
MSRA_LABELS = ("PER", "LOC", "ORG")
IMPORT_REPORT = "import-report.json"  # an imported corpus declares its entity labels there (builder/corpora)
# A declared entity label: upper-case letters and digits, optionally dotted (``PER.NOM``); no hyphen, which
# separates the BIO prefix from the type in the tag names (``B-PER.NOM``).
LABEL_NAME = re.compile(r"^[A-Z][A-Z0-9]*(\.[A-Z][A-Z0-9]*)*$")


def msra_label(label: str) -> str | None:
    """The MSRA type of an entity label; a label outside ``LABELS`` (e.g. ``PER.NOM``) has none (O)."""
    return MSRA_MAP.get(label)


def msra_view(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The MSRA view of ``(start, end, label)`` spans: labels mapped by :func:`msra_label`, the others dropped.

    The one place the view is computed: the ``ner_tags_msra`` column, its validation and the benchmark's gold."""
    return [(start, end, m) for start, end, label in spans if (m := msra_label(label))]


def check_entity_labels(labels: Sequence[str], where: str) -> tuple[str, ...]:
    """``labels`` as a tuple, or a SchemaError naming ``where`` if one is malformed or repeated."""
    for label in labels:
        if not isinstance(label, str) or not LABEL_NAME.match(label):
            raise SchemaError(f"{where}: entity label {label!r} must match {LABEL_NAME.pattern} "
                              "(e.g. PER or PER.NOM; no hyphen, it separates B-/I- from the type)")
    if len(set(labels)) != len(labels) or not labels:
        raise SchemaError(f"{where}: entity labels {list(labels)} must be non-empty and each given once")
    return tuple(labels)


def ner_schema(labels: Sequence[str] = LABELS, base: TableSchema | None = None) -> TableSchema:
    """The ``ner`` schema (``base``, default schemas/ner.schema.json) with entity labels ``labels``.

    ``ner_tags`` becomes O, then B-/I- per label in order; ``entities.label`` the labels themselves.
    """
    schema = base or load_schema("ner")
    if tuple(labels) == LABELS:
        return schema
    labels = check_entity_labels(labels, "ner schema")
    return schema.with_class_labels({"ner_tags": ["O", *(f"{p}-{lab}" for lab in labels for p in "BI")],
                                     "entities.label": list(labels)})


def declared_labels(dataset: Path) -> tuple[str, ...]:
    """The entity labels ``dataset`` declares: an imported corpus's ``labels`` in import-report.json, else LABELS.

    Raises SchemaError (naming the file) when the declaration is not a valid label set.
    """
    report = dataset / IMPORT_REPORT
    if not report.exists():
        return LABELS
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{report}: line {exc.lineno}: not JSON ({exc.msg}); re-import the corpus") from None
    labels = data.get("labels", list(LABELS)) if isinstance(data, dict) else None
    if not isinstance(labels, list):
        raise SchemaError(f"{report}: labels: expected a list of label names, got {labels!r}; re-import the corpus")
    return check_entity_labels(labels, f"{report}: labels")
