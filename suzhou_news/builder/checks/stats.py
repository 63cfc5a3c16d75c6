"""``suzhou-news stats DIR``: rows, documents, characters, words and entities per config and split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq

from suzhou_news.builder.gold.labels import LABELS, declared_labels


def collect(root: Path) -> list[dict]:
    """One dict per (config, split) with the counts that apply to that config."""
    out = []
    labels = declared_labels(root)  # an imported corpus may declare its own entity labels
    for config_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for split in ("train", "validation", "test"):
            files = sorted(config_dir.glob(f"{split}-*.parquet"))
            if not files:
                continue
            rows = [r for f in files for r in pq.read_table(f).to_pylist()]
            entry = {"config": config_dir.name, "split": split, "rows": len(rows),
                     "documents": len({r.get("doc_id", r["id"]) for r in rows})}
            if rows and "text" in rows[0]:  # not in an imported corpus's provenance table
                entry["characters"] = sum(len(r["text"]) for r in rows)
            if rows and "tokens" in rows[0]:
                entry["words"] = sum(len(r["tokens"]) for r in rows)
            if config_dir.name == "ner":
                counts = Counter(labels[e["label"]] for r in rows for e in r["entities"])
                entry["entities"] = {label: counts.get(label, 0) for label in labels}
            out.append(entry)
    return out


def render(stats: list[dict]) -> str:
    labels = list(dict.fromkeys(k for s in stats for k in s.get("entities", {}))) or list(LABELS)
    head = ["config", "split", "rows", "documents", "characters", "words"] + labels
    lines = [head]
    for s in stats:
        ents = s.get("entities", {})
        lines.append([s["config"], s["split"], str(s["rows"]), str(s["documents"]), str(s.get("characters", "")),
                      str(s.get("words", "")), *[str(ents.get(label, 0)) if ents else "" for label in labels]])
    widths = [max(len(row[i]) for row in lines) for i in range(len(head))]
    return "\n".join("  ".join(cell.rjust(w) if k > 1 else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths)))
                     for row in lines)
