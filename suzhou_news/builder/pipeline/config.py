"""Build parameters (frozen): where to read and write, how to split, how to run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.builder.dataset.split import SplitConfig

SHARD_BYTES = 8 * 2**20  # target raw bytes per shard when --shards is not given


@dataclass(frozen=True)
class BuildConfig:
    raw_dir: Path = defaults.RAW
    out_dir: Path = defaults.DATASET
    manifest: Path = defaults.MANIFEST
    annotations_dir: Path | None = defaults.ANNOTATIONS
    guidelines: Path | None = defaults.GUIDELINES
    split: SplitConfig = field(default_factory=SplitConfig)
    update_manifest: bool = True
    # tables so far -> (more tables, card lines); e.g. the silver config (suzhou_news/builder/gold/silver.py). It runs once,
    # after the shards, on the sentences and gold configs read back from the built parts.
    extra_tables: Callable[[dict[str, list[dict]]], tuple[dict[str, list[dict]], list[str]]] | None = None
    workers: int | None = None  # processes (local engine) or concurrent tasks; None = every core
    engine: str = "local"  # a name in suzhou_news.builder.pipeline.executors.EXECUTORS
    ray_address: str | None = None
    shards: int | None = None  # None = derived from the input size (SHARD_BYTES per shard)
    shard_bytes: int = SHARD_BYTES
