"""The global pass: small per-document keys of every shard → one decision per document.

In order: exact duplicates (same cleaned title and text) are kept once, the first in file
order, the others reported with ``duplicate_of``; id clashes get a deterministic
suffix (nothing is dropped for its id); near-duplicate groups come from LSH over the
signatures; splits follow the manifest ledger; the train/test exact-sentence overlap
is counted from sentence hashes; documents with an annotation file are marked for
the gold join; site names are learned from the pages' title parts
(:mod:`suzhou_news.builder.pipeline.site_names`). Only keys are read here, never the text.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from suzhou_news.builder.dataset.split import SplitConfig, SplitResult, assign_groups, groups_from_bands
from suzhou_news.builder.dataset.write import kill_point
from suzhou_news.builder.pipeline.map_pass import work_file
from suzhou_news.builder.pipeline.site_names import SiteParts, learn


@dataclass(frozen=True)
class ShardDecision:
    """What pass 2 applies to one shard, by document position in the shard."""

    final_ids: tuple[str | None, ...]  # None: dropped as an exact duplicate
    splits: tuple[str | None, ...]
    audit_patches: dict[int, dict] = field(default_factory=dict)  # position → fields to change in its audit line
    gold: frozenset[str] = frozenset()  # final ids with an annotation file
    site_names: dict[str, SiteParts] = field(default_factory=dict)  # learned parts of the shard's sites


@dataclass(frozen=True)
class Resolution:
    decisions: tuple[ShardDecision, ...]
    split: SplitResult
    shared_hashes: np.ndarray  # sentence hashes found in both train and test
    test_unique_sentences: int
    duplicates: tuple[dict, ...]
    id_clashes: tuple[dict, ...]
    without_annotation_file: tuple[str, ...] | None
    site_names: dict[str, SiteParts] = field(default_factory=dict)


def load_keys(work_dir: Path, n_shards: int) -> list[dict]:
    out = []
    for i in range(n_shards):
        with work_file(work_dir, "keys", i, "pkl").open("rb") as f:
            out.append(pickle.load(f))
    return out


class ShardSignatures:
    """Signature of the ``i``-th kept document, read from its shard's ``sigs`` file on demand (memory-mapped).

    At most ``open_limit`` files are mapped at once (the least recently used is closed first):
    a crawl of many thousand shards would otherwise run out of file descriptors.
    """

    def __init__(self, work_dir: Path, shard: np.ndarray, position: np.ndarray, open_limit: int = 64) -> None:
        self.work_dir, self.shard, self.position, self.open_limit = work_dir, shard, position, open_limit
        self.maps: OrderedDict[int, np.ndarray] = OrderedDict()

    def __getitem__(self, i: int) -> np.ndarray:
        s = int(self.shard[i])
        if s in self.maps:
            self.maps.move_to_end(s)
        else:
            if len(self.maps) >= self.open_limit:
                self.maps.popitem(last=False)  # its last reference: the file is unmapped
            self.maps[s] = np.load(work_file(self.work_dir, "sigs", s, "npy"), mmap_mode="r")
        return np.array(self.maps[s][self.position[i]])  # a copy: it outlives the map


def _suffixed(hint: str, origin: str, used: set[str]) -> str:
    digest = hashlib.sha256(origin.encode("utf-8")).hexdigest()
    for n in range(8, 65):
        candidate = f"{hint}-{digest[:n]}"
        if candidate not in used:
            return candidate
    raise AssertionError("unreachable: a 64-hex suffix is unique per origin")


def resolve(work_dir: Path, n_shards: int, pinned: dict[str, str], config: SplitConfig,
            annotated: set[str] | None) -> Resolution:
    """Decide every document from the keys the map pass left in ``work_dir``.

    ``annotated``: stems of the annotation files (None: no gold join).
    """
    keys = load_keys(work_dir, n_shards)
    sizes = [len(k["id_hint"]) for k in keys]
    offsets = np.concatenate([[0], np.cumsum(sizes)]).tolist()  # documents are numbered in file order
    shard_of = np.repeat(np.arange(len(keys), dtype=np.int32), sizes)
    position = np.concatenate([np.arange(n, dtype=np.int32) for n in sizes])
    hints = [h for k in keys for h in k.pop("id_hint")]
    origins = [o for k in keys for o in k.pop("origin")]
    n = len(hints)
    # exact duplicates: the first copy in file order is kept (np.unique gives first occurrences)
    content = np.frombuffer(b"".join(c for k in keys for c in k.pop("content")), dtype="V16")
    _, first_index, inverse = np.unique(content, return_index=True, return_inverse=True)
    first_of = first_index[inverse.ravel()]
    del content, inverse
    is_dup = first_of != np.arange(n)
    final: list[str | None] = [None] * n
    patches: list[dict[int, dict]] = [{} for _ in keys]
    # ids: the first page asking for an id gets it; later ones a suffix from their origin
    unique = np.flatnonzero(~is_dup).tolist()
    used = {hints[g] for g in unique}
    owner: dict[str, str] = {}
    clashes = []
    for g in unique:
        hint, origin = hints[g], origins[g]
        if hint not in owner:
            owner[hint] = origin
            final[g] = hint
            continue
        new = _suffixed(hint, origin, used)
        used.add(new)
        final[g] = new
        patches[shard_of[g]][position[g]] = {"id": new, "id_hint": hint}
        clashes.append({"file": origin, "id_hint": hint, "id": new, "id_taken_by": owner[hint]})
    del used, owner
    duplicates = []
    for g in np.flatnonzero(is_dup).tolist():
        kept, origin = final[first_of[g]], origins[first_of[g]]
        patches[shard_of[g]][position[g]] = {
            "status": "excluded", "reason": "duplicate_content", "duplicate_of": kept,
            "detail": f"same cleaned title and text as {origin} (id {kept!r}); kept once"}
        duplicates.append({"file": origins[g], "duplicate_of": kept, "kept_file": origin})
    del hints, origins, first_of
    title_keys = [k.pop("title_key") for k in keys]
    every_key = (key for shard in title_keys for key in shard)  # in document order, as is_dup
    learned = learn(key for g, key in enumerate(every_key) if key and not is_dup[g])
    # near-duplicates and splits
    kept = np.flatnonzero(~is_dup)
    ids = [final[g] for g in kept.tolist()]
    bands = np.concatenate([k.pop("bands") for k in keys])[kept]
    groups = groups_from_bands(ids, bands, ShardSignatures(work_dir, shard_of[kept], position[kept]), config)
    del bands
    kill_point("near_duplicates")
    split = assign_groups(groups, pinned, config)
    del groups
    # train/test exact-sentence overlap, from hashes (per shard first, so only distinct hashes are gathered)
    code = {"train": 0, "test": 1}
    doc_split = np.array([code[split.assignment[d]] if d else -1 for d in final], dtype=np.int8)
    by_split: list[list[np.ndarray]] = [[], []]
    for s, k in enumerate(keys):
        per_sentence = np.repeat(doc_split[offsets[s] : offsets[s + 1]], k.pop("sentence_counts"))
        hashes = k.pop("sentence_hashes")
        for c, found in enumerate(by_split):
            found.append(np.unique(hashes[per_sentence == c]))
    train, test = (np.unique(np.concatenate(v)) if v else np.zeros(0, np.uint64) for v in by_split)
    del by_split
    shared = np.intersect1d(train, test, assume_unique=True)
    gold = set(ids) & annotated if annotated is not None else set()
    decisions = []
    for s in range(len(keys)):
        here = final[offsets[s] : offsets[s + 1]]
        sites = {t[0] for t in title_keys[s] if t and t[0] in learned}
        decisions.append(ShardDecision(tuple(here), tuple(split.assignment.get(d) if d else None for d in here),
                                       patches[s], frozenset(d for d in here if d in gold),
                                       {site: learned[site] for site in sorted(sites)}))
    missing = tuple(sorted(set(ids) - gold)) if annotated is not None else None
    return Resolution(tuple(decisions), split, shared, len(test), tuple(duplicates), tuple(clashes), missing, learned)
