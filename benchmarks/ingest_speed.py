"""Speed of the ingest stages alone: ``build_document`` over every page of a raw folder, in memory.

    python -m benchmarks.ingest_speed RAW_DIR [--runs 5]

The pages are read and decoded once (``iter_sources``), then ``build_document``
runs over all of them: one warm-up pass, then ``--runs`` timed passes. Prints
the median pass as pages/s and MB/s (MB of the pages' UTF-8 text), by the wall
clock and by this process's CPU time (steadier on a shared machine), with the
fastest and slowest pass, so two revisions compare on the same folder.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.ingest.sources import iter_sources


def time_pages(pages: list[Page], converter: Converter, runs: int) -> list[tuple[float, float]]:
    """(wall s, CPU s) of each timed pass of ``build_document`` over ``pages``, after one warm-up pass."""
    times = []
    for n in range(runs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        for page in pages:
            build_document(page.id_hint, page.text, converter, page.meta)
        if n:
            times.append((time.perf_counter() - wall, time.process_time() - cpu))
    return times


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("raw_dir", type=Path)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args(argv)
    pages = [got for got in iter_sources(args.raw_dir) if isinstance(got, Page)]
    mb = sum(len(page.text.encode("utf-8")) for page in pages) / 1e6
    times = time_pages(pages, Converter(), args.runs)
    print(f"{args.raw_dir}: {len(pages)} pages, {mb:.1f} MB of text, {args.runs} runs after a warm-up")
    for name, column in (("wall", [w for w, _ in times]), ("CPU", [c for _, c in times])):
        median = statistics.median(column)
        print(f"{name:>4}: median {median:.3f} s: {len(pages) / median:,.0f} pages/s, {mb / median:.2f} MB/s "
              f"(fastest {min(column):.3f} s, slowest {max(column):.3f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
