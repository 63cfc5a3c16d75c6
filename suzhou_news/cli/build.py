"""``build`` (raw articles → dataset folder, ``--silver`` adds machine annotation), ``validate``, ``stats``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.errors import UsageError

from .systems import add_system_choice, chosen_systems


def require_folder(path: Path, way_out: str) -> None:
    if not path.is_dir():
        raise UsageError(f"{path}: not a folder; {way_out}")


def report_build(result, manifest: Path, verbose: bool = False) -> None:
    """What a build did, as ``build`` and ``run`` print it."""
    from suzhou_news.builder.dataset.audit import iter_audit

    rep = result.report
    print(f"built {result.out_dir}: {rep['included']} documents included, {rep['excluded']} files excluded")
    if verbose:
        for f in iter_audit(result.out_dir):
            if f["status"] == "included":
                print(f"  + {f['file']}: {f['id']} [{f['encoding']}, {f['script']}] {f['sentences']} sentences, "
                      f"{len(f['removed_lines'])} lines removed, {f['corrupted_spans']} corrupted spans")
            else:
                print(f"  - {f['file']}: excluded ({f['reason']}): {f['detail']}")
    for name in sorted(result.counts):
        print(f"  {name}: " + ", ".join(f"{s}={n}" for s, n in sorted(result.counts[name].items())))
    ov = rep["train_test_overlap"]
    print(f"  train/test exact-sentence overlap: {ov['shared_unique_sentences']} of {ov['test_unique_sentences']} "
          "test sentences")
    if rep["duplicates"] or rep["id_clashes"]:
        print(f"  {len(rep['duplicates'])} exact duplicates kept once, {len(rep['id_clashes'])} id clashes suffixed")
    st = result.stats
    mb = st.bytes / 1e6
    print(f"  read {st.files} files, {mb:.1f} MB in {st.seconds:.1f} s ({mb / max(st.seconds, 1e-9):.2f} MB/s; "
          f"{st.shards} shards, {st.workers or 'ray'} workers, engine {st.engine})")
    print(f"  report: {result.out_dir / 'build-report.json'}; per-file audit: {result.audit_path}")
    if rep["splits"]["new_documents"]:
        print(f"  pinned {len(rep['splits']['new_documents'])} new documents in {manifest}: commit it")


def cmd_build(args: argparse.Namespace) -> int:
    from suzhou_news.builder.pipeline.runner import BuildConfig, build

    hook = None
    if args.silver:
        from suzhou_news.builder.gold.silver import silver_tables

        choice, load = chosen_systems(args, dataset=args.out)
        print(f"silver: {choice.segmenter} + {choice.tagger} ({choice.reason})")
        hook = silver_tables(load)
    config = BuildConfig(raw_dir=args.raw, out_dir=args.out, manifest=args.manifest,
                         annotations_dir=None if args.no_annotations else args.annotations, extra_tables=hook,
                         workers=args.workers, engine=args.engine, ray_address=args.ray_address, shards=args.shards)
    result = build(config, progress=sys.stderr.isatty())  # the bar on a terminal, not in captured logs
    report_build(result, config.manifest, verbose=args.verbose)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from suzhou_news.builder.checks.validate import validate_dir

    require_folder(args.dir, "pass the output of `suzhou-news build` or a release")
    problems = validate_dir(args.dir)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"INVALID: {len(problems)} problem(s) in {args.dir}", file=sys.stderr)
        return 1
    print(f"valid: {args.dir}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from suzhou_news.builder.checks.stats import collect, render

    require_folder(args.dir, "pass the output of `suzhou-news build` or a release")
    stats = collect(args.dir)
    print(json.dumps(stats, ensure_ascii=False, indent=2) if args.json else render(stats))
    return 0


def add_commands(sub) -> None:
    b = sub.add_parser("build", help="raw articles -> validated Parquet dataset")
    b.add_argument("--raw", type=Path, default=defaults.RAW)
    b.add_argument("--out", type=Path, default=defaults.DATASET)
    b.add_argument("--manifest", type=Path, default=defaults.MANIFEST)
    b.add_argument("--annotations", type=Path, default=defaults.ANNOTATIONS)
    b.add_argument("--no-annotations", action="store_true", help="skip the gold configs")
    b.add_argument("--workers", type=int, default=None, help="parallel shard tasks (default: every core; 1: in process)")
    b.add_argument("--engine", choices=["local", "ray"], default="local",
                   help="local process pool, or Ray Core tasks (pip install 'suzhou-news[ray]')")
    b.add_argument("--ray-address", default=None, help="a Ray cluster to join (with --engine ray)")
    b.add_argument("--shards", type=int, default=None, help="number of shards (default: one per 8 MiB of input)")
    b.add_argument("--verbose", action="store_true", help="print one line per raw file (also in build-audit.jsonl)")
    b.add_argument("--silver", action="store_true", help="add the silver config: machine annotation of the "
                                                         "sentences without gold")
    add_system_choice(b)
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check a dataset folder or release against its schemas")
    v.add_argument("dir", type=Path)
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("stats", help="rows, documents, characters, words, entities per config and split")
    s.add_argument("dir", type=Path)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
