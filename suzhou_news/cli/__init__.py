"""The ``suzhou-news`` program: one command-line package, a module per command group.

* ``build.py``: build (with ``--silver``), validate, stats;
* ``curation.py``: check-annotations, agreement, annotation-status, export, annotate,
  ``import labelstudio|doccano``;
* ``corpora.py``: ``import sighan|conll``;
* ``bench.py``: bench, systems, score, score-cws, score-ner, segment, tag;
* ``release.py``: release, diff, publish;
* ``run.py``: run (build the bundled corpus, benchmark, print the leaderboard).

Handlers call library functions and print; heavy imports stay inside them, so ``--help`` is quick.
Default paths live in ``suzhou_news.defaults``.

Exit codes: 0 done; 1 a check ran and found problems (``validate``, ``check-annotations``);
2 bad usage or bad input: one line ``suzhou-news …: error: …`` (argparse) or ``error: …`` (a
``SuzhouNewsError`` raised by the library), never a traceback; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys

from suzhou_news import __version__
from suzhou_news.errors import SuzhouNewsError

from . import bench, build, corpora, curation, release, run


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (subcommand parsers inherit it)."""

    def error(self, message: str):  # argparse prints the whole usage block first; one line says more
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def parser() -> Parser:
    p = Parser(prog="suzhou-news", description="Build, check, benchmark and release a Chinese news dataset.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run.add_commands(sub)
    build.add_commands(sub)
    i = sub.add_parser("import", help="bring data in: a standard corpus as a dataset folder (sighan, conll), "
                                      "or annotations back from a tool (labelstudio, doccano)")
    kinds = i.add_subparsers(dest="source", required=True, metavar="SOURCE")
    corpora.add_commands(kinds)
    curation.add_importers(kinds)
    curation.add_commands(sub)
    bench.add_commands(sub)
    release.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SuzhouNewsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly, as other command-line tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would fail again
        return 141


__all__ = ["main", "parser"]
