"""A full ``bench`` of every baseline on test sets the size of the standard corpora's, timed.

The standard corpora cannot be shipped, so this script makes stand-ins of the
same size from the bundled gold, deterministically: test-split sentences are
drawn with replacement (``numpy.random.PCG64(seed)``) and joined into lines
until there are as many lines and about as many characters as the corpus's
test set (PKU: 1,944 lines and 173k characters; People's Daily: 4,636
sentences, one drawn sentence each).  The stand-ins are written as SIGHAN and CoNLL files
with the bundled train split as their train files, brought in with
``suzhou-news import`` (timed too), and benchmarked together::

    python -m benchmarks.standard_size --work /tmp/scale [--system NAME ...] [--no-memory]

It prints the wall time of each stage and of each system and writes
``timing.json`` next to the bench results.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

SIZES = {  # name -> (config, test sentences, test characters or None: one drawn sentence per line)
    "pku-size": ("segmentation", 1_944, 173_000),
    "pd-size": ("ner", 4_636, None),
}


def _lines(rows: list[dict], n_lines: int, n_chars: int | None, seed: int) -> list[list[dict]]:
    """``n_lines`` groups of rows drawn with replacement, holding ``n_chars`` characters (or one row each)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    if n_chars is None:
        return [[rows[i]] for i in rng.integers(0, len(rows), size=n_lines)]
    lengths = np.array([len("".join(r["tokens"])) for r in rows])
    pool = rng.integers(0, len(rows), size=2 * n_chars // int(lengths.min()) + n_lines)
    picks = pool[: max(n_lines, int(np.searchsorted(np.cumsum(lengths[pool]), n_chars)) + 1)]
    return [[rows[i] for i in group] for group in np.array_split(picks, n_lines)]


def _sighan(groups: list[list[dict]]) -> str:
    return "".join("  ".join(t for r in g for t in r["tokens"]) + "\n" for g in groups)


def _conll(groups: list[list[dict]]) -> str:
    return "\n".join("".join(f"{c} {t}\n" for r in g for c, t in zip(r["chars"], r["ner_tags"])) for g in groups)


def make_corpora(dataset: Path, work: Path, seed: int = 20261123) -> dict[str, list[str]]:
    """Write the stand-in files; return the ``suzhou-news import`` arguments for each."""
    from suzhou_news.builder.gold.export import read_config

    seg, ner = read_config(dataset, "segmentation"), read_config(dataset, "ner")
    work.mkdir(parents=True, exist_ok=True)
    args = {}
    for k, (name, (config, n_lines, n_chars)) in enumerate(SIZES.items()):
        rows = seg if config == "segmentation" else ner
        fmt, write = ("sighan", _sighan) if config == "segmentation" else ("conll", _conll)
        test, train = work / f"{name}-test.txt", work / f"{name}-train.txt"
        test.write_text(write(_lines(rows["test"], n_lines, n_chars, seed + k)), encoding="utf-8")
        train.write_text(write([[r] for r in rows["train"]]), encoding="utf-8")
        args[name] = [fmt, "--train", str(train), "--test", str(test), "--name", name, "--out", str(work / name)]
    return args


def main(argv: list[str] | None = None) -> int:
    from suzhou_news.cli import main as cli

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--work", type=Path, required=True)
    p.add_argument("--system", action="append", default=[])
    p.add_argument("--no-memory", action="store_true")
    args = p.parse_args(argv)
    timing: dict[str, float] = {}
    start = time.perf_counter()
    built = args.work / "suzhou-news"
    if cli(["build", "--out", str(built)]) != 0:
        return 1
    timing["build bundled dataset"] = time.perf_counter() - start
    for name, import_args in make_corpora(built, args.work / "corpora").items():
        start = time.perf_counter()
        if cli(["import", *import_args]) != 0:
            return 1
        timing[f"import {name}"] = time.perf_counter() - start
    bench = ["bench", "--out", str(args.work / "results"), *(f"--system={s}" for s in args.system),
             *(["--no-memory"] if args.no_memory else [])]
    for name in SIZES:
        bench += ["--dataset", str(args.work / "corpora" / name)]
    start = time.perf_counter()
    if cli(bench) != 0:
        return 1
    timing["bench (every system, both stand-ins)"] = time.perf_counter() - start
    doc = json.loads((args.work / "results" / "results.json").read_text(encoding="utf-8"))
    systems = {f"{e['dataset']} {e['system']}": e["speed"] for e in doc["results"]}
    out = {"seconds": timing, "datasets": doc["datasets"], "systems": systems}
    (args.work / "results" / "timing.json").write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    for stage, seconds in timing.items():
        print(f"{seconds:8.1f} s  {stage}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
