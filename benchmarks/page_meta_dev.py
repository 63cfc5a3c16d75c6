"""Titles and dates of the build on the real pages of the extraction dev set.

    python -m benchmarks.page_meta_dev [--dev DIR] [--show]

Each page of ``../shared/extraction-dev/pages`` (or ``--dev``, or ``$SUZHOU_NEWS_SHARED/extraction-dev``)
goes through the build's HTML path with the default extractor (``html_page``, then ``build_document``),
and its ``documents`` title and date are compared with the labels:

- **title**: exact, against ``benchmarks/extraction_dev_titles.jsonl`` (hand labels, see
  ``extraction_dev_titles.md``) after the build's own punctuation normalisation of the label
  (``normalize_punct``: ``(图)`` → ``（图）``, ``"…"`` → ``“…”``), which the dataset card states;
- **date**: exact by day, against the set's ``labels.jsonl``, on the pages whose label names a day
  (``UNKNOWN``, a year or a month alone are not scored; the pages given a date anyway are counted).

``--show`` lists every page whose title or date is wrong. Quality figures only; speed is measured by the
extraction benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import re
from pathlib import Path

from suzhou_news.builder.ingest.document import build_document
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.normalize import normalize_punct
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


def score(dev: Path, show: bool = False) -> dict[str, int]:
    labels = [json.loads(line) for line in (dev / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    titles = {d["id"]: d["title"] for d in map(json.loads, TITLES.read_text(encoding="utf-8").splitlines())}
    converter = Converter()
    got = {"pages": 0, "titles": 0, "dated": 0, "dates": 0, "undated_given_date": 0, "no_article": 0}
    for label in labels:
        page = html_page((dev / label["page"]).read_bytes(), label["page"], None, "html", label["id"])
        doc = build_document(label["id"], page.text, converter, page.meta) if isinstance(page, Page) else None
        got["pages"] += 1
        got["no_article"] += doc is None
        title, published = (doc.title, doc.published) if doc else (None, None)
        want = normalize_punct(titles[label["id"]])
        if doc is not None and doc.script == "hant":
            want = converter.t2s(want)
        got["titles"] += title == want
        day = label_day(label["date"])
        if day:
            got["dated"] += 1
            got["dates"] += (published or "")[:10] == day
        elif published:
            got["undated_given_date"] += 1
        if show and (title != want or (day and (published or "")[:10] != day)):
            print(f"{label['id'][:8]}  title {title!r} (want {want!r})  date {published} (want {day})")
    return got


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", type=Path, default=SHARED / "extraction-dev")
    p.add_argument("--show", action="store_true", help="list the pages with a wrong title or date")
    args = p.parse_args(argv)
    if not (args.dev / "labels.jsonl").is_file():
        p.error(f"no dev set at {args.dev} (labels.jsonl missing): pass --dev or set SUZHOU_NEWS_SHARED")
    s = score(args.dev, args.show)
    print(f"titles exact: {s['titles']}/{s['pages']}; dates exact (day): {s['dates']}/{s['dated']} labelled with a day "
          f"({s['undated_given_date']} of the {s['pages'] - s['dated']} others given a date); "
          f"pages without a document: {s['no_article']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
