"""Stage 5 — split: whole documents to ``train``/``test``, stable as the corpus grows.

* A committed manifest (``data/splits.json``) pins every document it lists.
* A new document goes to ``test`` when ``bucket(id) >= 1 - test_fraction``, with
  ``bucket`` the first 32 bits of ``sha256("suzhou-news/split/v1:" + id)`` as a
  fraction: it depends on the id alone, so adding a document never moves another.
* Near-duplicates (MinHash over character 5-gram shingles, LSH at a Jaccard
  threshold) form groups; a group follows its pinned member (the smallest id if
  several), else the bucket of its smallest id. Pinned documents are never
  moved: a group that spans both splits is reported as a conflict.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from builder.errors import InputError

SPLITS = ("train", "test")
MANIFEST_VERSION = 1


@dataclass(frozen=True)
class SplitConfig:
    test_fraction: float = 0.2
    shingle: int = 5
    num_perm: int = 128
    threshold: float = 0.8
    seed: int = 1


@dataclass(frozen=True)
class SplitResult:
    assignment: dict[str, str]
    new: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]  # near-duplicate groups of size > 1
    conflicts: tuple[tuple[str, ...], ...]


def bucket(doc_id: str) -> float:
    digest = hashlib.sha256(f"suzhou-news/split/v1:{doc_id}".encode()).hexdigest()
    return int(digest[:8], 16) / 2**32


def hash_split(doc_id: str, test_fraction: float) -> str:
    return "test" if bucket(doc_id) >= 1 - test_fraction else "train"


def read_manifest(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg}); fix or delete the manifest") from exc
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, dict):
        raise InputError(f"{path}: expected an object with a 'documents' mapping of id -> split")
    for doc_id, split in docs.items():
        if split not in SPLITS:
            raise InputError(f"{path}: document {doc_id!r} has split {split!r}; use one of {SPLITS}")
    return dict(docs)


def manifest_text(assignment: dict[str, str], config: SplitConfig) -> str:
    body = {
        "version": MANIFEST_VERSION,
        "rule": f"pinned; new ids: test iff sha256('suzhou-news/split/v1:'+id)[:8]/2**32 >= {1 - config.test_fraction:g}",
        "documents": dict(sorted(assignment.items())),
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def near_duplicate_groups(texts: dict[str, str], config: SplitConfig) -> list[list[str]]:
    """Connected components of the MinHash-LSH candidate graph, verified by estimated Jaccard."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    hashes = {}
    for doc_id in sorted(texts):
        text = "".join(texts[doc_id].split())
        shingles = {text[i : i + config.shingle] for i in range(max(1, len(text) - config.shingle + 1))}
        m = MinHash(num_perm=config.num_perm, seed=config.seed)
        for sh in sorted(shingles):
            m.update(sh.encode("utf-8"))
        hashes[doc_id] = m
        lsh.insert(doc_id, m)
    parent = {d: d for d in hashes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for doc_id, m in hashes.items():
        for other in lsh.query(m):
            if other != doc_id and m.jaccard(hashes[other]) >= config.threshold:
                a, b = sorted((find(doc_id), find(other)))
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for d in sorted(hashes):
        groups.setdefault(find(d), []).append(d)
    return sorted(groups.values())


def assign_splits(texts: dict[str, str], pinned: dict[str, str], config: SplitConfig) -> SplitResult:
    assignment: dict[str, str] = {}
    big, conflicts = [], []
    for group in near_duplicate_groups(texts, config):
        pins = [pinned[d] for d in group if d in pinned]
        target = pins[0] if pins else hash_split(group[0], config.test_fraction)
        if len(set(pins)) > 1:
            conflicts.append(tuple(group))
        for d in group:
            assignment[d] = pinned.get(d, target)
        if len(group) > 1:
            big.append(tuple(group))
    new = tuple(sorted(d for d in texts if d not in pinned))
    return SplitResult(assignment, new, tuple(big), tuple(conflicts))
