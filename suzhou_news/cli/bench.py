"""Benchmark commands: bench, systems, score, score-cws, score-ner, segment, tag."""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.errors import InputError, UsageError


def report_bench(doc: dict, out: Path) -> None:
    """The leaderboard and the files written, as ``bench`` and ``run`` print them."""
    from suzhou_news.bench.report import leaderboard

    print(leaderboard(doc))
    print(f"wrote {out / 'results.json'}, {out / 'leaderboard.md'}, {out / 'f1-vs-throughput.png'}")


def cmd_bench(args: argparse.Namespace) -> int:
    from suzhou_news.bench.suite import bench, check_resamples

    check_resamples(args.resamples)
    names, overrides = _resolve_systems(args)
    doc = bench(args.dataset or [defaults.DATASET], args.out, names, args.resamples, overrides=overrides,
                train_on=args.train_on, measure_memory=not args.no_memory, convert=args.convert,
                ignore=args.ignore)
    report_bench(doc, args.out)
    return 0


def _resolve_systems(args: argparse.Namespace) -> tuple[tuple[str, ...], tuple]:
    """``--system`` values (names, import paths, ``hf``) → registered names and per-name config overrides."""
    from suzhou_news.bench import systems

    label_map = systems.parse_label_map(args.label_map)
    hf = {k: getattr(args, k) for k in ("model", "revision", "device", "batch_size", "max_length", "trained")}
    if any(v is not None for v in hf.values()) and "hf" not in (args.system or ()):
        raise UsageError("--model and the other hf options need --system hf")
    names, overrides = [], []
    for spec in args.system or ():
        name = systems.resolve(spec, task=args.task, model=hf["model"], label_map=label_map, revision=hf["revision"])
        names.append(name)
        overrides.append((name, systems.overrides(label_map=label_map, **hf) if spec == "hf" else ()))
    return tuple(names), tuple(o for o in overrides if o[1])


