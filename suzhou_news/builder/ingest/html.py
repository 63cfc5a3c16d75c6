"""HTML main-text extraction behind one small interface, with a registry of extractors.

An :class:`Extractor` turns a decoded HTML page into an :class:`Article`: the
headline it found, the main text as lines, and the date and author when it
reads them. The default, ``density.fallback.v1``, is text density over selectolax's lexbor DOM
(:mod:`suzhou_news.builder.ingest.density`), then trafilatura, then gne on a page where it finds
no prose, chosen on the real-page figures in ``docs/extractors.md``; gne, trafilatura (two
settings) and resiliparse alone are registered too, so they can be swapped in and compared.
The extracted lines then go through the same line rules as a page-text dump, so furniture
that slips through (an editor line, a share bar, a related-links block) is removed there
with its reason code.

Names are versioned (``gne.v1``): a change to an extractor's options that can
change the text gets a new name.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from suzhou_news.errors import SuzhouNewsError


class ExtractorError(SuzhouNewsError):
    """An unknown extractor name, or an extractor's library is not installed."""


class ExtractionFailed(ExtractorError):
    """The extractor's library failed on one page (the page is skipped with a reason, the build goes on)."""


@dataclass(frozen=True)
class Article:
    """What an extractor took from one page."""

    title: str | None
    lines: tuple[str, ...]  # main text, one paragraph or list item per line
    published: str | None = None  # as the extractor gives it (normalised later)
    author: str | None = None


class Extractor(Protocol):
    name: str

    def extract(self, html: str, url: str | None = None) -> Article | None:
        """The page's main text; ``None`` when the extractor finds none."""


EXTRACTORS: dict[str, Callable[[], Extractor]] = {}
DEFAULT_EXTRACTOR = "density.fallback.v1"  # chosen on the real-page figures in docs/extractors.md


def register(name: str, factory: Callable[[], Extractor]) -> None:
    if name in EXTRACTORS:
        raise ExtractorError(f"extractor {name!r} is registered twice")
    EXTRACTORS[name] = factory


