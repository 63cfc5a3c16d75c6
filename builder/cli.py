"""suzhou-news: build, check, benchmark and release a Chinese news dataset.

Each subcommand is a small function; heavy imports stay inside it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import SuzhouNewsError

DEFAULT_OUT = Path("dist/suzhou-news")


def cmd_build(args: argparse.Namespace) -> int:
    from .pipeline import BuildConfig, build

    config = BuildConfig(raw_dir=args.raw, out_dir=args.out, manifest=args.manifest,
                         annotations_dir=None if args.no_annotations else args.annotations)
    result = build(config)
    rep = result.report
    print(f"built {result.out_dir}: {rep['included']} documents included, {rep['excluded']} files excluded")
    for f in rep["files"]:
        if f["status"] == "included":
            print(f"  + {f['file']}: {f['id']} [{f['encoding']}, {f['script']}] {f['sentences']} sentences, "
                  f"{len(f['removed_lines'])} lines removed, {f['corrupted_spans']} corrupted spans")
        else:
            print(f"  - {f['file']}: excluded ({f['reason']}): {f['detail']}")
    for name in sorted(result.counts):
        print(f"  {name}: " + ", ".join(f"{s}={n}" for s, n in sorted(result.counts[name].items())))
    ov = rep["train_test_overlap"]
    print(f"  train/test exact-sentence overlap: {ov['shared_unique_sentences']} of {ov['test_unique_sentences']} test sentences")
    if rep["splits"]["new_documents"]:
        print(f"  pinned {len(rep['splits']['new_documents'])} new documents in {config.manifest}: commit it")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate_dir

    if not args.dir.is_dir():
        raise SuzhouNewsError(f"{args.dir}: not a folder; pass the output of `suzhou-news build` or a release")
    problems = validate_dir(args.dir)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"INVALID: {len(problems)} problem(s) in {args.dir}", file=sys.stderr)
        return 1
    print(f"valid: {args.dir}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import collect, render

    stats = collect(args.dir)
    print(json.dumps(stats, ensure_ascii=False, indent=2) if args.json else render(stats))
    return 0


def cmd_check_annotations(args: argparse.Namespace) -> int:
    from .gold import check_annotations

    report = check_annotations(args.annotations, args.raw, args.guidelines, args.manifest)
    print(report.to_text())
    return 1 if report.unexplained else 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import AnnotateConfig, annotate

    config = AnnotateConfig(dataset=args.dataset, out_dir=args.annotations, segmenter=args.segmenter,
                            tagger=args.tagger, update=args.update)
    for line in annotate(config):
        print(line)
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from .agreement import agreement, render

    result = agreement(args.passes / "first", args.passes / "second")
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    written = export(args.dataset, args.format, args.out)
    for path in written:
        print(path)
    return 0


def _bench_cmd(name: str):
    def run(args: argparse.Namespace) -> int:
        from benchmarks import cli as bench_cli

        return getattr(bench_cli, name)(args)

    return run


def _release_cmd(name: str):
    def run(args: argparse.Namespace) -> int:
        from . import release

        return getattr(release, name)(args)

    return run


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="suzhou-news", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="raw articles -> validated Parquet dataset")
    b.add_argument("--raw", type=Path, default=Path("data/raw"))
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    b.add_argument("--manifest", type=Path, default=Path("data/splits.json"))
    b.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    b.add_argument("--no-annotations", action="store_true", help="skip the gold configs")
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check a dataset folder or release against schemas/")
    v.add_argument("dir", type=Path)
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("stats", help="rows, documents, characters, words, entities per config and split")
    s.add_argument("dir", type=Path)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    c = sub.add_parser("check-annotations", help="consistency report over the gold annotation files")
    c.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    c.add_argument("--raw", type=Path, default=Path("data/raw"))
    c.add_argument("--guidelines", type=Path, default=Path("docs/annotation-guidelines.md"))
    c.add_argument("--manifest", type=Path, default=Path("data/splits.json"))
    c.set_defaults(func=cmd_check_annotations)

    a = sub.add_parser("annotate", help="start annotation files for new documents from tool pre-annotation")
    a.add_argument("--dataset", type=Path, default=DEFAULT_OUT)
    a.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    a.add_argument("--segmenter", default="jieba.default.v1")
    a.add_argument("--tagger", default="jieba.posseg.ner.v1")
    a.add_argument("--update", action="store_true", help="re-sync existing files with changed sentences")
    a.set_defaults(func=cmd_annotate)

    g = sub.add_parser("agreement", help="word and entity F1 between two blind annotation passes")
    g.add_argument("--passes", type=Path, default=Path("data/annotations/passes"))
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_agreement)

    e = sub.add_parser("export", help="write the gold as SIGHAN, CoNLL or BRAT files")
    e.add_argument("--format", choices=["sighan", "conll", "brat"], required=True)
    e.add_argument("--dataset", type=Path, default=DEFAULT_OUT)
    e.add_argument("--out", type=Path, required=True)
    e.set_defaults(func=cmd_export)

    from .corpora.cli import add_commands as add_import_commands

    add_import_commands(sub)
    from benchmarks.cli import add_commands as add_bench_commands

    add_bench_commands(sub, _bench_cmd)
    from .release import add_commands as add_release_commands

    add_release_commands(sub, _release_cmd)
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
