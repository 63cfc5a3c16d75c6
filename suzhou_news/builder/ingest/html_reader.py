"""HTML input: one saved article page (``.html``, ``.htm``, optionally gzipped), and the step
every HTML payload goes through, whatever its container (a file, a WARC record, a JSONL line).

Bytes → text (:func:`suzhou_news.builder.ingest.read.decode_html`: ``<meta charset>``, the
HTTP header, detection) → main text (:mod:`suzhou_news.builder.ingest.html`, text density
over selectolax's DOM by default, trafilatura then gne when it finds no prose) → metadata
(:mod:`suzhou_news.builder.ingest.html_meta`) → a :class:`Page` whose text
is the headline followed by the extracted lines. A page whose extraction holds
no prose paragraph (a list or index page) is skipped as ``no_article``, one whose article is in
another language as ``not_chinese``.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from suzhou_news.builder.ingest.html import ExtractionFailed, Extractor, get_extractor, has_prose
from suzhou_news.builder.ingest.html_meta import page_meta
from suzhou_news.builder.ingest.ids import file_id
from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.bounded import TooLarge, gunzip_at_most
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.lines import count_han
from suzhou_news.builder.ingest.pages import Page, PageMeta
from suzhou_news.builder.ingest.read import BINARY, EMPTY, UNDECODABLE, decode_html, raw_bytes

NO_ARTICLE = "no_article"
NOT_CHINESE = "not_chinese"
EXTRACTION_FAILED = "extraction_failed"
BAD_GZIP = "bad_gzip"
_DECODE_DETAILS = {EMPTY: "page is empty or whitespace only", BINARY: "page holds NUL bytes or control characters",
                   UNDECODABLE: "no strict decoding with the declared charset, UTF-8, GB18030 or Big5"}
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
# Suffixes that name an input kind; a file's id is its name without them.
KIND_SUFFIXES = (".html.gz", ".htm.gz", ".warc.gz", ".jsonl.gz", ".html", ".htm", ".warc", ".jsonl", ".txt")


# An article whose extracted lines hold this many letters, this share of them kana or hangul (Japanese writes Han
# between its kana, so its lines can read as Han prose), or without Han prose under this share of them Han, is in
# another language (``not_chinese``), not a list page.
FOREIGN_MIN_LETTERS = 200
FOREIGN_MAX_HAN_SHARE = 0.1
KANA_SHARE = 0.1
_KANA_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")  # word characters but digits and _: letters (and a few number signs)


def _foreign(lines: tuple[str, ...], prose: bool) -> str | None:
    """Why an article's lines are not Chinese ("N letters, …"), or None. A page with Han prose and no kana or
    hangul (every Chinese article) costs one scan."""
    text = "".join(lines)
    if prose and not _KANA_HANGUL.search(text):
        return None
    letters, han, kana = len(_LETTER.findall(text)), count_han(text), len(_KANA_HANGUL.findall(text))
    if letters >= FOREIGN_MIN_LETTERS and (kana >= KANA_SHARE * letters
                                           or not prose and han < FOREIGN_MAX_HAN_SHARE * letters):
        return f"{letters} letters, {han} of them Han, {kana} kana or hangul"
    return None


def looks_like_html(head: bytes) -> bool:
    """Do these first bytes open an HTML document (``<!DOCTYPE html>``, ``<html>``, ``<head>``, ``<body>``)?"""
    return bool(_HTML_START.match(head))


def file_stem(path: Path) -> str:
    name = path.name
    return next((name[: -len(s)] for s in KIND_SUFFIXES if name.lower().endswith(s) and len(name) > len(s)),
                path.stem)


def html_page(data: bytes, rel: str, record: int | None, source_format: str, id_hint: str, *,
              http_charset: str | None = None, given: PageMeta = PageMeta(),
              extractor: Extractor | None = None) -> Page | LeftOut:
    """One HTML payload → a page, or a skipped entry with its reason code.

    ``given`` is what the container says (URL, fetch date, a dump's title or date);
    its fields win over what the page's markup says.
    """
    origin = rel if record is None else f"{rel}#{record}"
    digest = hashlib.sha256(data).hexdigest()
    html, how = decode_html(data, http_charset)
    if html is None:
        return LeftOut(rel, record, how, f"{origin}: {_DECODE_DETAILS[how]}", digest)
    extractor = extractor or get_extractor()
    try:
        article = extractor.extract(html, given.url)
    except ExtractionFailed as e:
        return LeftOut(rel, record, EXTRACTION_FAILED, f"{origin}: {e}", digest)
    prose = article is not None and has_prose(article.lines)
    foreign = _foreign(article.lines if article else (), prose)
    if foreign:
        return LeftOut(rel, record, NOT_CHINESE, f"{origin}: the article is not Chinese ({extractor.name} found "
                       f"{foreign}): the dataset holds Chinese text", digest)
    if not prose:
        n = len(article.lines) if article else 0
        return LeftOut(rel, record, NO_ARTICLE, f"{origin}: no article text ({extractor.name} found {n} lines, "
                       "none a prose paragraph): a list or index page?", digest)
    found = page_meta(html, article, given.url, given.fetched)
    meta = replace(found, **{k: v for k, v in vars(given).items() if v is not None})
    if given.title:
        meta = replace(meta, title_seen=False)  # the container's title, not a line of the page
    text = "\n".join(((meta.title,) if meta.title else ()) + article.lines)
    return Page(rel, record, source_format, id_hint, text, how, digest, meta)


def read_html(path: Path, rel: str, data: bytes | None = None) -> Iterator[Page | LeftOut]:
    """A saved article page, ``.html``/``.htm``, optionally gzip-compressed; at most the page limit of it
    is read, before and after decompression (``too_large`` past it)."""
    if data is None:
        data = raw_bytes(path, rel)
        if isinstance(data, LeftOut):
            yield data
            return
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip_at_most(data, bounded.MAX_PAGE_BYTES)
        except TooLarge as big:
            yield big.left_out(rel, None, "page", f"{rel}: ", "split it into one file per article, or check that it "
                               "is not a gzip bomb", compressed=len(data), sha256=hashlib.sha256(data).hexdigest())
            return
        except (OSError, EOFError, zlib.error) as e:
            yield LeftOut(rel, None, BAD_GZIP, f"{rel}: not a readable gzip file ({e}); re-download or unpack it",
                          hashlib.sha256(data).hexdigest())
            return
    yield html_page(data, rel, None, "html", file_id(path.name))
