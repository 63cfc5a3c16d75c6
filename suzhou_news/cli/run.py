"""``run``: the main job. Build the bundled corpus, benchmark every baseline, print the leaderboard.

The bundled corpus is read from the installed package (``suzhou_news.package_data``); the dataset and the
results are written below the working directory. Nothing is written into the package: the bundled
articles are all pinned in its split manifest, so the build has nothing to add to it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from suzhou_news import defaults, package_data

from .bench import report_bench
from .build import report_build


def cmd_run(args: argparse.Namespace) -> int:
    from suzhou_news.bench.suite import bench
    from suzhou_news.builder.pipeline.runner import BuildConfig, build

    corpus = package_data.corpus_dir()
    config = BuildConfig(raw_dir=corpus / "raw", out_dir=args.dataset, manifest=corpus / "splits.json",
                         annotations_dir=corpus / "annotations", guidelines=package_data.guidelines(),
                         update_manifest=False)
    result = build(config, progress=sys.stderr.isatty())
    report_build(result, config.manifest)
    print()
    report_bench(bench(args.dataset, args.out), args.out)
    return 0


def add_commands(sub) -> None:
    r = sub.add_parser("run", help="build the bundled articles, benchmark every baseline, print the leaderboard")
    r.add_argument("--dataset", type=Path, default=defaults.DATASET)
    r.add_argument("--out", type=Path, default=defaults.RESULTS)
    r.set_defaults(func=cmd_run)
