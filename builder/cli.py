"""Builder subcommands of ``suzhou-news``: build, validate, stats, check-annotations, agreement, export,
import, annotation-status, and the release commands.

Each subcommand is a small function; heavy imports stay inside it. The program itself
(``suzhou_news.cli``) puts these next to the benchmark commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from builder.errors import SuzhouNewsError

DEFAULT_OUT = Path("dist/suzhou-news")


def cmd_build(args: argparse.Namespace, extra_tables=None) -> int:
    """``extra_tables``: the optional build hook (BuildConfig.extra_tables), e.g. the silver config."""
    from builder.dataset.audit import iter_audit
    from builder.pipeline.runner import BuildConfig, build

    config = BuildConfig(raw_dir=args.raw, out_dir=args.out, manifest=args.manifest,
                         annotations_dir=None if args.no_annotations else args.annotations, extra_tables=extra_tables,
                         workers=getattr(args, "workers", None), engine=getattr(args, "engine", "local"),
                         ray_address=getattr(args, "ray_address", None), shards=getattr(args, "shards", None))
    result = build(config, progress=sys.stderr.isatty())  # the bar on a terminal, not in captured logs
    rep = result.report
    print(f"built {result.out_dir}: {rep['included']} documents included, {rep['excluded']} files excluded")
    if getattr(args, "verbose", False):
        for f in iter_audit(result.out_dir):
            if f["status"] == "included":
                print(f"  + {f['file']}: {f['id']} [{f['encoding']}, {f['script']}] {f['sentences']} sentences, "
                      f"{len(f['removed_lines'])} lines removed, {f['corrupted_spans']} corrupted spans")
            else:
                print(f"  - {f['file']}: excluded ({f['reason']}): {f['detail']}")
    for name in sorted(result.counts):
        print(f"  {name}: " + ", ".join(f"{s}={n}" for s, n in sorted(result.counts[name].items())))
    ov = rep["train_test_overlap"]
    print(f"  train/test exact-sentence overlap: {ov['shared_unique_sentences']} of {ov['test_unique_sentences']} test sentences")
    if rep["duplicates"] or rep["id_clashes"]:
        print(f"  {len(rep['duplicates'])} exact duplicates kept once, {len(rep['id_clashes'])} id clashes suffixed")
    st = result.stats
    mb = st.bytes / 1e6
    print(f"  read {st.files} files, {mb:.1f} MB in {st.seconds:.1f} s ({mb / max(st.seconds, 1e-9):.2f} MB/s; "
          f"{st.shards} shards, {st.workers or 'ray'} workers, engine {st.engine})")
    print(f"  report: {result.out_dir / 'build-report.json'}; per-file audit: {result.audit_path}")
    if rep["splits"]["new_documents"]:
        print(f"  pinned {len(rep['splits']['new_documents'])} new documents in {config.manifest}: commit it")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from builder.checks.validate import validate_dir

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
    from builder.checks.stats import collect, render

    stats = collect(args.dir)
    print(json.dumps(stats, ensure_ascii=False, indent=2) if args.json else render(stats))
    return 0


def cmd_check_annotations(args: argparse.Namespace) -> int:
    from builder.gold.join import consistency_of
    from builder.pipeline import sentences_for_raw

    report = consistency_of(args.annotations, sentences_for_raw(args.raw, args.manifest), args.guidelines)
    print(report.to_text())
    return 1 if report.unexplained else 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from builder.gold.agreement import agreement, render

    result = agreement(args.passes / "first", args.passes / "second")
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from builder.gold.export import export

    written = export(args.dataset, args.format, args.out, annotations=args.annotations,
                     statuses=tuple(args.status or ("pre", "stale")), docs=tuple(args.doc or ()))
    for path in written:
        print(path)
    return 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from builder.gold import doccano, labelstudio
    from builder.gold.roundtrip import apply_tool_lines

    importers = {"labelstudio": labelstudio.read_export, "doccano": doccano.read_export}
    options = {k: getattr(args, k) for k in ("words", "approved_only") if hasattr(args, k)}
    lines = importers[args.source](args.file, **options)
    for line in apply_tool_lines(args.dataset, args.annotations, lines):
        print(line)
    print(f"read {len(lines)} annotated sentences from {args.file}; next: `suzhou-news check-annotations`, then build")
    return 0


def cmd_annotation_status(args: argparse.Namespace) -> int:
    from builder.gold.status import annotation_status, render

    if not args.annotations.is_dir():
        raise SuzhouNewsError(f"{args.annotations}: not a folder; pass --annotations DIR")
    status = annotation_status(args.annotations)
    print(json.dumps(status, ensure_ascii=False, indent=2) if args.json else render(status))
    return 0


def add_annotation_importers(sub) -> None:
    """``import labelstudio FILE`` and ``import doccano FILE``, on the ``import`` command's subparsers."""
    for name, what in (("labelstudio", "Label Studio's JSON export (Export → JSON)"),
                       ("doccano", "doccano's JSONL export of the entities project")):
        p = sub.add_parser(name, help=f"read {what} back into the annotation files")
        p.add_argument("file", type=Path)
        p.add_argument("--dataset", type=Path, default=DEFAULT_OUT, help="the built dataset the tasks came from")
        p.add_argument("--annotations", type=Path, default=Path("data/annotations"))
        if name == "doccano":
            p.add_argument("--words", type=Path, help="the JSONL export of the words project")
            p.add_argument("--approved-only", action="store_true",
                           help="the files were exported with 'Export only approved documents': mark them reviewed")
        p.set_defaults(func=cmd_import_annotations, source=name)


