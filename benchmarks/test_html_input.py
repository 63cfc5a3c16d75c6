"""Speed of HTML input, the costly step of reading a crawl (``pytest benchmarks/ -k html``).

One benchmarked call per registered extractor: the ten portal evaluation pages
(``tests/fixtures/html_pages.py``) from bytes to cleaned documents (decode, extract,
page metadata, line rules, normalisation, sentences). ``extra_info`` carries
pages per second and raw MB per second of the median round.
"""

from __future__ import annotations

import pytest

from tests.fixtures.html_pages import portal_pages
from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.html import EXTRACTORS, get_extractor
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.script import Converter


@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_html_pages_to_documents(benchmark, name: str) -> None:
    pages = portal_pages()
    extractor = get_extractor(name)
    converter = Converter()
    nbytes = sum(len(p.html) for p in pages)

    def run() -> list:
        out = []
        for p in pages:
            got = html_page(p.html, p.file_name, None, "html", p.site, extractor=extractor)
            out.append(build_document(p.site, got.text, converter, got.meta) if isinstance(got, Page) else None)
        return out

    benchmark.group = "html input"
    docs = benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=1)
    assert all(d is not None and d.sentences for d in docs)
    median = benchmark.stats.stats.median if benchmark.enabled and benchmark.stats is not None else None
    benchmark.extra_info.update({
        "extractor": name, "pages": len(pages), "raw_bytes": nbytes,
        "pages_per_second": len(pages) / median if median else None,
        "mb_per_second": nbytes / 1e6 / median if median else None,
    })
