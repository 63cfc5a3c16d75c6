"""Speed of the corpus builder, as part of the pytest-benchmark suite (``pytest benchmarks/``).

Three benchmarked calls: cleaning one page at a time (read, extract, normalise,
convert, split into sentences: ``build_document``) over the bundled raw pages,
the whole build (all tables, gold, Parquet, card, report) into a temporary
folder, and one 300 KB page written on a single line (line breaks removed by a
crawler: the long-line splitting path), with its peak traced memory. ``extra_info`` carries the characters per second of the median round,
so ``--benchmark-compare`` shows a regression of the builder next to the
baselines'.
"""

from __future__ import annotations

from pathlib import Path

from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.ids import file_id
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.ingest.read import RawText, iter_raw_files, read_raw
from suzhou_news.builder.ingest.script import Converter

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
        return [build_document(file_id(p.path.name), p.text, converter) for p in pages]

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


def test_clean_one_line_page(benchmark) -> None:
    """A 300 KB article on one line: time per round, characters per second and peak traced memory."""
    import tracemalloc

    head = "首页 > 新闻 > 本地苏州市召开全市高质量发展推进大会2023-02-03 09:15 来源：苏州日报"
    body = "".join(f"会议强调，第{i}项任务要抓紧落实，推动经济运行持续向好。" for i in range(4000))
    page = head + body + "责任编辑：王小明版权所有 苏州日报社"
    converter = Converter()
    benchmark.group = "builder"
    doc = benchmark.pedantic(build_document, args=("one-line", page, converter), rounds=5, iterations=1,
                             warmup_rounds=1)
    assert doc is not None and len(doc.sentences) >= 4000
    tracemalloc.start()
    build_document("one-line", page, converter)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    benchmark.extra_info.update({"raw_bytes": len(page.encode()), "peak_traced_mib": round(peak / 2**20, 1),
                                 "chars_per_second": _chars_per_second(benchmark, len(page))})
