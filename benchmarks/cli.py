"""Benchmark subcommands of ``suzhou-news``: bench, score-cws, score-ner, segment, tag, run."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DEFAULT_DATASET = Path("dist/suzhou-news")


def load_golds(datasets: Path | list[Path], train_on: Path | None = None) -> tuple[list, object]:
    """The gold of every ``--dataset`` (names must differ) and of ``--train-on`` (reused when also a dataset)."""
    from builder.errors import InputError

    from .data import load_gold

    paths = [datasets] if isinstance(datasets, Path) else list(dict.fromkeys(datasets))
    golds = [load_gold(p) for p in paths]
    seen: dict[str, Path] = {}
    for path, gold in zip(paths, golds):
        if gold.name in seen:
            raise InputError(f"{path} and {seen[gold.name]} are both named {gold.name!r}; results are keyed by "
                             "dataset name, so import one of them again under another --name")
        seen[gold.name] = path
    source = None
    if train_on is not None:
        same = [g for p, g in zip(paths, golds) if p.resolve() == train_on.resolve()]
        source = same[0] if same else load_gold(train_on)
        if not source.train:
            raise InputError(f"--train-on {train_on}: the dataset has no train split to fit the trained systems on")
    return golds, source


def bench(dataset: Path | list[Path], out: Path, systems: tuple[str, ...] = (), n_resamples: int = 1000,
          train_on: Path | None = None, measure_memory: bool = True) -> dict:
    from builder.write import write_text_atomic

    from .report import chart, leaderboard, results_document, validate_results
    from .runner import BenchConfig, run_datasets

    golds, source = load_golds(dataset, train_on)
    config = BenchConfig(systems=systems, n_resamples=n_resamples, measure_memory=measure_memory)
    results, paired, skipped = run_datasets(golds, config, train_on=source)
    doc = results_document(golds, config, results, paired, skipped, source)
    validate_results(doc)
    out.mkdir(parents=True, exist_ok=True)
    write_text_atomic(out / "results.json", json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    write_text_atomic(out / "leaderboard.md", leaderboard(doc))
    chart(doc, out / "f1-vs-throughput.png")
    return doc


def _check_names(names) -> None:
    """Exit with the registry's "Did you mean …?" message, not a traceback, for an unknown name."""
    from .baselines import registry
    from .baselines.registry import UnknownBaselineError

    for name in names:
        try:
            registry.get_class(name)
        except UnknownBaselineError as exc:
            raise SystemExit(f"error: {exc}") from None