def get_extractor(name: str = DEFAULT_EXTRACTOR) -> Extractor:
    if name not in EXTRACTORS:
        close = difflib.get_close_matches(name, list(EXTRACTORS), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ExtractorError(f"unknown HTML extractor {name!r}{hint} (known: {', '.join(sorted(EXTRACTORS))})")
    return EXTRACTORS[name]()


def _need(module: str, package: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise ExtractorError(f"the HTML extractor needs {package}: pip install {package} ({e})") from e


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").split("\n") if line.strip())


@dataclass(frozen=True)
class Trafilatura:
    """trafilatura ``bare_extraction``: main text without comments, tables kept, its own title and date;
    ``favor_precision`` drops more borderline blocks."""

    name: str = "trafilatura.v1"
    favor_precision: bool = False

    def extract(self, html: str, url: str | None = None) -> Article | None:
        trafilatura = _need("trafilatura", "trafilatura")
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, include_images=False, deduplicate=False,
                                          favor_precision=self.favor_precision)
        if doc is None:
            return None
        got = doc if isinstance(doc, dict) else doc.as_dict()
        lines = tuple(line.removeprefix("- ").strip() for line in _lines(got.get("text")))
        return Article(got.get("title"), lines, got.get("date"), got.get("author"))


@dataclass(frozen=True)
class Resiliparse:
    """resiliparse ``extract_plain_text`` with ``main_content=True``; the ``<title>`` as title."""

    name: str = "resiliparse.v1"

    def extract(self, html: str, url: str | None = None) -> Article | None:
        parse = _need("resiliparse.parse.html", "resiliparse")
        html2text = _need("resiliparse.extract.html2text", "resiliparse")
        tree = parse.HTMLTree.parse(html)
        text = html2text.extract_plain_text(tree, main_content=True, alt_texts=False, links=False,
                                            list_bullets=False, form_fields=False)
        lines = _lines(text)
        return Article(tree.title or None, lines) if lines else None


_GNE_NO_TEXT = "无法提取正文"  # gne's message for "no main text found"
# gne matches the <title> against every h1-h5 text by longest common substring, a dynamic programme of
# len(title) x len(heading) steps in Python: a 40,000-character <title> took 190 s. Over this many steps
# (about 0.3 s) gne is given the <title> itself as the title, which it then takes without matching.
GNE_TITLE_STEPS = 1_000_000
_GNE_HEADINGS = "(//h1//text() | //h2//text() | //h3//text() | //h4//text() | //h5//text())"


def _gne_title_xpath(html: str) -> str:
    """``""`` (gne matches as usual), or an XPath that stops gne's quadratic title matching."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return ""
    title = sum(map(len, tree.xpath("//title/text()")))
    if not title:
        return ""
    headings = 0
    for text in tree.xpath(_GNE_HEADINGS):
        headings += len(text)
        if title * headings > GNE_TITLE_STEPS:
            return "//title/text()"
    return ""


@dataclass(frozen=True)
class Gne:
    """gne ``GeneralNewsExtractor``: text-density extraction made for Chinese news pages.

    Its title matching is bounded (:data:`GNE_TITLE_STEPS`): on a page whose <title> and headings
    are long enough to pass the bound, the title is the <title> text; nothing else changes."""

    name: str = "gne.v1"

    def extract(self, html: str, url: str | None = None) -> Article | None:
        gne = _need("gne", "gne")
        try:
            got = gne.GeneralNewsExtractor().extract(html, title_xpath=_gne_title_xpath(html))
        except Exception as e:  # gne raises bare exceptions, on pages without text as on unparsable ones
            if _GNE_NO_TEXT in str(e):
                return None
            raise ExtractionFailed(f"gne could not parse the page: {e}") from e
        lines = _lines(got.get("content"))
        if not lines:
            return None
        return Article(got.get("title") or None, lines, got.get("publish_time") or None, got.get("author") or None)


@dataclass(frozen=True)
class Density:
    """Text density over selectolax's lexbor DOM: the best-scoring run of blocks
    (:mod:`suzhou_news.builder.ingest.density`); the title is left to the page metadata."""

    name: str = "density.v1"

    def extract(self, html: str, url: str | None = None) -> Article | None:
        _need("selectolax.lexbor", "selectolax")
        from suzhou_news.builder.ingest.density import main_text

        lines = tuple(main_text(html))
        return Article(None, lines) if lines else None


@dataclass(frozen=True)
class FirstWithProse:
    """Several extractors in turn: the first whose lines hold a prose paragraph wins, so a page is left
    out as ``no_article`` only when none of them finds article prose. An extractor that fails on the page
    passes it to the next one."""

    name: str
    methods: tuple[str, ...]

    def extract(self, html: str, url: str | None = None) -> Article | None:
        first: Article | None = None
        failed: ExtractionFailed | None = None
        for method in self.methods:
            try:
                got = get_extractor(method).extract(html, url)
            except ExtractionFailed as e:
                failed = failed or e
                continue
            if got is not None and has_prose(got.lines):
                return got
            first = first or got
        if first is None and failed is not None:
            raise failed
        return first


def has_prose(lines: tuple[str, ...]) -> bool:
    """Do the lines read as an article (:func:`lines.has_prose`)?"""
    from suzhou_news.builder.ingest import lines as L

    return L.has_prose(L.features_of(lines))


register("trafilatura.v1", Trafilatura)
register("trafilatura.precision.v1", lambda: Trafilatura("trafilatura.precision.v1", favor_precision=True))
register("resiliparse.v1", Resiliparse)
register("gne.v1", Gne)
register("density.v1", Density)
register("density.fallback.v1", lambda: FirstWithProse(
    "density.fallback.v1", ("density.v1", "trafilatura.precision.v1", "gne.v1")))
