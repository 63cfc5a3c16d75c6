"""The build: raw folder → validated Parquet dataset (map → global pass → reduce → finalize, any executor)."""

from suzhou_news.builder.pipeline.config import BuildConfig
from suzhou_news.builder.pipeline.runner import BuildResult, build, sentences_for_raw

__all__ = ["BuildConfig", "BuildResult", "build", "sentences_for_raw"]
