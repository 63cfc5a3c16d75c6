"""The build: raw folder → validated Parquet dataset, card, build report and audit trail.

Map (per shard, in workers) → global pass (small keys only, in the driver) → reduce
(per shard, in workers) → finalize (number the parts, card, report) → atomic swap →
manifest ledger. Everything is written inside a temporary folder beside the output
(its ``.work`` subfolder holds the files the passes exchange), so a failed or killed
build leaves the previous output and the manifest as they were.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.builder.dataset.audit import AUDIT_FILE
from suzhou_news.builder.dataset.schema import all_schemas
from suzhou_news.builder.dataset.split import MinHashScheme, ledger, manifest_text, read_manifest
from suzhou_news.builder.dataset.outputs import Guarded, claim_output
from suzhou_news.builder.dataset.write import atomic_output, recover_output, write_text_atomic
from suzhou_news.errors import InputError, UsageError
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.pipeline.config import BuildConfig
from suzhou_news.builder.pipeline.executors import make_executor
from suzhou_news.builder.pipeline.finalize import (
    add_extra_tables, build_report, concat_audit, number_parts, raise_gold_errors, write_card_and_report)
from suzhou_news.builder.pipeline.map_pass import MapTask, detached_schema, map_shard, work_file
from suzhou_news.builder.pipeline.plan import plan_shards
from suzhou_news.builder.pipeline.progress import Progress
from suzhou_news.builder.pipeline.reduce_pass import ReduceTask, reduce_shard
from suzhou_news.builder.pipeline.resolve import resolve

__all__ = ["BuildConfig", "BuildResult", "BuildStats", "build", "sentences_for_raw"]


@dataclass(frozen=True)
class BuildStats:
    files: int
    bytes: int
    seconds: float
    shards: int
    workers: int
    engine: str


@dataclass
class BuildResult:
    out_dir: Path
    report: dict
    counts: dict[str, dict[str, int]]
    stats: BuildStats | None = None

    @property
    def audit_path(self) -> Path:
        return self.out_dir / AUDIT_FILE


def _annotated(annotations_dir: Path | None) -> set[str] | None:
    if annotations_dir is None or not annotations_dir.is_dir():
        return None
    return {p.stem for p in annotations_dir.glob("*.txt") if p.is_file()}


def _no_usable_article(raw_dir: Path, work: Path, n_shards: int) -> InputError:
    import json

    reasons = []
    for i in range(n_shards):
        with work_file(work, "audit", i, "jsonl").open(encoding="utf-8") as f:
            reasons.extend(f"{e['file']}: {e['reason']}" for e in map(json.loads, f))
    shown = ", ".join(reasons[:20]) + (f", and {len(reasons) - 20} more" if len(reasons) > 20 else "")
    return InputError(f"{raw_dir}: no usable article ({shown or 'the folder is empty'})")


def _inputs(config: BuildConfig) -> tuple[Guarded, ...]:
    """What ``--out`` must leave alone (dataset/outputs.py)."""
    if config.manifest.is_dir():
        raise UsageError(f"{config.manifest}: is a folder; --manifest names the split manifest file "
                         f"(default {defaults.MANIFEST})")
    inputs = [Guarded("--raw", config.raw_dir, no_output_inside=True), Guarded("--manifest", config.manifest)]
    if config.annotations_dir is not None:
        inputs.append(Guarded("--annotations", config.annotations_dir))
    return tuple(inputs)


def build(config: BuildConfig, progress: bool = False) -> BuildResult:
    """Build under the locks of the output folder and (when it is updated) the manifest; refused before anything
    is touched when ``out_dir`` would destroy input (dataset/outputs.py)."""
    manifest_lock = ((config.manifest, "--manifest"),) if config.update_manifest else ()
    with claim_output(config.out_dir, "build", _inputs(config), also_lock=manifest_lock):
        return _build(config, progress)


def _build(config: BuildConfig, progress: bool) -> BuildResult:
    prog = Progress(progress)
    pinned = read_manifest(config.manifest)
    raw_dir = config.raw_dir.resolve()
    recover_output(config.out_dir)
    shards = plan_shards(config.raw_dir, config.shards, config.shard_bytes)
    annotated = _annotated(config.annotations_dir)
    ann_dir = config.annotations_dir.resolve() if annotated is not None else None
    schemas = all_schemas()
    names = ["documents", "sentences"] + (["segmentation", "ner"] if annotated is not None else [])
    portable = {n: detached_schema(schemas[n]) for n in names}
    minhash = MinHashScheme.of(config.split)
    total_bytes, total_files = sum(s.bytes for s in shards), sum(len(s.files) for s in shards)
    executor = make_executor(config.engine, config.workers, config.ray_address)
    try:
        with atomic_output(config.out_dir, "build") as tmp:
            work = tmp / ".work"
            work.mkdir()
            bar = prog.bar("reading", total_bytes, total_files)
            maps = executor.run(map_shard, [MapTask(raw_dir, work, s, config.split, minhash, portable) for s in shards],
                                lambda m: prog.advance(bar, m.files, m.bytes))
            bar.close()
            if not any(m.documents for m in maps):
                raise _no_usable_article(config.raw_dir, work, len(shards))
            res = resolve(work, len(shards), pinned, config.split, annotated)
            bar = prog.bar("writing", total_bytes, total_files)
            by_index = {s.index: s for s in shards}
            reduces = executor.run(
                reduce_shard,
                [ReduceTask(work, i, d, res.shared_hashes, ann_dir, portable) for i, d in enumerate(res.decisions)],
                lambda r: prog.advance(bar, len(by_index[r.index].files), by_index[r.index].bytes))
            bar.close()
            raise_gold_errors(reduces)
            files, sizes, counts = number_parts(tmp, work, names, reduces)
            extra_card = (add_extra_tables(tmp, config, schemas, files, sizes, counts)
                          if config.extra_tables is not None else [])
            concat_audit(tmp, work, len(shards))
            report = build_report(config, Converter().backend, maps, reduces, res, annotated is not None)
            write_card_and_report(tmp, {n: schemas[n] for n in files}, files, sizes, counts, report, extra_card)
            shutil.rmtree(work)
    finally:
        executor.close()
    if config.update_manifest and res.split.new:
        write_text_atomic(config.manifest, manifest_text(ledger(pinned, res.split.assignment), config.split))
    workers = getattr(executor, "workers", None) or 0
    stats = BuildStats(total_files, total_bytes, prog.elapsed(), len(shards), workers, config.engine)
    return BuildResult(config.out_dir, report, counts, stats)


def sentences_for_raw(raw_dir: Path, manifest: Path = defaults.MANIFEST) -> list[dict]:
    """Sentence rows of a raw folder, built in a temporary folder (nothing is written beside the inputs)."""
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory(prefix="suzhou-news-sentences-") as tmp:
        out = Path(tmp) / "out"
        build(BuildConfig(raw_dir=raw_dir, out_dir=out, manifest=manifest, annotations_dir=None, guidelines=None,
                          update_manifest=False, workers=1))
        rows = [r for p in sorted((out / "sentences").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    return sorted(rows, key=lambda r: r["id"])
