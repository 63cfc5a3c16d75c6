"""suzhou-news: build, check, benchmark and release a Chinese news dataset.

This is the top of the import graph: it joins the builder's commands (``builder.cli``)
and the benchmark suite's (``benchmarks.cli``), and holds the commands that need
both, ``run`` (build, then benchmark) and ``annotate`` (pre-annotation by a
benchmark system). ``builder`` never imports ``benchmarks``; ``benchmarks`` imports
only the builder's library modules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder import cli as builder_cli
from builder.errors import SuzhouNewsError

DEFAULT_DATASET = builder_cli.DEFAULT_OUT


def cmd_run(args: argparse.Namespace) -> int:
    """The main job: build the dataset from the bundled articles, benchmark every baseline, print the leaderboard."""
    from benchmarks.cli import cmd_bench

    build_args = argparse.Namespace(raw=Path("data/raw"), out=args.dataset, manifest=Path("data/splits.json"),
                                    annotations=Path("data/annotations"), no_annotations=False)
    builder_cli.cmd_build(build_args)
    print()
    return cmd_bench(argparse.Namespace(dataset=args.dataset, out=args.out, system=None, resamples=1000))


def cmd_annotate(args: argparse.Namespace) -> int:
    from benchmarks.cli import ready_system
    from builder.gold.annotate import AnnotateConfig, annotate

    def systems():
        return ready_system(args.segmenter, "cws", args.dataset), ready_system(args.tagger, "ner", args.dataset)

    config = AnnotateConfig(dataset=args.dataset, out_dir=args.annotations, update=args.update)
    for line in annotate(config, systems):
        print(line)
    return 0


def _lazy(module: str):
    """Resolve a command function by name only when it runs, so ``--help`` imports nothing heavy."""
    def wrap(name: str):
        def run(args: argparse.Namespace) -> int:
            import importlib

            return getattr(importlib.import_module(module), name)(args)

        return run

    return wrap


def parser() -> argparse.ArgumentParser:
    from benchmarks.cli import add_commands as add_bench_commands

    p = argparse.ArgumentParser(prog="suzhou-news", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    builder_cli.add_commands(sub)
    add_bench_commands(sub, _lazy("benchmarks.cli"))

    r = sub.add_parser("run", help="build the bundled articles, benchmark every baseline, print the leaderboard")
    r.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    r.add_argument("--out", type=Path, default=Path("results"))
    r.set_defaults(func=cmd_run)

    a = sub.add_parser("annotate", help="start annotation files for new documents from tool pre-annotation")
    a.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    a.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    a.add_argument("--segmenter", default="jieba.default.v1")
    a.add_argument("--tagger", default="jieba.posseg.ner.v1")
    a.add_argument("--update", action="store_true", help="re-sync existing files with changed sentences")
    a.set_defaults(func=cmd_annotate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SuzhouNewsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