def cmd_systems(args: argparse.Namespace) -> int:
    from suzhou_news.bench.baselines import registry
    from suzhou_news.bench.systems import render, rows

    table = rows(args.task)
    if args.json:
        print(json.dumps({"systems": table, "failed_plugins": registry.failures()}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render(table, registry.failures()))
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from suzhou_news.bench.report import leaderboard
    from suzhou_news.bench.score import Submission, default_name
    from suzhou_news.bench.suite import score

    sub = Submission(name=args.name or default_name(args.predictions), protocol=args.protocol,
                     trained=args.trained, label_set=args.label_set if args.task == "ner" else None)
    doc = score(args.dataset, args.predictions, args.task, args.out, sub, fmt=args.format, against=args.against,
                n_resamples=args.resamples)
    print(leaderboard(doc))
    print(f"wrote {args.out / 'results.json'}, {args.out / 'leaderboard.md'}")
    return 0


@contextmanager
def _input_errors(path: Path):
    """The scorers' own errors (unreadable file, ValueError for a malformed line) as one input error."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"cannot read {exc.filename}: {exc.strerror}") from None
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from None


def _fmt(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False)


def cmd_score_cws(args: argparse.Namespace) -> int:
    from suzhou_news.bench.metrics.cws import read_sighan, read_words, score_cws, text_mismatches

    with _input_errors(args.pred):
        gold, pred = read_sighan(args.gold), read_sighan(args.pred)
        words = read_words(args.words) if args.words else None
        score = score_cws(gold, pred, words, check=not args.no_check)
    keys = ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall")
    differ = text_mismatches(gold, pred) if args.no_check else []
    if args.json:
        counts = ("gold_words", "pred_words", "matched")
        print(_fmt({**{k: getattr(score, k) for k in keys + counts}, **({"text_differs": differ} if differ else {})}))
    else:
        for k in keys:
            v = getattr(score, k)
            print(f"{k:>10}: {'n/a' if v is None else f'{v:.4f}'}")
        print(f"{'words':>10}: gold {score.gold_words}, predicted {score.pred_words}, matched {score.matched}")
        if differ:
            print(f"{'differ':>10}: {len(differ)} line(s) whose text differs from the gold, scored as the SIGHAN "
                  f"script does (lines {', '.join(map(str, differ[:10]))}{', …' if len(differ) > 10 else ''})")
    return 0


def cmd_score_ner(args: argparse.Namespace) -> int:
    from suzhou_news.bench.metrics.ner import read_conll, score_tags

    with _input_errors(args.file):
        score = score_tags(read_conll(args.file), mode=args.mode)
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


def cmd_segment(args: argparse.Namespace) -> int:
    from suzhou_news.bench.suite import ready_system

    system = ready_system(args.system, "cws", args.dataset)
    lines = [line.rstrip("\n") for line in sys.stdin]
    for words in system.segment(lines):
        print(" ".join(words))
    return 0


def cmd_tag(args: argparse.Namespace) -> int:
    from suzhou_news.bench.suite import ready_system
    from suzhou_news.bench.metrics.ner import tags_from_spans

    system = ready_system(args.system, "ner", args.dataset)
    lines = [line.rstrip("\n") for line in sys.stdin]
    blocks = []
    for text, spans in zip(lines, system.tag(lines)):
        tags = tags_from_spans(len(text), spans)
        blocks.append("".join(f"{ch} {tag}\n" for ch, tag in zip(text, tags) if not ch.isspace()))
    sys.stdout.write("\n".join(blocks))
    return 0


def add_commands(sub) -> None:
    b = sub.add_parser("bench", help="score every baseline against the gold; write results/, print the leaderboard")
    b.add_argument("--dataset", type=Path, action="append",
                   help=f"a built dataset or an imported corpus (repeatable; default {defaults.DATASET})")
    b.add_argument("--out", type=Path, default=defaults.RESULTS)
    b.add_argument("--system", action="append",
                   help="only this system (repeatable): a name from `systems`, package.module:factory, or hf")
    b.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (>= 1000)")
    add_hf_options(b)
    b.add_argument("--train-on", type=Path, help="also fit the trained baselines on this dataset's train split "
                                                 "and test them on every --dataset (domain transfer)")
    b.add_argument("--no-memory", action="store_true", help="skip the peak-RSS child process per system")
    b.add_argument("--convert", choices=["t2s"],
                   help="t2s: on a Traditional dataset, systems that only know Simplified get their input "
                        "converted with OpenCC t2s; their output is mapped back and scored on the original text "
                        "(recorded per row)")
    b.add_argument("--ignore", metavar="SPANS", help="also score word segmentation without these spans; "
                   "ctb-departures.v1: the gold's departures from CTB (guidelines §1.4), listed in results.json")
    b.set_defaults(func=cmd_bench)
    c = sub.add_parser("score-cws", help="score SIGHAN-format files like the bakeoff's score script")
    c.add_argument("--gold", type=Path, required=True)
    c.add_argument("--pred", type=Path, required=True)
    c.add_argument("--words", type=Path, help="word list for OOV (one word per line)")
    c.add_argument("--json", action="store_true")
    c.add_argument("--no-check", action="store_true",
                   help="score lines whose text differs from the gold, as the SIGHAN script does (the MSR and AS "
                        "test gold differ from their own test input on a few lines), instead of refusing; they are listed")
    c.set_defaults(func=cmd_score_cws)
    n = sub.add_parser("score-ner", help="score a conlleval-format file (token gold pred)")
    n.add_argument("file", type=Path)
    n.add_argument("--mode", choices=["conlleval", "strict"], default="conlleval")
    n.add_argument("--json", action="store_true")
    n.set_defaults(func=cmd_score_ner)
    add_system_commands(sub)
    for name, task, func in (("segment", "cws", cmd_segment), ("tag", "ner", cmd_tag)):
        s = sub.add_parser(name, help=f"run a {task} baseline on stdin lines")
        s.add_argument("--system", required=True)
        s.add_argument("--dataset", type=Path, default=None, help="built dataset whose train split trains the system")
        s.set_defaults(func=func)


def add_hf_options(p) -> None:
    g = p.add_argument_group("--system hf (a Hugging Face token-classification model)")
    g.add_argument("--model", help="local folder or Hub id")
    g.add_argument("--revision", help="Hub branch, tag or commit")
    g.add_argument("--task", choices=["cws", "ner"], help="default: read from the model's labels")
    g.add_argument("--label-map", action="append", metavar="OLD=NEW",
                   help="rename a model label or type, e.g. B-NR=B-PER or NR=PER (repeatable)")
    g.add_argument("--device", help="torch device, e.g. cpu or cuda:0 (default cpu)")
    g.add_argument("--batch-size", type=int, help="windows per forward pass (default 16)")
    g.add_argument("--max-length", type=int, help="tokens per window (default: the model's limit)")
    g.add_argument("--trained", action="store_true", default=None,
                   help="the model was fine-tuned on this dataset's train split: score it on the test split only")


def add_system_commands(sub) -> None:
    s = sub.add_parser("systems", help="list every registered system: baselines, adapters, plugins")
    s.add_argument("--task", choices=["cws", "ner"])
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_systems)
    c = sub.add_parser("score", help="score a prediction file like a bench row; pair it with a bench run")
    c.add_argument("--dataset", type=Path, default=defaults.DATASET)
    c.add_argument("--task", choices=["cws", "ner"], required=True)
    c.add_argument("--predictions", type=Path, required=True, help="JSONL by sentence id, SIGHAN or CoNLL text")
    c.add_argument("--format", choices=["jsonl", "sighan", "conll"], help="default: from the file")
    c.add_argument("--name", help="versioned name for the row (default submission.<file stem>.v1)")
    c.add_argument("--label-set", choices=["msra", "fine"], default="msra", help="ner labels of the file")
    c.add_argument("--protocol", choices=["test", "all"], default="test")
    c.add_argument("--trained", action="store_true", help="the system learnt from this dataset's train split")
    c.add_argument("--against", type=Path, help="results.json of a bench run on the same dataset")
    c.add_argument("--out", type=Path, default=defaults.SUBMISSION)
    c.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (>= 1000)")
    c.set_defaults(func=cmd_score)
