"""Speed of the corpus builder, as part of the pytest-benchmark suite (``pytest benchmarks/``).

Two benchmarked calls: cleaning one page at a time (read, extract, normalise,
convert, split into sentences: ``build_document``) over the bundled raw pages,
and the whole build (all tables, gold, Parquet, card, report) into a temporary
folder. ``extra_info`` carries the characters per second of the median round,
so ``--benchmark-compare`` shows a regression of the builder next to the
baselines'.
"""

from __future__ import annotations

from pathlib import Path

from builder.ingest.document import build_document, sanitize_id
from builder.pipeline.runner import BuildConfig, build
from builder.ingest.read import RawText, iter_raw_files, read_raw
from builder.ingest.script import Converter

REPO = Path(__file__).resolve().parent.parent
RAW = REPO / "data" / "raw"


def _pages() -> list[RawText]:
    return [p for p in (read_raw(path) for path in iter_raw_files(RAW)) if isinstance(p, RawText)]


def _chars_per_second(benchmark, characters: int) -> float | None:
    if not benchmark.enabled or benchmark.stats is None:
        return None
    return characters / benchmark.stats.stats.median


def test_clean_pages(benchmark) -> None:
    pages = _pages()
    converter = Converter()
    characters = sum(len(p.text) for p in pages)

    def clean_all() -> list:
        return [build_document(sanitize_id(p.path.stem), p.text, converter) for p in pages]

    benchmark.group = "builder"
    docs = benchmark.pedantic(clean_all, rounds=5, iterations=1, warmup_rounds=1)
    assert all(d is not None and d.sentences for d in docs)
    benchmark.extra_info.update({"pages": len(pages), "raw_characters": characters,
                                 "chars_per_second": _chars_per_second(benchmark, characters),
                                 "opencc": Converter().backend.package})


def test_full_build(benchmark, tmp_path: Path) -> None:
    characters = sum(len(p.text) for p in _pages())
    config = BuildConfig(raw_dir=RAW, out_dir=tmp_path / "suzhou-news", manifest=REPO / "data" / "splits.json",
                         annotations_dir=REPO / "data" / "annotations",
                         guidelines=REPO / "docs" / "annotation-guidelines.md", update_manifest=False)
    benchmark.group = "builder"
    result = benchmark.pedantic(build, args=(config,), rounds=3, iterations=1)
    assert result.counts["sentences"]
    benchmark.extra_info.update({"raw_characters": characters,
                                 "chars_per_second": _chars_per_second(benchmark, characters)})
