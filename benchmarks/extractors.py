"""Compare the registered HTML extractors on the portal evaluation pages (``tests/fixtures/html_pages.py``).

Two levels for each extractor:

- ``extractor``: what the library itself returns (its title, its date, its text);
- ``pipeline``: what a ``documents`` row gets when the build uses that extractor
  (page metadata from :mod:`suzhou_news.builder.ingest.html_meta`, then the line rules).

Figures per level: headline exactly right, publication date right (the day),
body characters precision/recall/F1 (multiset of non-space characters against
the gold paragraphs, micro-averaged over pages), pages whose text holds no
furniture, furniture strings leaked, image captions kept, pages whose body is
exactly the gold, editor names read (pipeline only), and pages per second
(median of ``repeat`` runs over all pages).

Run: ``python -m benchmarks.extractors`` (prints the Markdown tables of docs/extractors.md).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from dataclasses import dataclass

from tests.fixtures.html_pages import PortalPage, leaks, portal_pages
from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.html import EXTRACTORS, get_extractor
from suzhou_news.builder.ingest.html_meta import iso_datetime
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.script import Converter

LEVELS = ("extractor", "pipeline")


@dataclass(frozen=True)
class Output:
    title: str | None
    published: str | None
    text: str
    editor: str | None = None  # only the pipeline reads the editor line


@dataclass(frozen=True)
class Score:
    extractor: str
    level: str
    pages: int
    titles: int
    dates: int
    precision: float
    recall: float
    f1: float
    clean: int
    leaked: int
    captions: int
    exact: int
    editors: int | None
    pages_per_second: float


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def run_extractor(name: str, page: PortalPage) -> Output:
    article = get_extractor(name).extract(page.html.decode(page.encoding))
    if article is None:
        return Output(None, None, "")
    return Output(article.title, iso_datetime(article.published), "\n".join(article.lines))


def run_pipeline(name: str, page: PortalPage, converter: Converter) -> Output:
    got = html_page(page.html, page.file_name, None, "html", page.site, extractor=get_extractor(name))
    doc = build_document(page.site, got.text, converter, got.meta) if isinstance(got, Page) else None
    return Output(doc.title, doc.published, doc.text, doc.editor) if doc else Output(None, None, "")


def score(name: str, level: str, pages: list[PortalPage], repeat: int = 3) -> Score:
    converter = Converter()
    run = (lambda p: run_extractor(name, p)) if level == "extractor" else (lambda p: run_pipeline(name, p, converter))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        outputs = [run(p) for p in pages]
        times.append(time.perf_counter() - start)
    tp = n_out = n_gold = 0
    titles = dates = clean = leaked = captions = exact = editors = 0
    for page, out in zip(pages, outputs):
        gold = "\n".join(page.body)
        got, want = _chars(out.text), _chars(gold)
        tp += sum((got & want).values())
        n_out += sum(got.values())
        n_gold += sum(want.values())
        titles += (out.title or "").strip() == page.title
        dates += (out.published or "")[:10] == page.published
        found = leaks(page, out.text)
        clean += not found
        leaked += len(found)
        captions += page.caption.rstrip("。") in out.text
        exact += out.text == gold
        editors += page.editor in (out.editor or "")
    p = tp / n_out if n_out else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Score(name, level, len(pages), titles, dates, p, r, f1, clean, leaked, captions, exact,
                 editors if level == "pipeline" else None, len(pages) / statistics.median(times))


def compare(names: list[str] | None = None, repeat: int = 3) -> list[Score]:
    pages = portal_pages()
    return [score(n, level, pages, repeat) for level in LEVELS for n in (names or sorted(EXTRACTORS))]


def markdown(scores: list[Score]) -> str:
    out = []
    for level in LEVELS:
        rows = [s for s in scores if s.level == level]
        if not rows:
            continue
        n = rows[0].pages
        out += [f"**{level}** ({n} pages)", "",
                "| extractor | titles | dates | body P | body R | body F1 | clean pages | leaks | captions kept "
                "| exact bodies | editors | pages/s |", "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        out += [f"| `{s.extractor}` | {s.titles}/{n} | {s.dates}/{n} | {100 * s.precision:.1f} | {100 * s.recall:.1f} "
                f"| {100 * s.f1:.1f} | {s.clean}/{n} | {s.leaked} | {s.captions}/{n} | {s.exact}/{n} "
                f"| {'–' if s.editors is None else f'{s.editors}/{n}'} | {s.pages_per_second:.0f} |" for s in rows]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extractor", action="append", help="default: every registered extractor")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(markdown(compare(args.extractor, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
