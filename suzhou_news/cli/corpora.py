"""``suzhou-news import FORMAT --test FILE [--train FILE] [--validation FILE] --name NAME --out DIR``: a standard
corpus on disk as a dataset folder."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_import(args: argparse.Namespace) -> int:
    from suzhou_news.builder.corpora.base import ImportConfig
    from suzhou_news.builder.corpora.dataset import import_corpus

    files = tuple((split, path) for split in ("train", "validation", "test")
                  if (path := getattr(args, split)) is not None)
    config = ImportConfig(format=args.format, name=args.name, out_dir=args.out, files=files, words=args.words,
                          scheme=args.scheme, label_map=args.label_map, on_invalid=args.on_invalid,
                          encoding=args.encoding)
    result = import_corpus(config)
    rep = result.report
    print(f"imported {rep['name']} ({rep['format']} -> {rep['config']}, script {rep['script']}, not converted) "
          f"into {result.out_dir}")
    for f in rep["files"]:
        extra = (f"{f['words']} words" if "words" in f else
                 f"{f['entities']} entities (" + ", ".join(f"{k} {f[k]}" for k in rep["labels"] if f[k]) + ")")
        print(f"  {f['split']}: {f['file']} (sha256 {f['sha256'][:12]}…): {f['sentences']} sentences, "
              f"{f['characters']} characters, {extra}")
    for code, r in rep["repaired"].items():
        print(f"  repaired {r['count']} x {code}: {r['repair']}; first at {r['examples'][0]}")
    separators = [f"{k.split(':', 2)[1]} {k.split(':', 2)[2]} {v}" for k, v in rep["tallies"].items()
                  if k.startswith("lines separated by:")]
    if separators:
        print("  lines separated by: " + ", ".join(separators))
    blank = {k.split(":", 1)[1]: v for k, v in rep["tallies"].items() if k.startswith("blank lines:")}
    if blank:
        print("  blank lines (not sentences): " + ", ".join(f"{k} {v}" for k, v in blank.items()))
    dropped = {k.split(":", 1)[1]: v for k, v in rep["tallies"].items() if k.startswith("dropped:")}
    if dropped:
        print("  dropped by the label map: " + ", ".join(f"{k} {v}" for k, v in dropped.items()))
    for row in rep["published"]:
        if row["match"] is None:
            continue  # a split or label this import does not have
        mark = "matches" if row["match"] else "DIFFERS"
        print(f"  published {row['split']} {row['figure']}: {row['published']:,}, imported "
              f"{row['imported']:,}: {mark} ({row['source']})")
    unchecked = sum(row["match"] is None for row in rep["published"])
    if unchecked:
        print(f"  {unchecked} published figure(s) of {rep['name']} are for splits or labels not imported here "
              "(listed in import-report.json)")
    return 0


def add_commands(sub) -> None:
    """``import sighan ...`` and ``import conll ...``, on the ``import`` command's subparsers."""
    from suzhou_news.builder.corpora.base import REPAIRS
    from suzhou_news.builder.corpora.formats import names

    for name in names():
        i = sub.add_parser(name, help=f"convert a {name.upper()} corpus on disk into a dataset folder",
                           description="Repairs with --on-invalid repair (the default): "
                                       + "; ".join(f"{k}: {v}" for k, v in REPAIRS.items()))
        i.add_argument("--test", type=Path, required=True, help="the test file (required)")
        i.add_argument("--train", type=Path, help="the training file")
        i.add_argument("--validation", type=Path, help="the development file")
        i.add_argument("--words", type=Path, help="sighan: word list for OOV figures (e.g. pku_training_words.utf8)")
        i.add_argument("--name", required=True, help="dataset name, e.g. pku, msra, weibo (published figures are "
                                                      "checked for known names)")
        i.add_argument("--out", type=Path, required=True)
        i.add_argument("--scheme", choices=["bio", "bioes", "bmes"], default="bio", help="conll: the tag scheme")
        i.add_argument("--label-map", default="identity",
                       help="conll: identity, msra, peoples-daily, a JSON file, or for Weibo NER's nominal "
                            "mentions (X.NOM): weibo (dropped), weibo-nominal (merged into X) or weibo-keep "
                            "(kept as their own labels PER.NOM, ORG.NOM, GPE.NOM, LOC.NOM; the dataset declares "
                            "those 8 labels)")
        i.add_argument("--on-invalid", choices=["repair", "refuse"], default="repair",
                       help="repair invalid tags/lines and count them in the report, or stop at the first")
        i.add_argument("--encoding", default="utf-8")
        i.set_defaults(func=cmd_import, format=name)
