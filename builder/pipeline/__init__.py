"""The build: raw folder → validated Parquet dataset (map → global pass → reduce → finalize, any executor)."""

from builder.pipeline.config import BuildConfig
from builder.pipeline.runner import BuildResult, build, sentences_for_raw

__all__ = ["BuildConfig", "BuildResult", "build", "sentences_for_raw"]
