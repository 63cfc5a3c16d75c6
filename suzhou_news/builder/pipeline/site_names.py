"""Site names learned across a crawl: the ``<title>`` parts a site repeats on its pages, cut from titles.

A page alone cannot always tell its site's name from its headline: ``…三四个小时_苏银`` has no
channel word, no domain and no ``og:site_name`` to give ``苏银`` away. Across a site's pages it
shows itself: it ends title after title while the headline before it changes. So:

1. **map** (:func:`title_key`): per page that came from a crawl (HTML, a WARC record, a JSONL
   line; never a page-text dump), its site (:func:`site_of`) and the compact parts of its
   ``<title>`` (or the container's title), split at the site separators of
   :mod:`suzhou_news.builder.ingest.html_title`;
2. **global pass** (:func:`learn`): per site, a part is a site part when it ends the titles of at
   least :data:`MIN_PAGES` pages whose other parts differ (the same headline under two channel
   names proves nothing). Parts just before a learned end part are learned the same way, up to
   :data:`MAX_DEPTH` deep (``标题_频道_网站``). A leading part is learned likewise, but is never
   cut when it is the longest part of a title;
3. **reduce** (:func:`retitle`): a title that is not a line the page shows (the ``<title>``
   fallback, a container's title) loses learned parts from its ends, keeping at least one part;
   a title that *is* a line of the page is replaced only when it is nothing but a learned site
   part (a site banner read as the headline), by the ``<title>`` with its site parts cut.

Only exact duplicates are left out of the counts, so the result does not depend on how the
raw files are sharded or on which worker read which page.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from suzhou_news.builder.ingest.document import title_form
from suzhou_news.builder.ingest.html_title import compact, cut_site_parts, part_spans
from suzhou_news.builder.ingest.pages import Page

MIN_PAGES = 2  # distinct headlines a part must end before it counts as the site's
MAX_DEPTH = 3  # parts learned from one end (headline_channel_section_site)
MAX_TITLE = 300  # longer titles are not learned from (a hostile <title> costs nothing)


@dataclass(frozen=True)
class SiteParts:
    """A site's learned parts, compact: those that end its titles and those that open them."""

    end: frozenset[str] = frozenset()
    start: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.end or self.start)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def site_of(page: Page) -> str | None:
    """Which site a page belongs to: its URL's host, else its canonical link's host, else its
    ``og:site_name``, else the folder it was saved in. ``None`` for a page-text dump."""
    if page.source_format == "txt":
        return None
    meta = page.meta
    host = _host(meta.url) or _host(meta.canonical_url)
    if host:
        return f"host:{host}"
    if meta.site_name:
        return f"name:{compact(meta.site_name)}"
    return f"folder:{posixpath.dirname(page.file) or '.'}"


def title_source(page: Page) -> str | None:
    """The title the site's parts are learned from, as ``original_title`` writes it: the page's
    ``<title>``, else the container's title."""
    source = page.meta.title_element or page.meta.title
    return title_form(source) if source and len(source) <= MAX_TITLE else None


def title_key(page: Page) -> tuple[str, str, tuple[str, ...]] | None:
    """What the global pass learns from one page: its site, its title source and that title's compact parts;
    ``None`` for a page that teaches nothing (no site, no title, a title of one part)."""
    site = site_of(page)
    source = title_source(page) if site is not None else None
    if source is None:
        return None
    parts = tuple(compact(source[a:b]) for a, b in part_spans(source))
    return (site, source, parts) if len(parts) >= 2 else None


def _learn_end(titles: set[tuple[str, ...]]) -> frozenset[str]:
    learned: set[str] = set()
    for _ in range(MAX_DEPTH):
        before: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # part → the distinct rests it ended
        for parts in titles:
            rest = _cut_end(parts, learned)
            if len(rest) >= 2 and rest[-1] not in learned:
                before[rest[-1]].add(rest[:-1])
        new = {part for part, rests in before.items() if len(rests) >= MIN_PAGES}
        if not new:
            break
        learned |= new
    return frozenset(learned)


def _cut_end(parts: tuple[str, ...], end: set[str] | frozenset[str]) -> tuple[str, ...]:
    n = len(parts)
    while n > 1 and parts[n - 1] in end:
        n -= 1
    return parts[:n]


def learn(keys: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, SiteParts]:
    """Every site's learned parts from the (site, title parts) of its pages; sites with none are left out."""
    titles: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for site, parts in keys:
        titles[site].add(parts)
    out = {}
    for site in sorted(titles):
        end = _learn_end(titles[site])
        rests = {_cut_end(p, end) for p in titles[site]}
        start = _learn_end({r[::-1] for r in rests})  # a title's opening parts: the end of it reversed
        if end or start:
            out[site] = SiteParts(end, start)
    return out


def cut_learned(title: str, site: SiteParts) -> str | None:
    """``title`` without the learned parts at its ends (at least one part is kept), or ``None`` when it
    has none there."""
    spans = part_spans(title)
    keys = [compact(title[a:b]) for a, b in spans]
    i, j = 0, len(spans)
    while j - i > 1 and keys[j - 1] in site.end:
        j -= 1
    while j - i > 1 and keys[i] in site.start and len(keys[i]) < max(len(k) for k in keys[i + 1:j]):
        i += 1
    if (i, j) == (0, len(spans)):
        return None
    return title[spans[i][0]:spans[j - 1][1]].strip()


def retitle(original_title: str | None, seen: bool | None, source: str | None, site: SiteParts) -> str | None:
    """The new ``original_title`` of a page of a site with learned parts, or ``None`` to keep it (see the
    module docstring)."""
    if not original_title:
        return None
    if not seen:
        return cut_learned(original_title, site)
    if compact(original_title) not in site.end | site.start or not source:
        return None
    cut = cut_site_parts(source, None)
    if cut is None:
        return None
    cut = cut_learned(cut, site) or cut
    return cut if compact(cut) not in site.end | site.start else None
