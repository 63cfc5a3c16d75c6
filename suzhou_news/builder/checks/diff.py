"""``suzhou-news diff OLD NEW``: what changed between two releases (or two builds).

For each config and split: rows added, removed and changed (by id). For the
gold configs also the annotation changes, as word and entity spans added and
removed over every sentence (a new sentence adds all its words and entities).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from suzhou_news.errors import InputError


def _rows(root: Path, config: str, split: str) -> dict[str, dict]:
    out = {}
    for f in sorted((root / config).glob(f"{split}-*.parquet")):
        for r in pq.read_table(f).to_pylist():
            out[r["id"]] = r
    return out


def _word_spans(row: dict) -> set[tuple[int, int, str]]:
    spans, pos = set(), 0
    for tok in row["tokens"]:
        spans.add((pos, pos + len(tok), tok))
        pos += len(tok)
    return spans


def _entity_spans(row: dict) -> set[tuple[int, int, int]]:
    return {(e["start"], e["end"], e["label"]) for e in row["entities"]}


def _layout(root: Path) -> dict[str, set[str]]:
    if not root.is_dir():
        raise InputError(f"{root}: not a folder; pass two release or build folders")
    return {d.name: {f.name.split("-", 1)[0] for f in d.glob("*.parquet")}
            for d in sorted(root.iterdir()) if d.is_dir() and any(d.glob("*.parquet"))}


def diff_releases(old: Path, new: Path) -> dict:
    lo, ln = _layout(old), _layout(new)
    result: dict = {"old": str(old), "new": str(new), "versions": [_version(old), _version(new)], "configs": {}}
    for config in sorted(lo.keys() | ln.keys()):
        per_split = {}
        for split in sorted(lo.get(config, set()) | ln.get(config, set())):
            a, b = _rows(old, config, split), _rows(new, config, split)
            common = a.keys() & b.keys()
            entry = {
                "added": sorted(b.keys() - a.keys()),
                "removed": sorted(a.keys() - b.keys()),
                "changed": sorted(i for i in common if a[i] != b[i]),
            }
            if config == "segmentation":
                entry["tokens"] = _span_delta(a, b, _word_spans)
            if config == "ner":
                entry["entities"] = _span_delta(a, b, _entity_spans)
            per_split[split] = entry
        result["configs"][config] = per_split
    return result


def _span_delta(a: dict[str, dict], b: dict[str, dict], spans) -> dict[str, int]:
    added = removed = 0
    for sid in a.keys() | b.keys():
        sa = spans(a[sid]) if sid in a else set()
        sb = spans(b[sid]) if sid in b else set()
        added += len(sb - sa)
        removed += len(sa - sb)
    return {"added": added, "removed": removed}


def _version(root: Path) -> str | None:
    manifest = root / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8")).get("version") if manifest.exists() else None


def render(result: dict) -> str:
    v_old, v_new = result["versions"]
    lines = [f"diff {result['old']} ({v_old or 'unversioned'}) -> {result['new']} ({v_new or 'unversioned'})"]
    for config, splits in result["configs"].items():
        for split, e in splits.items():
            line = (f"  {config}/{split}: +{len(e['added'])} added, -{len(e['removed'])} removed, "
                    f"~{len(e['changed'])} changed")
            for key in ("tokens", "entities"):
                if key in e:
                    line += f"; {key} +{e[key]['added']} -{e[key]['removed']}"
            lines.append(line)
            for kind in ("added", "removed", "changed"):
                if e[kind]:
                    shown = ", ".join(e[kind][:5]) + (" …" if len(e[kind]) > 5 else "")
                    lines.append(f"      {kind}: {shown}")
    return "\n".join(lines)
