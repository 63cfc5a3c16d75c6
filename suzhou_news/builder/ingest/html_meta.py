"""Article metadata from an HTML page: title, publication date, author, source, site name.

Each field is taken from the first place that has it:

- **title**: the headline as the page shows it (:mod:`suzhou_news.builder.ingest.html_title`):
  the nearest line above the body that is a run of parts of ``og:title``/``ArticleTitle``,
  JSON-LD ``headline`` or ``<title>`` (site names left out), else the nearest emphasised
  headline line, else the first of those sources with its site parts cut off, else the
  extractor's title;
- **published**: the publication-date meta conventions (``article:published_time``,
  ``publishdate``, ``PubDate``, ``firstpublishedtime`` (government portals), ``apub:time``,
  ``og:time``, JSON-LD ``datePublished`` or ``pubDate``, the ``ct`` timestamp of WeChat
  articles), else the visible date
  line of the article: between its headline and its body, then just above the
  headline, then in the extracted text before the first paragraph, then the date
  line nearest above the body, then a ``发表于 <date>`` (``发布日期``) line from the body to just
  under the article's last line (a two-digit year only after such a label: ``发布时间：18-03-08``);
  else the last-modified meta (``article:modified_time``, ``dateUpdate``, ``lastmodifiedtime``);
  else htmldate on the page up to the body (dates below it belong to related links or comments);
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
from suzhou_news.builder.ingest.html_title import (Headline, body_line, compact, find_headline, first_paragraph,
                                                   strip_markup, visual_lines)
from suzhou_news.builder.ingest.pages import PageMeta

_TITLE_KEYS = ("og:title", "articletitle", "twitter:title")
_DATE_KEYS = ("article:published_time", "og:release_date", "publishdate", "pubdate", "publish_time", "publishtime",
              "firstpublishedtime", "og:time", "apub:time", "datepublished", "dc.date.issued", "dc.date",
              "weibo:article:create_at")
# when nothing on the page says when it was published, when it was last changed is nearer than a guess
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", "dateupdate", "datemodified", "lastmodifiedtime")
_AUTHOR_KEYS = ("author", "dc.creator", "article:author_name")
_SOURCE_KEYS = ("source", "contentsource", "og:source")
_SITE_KEYS = ("og:site_name", "sitename", "application-name")
_ISO = re.compile(r"(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
                  r"(?:\s*T?\s*(?P<H>\d{1,2})[:：](?P<M>\d\d)(?:[:：](?P<S>\d\d))?)?")
# the US order an English-language CMS prints: 9/17/2004 5:54:13 AM (the AM/PM makes the order certain)
_US = re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)\s+(?P<H>\d{1,2}):(?P<M>\d\d)(?::(?P<S>\d\d))?"
                 r"\s*(?P<p>[AaPp][Mm])\b")
_POSTED = re.compile(r"(?:发表于|发布于|发表时间|发布时间|发布日期|发表日期|本[贴帖]由|posted)", re.I)
# a two-digit year, only after a publication label: 发布时间：18-03-08 (the time may follow with no space)
_SHORT_YEAR = re.compile(r"(?:发布时间|发表时间|发布日期|发表日期|发布于|发表于)\s*[:：]?\s*"
                         r"(?P<y>\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?=\d\d:\d\d|\D|$)")
# a date that is not the article's: a member's sign-up or last visit, a list's cut-off, a birthday
_NOT_PUBLISHED = re.compile(r"建立于|注册于|注册时间|注册日期|加入于|加入时间|最后登录|上次登录|登录时间|截止|生日|出生")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# no \b in front: it keeps re from jumping to the literal "var" (25x slower over a 700 kB WeChat page)
_WECHAT_CT = re.compile(r"""var\s+ct\s*=\s*["']?(\d{10})["']?""")
_SOURCE_PREFIX = re.compile(r"^\s*(?:来源|来自|稿源)\s*[:：]\s*")
CHINA = timezone(timedelta(hours=8))


def iso_datetime(value: str | None) -> str | None:
    """A date as written on a page → ``YYYY-MM-DD[THH:MM[:SS]]`` (zone dropped), or None."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d{10}", value):  # a Unix timestamp: the page's time in China
        return datetime.fromtimestamp(int(value), CHINA).strftime("%Y-%m-%dT%H:%M:%S")
    m = _ISO.search(value) or _US.search(value)
    if not m:
        return None
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    hour = int(m["H"]) if m["H"] is not None else None
    if hour is not None and m.re is _US:
        hour = hour % 12 + (12 if m["p"].lower() == "pm" else 0)
    if hour is not None and hour < 24:
        out += f"T{hour:02d}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
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
    first = first_paragraph(lines)
    # after <body> (a description meta repeats the lead), and long enough to pass a headline the lead starts with
    cut = html.find(first[:40], max(html.lower().find("<body"), 0)) if first else -1
    return html[:cut] + "</body></html>" if cut > 0 else html


def _dated(lines) -> str | None:
    """The first short line of ``lines`` that holds a date, as ISO."""
    for line in lines:
        if len(line) > 80 or _NOT_PUBLISHED.search(line):
            continue
        if L.DATE_RE.search(line) or _US.search(line):
            return iso_datetime(line)
        short = _SHORT_YEAR.search(line)
        if short:  # 98-03-08 is 1998, 18-03-08 is 2018
            century = "19" if int(short["y"]) >= 70 else "20"
            return iso_datetime(f"{century}{short['y']}-{short['m']}-{short['d']}")
    return None


def _headline_date(lines: list[str], head: Headline | None, at: int | None) -> str | None:
    """The date line between the headline and the body (a few lines below the headline when the body
    was not found), else just above the headline (a blog's date bar)."""
    if head is None or head.line is None:
        return None
    below = lines[head.line + 1:at if at is not None and at > head.line else head.line + 4]
    return _dated(below) or _dated(reversed(lines[max(head.line - 2, 0):head.line]))


def _nearest_date(lines: list[str], at: int | None) -> str | None:
    """The date line nearest above the body (a date higher up is the site's today or a list's)."""
    return _dated(reversed(lines[max(at - 25, 0):at])) if at is not None else None


FOOTER_LINES = 12  # how far under the article's last line a publication line is looked for (past a share bar)


def _footer_date(lines: list[str], article: Article | None, at: int | None) -> str | None:
    """A blog's or forum's ``发表于 <date>`` line under the article: the first from its body (a thread's first
    post signs before the replies do) to just under its last line."""
    if article is None or not article.lines:
        return None
    shown = [compact(line) for line in lines]
    end = None
    for last in article.lines[:-6:-1]:  # the last article line the page shows (the extractor may join lines)
        key = compact(last.split("\t")[-1] or last)[:20]  # a table row: its last cell
        end = next((i for i in range(len(shown) - 1, -1, -1) if key and key in shown[i]), None)
        if end is not None:
            break
    if end is None:
        return None
    for line in lines[min(at, end) if at is not None else end:end + FOOTER_LINES]:
        found = _POSTED.search(line)
        if found and len(line) <= 120:
            return _dated([line[found.start():]])
    return None


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
        # control characters XML forbids would make lxml refuse the text the headline search writes back
        tree = lxml.html.document_fromstring(_NOT_XML.sub("", html))
    except (ValueError, etree.ParserError):
        return PageMeta(url=url, fetched=fetched, title=article.title if article else None)
    metas, ld = _metas(tree), _json_ld(tree)
    title_el = tree.find(".//title")
    page_title = _clean(title_el.text_content()) if title_el is not None else None
    site_name = _first(metas, _SITE_KEYS)
    lines, emphasised = visual_lines(tree)
    at = body_line(lines, article.lines) if article else None
    head = find_headline(lines, emphasised, at, (_first(metas, _TITLE_KEYS), ld.get("title"), page_title), site_name)
    title = head.text if head else (article.title if article else None)
    published = (iso_datetime(_first(metas, _DATE_KEYS)) or iso_datetime(ld.get("published"))
                 or iso_datetime(_wechat_ct(html)))
    published = (published or _headline_date(lines, head, at) or (_date_line(article.lines) if article else None)
                 or _nearest_date(lines, at) or _footer_date(lines, article, at)
                 or iso_datetime(_first(metas, _MODIFIED_KEYS)) or _htmldate(_head_html(html, article.lines if article else ())))
    source = _first(metas, _SOURCE_KEYS)
    return PageMeta(
        url=url, fetched=fetched, title=_clean(title), published=published,
        author=_first(metas, _AUTHOR_KEYS) or ld.get("author"),
        source=_SOURCE_PREFIX.sub("", source) if source else None,
        site_name=site_name, title_element=strip_markup(page_title),
        title_seen=bool(head and head.line is not None) if title else None,
        canonical_url=_canonical(tree) or metas.get("og:url"),
    )


def _wechat_ct(html: str) -> str | None:
    """The ``var ct = "<unix time>"`` of a WeChat article (``var`` a word of its own)."""
    return next((m.group(1) for m in _WECHAT_CT.finditer(html)
                 if m.start() == 0 or not (html[m.start() - 1].isalnum() or html[m.start() - 1] in "_$")), None)


def _canonical(tree) -> str | None:
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split():
            return _clean(el.get("href"))
    return None
