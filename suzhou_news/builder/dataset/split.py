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

Signatures are computed where the text is (:func:`signatures`: datasketch's MinHash values,
computed block-wise with numpy) and reduced there to one 64-bit key per LSH band
(:func:`band_keys`); groups come from the band keys, with only the candidate pairs'
signatures read back for the Jaccard check (:func:`groups_from_bands`), so a build at scale
exchanges 8 bytes per band and document (72 at the defaults) between its passes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from suzhou_news.errors import InputError

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
    return np.unique((_splitmix64(h) >> np.uint64(32)).astype(np.uint32))


def _splitmix64(h: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise (mod 2**64)."""
    h = h ^ (h >> np.uint64(30))
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


SIGNATURE_BLOCK = 1 << 15  # shingles permuted at once: a few 128 KiB arrays, which stay in cache


@dataclass(frozen=True)
class MinHashScheme:
    """datasketch's MinHash (``affine32`` scheme) and LSH banding for a :class:`SplitConfig`, as plain numbers.

    Made once in the driver from datasketch (:meth:`of`) and shipped to the shard tasks,
    so workers compute the same values without importing datasketch (and SciPy with it:
    half a second and about 50 MB per worker).
    """

    a: tuple[int, ...]  # the permutations h -> a*h + b (mod 2**32)
    b: tuple[int, ...]
    premix: tuple[int, int, int, int, int]  # murmur3 fmix32: shift, multiply, shift, multiply, shift
    bands: int
    rows: int

    @classmethod
    def of(cls, config: SplitConfig) -> MinHashScheme:
        from datasketch import MinHash, MinHashLSH
        from datasketch.minhash import _FMIX_CONSTANTS

        a, b = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32").permutations
        lsh = MinHashLSH(threshold=config.threshold, num_perm=config.num_perm)
        return cls(tuple(map(int, a)), tuple(map(int, b)), tuple(map(int, _FMIX_CONSTANTS[32])), lsh.b, lsh.r)

    def mix(self, hv: np.ndarray) -> np.ndarray:
        s1, m1, s2, m2, s3 = (np.uint32(v) for v in self.premix)
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        return hv ^ (hv >> s3)


def signatures(texts: Sequence[str], config: SplitConfig, scheme: MinHashScheme | None = None) -> np.ndarray:
    """MinHash signatures, ``len(texts)`` × ``num_perm`` uint32, equal to datasketch's ``MinHash.bulk``.

    The values are datasketch's (``affine32``: its permutations and pre-mix, see
    :class:`MinHashScheme`; the equality is a test), but the work is ordered for the
    machine: the shingles of a block of documents are permuted one permutation at a time,
    in place, and each document's minimum is a ``reduceat``. datasketch's batch update
    builds a shingles × permutations array per document instead; this is about ten times
    faster on news pages.
    """
    scheme = scheme or MinHashScheme.of(config)
    out = np.empty((len(texts), config.num_perm), dtype=np.uint32)
    if not texts:
        return out
    hashes = [shingle_hashes(t, config.shingle) for t in texts]  # at least one per text
    sizes = np.array([len(h) for h in hashes])
    ends = np.cumsum(sizes)
    starts = ends - sizes
    values = scheme.mix(np.concatenate(hashes))
    a, b = np.array(scheme.a, dtype=np.uint32), np.array(scheme.b, dtype=np.uint32)
    i = 0
    while i < len(texts):
        j = max(i + 1, int(np.searchsorted(ends, starts[i] + SIGNATURE_BLOCK, side="right")))
        block, at = values[starts[i] : ends[j - 1]], starts[i:j] - starts[i]
        permuted = np.empty_like(block)
        for k in range(config.num_perm):
            np.multiply(block, a[k], out=permuted)
            permuted += b[k]
            out[i:j, k] = np.minimum.reduceat(permuted, at)
        i = j
    return out


def band_keys(sigs: np.ndarray, scheme: MinHashScheme) -> np.ndarray:
    """One 64-bit key per LSH band (``len(sigs)`` × bands): what the global pass buckets on.

    Two documents whose band values are equal get equal keys; a 64-bit collision only adds
    a candidate pair, which the Jaccard check then decides like any other. 8 bytes per band
    instead of the band's values keep the driver's keys small.
    """
    out = np.empty((len(sigs), scheme.bands), dtype=np.uint64)
    for band in range(scheme.bands):
        h = np.full(len(sigs), np.uint64(scheme.rows))
        for j in range(band * scheme.rows, (band + 1) * scheme.rows):
            h = h * _POLY + sigs[:, j].astype(np.uint64)
        out[:, band] = _splitmix64(h)
    return out


def groups_from_signatures(ids: Sequence[str], sigs: np.ndarray, config: SplitConfig) -> list[list[str]]:
    """Near-duplicate groups of documents with signatures ``sigs`` (see :func:`groups_from_bands`)."""
    return groups_from_bands(ids, band_keys(sigs, MinHashScheme.of(config)), sigs, config)


def groups_from_bands(ids: Sequence[str], bands: np.ndarray, sigs, config: SplitConfig) -> list[list[str]]:
    """Connected components of the LSH candidate graph whose edges have estimated Jaccard >= threshold.

    The banding is datasketch's (``MinHashLSH`` picks the number of bands and rows for the
    threshold): two documents are candidates when some band's key (:func:`band_keys`) is
    equal. Buckets are found by sorting each band's keys with numpy instead of holding
    ``MinHashLSH``'s dict of sets, which needs about 3 KB per document; candidates are then
    verified by estimated Jaccard and joined with union-find, as the index would. ``sigs``
    is anything that gives a document's signature by position (an array, or the global
    pass's view of the shards' signature files): only candidates are read.
    """
    n = len(ids)
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for band in range(bands.shape[1]):
        _, inverse, counts = np.unique(bands[:, band], return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        shared = np.flatnonzero(counts[inverse] > 1)
        if not len(shared):
            continue
        by_bucket = shared[np.argsort(inverse[shared], kind="stable")]
        for members in np.split(by_bucket, np.flatnonzero(np.diff(inverse[by_bucket])) + 1):
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
