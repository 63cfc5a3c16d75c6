"""Progress on stderr (tqdm: files, MB, MB/s, ETA) for the two shard passes."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field


@dataclass
class Progress:
    """One bar per pass; ``enabled`` False keeps stderr quiet (library use, tests)."""

    enabled: bool = False
    started: float = field(default_factory=time.perf_counter)

    def bar(self, desc: str, total_bytes: int, total_files: int):
        from tqdm import tqdm

        bar = tqdm(total=total_bytes, desc=desc, unit="B", unit_scale=True, unit_divisor=1000, file=sys.stderr,
                   disable=not self.enabled, dynamic_ncols=True, leave=True, smoothing=0.1)
        bar.files_done, bar.files_total = 0, total_files
        bar.set_postfix_str(f"files 0/{total_files}")
        return bar

    @staticmethod
    def advance(bar, files: int, nbytes: int) -> None:
        bar.files_done += files
        bar.set_postfix_str(f"files {bar.files_done}/{bar.files_total}", refresh=False)
        bar.update(nbytes)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
