"""Article metadata from an HTML page: title, publication date, author, source, site name.

Each field is taken from the first place that has it:

- **title**: ``og:title`` / ``ArticleTitle`` meta, else the headline element
  (``h1``–``h3``) that the ``<title>`` starts with, else the extractor's title,
  else the longest part of ``<title>`` split at its site separators;
- **published**: the publication-date meta conventions (``article:published_time``,
  ``publishdate``, ``PubDate``, ``apub:time``, ``og:time``, JSON-LD ``datePublished``
  or ``pubDate``, the ``ct`` timestamp of WeChat articles), else the visible date
  line above the body (in the extracted text, then in the page's text up to the
  body), else htmldate on the page up to the body (dates below it belong to
  related links or comments);
- **author**, **source**, **site name**: their meta tags (``author``,
  ``source``/``ContentSource``, ``og:site_name``/``SiteName``) and JSON-LD.

Dates come out as ISO 8601 without a zone (the page's own local time), the form
``documents.published`` uses: ``2023-02-03`` or ``2023-02-03T09:15[:00]``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from suzhou_news.builder.ingest import lines as L
from suzhou_news.builder.ingest.html import Article, ExtractorError
from suzhou_news.builder.ingest.pages import PageMeta

_TITLE_KEYS = ("og:title", "articletitle", "twitter:title")
_DATE_KEYS = ("article:published_time", "og:release_date", "publishdate", "pubdate", "publish_time", "publishtime",
              "og:time", "apub:time", "datepublished", "dc.date.issued", "dc.date", "weibo:article:create_at")
_AUTHOR_KEYS = ("author", "dc.creator", "article:author_name")
_SOURCE_KEYS = ("source", "contentsource", "og:source")
_SITE_KEYS = ("og:site_name", "sitename", "application-name")
_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                  r"(?:\s*T?\s*(?P<H>\d{1,2})[:：](?P<M>\d\d)(?:[:：](?P<S>\d\d))?)?")
_WECHAT_CT = re.compile(r"""\bvar\s+ct\s*=\s*["']?(\d{10})["']?""")
_TITLE_SEPARATORS = re.compile(r"\s*(?:--|_|\||｜| - | — |-{1,2}(?=[^\d]))\s*")
_SOURCE_PREFIX = re.compile(r"^\s*(?:来源|来自|稿源)\s*[:：]\s*")
CHINA = timezone(timedelta(hours=8))


def iso_datetime(value: str | None) -> str | None:
    """A date as written on a page → ``YYYY-MM-DD[THH:MM[:SS]]`` (zone dropped), or None."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{10}", value):  # a Unix timestamp: the page's time in China
        return datetime.fromtimestamp(int(value), CHINA).strftime("%Y-%m-%dT%H:%M:%S")
    m = _ISO.search(value)
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"] is not None and int(m["H"]) < 24:
        out += f"T{int(m['H']):02d}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
    return out


def _clean(text: str | None) -> str | None:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text or None


def _metas(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = _clean(el.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _json_ld(tree) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("script"):
        if (el.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(el.text or "")
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if not isinstance(item, dict):
                continue
            author = item.get("author")
            if isinstance(author, dict):
                author = author.get("name")
            for key, value in (("title", item.get("headline") or item.get("title")),
                               ("published", item.get("datePublished") or item.get("pubDate")),
                               ("author", author if isinstance(author, str) else None)):
                if isinstance(value, str) and value.strip():
                    found.setdefault(key, value.strip())
    return found


def _first(metas: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((metas[k] for k in keys if k in metas), None)


def _headline(tree, page_title: str | None) -> str | None:
    """The ``h1``–``h3`` the ``<title>`` starts with (the site's logo ``h1`` never is)."""
    if not page_title:
        return None
    for el in tree.iter("h1", "h2", "h3"):
        text = _clean(el.text_content())
        if text and sum(map(L.is_han, text)) >= 4 and page_title.startswith(text):
            return text
    return None


def _title_part(page_title: str | None) -> str | None:
    parts = [p for p in _TITLE_SEPARATORS.split(page_title or "") if p]
    return max(parts, key=len) if parts else None


def _date_line(lines: list[str] | tuple[str, ...]) -> str | None:
    """The visible date line above the body: a short line with a date before the first prose paragraph."""
    for line in lines:
        f = L.features(line)
        if L.is_body_like(f):
            return None
        if f.length <= 80 and L.DATE_RE.search(line):
            return iso_datetime(line)
    return None


def _head_html(html: str, lines: tuple[str, ...]) -> str:
    """The page up to its first body paragraph: dates further down belong to other articles
    (a related-links block, comments)."""
    first = next((line for line in lines if L.is_body_like(L.features(line))), None)
    # after <body> (a description meta repeats the lead), and long enough to pass a headline the lead starts with
    cut = html.find(first[:40], max(html.lower().find("<body"), 0)) if first else -1
    return html[:cut] + "</body></html>" if cut > 0 else html


def _visible_date(head: str) -> str | None:
    import lxml.html
    from lxml import etree

    try:
        body = lxml.html.document_fromstring(head).find("body")
    except (ValueError, etree.ParserError):
        return None
    if body is None:
        return None
    for el in list(body.iter("script", "style")):
        el.drop_tree()
    text = "\n".join(t.strip() for t in body.itertext() if t.strip())
    return _date_line(text.split("\n"))


def _htmldate(head: str) -> str | None:
    try:
        from htmldate import find_date
    except ImportError as e:
        raise ExtractorError(f"reading dates from HTML needs htmldate: pip install htmldate ({e})") from e
    return iso_datetime(find_date(head, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"))


def page_meta(html: str, article: Article | None, url: str | None = None, fetched: str | None = None) -> PageMeta:
    """Title, date, author, source and site name of a page (see the module docstring for the order)."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, etree.ParserError):
        return PageMeta(url=url, fetched=fetched, title=article.title if article else None)
    metas, ld = _metas(tree), _json_ld(tree)
    title_el = tree.find(".//title")
    page_title = _clean(title_el.text_content()) if title_el is not None else None
    title = (_first(metas, _TITLE_KEYS) or ld.get("title") or _headline(tree, page_title)
             or (article.title if article else None) or _title_part(page_title))
    ct = _WECHAT_CT.search(html)
    published = (iso_datetime(_first(metas, _DATE_KEYS)) or iso_datetime(ld.get("published"))
                 or (iso_datetime(ct.group(1)) if ct else None)
                 or (_date_line(article.lines) if article else None))
    if published is None:
        head = _head_html(html, article.lines if article else ())
        published = _visible_date(head) or _htmldate(head)
    source = _first(metas, _SOURCE_KEYS)
    return PageMeta(
        url=url, fetched=fetched, title=_clean(title), published=published,
        author=_first(metas, _AUTHOR_KEYS) or ld.get("author"),
        source=_SOURCE_PREFIX.sub("", source) if source else None,
        site_name=_first(metas, _SITE_KEYS),
    )
