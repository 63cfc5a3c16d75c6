"""``release`` (a versioned, checksummed release folder), ``diff``, ``publish`` (to the Hugging Face Hub)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from suzhou_news import defaults


def cmd_release(args: argparse.Namespace) -> int:
    from suzhou_news.builder.release.versions import ReleaseConfig, release

    out = release(ReleaseConfig(version=args.version, dataset=args.dataset, out=args.out, results=args.results,
                                changelog=args.changelog, registry=args.registry, guidelines=args.guidelines,
                                passes=args.passes))
    print(f"released v{args.version} to {out}; check it with `suzhou-news validate {out}`")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from suzhou_news.builder.checks.diff import diff_releases, render

    result = diff_releases(args.old, args.new)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else render(result))
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from suzhou_news.builder.release.publish import publish

    for line in publish(args.dir, args.repo_id, dry_run=args.dry_run):
        print(line)
    return 0


def add_commands(sub) -> None:
    r = sub.add_parser("release", help="make a versioned, checksummed release folder (the defaults are the "
                                       "project folder's changelog, release registry and guidelines)")
    r.add_argument("--version", required=True)
    r.add_argument("--dataset", type=Path, default=defaults.DATASET)
    r.add_argument("--out", type=Path, default=None, help=f"default: {defaults.RELEASES}/vX.Y.Z")
    r.add_argument("--results", type=Path, default=defaults.RESULTS, help="benchmark results for the card")
    r.add_argument("--changelog", type=Path, default=defaults.CHANGELOG, help="must have a '## [X.Y.Z]' section")
    r.add_argument("--registry", type=Path, default=defaults.REGISTRY,
                   help="the versions released so far (written on success)")
    r.add_argument("--guidelines", type=Path, default=defaults.GUIDELINES, help="the annotation guidelines shipped")
    r.add_argument("--passes", type=Path, default=defaults.PASSES, help="the blind annotation passes, if any")
    r.set_defaults(func=cmd_release)
    d = sub.add_parser("diff", help="what changed between two releases or builds")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_diff)
    p = sub.add_parser("publish", help="upload a release to the Hugging Face Hub (one commit + tag)")
    p.add_argument("dir", type=Path)
    p.add_argument("--repo-id", required=True)
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=cmd_publish)
