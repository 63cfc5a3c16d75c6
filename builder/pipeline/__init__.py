"""The build: raw folder → validated Parquet dataset (orchestration of the ingest, dataset and gold stages)."""

from builder.pipeline.runner import BuildConfig, BuildResult, build, sentences_for_raw

__all__ = ["BuildConfig", "BuildResult", "build", "sentences_for_raw"]