def cmd_bench(args: argparse.Namespace) -> int:
    from .report import leaderboard

    _check_names(args.system or ())
    if args.resamples < 1000:  # results.schema.json requires >= 1000; fail before the run, not after it
        raise SystemExit(f"error: --resamples must be at least 1000, got {args.resamples}")
    doc = bench(args.dataset or DEFAULT_DATASET, args.out, tuple(args.system or ()), args.resamples,
                train_on=getattr(args, "train_on", None), measure_memory=not getattr(args, "no_memory", False))
    print(leaderboard(doc))
    print(f"wrote {args.out / 'results.json'}, {args.out / 'leaderboard.md'}, {args.out / 'f1-vs-throughput.png'}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """The main job: build the dataset from the bundled articles, benchmark every baseline, print the leaderboard."""
    from builder.cli import cmd_build

    build_args = argparse.Namespace(raw=Path("data/raw"), out=args.dataset, manifest=Path("data/splits.json"),
                                    annotations=Path("data/annotations"), no_annotations=False)
    cmd_build(build_args)
    print()
    return cmd_bench(argparse.Namespace(dataset=args.dataset, out=args.out, system=None, resamples=1000))


def _fmt(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False)


def cmd_score_cws(args: argparse.Namespace) -> int:
    from .metrics.cws import read_sighan, read_words, score_cws

    try:
        gold, pred = read_sighan(args.gold), read_sighan(args.pred)
        words = read_words(args.words) if args.words else None
        score = score_cws(gold, pred, words)
    except OSError as exc:
        print(f"error: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {args.pred}: {exc}", file=sys.stderr)
        return 2
    keys = ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall")
    if args.json:
        print(_fmt({k: getattr(score, k) for k in keys}))
    else:
        for k in keys:
            v = getattr(score, k)
            print(f"{k:>10}: {'n/a' if v is None else f'{v:.4f}'}")
        print(f"{'words':>10}: gold {score.gold_words}, predicted {score.pred_words}, matched {score.matched}")
    return 0


def cmd_score_ner(args: argparse.Namespace) -> int:
    from .metrics.ner import read_conll, score_tags

    try:
        score = score_tags(read_conll(args.file), mode=args.mode)
    except OSError as exc:
        print(f"error: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 2
    d = score.to_dict()
    out = {"precision": d["precision"], "recall": d["recall"], "f1": d["f1"],
           "per_type": {k: {m: v[m] for m in ("precision", "recall", "f1", "support")} for k, v in d["per_type"].items()}}
    if args.json:
        print(_fmt(out))
    else:
        def p(x):
            return "n/a" if x is None else f"{x:.4f}"

        print(f"overall  P {p(out['precision'])}  R {p(out['recall'])}  F1 {p(out['f1'])}  ({args.mode})")
        for label, v in out["per_type"].items():
            print(f"{label:>8} P {p(v['precision'])}  R {p(v['recall'])}  F1 {p(v['f1'])}  support {v['support']}")
    return 0


def _system(name: str, task: str, train: Path | None):
    from .baselines import registry

    _check_names([name])
    system = registry.get(name)
    if system.task != task:
        raise SystemExit(f"error: {name} is a {system.task} system; choose one of {registry.names(task=task)}")
    if system.trained:
        if train is None:
            raise SystemExit(f"error: {name} is trained: pass --dataset DIR (its train split is used)")
        from .data import load_gold

        gold = load_gold(train)
        system.fit([list(s.tokens) for s in gold.train] if task == "cws" else
                   [(s.text, list(s.entities)) for s in gold.train])
    else:
        system.fit([])
    return system


def cmd_segment(args: argparse.Namespace) -> int:
    system = _system(args.system, "cws", args.dataset)
    lines = [line.rstrip("\n") for line in sys.stdin]
    for words in system.segment(lines):
        print(" ".join(words))
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from .metrics.ner import tags_from_spans

    system = _system(args.system, "ner", args.dataset)
    lines = [line.rstrip("\n") for line in sys.stdin]
    blocks = []
    for text, spans in zip(lines, system.tag(lines)):
        tags = tags_from_spans(len(text), spans)
        blocks.append("".join(f"{ch} {tag}\n" for ch, tag in zip(text, tags) if not ch.isspace()))
    sys.stdout.write("\n".join(blocks))
    return 0


def add_commands(sub, wrap) -> None:
    b = sub.add_parser("bench", help="score every baseline against the gold; write results/, print the leaderboard")
    b.add_argument("--dataset", type=Path, action="append",
                   help=f"a built dataset or an imported corpus (repeatable; default {DEFAULT_DATASET})")
    b.add_argument("--out", type=Path, default=Path("results"))
    b.add_argument("--system", action="append", help="only this baseline (repeatable)")
    b.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (>= 1000)")
    b.add_argument("--train-on", type=Path, help="also fit the trained baselines on this dataset's train split "
                                                 "and test them on every --dataset (domain transfer)")
    b.add_argument("--no-memory", action="store_true", help="skip the peak-RSS child process per system")
    b.set_defaults(func=wrap("cmd_bench"))
    r = sub.add_parser("run", help="build the bundled articles, benchmark every baseline, print the leaderboard")
    r.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    r.add_argument("--out", type=Path, default=Path("results"))
    r.set_defaults(func=wrap("cmd_run"))
    c = sub.add_parser("score-cws", help="score SIGHAN-format files like the bakeoff's score script")
    c.add_argument("--gold", type=Path, required=True)
    c.add_argument("--pred", type=Path, required=True)
    c.add_argument("--words", type=Path, help="word list for OOV (one word per line)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=wrap("cmd_score_cws"))
    n = sub.add_parser("score-ner", help="score a conlleval-format file (token gold pred)")
    n.add_argument("file", type=Path)
    n.add_argument("--mode", choices=["conlleval", "strict"], default="conlleval")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=wrap("cmd_score_ner"))
    for name, task, func in (("segment", "cws", "cmd_segment"), ("tag", "ner", "cmd_tag")):
        s = sub.add_parser(name, help=f"run a {task} baseline on stdin lines")
        s.add_argument("--system", required=True)
        s.add_argument("--dataset", type=Path, default=None, help="built dataset whose train split trains the system")
        s.set_defaults(func=wrap(func))
