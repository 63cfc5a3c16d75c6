"""The global pass: small per-document keys of every shard → one decision per document.

In order: exact duplicates (same cleaned title and text) are kept once, the first in file
order, the others reported with ``duplicate_of``; id clashes get a deterministic
suffix (nothing is dropped for its id); near-duplicate groups come from LSH over the
signatures; splits follow the manifest ledger; the train/test exact-sentence overlap
is counted from sentence hashes; documents with an annotation file are marked for
the gold join. Only keys are read here, never the text.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from builder.dataset.split import SplitConfig, SplitResult, assign_groups, groups_from_signatures
from builder.dataset.write import kill_point
from builder.pipeline.map_pass import work_file


@dataclass(frozen=True)
class ShardDecision:
    """What pass 2 applies to one shard, by document position in the shard."""

    final_ids: tuple[str | None, ...]  # None: dropped as an exact duplicate
    splits: tuple[str | None, ...]
    audit_patches: dict[int, dict] = field(default_factory=dict)  # position → fields to change in its audit line
    gold: frozenset[str] = frozenset()  # final ids with an annotation file


@dataclass(frozen=True)
class Resolution:
    decisions: tuple[ShardDecision, ...]
    split: SplitResult
    shared_hashes: np.ndarray  # sentence hashes found in both train and test
    test_unique_sentences: int
    duplicates: tuple[dict, ...]
    id_clashes: tuple[dict, ...]
    without_annotation_file: tuple[str, ...] | None


def load_keys(work_dir: Path, n_shards: int) -> list[dict]:
    out = []
    for i in range(n_shards):
        with work_file(work_dir, "keys", i, "pkl").open("rb") as f:
            out.append(pickle.load(f))
    return out


def _suffixed(hint: str, origin: str, used: set[str]) -> str:
    digest = hashlib.sha256(origin.encode("utf-8")).hexdigest()
    for n in range(8, 65):
        candidate = f"{hint}-{digest[:n]}"
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable: a 64-hex suffix is unique per origin")


def resolve(keys: list[dict], pinned: dict[str, str], config: SplitConfig,
            annotated: set[str] | None) -> Resolution:
    """``annotated``: stems of the annotation files (None: no gold join)."""
    flat = [(s, p) for s, k in enumerate(keys) for p in range(len(k["id_hint"]))]
    final: list[list[str | None]] = [[None] * len(k["id_hint"]) for k in keys]
    patches: list[dict[int, dict]] = [{} for _ in keys]
    # exact duplicates: the first copy in file order is kept
    first: dict[bytes, tuple[int, int]] = {}
    dup_of: dict[tuple[int, int], tuple[int, int]] = {}
    for s, p in flat:
        first_at = first.setdefault(keys[s]["content"][p], (s, p))
        if first_at != (s, p):
            dup_of[(s, p)] = first_at
    # ids: the first page asking for an id gets it; later ones a suffix from their origin
    used = {keys[s]["id_hint"][p] for s, p in flat if (s, p) not in dup_of}
    owner: dict[str, str] = {}
    clashes = []
    for s, p in flat:
        if (s, p) in dup_of:
            continue
        hint, origin = keys[s]["id_hint"][p], keys[s]["origin"][p]
        if hint not in owner:
            owner[hint] = origin
            final[s][p] = hint
            continue
        new = _suffixed(hint, origin, used)
        used.add(new)
        final[s][p] = new
        patches[s][p] = {"id": new, "id_hint": hint}
        clashes.append({"file": origin, "id_hint": hint, "id": new, "id_taken_by": owner[hint]})
    duplicates = []
    for (s, p), (fs, fp) in sorted(dup_of.items()):
        kept, origin = final[fs][fp], keys[fs]["origin"][fp]
        patches[s][p] = {"status": "excluded", "reason": "duplicate_content", "duplicate_of": kept,
                         "detail": f"same cleaned title and text as {origin} (id {kept!r}); kept once"}
        duplicates.append({"file": keys[s]["origin"][p], "duplicate_of": kept, "kept_file": origin})
    # near-duplicates and splits
    kept_at = [(s, p) for s, p in flat if final[s][p] is not None]
    ids = [final[s][p] for s, p in kept_at]
    sigs = np.empty((len(kept_at), config.num_perm), dtype=keys[0]["signature"].dtype)
    row = 0
    for s, k in enumerate(keys):  # shard by shard, so the signatures are never held twice
        kept = [p for p, f in enumerate(final[s]) if f is not None]
        sigs[row : row + len(kept)] = k.pop("signature")[kept]
        row += len(kept)
    groups = groups_from_signatures(ids, sigs, config)
    kill_point("near_duplicates")
    split = assign_groups(groups, pinned, config)
    # train/test exact-sentence overlap, from hashes
    by_split = {"train": [], "test": []}
    for s, k in enumerate(keys):
        doc_split = np.array([split.assignment.get(f) if f else None for f in final[s]], dtype=object)
        per_sentence = np.repeat(doc_split, k["sentence_counts"]) if len(doc_split) else doc_split
        for name, hashes in by_split.items():
            hashes.append(k["sentence_hashes"][per_sentence == name])
    train, test = (np.unique(np.concatenate(v)) if v else np.zeros(0, np.uint64) for v in by_split.values())
    shared = np.intersect1d(train, test, assume_unique=True)
    gold = set(ids) & annotated if annotated is not None else set()
    decisions = tuple(
        ShardDecision(tuple(final[s]), tuple(split.assignment.get(d) if d else None for d in final[s]),
                      patches[s], frozenset(d for d in final[s] if d in gold))
        for s in range(len(keys)))
    missing = tuple(sorted(set(ids) - gold)) if annotated is not None else None
    return Resolution(decisions, split, shared, len(test), tuple(duplicates), tuple(clashes), missing)