def _release_cmd(name: str):
    def run(args: argparse.Namespace) -> int:
        from builder.release import versions as release

        return getattr(release, name)(args)

    return run


def add_commands(sub) -> None:
    """Register the builder's subcommands on an ``argparse`` subparsers object."""

    b = sub.add_parser("build", help="raw articles -> validated Parquet dataset")
    b.add_argument("--raw", type=Path, default=Path("data/raw"))
    b.add_argument("--out", type=Path, default=DEFAULT_OUT)
    b.add_argument("--manifest", type=Path, default=Path("data/splits.json"))
    b.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    b.add_argument("--no-annotations", action="store_true", help="skip the gold configs")
    b.add_argument("--workers", type=int, default=None, help="parallel shard tasks (default: every core; 1: in process)")
    b.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local process pool, or Ray Core tasks (pip install 'suzhou-news[ray]')")
    b.add_argument("--ray-address", default=None, help="a Ray cluster to join (with --engine ray)")
    b.add_argument("--shards", type=int, default=None, help="number of shards (default: one per 8 MiB of input)")
    b.add_argument("--verbose", action="store_true", help="print one line per raw file (also in build-audit.jsonl)")
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

    g = sub.add_parser("agreement", help="word and entity F1 between two blind annotation passes")
    g.add_argument("--passes", type=Path, default=Path("data/annotations/passes"))
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_agreement)

    e = sub.add_parser("export", help="write the gold as SIGHAN, CoNLL or BRAT files, or lines to annotate "
                                      "as Label Studio or doccano tasks")
    e.add_argument("--format", choices=["sighan", "conll", "brat", "labelstudio", "doccano"], required=True)
    e.add_argument("--dataset", type=Path, default=DEFAULT_OUT)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--annotations", type=Path, default=Path("data/annotations"), help="labelstudio, doccano only")
    e.add_argument("--status", action="append", choices=["pre", "stale", "reviewed"],
                   help="labelstudio, doccano: lines to export (repeatable; default pre and stale)")
    e.add_argument("--doc", action="append", help="labelstudio, doccano: only this document (repeatable)")
    e.set_defaults(func=cmd_export)

    from builder.corpora.cli import add_corpus_importers

    i = sub.add_parser("import", help="bring data in: a standard corpus as a dataset folder (sighan, conll), "
                                      "or annotations back from a tool (labelstudio, doccano)")
    kinds = i.add_subparsers(dest="source", required=True)
    add_corpus_importers(kinds)
    add_annotation_importers(kinds)

    st = sub.add_parser("annotation-status", help="per document: lines pre/reviewed/stale/excluded, and how much "
                                                  "reviewers changed the machine drafts")
    st.add_argument("--annotations", type=Path, default=Path("data/annotations"))
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_annotation_status)

    from builder.release.versions import add_commands as add_release_commands

    add_release_commands(sub, _release_cmd)
