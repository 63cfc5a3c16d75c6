"""Curation: check-annotations, agreement, annotation-status, export, annotate, ``import labelstudio|doccano``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from suzhou_news import defaults

from .build import require_folder
from .systems import add_system_choice, chosen_systems


def cmd_check_annotations(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold.join import consistency_of
    from suzhou_news.builder.pipeline import sentences_for_raw

    sentences = sentences_for_raw(args.raw, args.manifest)
    report = consistency_of(args.annotations, sentences, args.guidelines)
    print(report.to_text())
    if args.ctb_departures:
        from suzhou_news.builder.gold.ctb import gold_departures, render

        print("CTB departures (gold words touched by each rule of the guidelines' §1.4):")
        print(render(gold_departures(args.annotations, sentences)))
    return 1 if report.unexplained else 0


def cmd_agreement(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold.agreement import agreement, render

    result = agreement(args.passes / "first", args.passes / "second")
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0


def cmd_annotation_status(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold.status import annotation_status, render

    require_folder(args.annotations, "pass --annotations DIR")
    status = annotation_status(args.annotations)
    print(json.dumps(status, ensure_ascii=False, indent=2) if args.json else render(status))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold.export import export

    written = export(args.dataset, args.format, args.out, annotations=args.annotations,
                     statuses=tuple(args.status or ("pre", "stale")), docs=tuple(args.doc or ()))
    for path in written:
        print(path)
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold.annotate import AnnotateConfig, annotate

    from suzhou_news.builder.gold.annotate import by_document, has_sentences

    documents = None
    if args.update or not has_sentences(args.dataset):
        # the sentences as the raw folder gives them now (a build in a temporary folder, as check-annotations
        # does): right after a build stopped by stale annotations, the dataset is old or missing
        from suzhou_news.builder.pipeline import sentences_for_raw

        documents = by_document(sentences_for_raw(args.raw, args.manifest))
        print(f"sentences from {args.raw} as it is now (built in a temporary folder)")
    choice, load = chosen_systems(args, dataset=args.dataset)
    config = AnnotateConfig(dataset=args.dataset, out_dir=args.annotations, update=args.update,
                            chosen_by=choice.reason)
    for line in annotate(config, load, documents):
        print(line)
    return 0


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from suzhou_news.builder.gold import doccano, labelstudio
    from suzhou_news.builder.gold.roundtrip import apply_tool_lines

    if args.source == "doccano":
        lines = doccano.read_export(args.file, words=args.words, approved_only=args.approved_only)
    else:
        lines = labelstudio.read_export(args.file)
    for line in apply_tool_lines(args.dataset, args.annotations, lines):
        print(line)
    print(f"read {len(lines)} annotated sentences from {args.file}; next: `suzhou-news check-annotations`, then build")
    return 0


def add_importers(sub) -> None:
    """``import labelstudio FILE`` and ``import doccano FILE``, on the ``import`` command's subparsers."""
    for name, what in (("labelstudio", "Label Studio's JSON export (Export → JSON)"),
                       ("doccano", "doccano's JSONL export of the entities project (or the zip doccano downloads)")):
        p = sub.add_parser(name, help=f"read {what} back into the annotation files")
        p.add_argument("file", type=Path)
        p.add_argument("--dataset", type=Path, default=defaults.DATASET, help="the built dataset the tasks came from")
        p.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS)
        if name == "doccano":
            p.add_argument("--words", type=Path, help="the JSONL export of the words project")
            p.add_argument("--approved-only", action="store_true",
                           help="the files were exported with 'Export only approved documents': mark them reviewed")
        p.set_defaults(func=cmd_import_annotations, source=name)


def add_commands(sub) -> None:
    c = sub.add_parser("check-annotations", help="consistency report over the gold annotation files")
    c.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS)
    c.add_argument("--raw", type=Path, default=defaults.RAW)
    c.add_argument("--guidelines", type=Path, default=defaults.GUIDELINES)
    c.add_argument("--manifest", type=Path, default=defaults.MANIFEST)
    c.add_argument("--ctb-departures", action="store_true",
                   help="also count the gold words each CTB departure touches (guidelines §1.4)")
    c.set_defaults(func=cmd_check_annotations)

    g = sub.add_parser("agreement", help="word and entity F1 between two blind annotation passes")
    g.add_argument("--passes", type=Path, default=defaults.PASSES)
    g.add_argument("--json", action="store_true")
    g.set_defaults(func=cmd_agreement)

    st = sub.add_parser("annotation-status", help="per document: lines pre/reviewed/stale/excluded, and how much "
                                                  "reviewers changed the machine drafts")
    st.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS)
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_annotation_status)

    e = sub.add_parser("export", help="write the gold as SIGHAN, CoNLL or BRAT files, or lines to annotate "
                                      "as Label Studio or doccano tasks")
    e.add_argument("--format", choices=["sighan", "conll", "brat", "labelstudio", "doccano"], required=True)
    e.add_argument("--dataset", type=Path, default=defaults.DATASET)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS, help="labelstudio, doccano only")
    e.add_argument("--status", action="append", choices=["pre", "stale", "reviewed"],
                   help="labelstudio, doccano: lines to export (repeatable; default pre and stale)")
    e.add_argument("--doc", action="append", help="labelstudio, doccano: only this document (repeatable)")
    e.set_defaults(func=cmd_export)

    a = sub.add_parser("annotate", help="start annotation files for new documents from tool pre-annotation")
    a.add_argument("--dataset", type=Path, default=defaults.DATASET,
                   help="the built dataset whose documents to annotate (without one, and with --update, the "
                        "sentences come from --raw)")
    a.add_argument("--raw", type=Path, default=defaults.RAW, help="the raw folder, read for --update")
    a.add_argument("--manifest", type=Path, default=defaults.MANIFEST)
    a.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS)
    add_system_choice(a)
    a.add_argument("--update", action="store_true", help="re-sync existing files with changed sentences; reviewed "
                                                         "lines are kept, re-aligned, or kept stale")
    a.set_defaults(func=cmd_annotate)
