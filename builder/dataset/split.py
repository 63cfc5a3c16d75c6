"""Stage 5 — split: whole documents to ``train``/``test``, stable as the corpus grows.

* A committed manifest (``data/splits.json``) pins every document it lists. It is a
  ledger: a build only adds to it (:func:`ledger`), so building another folder or a
  subset never removes the pins of documents that build did not see.
* A new document goes to ``test`` when ``bucket(id) >= 1 - test_fraction``, with
  ``bucket`` the first 32 bits of ``sha256("suzhou-news/split/v1:" + id)`` as a
  fraction: it depends on the id alone, so adding a document never moves another.
* Near-duplicates (MinHash over character 5-gram shingles, LSH at a Jaccard
  threshold, candidates verified by estimated Jaccard) form groups; a group follows
  its pinned member (the smallest id if several), else the bucket of its smallest id.
  Pinned documents are never moved: a group that spans both splits is reported as a
  conflict.

Signatures are computed where the text is (:func:`signatures`: shingles hashed with numpy, then
datasketch's batch update), and
grouped from signatures alone (:func:`groups_from_signatures`), so a build at scale
exchanges only the small signatures between its passes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

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
    shingle_hash: str = "poly64-splitmix64/v1"  # how a shingle becomes the 32-bit value MinHash permutes


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


def ledger(pinned: Mapping[str, str], assignment: Mapping[str, str]) -> dict[str, str]:
    """The manifest after a build: every earlier pin kept, the build's new documents added."""
    return {**assignment, **pinned}


_POLY = np.uint64(0x100000001B3)  # odd multiplier of the polynomial over code points (mod 2**64)


def shingle_hashes(text: str, k: int) -> np.ndarray:
    """The distinct character ``k``-gram shingles of ``text`` (whitespace removed) as 32-bit hashes.

    Vectorised (``poly64-splitmix64/v1``): a polynomial over the code points of each
    window, mod 2**64, then the splitmix64 finaliser; the top 32 bits are kept.
    A text shorter than ``k`` is one shingle; an empty text is the empty shingle.
    """
    cps = np.frombuffer("".join(text.split()).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(cps)
    windows, width = max(1, n - k + 1), min(k, n)
    h = np.full(windows, np.uint64(width))
    for j in range(width):
        h = h * _POLY + cps[j : j + windows]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


def signatures(texts: Sequence[str], config: SplitConfig) -> np.ndarray:
    """MinHash signatures (``len(texts)`` × ``num_perm``, datasketch's default scheme), hashed in batches."""
    from datasketch import MinHash

    if not texts:
        return np.zeros((0, config.num_perm), dtype=MinHash(num_perm=1).hashvalues.dtype)
    hashes = MinHash.bulk((shingle_hashes(t, config.shingle).tolist() for t in texts), num_perm=config.num_perm,
                          seed=config.seed, hashfunc=int)
    return np.stack([m.hashvalues for m in hashes])


def groups_from_signatures(ids: Sequence[str], sigs: np.ndarray, config: SplitConfig) -> list[list[str]]:
    """Connected components of the LSH candidate graph whose edges have estimated Jaccard >= threshold.

    The banding is datasketch's (``MinHashLSH`` picks the number of bands ``b`` and rows ``r``
    for the threshold): two documents are candidates when all ``r`` values of some band are
    equal. Buckets are found by sorting each band's rows with numpy instead of holding
    ``MinHashLSH``'s dict of sets, which needs about 3 KB per document; candidates are then
    verified by estimated Jaccard and joined with union-find, as the index would.
    """
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
    bands, rows = lsh.b, lsh.r
    n = len(ids)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(bands):
        block = np.ascontiguousarray(sigs[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[inverse.ravel()] > 1)
        if not len(shared):
            continue
        by_bucket = shared[np.argsort(inverse.ravel()[shared], kind="stable")]
        buckets = np.split(by_bucket, np.flatnonzero(np.diff(inverse.ravel()[by_bucket])) + 1)
        for members in buckets:
            members = members.tolist()
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    if find(i) == find(j):  # already joined: the edge changes nothing
                        continue
                    if np.count_nonzero(sigs[i] == sigs[j]) / config.num_perm >= config.threshold:
                        a, b = sorted((find(i), find(j)), key=ids.__getitem__)
                        parent[b] = a
    groups: dict[int, list[str]] = {}
    for i in sorted(range(n), key=ids.__getitem__):
        groups.setdefault(find(i), []).append(ids[i])
    return sorted(groups.values())


def near_duplicate_groups(texts: dict[str, str], config: SplitConfig) -> list[list[str]]:
    """Near-duplicate groups (size 1 included) of ``id -> text``."""
    ids = sorted(texts)
    return groups_from_signatures(ids, signatures([texts[d] for d in ids], config), config)


def assign_groups(groups: Sequence[Sequence[str]], pinned: Mapping[str, str], config: SplitConfig) -> SplitResult:
    """Split of every document in ``groups`` (each group sorted by id), pins first."""
    assignment: dict[str, str] = {}
    big, conflicts = [], []
    for group in groups:
        pins = [pinned[d] for d in group if d in pinned]
        target = pins[0] if pins else hash_split(group[0], config.test_fraction)
        if len(set(pins)) > 1:
            conflicts.append(tuple(group))
        for d in group:
            assignment[d] = pinned.get(d, target)
        if len(group) > 1:
            big.append(tuple(group))
    new = tuple(sorted(d for d in assignment if d not in pinned))
    return SplitResult(assignment, new, tuple(big), tuple(conflicts))


def assign_splits(texts: dict[str, str], pinned: dict[str, str], config: SplitConfig) -> SplitResult:
    return assign_groups(near_duplicate_groups(texts, config), pinned, config)
