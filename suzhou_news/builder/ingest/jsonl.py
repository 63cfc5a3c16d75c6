"""JSONL input (``.jsonl``, optionally gzipped): one article per line.

Each line is a JSON object with ``html`` (a page, extracted like any HTML input)
or ``text`` (page text, read like a ``.txt`` dump), and optionally ``url``,
``title``, ``published``, ``fetched``, ``author``, ``source`` and ``id``. What a
line gives wins over what its page says. The file is read line by line; a bad
line is skipped as ``bad_jsonl_line`` with its line number and the others are kept; a line over the
page limit is read through in chunks and left out as ``too_large``; a lone surrogate (``"\\ud800"``) in a
field becomes U+FFFD, marked as damage, and the article is kept.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from suzhou_news.builder.ingest.html_meta import iso_datetime
from suzhou_news.builder.ingest.html_reader import file_stem, html_page
from suzhou_news.builder.ingest import bounded
from suzhou_news.builder.ingest.bounded import TooLarge, readline_at_most
from suzhou_news.builder.ingest.damage import BAD_BYTES_MARK, INVALID_BYTES, LONE_SURROGATE, Damage
from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.builder.ingest.pages import Page, PageMeta, open_raw, record_id

BAD_LINE = "bad_jsonl_line"
TRUNCATED = "truncated_archive"
_FIELDS = ("url", "title", "published", "fetched", "author", "source", "id")


def _line_error(obj) -> str | None:
    if not isinstance(obj, dict):
        return f"a JSON {type(obj).__name__}, not an object"
    body = [k for k in ("html", "text") if isinstance(obj.get(k), str) and obj[k].strip()]
    if not body:
        return "no non-empty \"html\" or \"text\" field"
    wrong = [k for k in _FIELDS if obj.get(k) is not None and not isinstance(obj[k], str)]
    if wrong:
        return f"field {wrong[0]!r} is not a string"
    return None


def _without_surrogates(obj: dict, at: int, number: int) -> tuple[dict, tuple[Damage, ...]]:
    """The line's fields with each lone surrogate (``"\\ud800"``: valid JSON, not a character, and not
    writable as UTF-8) replaced by U+FFFD, a damage mark the document keeps as a ``corrupted`` span."""
    damage, fixed = [], dict(obj)
    for key in ("html", "text", *_FIELDS):
        value = obj.get(key)
        found = LONE_SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            fixed[key] = LONE_SURROGATE.sub(BAD_BYTES_MARK, value)
            what = f"field {key!r}: lone surrogate \\u{ord(found.group()):04x} (not a character) replaced by U+FFFD"
            damage.append(Damage(at, 0, number, INVALID_BYTES, what))
    return fixed, tuple(damage)


def _page(obj: dict, raw: bytes, rel: str, number: int, stem: str, damage: tuple[Damage, ...]) -> Page | LeftOut:
    given = PageMeta(url=obj.get("url"), fetched=obj.get("fetched"),
                     title=obj.get("title"), published=iso_datetime(obj.get("published")),
                     author=obj.get("author"), source=obj.get("source"))
    doc_id = record_id(obj.get("id"), obj.get("url"), stem, number)
    if isinstance(obj.get("html"), str) and obj["html"].strip():
        got = html_page(obj["html"].encode("utf-8"), rel, number, "jsonl", doc_id, http_charset="utf-8", given=given)
        return replace(got, damage=damage) if damage and isinstance(got, Page) else got
    text = obj["text"].replace("\r\n", "\n").replace("\r", "\n")
    if given.title:
        text = given.title + "\n" + text
    return Page(rel, number, "jsonl", doc_id, text, "utf-8", hashlib.sha256(raw).hexdigest(), given, damage)


def read_jsonl(path: Path, rel: str, data: bytes | None = None) -> Iterator[Page | LeftOut]:
    """Every line of a JSONL dump that holds an article."""
    with open_raw(path, data) as raw_fh:
        gzipped = raw_fh.read(2) == b"\x1f\x8b"
        raw_fh.seek(0)
        with gzip.open(raw_fh, "rb") if gzipped else contextlib.nullcontext(raw_fh) as fh:
            yield from _lines(fh, rel, file_stem(path))


def _lines(fh: BinaryIO, rel: str, stem: str) -> Iterator[Page | LeftOut]:
    number, at = 0, 0
    while True:
        try:
            raw = readline_at_most(fh, bounded.MAX_PAGE_BYTES)
        except TooLarge as big:
            number += 1
            at += big.size + 1
            yield big.left_out(rel, number, "article", f"{rel} line {number}: ", "split the article, or remove the "
                               "line (the other lines are kept)")
            continue
        except (OSError, EOFError, zlib.error) as e:
            yield LeftOut(rel, number + 1, TRUNCATED, f"{rel}: the compressed file breaks after line {number} "
                          f"({e}); lines 1–{number} were read; re-download the file to get the rest")
            return
        if not raw:
            return
        number += 1
        at += len(raw)
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as e:
            why = f"not UTF-8 at byte {e.start}"
        except json.JSONDecodeError as e:
            why = f"not JSON ({e.msg} at column {e.colno})"
        except RecursionError:
            why = "JSON nested too deeply to read"
        else:
            why = _line_error(obj)
        if why is not None:
            yield LeftOut(rel, number, BAD_LINE, f"{rel} line {number}: {why}; fix or remove the line "
                          "(the other lines are kept)", hashlib.sha256(raw).hexdigest())
            continue
        obj, damage = _without_surrogates(obj, at - len(raw), number)
        yield _page(obj, raw, rel, number, stem, damage)
