"""Finalize: every shard's parts numbered without gaps, the gold errors of all shards, the audit trail,
card and ``build-report.json`` (a summary; the per-input listing is the JSONL audit file)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from suzhou_news.builder.dataset.audit import AUDIT_FILE
from suzhou_news.builder.dataset.card import LICENSE, PUNCTUATION, TABLE_ROWS, basic_card, yaml_header
from suzhou_news.builder.dataset.schema import TableSchema
from suzhou_news.builder.dataset.split import SPLITS
from suzhou_news.builder.pipeline.config import BuildConfig
from suzhou_news.builder.pipeline.map_pass import MapSummary, work_file
from suzhou_news.builder.pipeline.reduce_pass import OVERLAP_EXAMPLES, ReduceSummary, merge_coverage
from suzhou_news.builder.pipeline.resolve import Resolution


def raise_gold_errors(reduces: list[ReduceSummary]) -> None:
    """Every annotation problem of every shard in one error (up to the reader's limit), as one build would."""
    from suzhou_news.builder.gold.annotation_format import ProblemCollector

    problems = ProblemCollector()
    for r in reduces:
        for e in r.gold_errors:
            problems.add(e)
        problems.total += r.gold_errors_hidden
    problems.raise_if_any()


def number_parts(tmp: Path, work: Path, names: list[str], reduces: list[ReduceSummary]):
    """Move each config's parts to ``<config>/<split>-NNNNN-of-MMMMM.parquet`` in shard order."""
    files: dict[str, dict[str, list[str]]] = {}
    sizes: dict[str, dict[str, tuple[int, int]]] = {}
    counts: dict[str, dict[str, int]] = {}
    for name in names:
        files[name], sizes[name], counts[name] = {}, {}, {}
        for split in SPLITS:
            parts = [p for r in reduces for p in r.parts.get(name, {}).get(split, [])]
            if not parts:
                continue
            (tmp / name).mkdir(exist_ok=True)
            paths = []
            for k, (rel, _, _) in enumerate(parts):
                target = f"{name}/{split}-{k:05d}-of-{len(parts):05d}.parquet"
                (work / rel).rename(tmp / target)
                paths.append(target)
            files[name][split] = paths
            rows = sum(n for _, n, _ in parts)
            sizes[name][split] = (sum(b for _, _, b in parts), rows)
            counts[name][split] = rows
    return files, sizes, counts


def add_extra_tables(tmp: Path, config: BuildConfig, schemas: dict[str, TableSchema], files, sizes, counts
                     ) -> list[str]:
    """Run ``config.extra_tables`` (the silver config, for one) and write what it returns; its card lines.

    The hook needs whole tables, so this step is not streamed: it gets the ``sentences`` and gold configs
    read back from the parts just written (not ``documents``, the bulk of the data).
    """
    import pyarrow.parquet as pq

    from suzhou_news.builder.dataset.write import write_split

    tables = {name: [r for p in sorted((tmp / name).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
              for name in files if name != "documents"}
    extra, card = config.extra_tables(tables)
    for name, rows in extra.items():
        files[name], sizes[name], counts[name] = {}, {}, {}
        for split in SPLITS:
            part = [r for r in rows if r["split"] == split]
            if part:
                files[name][split] = write_split(tmp, schemas[name], split, part)
                sizes[name][split] = (sum((tmp / p).stat().st_size for p in files[name][split]), len(part))
                counts[name][split] = len(part)
    return card


def concat_audit(tmp: Path, work: Path, n_shards: int) -> None:
    with (tmp / AUDIT_FILE).open("wb") as out:
        for i in range(n_shards):
            with work_file(work, "audit-final", i, "jsonl").open("rb") as part:
                shutil.copyfileobj(part, out)


def _coverage(reduces: list[ReduceSummary], res: Resolution, n_sentences: int) -> dict:
    """The gold coverage of the whole build, in the shape ``suzhou_news.builder.gold.join`` reports for one call."""
    merged: dict = {}
    for r in reduces:
        merged = merge_coverage(merged, r.coverage)
    empty = {"reviewed": 0, "pre": 0, "stale": 0, "excluded": {}, "sentences_without_annotation_line": []}
    out = {**empty, **merged, "sentences": n_sentences,
           "documents_without_annotation_file": list(res.without_annotation_file or ())}
    out["excluded"] = dict(sorted(out["excluded"].items()))
    out["sentences_without_annotation_line"] = sorted(out["sentences_without_annotation_line"])
    order = ["sentences", "reviewed", "pre", "stale", "excluded", "documents_without_annotation_file",
             "sentences_without_annotation_line"]
    return {k: out[k] for k in [*order, *sorted(set(out) - set(order))]}


def build_report(config: BuildConfig, opencc, maps: list[MapSummary], reduces: list[ReduceSummary],
                 res: Resolution, gold: bool) -> dict:
    statuses: Counter = Counter()
    totals: Counter = Counter()
    reasons: Counter = Counter()
    for r in reduces:
        statuses.update(r.statuses)
        totals.update(r.totals)
    for m in maps:
        reasons.update(m.removed_line_reasons)
    n_test = res.test_unique_sentences
    shared = len(res.shared_hashes)
    report = {
        "builder": "suzhou-news",
        "opencc": asdict(opencc),
        "split_config": asdict(config.split),
        "audit": AUDIT_FILE,
        "excluded": statuses["excluded"],
        "included": statuses["included"],
        "totals": {k: totals[k] for k in ("sentences", "corrupted_spans", "redactions")},
        "shards": len(maps),
        "duplicates": list(res.duplicates),
        "id_clashes": list(res.id_clashes),
        "splits": {
            "assignment": dict(sorted(res.split.assignment.items())),
            "new_documents": list(res.split.new),
            "near_duplicate_groups": [list(g) for g in res.split.groups],
            "pinned_conflicts": [list(g) for g in res.split.conflicts],
        },
        "train_test_overlap": {
            "shared_unique_sentences": shared, "test_unique_sentences": n_test,
            "fraction_of_test": (shared / n_test) if n_test else None,
            "examples": sorted({e for r in reduces for e in r.overlap_examples})[:OVERLAP_EXAMPLES],
        },
        "removed_line_reasons": dict(sorted(reasons.items())),
        "site_names": {"learned": {site: {"end": sorted(p.end), "start": sorted(p.start)}
                                   for site, p in sorted(res.site_names.items())},
                       "titles_changed": sum(len(r.title_patches) for r in reduces)},
    }
    if gold:
        annotations = {"coverage": _coverage(reduces, res, totals["sentences"])}
        if config.guidelines is not None and config.guidelines.exists():
            from suzhou_news.builder.gold.join import consistency_of

            rows = [s for r in reduces for s in r.gold_sentences]
            rep = consistency_of(config.annotations_dir, rows, config.guidelines)
            annotations["consistency"] = {"unexplained": len(rep.unexplained), "justified": len(rep.justified)}
        report["annotations"] = annotations
    return report


def write_card_and_report(tmp: Path, schemas: dict[str, TableSchema], files, sizes, counts, report: dict,
                          extra_card: list[str] = ()) -> None:
    header = yaml_header(schemas, files, sizes, extra={**LICENSE, "language": ["zh"]})
    (tmp / "README.md").write_text(basic_card(header, summary_lines(counts) + list(extra_card)), encoding="utf-8")
    (tmp / "build-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                           encoding="utf-8")


def summary_lines(counts: dict[str, dict[str, int]]) -> list[str]:
    lines = ["Chinese news articles about Suzhou, cleaned and split by document.", "",
             "| config | split | rows |", "|---|---|---|"]
    for name in sorted(counts):
        for split in sorted(counts[name]):
            lines.append(f"| {name} | {split} | {counts[name][split]} |")
    return lines + ["", PUNCTUATION, "", TABLE_ROWS]
