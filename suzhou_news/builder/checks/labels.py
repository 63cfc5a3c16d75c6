"""The entity label set a dataset declares, and how its Parquet ClassLabel names differ from it.

A built dataset declares ``suzhou_news.builder.gold.labels.LABELS`` (schemas/ner.schema.json); an
imported corpus may declare its own (``labels`` in import-report.json, written from
its label map).  ``validate`` checks the ``ner`` files against the schema with the
declared names, so Parquet files whose names differ from the declaration are refused.
"""

from __future__ import annotations

from pathlib import Path

from suzhou_news.builder.dataset.schema import TableSchema
from suzhou_news.errors import SchemaError
from suzhou_news.builder.gold import labels as gold_labels


def declared_labels(root: Path, problems) -> tuple[str, ...]:
    """The dataset's declared entity labels; a malformed declaration is added to ``problems`` (then LABELS)."""
    try:
        return gold_labels.declared_labels(root)
    except SchemaError as exc:
        problems.add(str(root / gold_labels.IMPORT_REPORT), f"labels: not a valid declared label set ({exc})")
        return gold_labels.LABELS


def feature_labels(features) -> dict[str, list[str]]:
    """Dotted column path -> ClassLabel names in HF Features (as TableSchema.class_labels does for a schema)."""
    from datasets import ClassLabel

    out: dict[str, list[str]] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, ClassLabel):
            out[path] = list(node.names)
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{path}.{k}" if path else k)
        elif hasattr(node, "feature"):  # List / Sequence
            walk(node.feature, path)

    walk(features, "")
    return out


def label_difference(found: dict[str, list[str]], schema: TableSchema) -> str:
    """``: ClassLabel names of <column> are [...], declared [...]`` for each column whose names differ."""
    parts = [f"ClassLabel names of {col} are {found.get(col)}, declared {names}"
             for col, names in schema.class_labels().items() if found.get(col) != names]
    return (": " + "; ".join(parts) + " (the Parquet files and the declared label set must agree; re-import "
            "or rebuild the dataset)") if parts else ""
