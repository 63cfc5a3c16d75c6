"""Fixtures of the pytest-benchmark suite (``pytest benchmarks/``; see test_systems.py).

The suite needs a built dataset with the gold configs.  In order:

1. the folder named by the ``SUZHOU_NEWS_DATASET`` environment variable;
2. ``dist/suzhou-news`` of this checkout, if it has the ``segmentation`` and ``ner`` configs;
3. otherwise the bundled articles (``data/raw`` + ``data/annotations``) are built into a
   temporary folder for this session; the committed split manifest is not touched.

The project's default ``testpaths`` is ``tests/``, so plain ``pytest`` never loads this file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from suzhou_news.bench.data import Gold, load_gold

REPO = Path(__file__).resolve().parent.parent
DIST = REPO / "dist" / "suzhou-news"
ENV_VAR = "SUZHOU_NEWS_DATASET"


def _has_gold(dataset: Path) -> bool:
    return (dataset / "segmentation").is_dir() and (dataset / "ner").is_dir()


@pytest.fixture(scope="session")
def gold(tmp_path_factory: pytest.TempPathFactory) -> Gold:
    """The gold every system of the suite is timed on and scored against."""
    chosen = os.environ.get(ENV_VAR)
    if chosen:
        return load_gold(Path(chosen))
    if _has_gold(DIST):
        return load_gold(DIST)
    from suzhou_news.builder.pipeline.runner import BuildConfig, build

    out = tmp_path_factory.mktemp("dataset") / "suzhou-news"
    build(BuildConfig(raw_dir=REPO / "data" / "raw", out_dir=out, manifest=REPO / "data" / "splits.json",
                      annotations_dir=REPO / "data" / "annotations",
                      guidelines=REPO / "docs" / "annotation-guidelines.md", update_manifest=False))
    return load_gold(out)
