"""The shard plan: contiguous ranges of the sorted raw file list, sized by bytes.

The number of shards comes from the data (total bytes / a target size) or from
``--shards``, never from the number of workers, so the output files do not
depend on how many workers ran them (datatrove's ranks, borrowed).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.scan import scan_raw_folder


@dataclass(frozen=True)
class Shard:
    index: int
    count: int
    files: tuple[str, ...]  # relative POSIX paths under the raw folder, sorted (refused entries too)
    bytes: int
    refused: tuple[LeftOut, ...] = ()  # the entries the scan refused (symlinks, hidden, special, unreadable)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # unreadable entries are reported by the reader, not here
        return 0


def plan_shards(raw_dir: Path, shards: int | None, shard_bytes: int) -> list[Shard]:
    """Shards over the scan of ``raw_dir``: its plain files and, in path order among them, the refused entries
    (symlinks, hidden, special, unreadable: :mod:`suzhou_news.builder.ingest.scan`), so each is reported by its shard."""
    entries = scan_raw_folder(raw_dir).in_order()
    files = [p.relative_to(raw_dir).as_posix() for p, _ in entries]
    sizes = [0 if r else _size(p) for p, r in entries]
    why = {r.file: r for _, r in entries if r}
    total = sum(sizes)
    n = shards if shards else -(-total // max(1, shard_bytes))
    n = max(1, min(n, len(files)))
    before = [0]
    for size in sizes:
        before.append(before[-1] + size)  # bytes before file i
    cuts, prev = [0], 0
    for k in range(1, n):  # shard k starts at the first file with k/n of the bytes before it
        i = bisect_left(before, -(-k * total // n), 0, len(files))
        prev = min(max(i, prev + 1), len(files) - (n - k))
        cuts.append(prev)
    cuts.append(len(files))
    return [Shard(k, n, tuple(files[cuts[k]:cuts[k + 1]]), before[cuts[k + 1]] - before[cuts[k]],
                  tuple(why[f] for f in files[cuts[k]:cuts[k + 1]] if f in why)) for k in range(n)]
