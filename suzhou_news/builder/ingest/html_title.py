"""The article's headline from the evidence of its page, never the site's name, never markup.

The page is read as *visual lines* (:func:`visual_lines`: the body's text broken where a block
element, a table cell or a ``<br>`` breaks it; ``<title>``, scripts and styles left out). The line
the article's first prose paragraph sits on (:func:`body_line`) anchors the search:

1. a line that *is* a run of parts of the page's own title sources (``og:title`` and its kin,
   JSON-LD ``headline``, ``<title>``, each split at its site separators ``_`` ``-`` ``|`` ``——`` …):
   among the 25 lines above the body the emphasised such line, else the longest (the headline over
   a source name or a site slogan the ``<title>`` also holds), else the first on the page. A ``|``
   or ``——`` that the headline itself prints is kept, because the whole run is matched, not the
   longest part; a part that names the site (the ``og:site_name``, a domain, a word such as 网, 频道,
   论坛) never counts alone;
2. else the line just above the body (dates, bylines and names passed over) when it reads as a
   headline, else the nearest *emphasised* one (``h1``–``h4``, ``b``/``strong``, a ``title`` class
   or id, a ``font size`` of 3 or more) among the next six;
3. else the first title source that is left once its site parts are cut away.

A headline is found with its line number, so the date search can start from it
(:mod:`suzhou_news.builder.ingest.html_meta`). Tags inside a title source (an ``og:title`` that
carries ``<div>…</div>``) are removed before anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree

from suzhou_news.builder.ingest import lines as L

_SEPARATOR = re.compile(r"\s*(?:_+|\|\||\||｜|·{2}|::|»|«|<|>|——|—|--|–|\s-\s|(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f]))\s*")
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # a site's icon font glyph, no text
_PAGE_NO = re.compile(r"\s*[(（]\s*(?:页|第)\s*\d+\s*页?\s*[)）]")  # a forum's "(页 1)"
_TITLE_LABEL = re.compile(r"^\s*(?:主\s*题|标\s*题|题\s*目|帖子主题|文章标题)\s*[:：]\s*")
_LABEL = re.compile(rf"{_TITLE_LABEL.pattern}|^\s*[*●■◆▪•◇○►▶]\s*")  # a title label or a bullet
_META_LINE = re.compile(r"(?:作者|来源|来自|编辑|记者|发布|发表|时间|日期|阅读|点击|浏览|评论|版主|位置|出处|出自|字体|打印)"
                        r"\s*[:：]|【.*】.*【|^[(（]|^[—\-]{2}|https?://|www\.|"
                        # a line opening with a bracketed item, but not a tagged headline: 【不忘初心 牢记使命】我院…
                        r"^[\[【](?![^\]】]{1,20}[\]】][^【\[:：]{8,}$)|^\s*(?:首页|主页)\s*[-–—>/|»›＞]|"
                        r"^(?:本报|本刊|本台|新华社|中新社)?(?:特约|实习|驻\S{1,6})?(?:记者|通讯员|实习生)", re.I)
_SITE_WORD = re.compile(r"(?:网|频道|论坛|社区|博客|在线|新闻|首页|门户|官网|官方网站|资讯|中心|站)$|"
                        r"(?:\.com|\.cn|\.net|\.org|blog|bbs|online|poweredby)", re.I)
_BLOCK = frozenset("address article aside blockquote body br center dd div dl dt fieldset figcaption figure footer "
                   "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead "
                   "tr ul option select".split())
_HIDDEN = ("script", "style", "noscript", "title", "head", "template", "textarea", "select")
_EMPHASIS = ("h1", "h2", "h3", "h4", "b", "strong")
_TITLE_ATTR = re.compile(r"title|headline|biaoti|bt_|_bt|tit\b", re.I)
WINDOW = 25  # visual lines above the body searched for the headline


@dataclass(frozen=True)
class Headline:
    text: str
    line: int | None  # its visual line, when found on the page


def compact(text: str) -> str:
    """``text`` as lines are matched: no whitespace, no icon-font glyph (``visual_lines`` drops them)."""
    return "".join(_PRIVATE_USE.sub("", text).split())


def strip_markup(text: str | None) -> str | None:
    """A title source without tags or spare whitespace; None when nothing is left."""
    text = re.sub(r"\s+", " ", _PAGE_NO.sub("", _PRIVATE_USE.sub("", _MARKUP.sub("", text or "")))).strip()
    return text or None


def visual_lines(tree) -> tuple[list[str], set[str]]:
    """The body's lines as a reader sees them, and the (compact) texts of its emphasised elements.

    Changes ``tree``: hidden elements are dropped and line breaks added after block elements.
    """
    body = tree.find("body")
    if body is None:
        return [], set()
    for el in list(body.iter(*_HIDDEN)):
        el.drop_tree()
    emphasised = set()
    for el in body.iter(etree.Element):  # a parent before its children, so its text has no breaks added yet
        tag, attrs = el.tag, el.attrib
        if (tag in _EMPHASIS or (attrs and _emphasised_by(tag, attrs))):
            text = compact(el.text_content())
            if 0 < len(text) <= 120:
                emphasised.add(text)
        if tag in _BLOCK:
            el.tail = "\n" + (el.tail or "")
            if tag != "br":
                el.text = "\n" + (el.text or "")
    lines = (" ".join(_PRIVATE_USE.sub("", line).split()) for line in body.text_content().split("\n")
             if line and not line.isspace())  # (\s and str.isspace agree: tests/builder/ingest/test_lines.py)
    return [line for line in lines if line], emphasised


def _emphasised_by(tag: str, attrs) -> bool:
    """A ``title`` class or id, or a ``font size`` of 3 or more."""
    if _TITLE_ATTR.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}"):
        return True
    size = (attrs.get("size") or "").strip().lstrip("+") if tag == "font" else ""
    return size.isdigit() and int(size) >= 3


def first_paragraph(article_lines: Sequence[str]) -> str | None:
    """The article's first prose paragraph: not a forum's "主题：…？" line nor a short exclaiming or asking line
    (the headline, which the extractor may keep), not a table row (cells joined by tabs), not furniture the
    extractor kept (a site's rights notice in a pop-up)."""
    return next((line for line in article_lines if "\t" not in line and (f := L.features(line))
                 and L.is_body_like(f) and not _TITLE_LABEL.match(line) and L.furniture_reason(f) is None
                 and not (line.rstrip()[-1:] in "！？!?" and _reads_as_headline(line))), None)


def body_line(lines: Sequence[str], article_lines: Sequence[str]) -> int | None:
    """The visual line the article's first prose paragraph starts on."""
    first = first_paragraph(article_lines)
    if not first:
        return None
    key = compact(first)[:20]
    return next((i for i, line in enumerate(lines) if key in compact(line)), None)


def split_title(title: str) -> list[str]:
    return [title[a:b] for a, b in part_spans(title)]


def part_spans(title: str) -> list[tuple[int, int]]:
    """Where the parts of a title source lie between its site separators (blank parts left out)."""
    spans, at = [], 0
    for sep in _SEPARATOR.finditer(title):
        spans.append((at, sep.start()))
        at = sep.end()
    spans.append((at, len(title)))
    return [(a, b) for a, b in spans if title[a:b].strip()]


def site_like(part: str, site_name: str | None) -> bool:
    """Does this ``<title>`` part name the site (its ``og:site_name``, a domain, a channel word) rather
    than the article?"""
    c = compact(part)
    if not c or (site_name and (c in compact(site_name) or compact(site_name) in c)):
        return True
    return bool(_SITE_WORD.search(c)) and L.count_han(c) <= 8


def _runs(source: str, site_name: str | None) -> dict[str, str]:
    """Every run of consecutive parts of a title source, compact → as printed; runs that are one
    site-like part are left out."""
    parts = split_title(source)
    runs: dict[str, str] = {}
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            if j == i + 1 and site_like(parts[i], site_name):
                continue
            start = source.find(parts[i])
            end = source.find(parts[j - 1], start) + len(parts[j - 1]) if start >= 0 else -1
            printed = source[start:end] if start >= 0 and end > start else " ".join(parts[i:j])
            runs.setdefault(compact(printed), printed.strip())
    return runs


def _reads_as_headline(line: str) -> bool:
    """Short, no full stop (a headline may ask or exclaim), not a date, byline or tool bar."""
    f = L.features(line)
    return (3 <= f.han and f.length <= 50 and "。" not in line
            and not line.rstrip().endswith((".", "．", "；", ";", "，", ",", "：", ":"))
            and not L.DATE_RE.search(line) and not _META_LINE.search(line))


def cut_site_parts(source: str, site_name: str | None) -> str | None:
    """A title source with its site-naming parts cut off its ends (what is left, as printed)."""
    parts = split_title(source)
    while parts and site_like(parts[-1], site_name):
        parts.pop()
    while len(parts) > 1 and len(compact(parts[-1])) <= 4:  # a channel: 商贸, 国内, 社会
        parts.pop()
    while parts and site_like(parts[0], site_name):
        parts.pop(0)
    if not parts:
        return None
    start = source.find(parts[0])
    end = source.find(parts[-1], max(start, 0)) + len(parts[-1])
    return source[start:end].strip() if 0 <= start < end else parts[0]


def _run_at(lines: Sequence[str], order: Iterable[int], runs: dict[str, str], longest: bool,
            emphasised: set[str] = frozenset()) -> Headline | None:
    """The first line in ``order`` that is a title run; with ``longest``, the emphasised one first, then the
    longest (near the body, the headline outranks the section or source name, or the site's slogan, that
    the ``<title>`` also holds)."""
    best: Headline | None = None
    rank = (False, 0)
    for i in order:
        line = _LABEL.sub("", lines[i])
        key = compact(line)
        if key in runs and L.count_han(line) + len(re.findall(r"[A-Za-z0-9]", line)) >= 2:
            this = (key in emphasised or compact(lines[i]) in emphasised, len(key))
            if best is None or this > rank:
                best, rank = Headline(line, i), this
            if not longest:
                break
    return best


def _near(lines: Sequence[str], at: int, emphasised: set[str] | None, reach: int) -> Headline | None:
    """The nearest line above the body, within ``reach`` lines that are not dates or bylines, that reads
    as a headline (and is emphasised, when ``emphasised`` is given)."""
    seen = 0
    for i in range(at - 1, -1, -1):
        line = _LABEL.sub("", lines[i])
        if L.DATE_RE.search(line) or _META_LINE.search(line) or L.count_han(line) < 3 or len(compact(line)) < 5:
            continue  # a date, byline or name line: passed over
        seen += 1
        if seen > reach:
            return None
        if _reads_as_headline(line) and (emphasised is None or compact(line) in emphasised
                                         or compact(lines[i]) in emphasised):
            return Headline(line, i)
    return None


def find_headline(lines: Sequence[str], emphasised: set[str], at: int | None, sources: Iterable[str | None],
                  site_name: str | None = None) -> Headline | None:
    """The article's headline (see the module docstring); ``at`` is the body's visual line, if known."""
    sources = [s for s in (strip_markup(s) for s in sources) if s]
    runs: dict[str, str] = {}
    for source in sources:
        for key, printed in _runs(source, site_name).items():
            runs.setdefault(key, printed)
    # from the body's own first line up: a short exclaiming headline can read as its first paragraph
    found = (_run_at(lines, range(at, max(at - WINDOW, 0) - 1, -1), runs, True, emphasised)
             if at is not None else None)
    found = found or _run_at(lines, range(len(lines)), runs, False)
    if found is None and at is not None:
        found = _near(lines, at, emphasised, 6) or _near(lines, at, None, 1)
    if found:
        return found
    for source in sources:
        cut = cut_site_parts(source, site_name)
        if cut:
            return Headline(cut, None)
    return None
