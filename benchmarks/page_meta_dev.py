"""Titles and dates of the build on the real pages of the extraction dev set.

    python -m benchmarks.page_meta_dev [--dev DIR] [--show]

Each page of ``../shared/extraction-dev/pages`` (or ``--dev``, or ``$SUZHOU_NEWS_SHARED/extraction-dev``)
goes through the build's HTML path with the default extractor, and its title and date are compared
with the labels at two levels: ``page`` (what :func:`page_meta` reads from every page, including the
pages the extractor finds no article on) and ``documents`` (the row the build writes: ``html_page``,
then ``build_document``; a page left out counts as wrong):

- **title**: exact, against ``benchmarks/extraction_dev_titles.jsonl`` (hand labels, see
  ``extraction_dev_titles.md``) after the build's own punctuation normalisation of the label
  (``normalize_punct``: ``(图)`` → ``（图）``, ``"…"`` → ``“…”``), which the dataset card states;
- **date**: exact by day, against the set's ``labels.jsonl``, on the pages whose label names a day
  (``UNKNOWN``, a year or a month alone are not scored; the pages given a date anyway are counted).

``--show`` lists every page whose title or date is wrong at the page level. Quality figures only; speed is measured by the
extraction benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.html import get_extractor
from suzhou_news.builder.ingest.html_meta import page_meta
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.normalize import clean_line, normalize_punct
from suzhou_news.builder.ingest.read import decode_html
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.script import Converter

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("SUZHOU_NEWS_SHARED", HERE.parent / ".." / "shared"))
TITLES = HERE / "extraction_dev_titles.jsonl"
_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")


def label_day(value: str) -> str | None:
    """``2005-5-7 21:23:57`` → ``2005-05-07``; None for ``UNKNOWN``, ``2018``, ``1998-3``."""
    m = _DAY.match(value or "")
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def _want(title: str, converter: Converter, hant: bool) -> str:
    want = normalize_punct(title)
    return converter.t2s(want) if hant else want


def score(dev: Path, show: bool = False) -> dict[str, dict[str, int]]:
    labels = [json.loads(line) for line in (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    titles = {d["id"]: d["title"] for d in map(json.loads, TITLES.read_text(encoding="utf-8").splitlines())}
    converter, extractor = Converter(), get_extractor()
    got = {level: {"pages": 0, "titles": 0, "dated": 0, "dates": 0, "undated_given_date": 0}
           for level in ("page", "documents")}
    for label in labels:
        data = (dev / label["page"]).read_bytes()
        html, _ = decode_html(data)
        meta = page_meta(html, extractor.extract(html))
        page = html_page(data, label["page"], None, "html", label["id"], extractor=extractor)
        doc = build_document(label["id"], page.text, converter, page.meta) if isinstance(page, Page) else None
        hant = doc is not None and doc.script == "hant"
        found = {"page": (normalize_punct(clean_line(meta.title).strip()) if meta.title else None, meta.published),
                 "documents": (doc.title, doc.published) if doc else (None, None)}
        want, day = _want(titles[label["id"]], converter, hant), label_day(label["date"])
        for level, (title, published) in found.items():
            if hant and title:
                title = converter.t2s(title)
            n = got[level]
            n["pages"] += 1
            n["titles"] += title == want
            if day:
                n["dated"] += 1
                n["dates"] += (published or "")[:10] == day
            elif published:
                n["undated_given_date"] += 1
        title, published = found["page"]
        if show and (title != want or (day and (published or "")[:10] != day)):
            print(f"{label['id'][:8]} {'doc' if doc else '---'}  title {title!r} (want {want!r})  "
                  f"date {published} (want {day})")
    return got


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", type=Path, default=SHARED / "extraction-dev")
    p.add_argument("--show", action="store_true", help="list the pages with a wrong title or date")
    args = p.parse_args(argv)
    if not (args.dev / "labels.jsonl").is_file():
        p.error(f"no dev set at {args.dev} (labels.jsonl missing): pass --dev or set SUZHOU_NEWS_SHARED")
    for level, s in score(args.dev, args.show).items():
        print(f"{level:>9}: titles exact {s['titles']}/{s['pages']}; dates exact (day) {s['dates']}/{s['dated']} "
              f"labelled with a day ({s['undated_given_date']} of the {s['pages'] - s['dated']} others given a date)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
