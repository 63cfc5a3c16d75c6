"""Stage 2 — extract: page text to title, metadata and body paragraphs.

Layout analysis on general features, in three steps:

1. Every non-blank line gets a score: prose paragraphs (:func:`lines.is_body_like`)
   score their Han-character count, furniture lines a large penalty, other short
   lines a small one. The body is the maximum-sum run of lines (Kadane), so list
   items in a "related"/"hot" block, each wrapped in headers, sources and
   timestamps, never join it, while headings between long paragraphs do.
2. Lines before the body: furniture rules, a metadata line (date, source), the
   title (the first line when the page's title is known, else the first
   heading-like line of 8+ Han characters, else the first heading-like line),
   repeats of the title, deck lines (kept as ``subtitle`` paragraphs), and the
   prose right under the title (its lead, kept).
3. Lines after the body are removed; a byline there gives the author.

Every removed line is kept with its 1-based raw line number and reason code.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from suzhou_news.builder.ingest import lines as L

BULLETS = "●■◆▪•◇○►▶"
# Furniture that sits between body paragraphs as often as around them: it
# neither extends nor cuts the body run.
NEUTRAL_REASONS = frozenset({"image_placeholder"})
RETRY_LINE = 120
HEAD_LINES = 12  # see ``_widen``
_BULLET_SPLIT = re.compile(rf"(?<=\S)\s*(?=[{BULLETS}])")
_TRAILING_BYLINE = re.compile(r"[（(](?P<credit>[^（）()]*(?:记者|通讯员|撰文|摄)[^（）()]*)[)）]\s*$")
_META_LABEL = re.compile(r"(?:发布时间|发表时间|更新时间|时间|日期|发布于)\s*[:：]?")
_SOURCE_LABEL = re.compile(r"(?:来源|来自|出处|稿源)\s*[:：]\s*(?P<src>[^\s|｜]{1,30})")
_AUTHOR_LABEL = re.compile(r"(?:作者|记者)\s*[:：]\s*(?P<name>[^\s|｜]{1,20})")
# a line that credits or files the article rather than being part of it (see ``_widen``)
_CREDIT = re.compile(r"^[（(【\[〓\s]*(?:摘自|原载|转自|本文(?:最先|原载|首发|来自|作者)|执笔|作者单位)"
                     r"|(?:作者|来源|标签|执笔人|采写|撰稿|撰文|供稿|记者|通讯员|摄影)\s*[:：]|发布日期|发布时间|发布于|您是本文第")
_LEAD_BYLINE = re.compile(r"^[^，。,（(]{0,8}讯?\s*[（(]\s*(?:本报|通讯员)?记者\s*(?P<name>[\u4e00-\u9fff·、\s]{2,20}?)\s*[)）]")


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str  # "paragraph" | "heading" | "subtitle" | "list_item"
    line: int  # 1-based line in the raw file


@dataclass(frozen=True)
class RemovedLine:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class Extracted:
    title: str | None
    published: str | None
    source: str | None
    author: str | None
    editor: str | None
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[RemovedLine, ...]
    # each paragraph as the rules read it (``fold`` applied) where they read it, else None: a build folds the
    # body of a Traditional page from these instead of folding it again
    folded: tuple[str | None, ...] = ()


def _score(f: L.LineFeatures, reason: str | None) -> float:
    if reason in NEUTRAL_REASONS or (reason is None and L.is_code_line(f)):
        return 0.0
    if reason is not None:
        return -30.0
    if L.is_body_like(f):
        return float(f.han)
    if L.is_heading_like(f):
        return -3.0
    return -10.0


def max_run(scores: list[float]) -> tuple[int, int]:
    """Kadane: half-open index range of the maximum-sum run (empty → (0, 0))."""
    best, best_range, cur, start = 0.0, (0, 0), 0.0, 0
    for i, s in enumerate(scores):
        if cur <= 0:
            cur, start = s, i
        else:
            cur += s
        if cur > best:
            best, best_range = cur, (start, i + 1)
    return best_range


def _iso(m: re.Match) -> str:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["H"] is not None:
        out += f"T{int(m['H']):02d}:{m['M']}"
        out += f":{m['S']}" if m["S"] else ""
    return out


def _is_meta_line(f: L.LineFeatures) -> bool:
    """A short line that dates, sources or signs the article (not prose, not a deck)."""
    return (f.length <= 80 and not L.is_body_like(f)
            and bool(L.DATE_RE.search(f.text) or _SOURCE_LABEL.search(f.text) or _AUTHOR_LABEL.search(f.text)))


def _meta_from_line(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    m = L.DATE_RE.search(text)
    if m:
        found["published"] = _iso(m)
    s = _SOURCE_LABEL.search(text)
    if s:
        found["source"] = s["src"]
    a = _AUTHOR_LABEL.search(text)
    if a:
        found["author"] = a["name"]
    if "source" not in found and m:
        rest = _META_LABEL.sub(" ", text[: m.start()] + " " + text[m.end():])
        rest = _AUTHOR_LABEL.sub(" ", rest).strip()
        if rest and 2 <= len(rest) <= 20 and " " not in rest and sum(map(L.is_han, rest)) >= 2:
            found["source"] = rest
    return found


def _compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


def extract(text: str, fold: Callable[[str], str] | None = None, title_first: bool = False) -> Extracted:
    """Split a decoded page into title, metadata, body paragraphs and removed lines.

    ``fold`` maps text to the form the rules read, one character for one and
    line by line: it is called on many lines joined by ``\n`` at once, and no
    line may change what another folds to (the build passes OpenCC t2s, whose
    phrases never span a line break, so a Traditional page's 責任編輯 or 版權所有
    meets the same rules as 责任编辑 and 版权所有). Paragraphs and the title keep
    the page's own characters; metadata comes from the folded form.

    A line longer than :data:`lines.LONG_LINE` (line breaks removed by a
    crawler) is read as its pieces (:func:`lines.split_long_line`), with the same
    line number. A page that gives no body that way is read once more with every
    line over :data:`RETRY_LINE` characters split: a short article on one line.

    ``title_first``: the page's first line is its title, known from elsewhere (an HTML page's headline, a
    dump's title field), so no heading of the body is taken for it.
    """
    got = _extract(text, fold, L.LONG_LINE, title_first)
    if not got.paragraphs and any(len(line) > RETRY_LINE for line in text.split("\n")):
        return _extract(text, fold, RETRY_LINE, title_first)
    return got


def _extract(text: str, fold: Callable[[str], str] | None, long_line: int, title_first: bool) -> Extracted:
    items = [(n, piece) for n, raw in enumerate(text.split("\n"), start=1) if raw.strip()
             for piece in L.split_long_line(raw.strip(), long_line)]
    folded = fold or (lambda t: t)
    folded_items = _fold_lines(folded, [t for _, t in items])
    feats = L.writer_stops(L.features_of(folded_items))
    counts = Counter(t for _, t in items)
    reasons: list[str | None] = []
    for (_, t), f in zip(items, feats):
        r = L.furniture_reason(f)
        if r is None and counts[t] >= 2 and not L.is_body_like(f) and f.length <= 30 and not L.is_code_line(f):
            r = "repeated_line"
        reasons.append(r)
    lo, hi = max_run([_score(f, r) for f, r in zip(feats, reasons)])
    if title_first and lo == 0 < hi:  # a known title that exclaims reads as prose: it is still the title
        lo = 1
    # a forum post ends at its footer: what follows (the board's rules, replies) is not the article
    hi = next((i for i in range(lo + 1, hi) if reasons[i] == "post_footer"), hi)

    meta: dict[str, str] = {}
    title: str | None = None
    title_key = ""  # the title as the rules read it
    paragraphs: list[Paragraph] = []
    known: list[str | None] = []  # each paragraph's folded text where it is a whole line (else None)
    removed: list[RemovedLine] = []

    def keep(i: int, text: str, kind: str) -> None:
        paragraphs.append(Paragraph(text, kind, items[i][0]))
        known.append(folded_items[i] if text == items[i][1] else None)

    def drop(i: int, reason: str) -> None:
        removed.append(RemovedLine(items[i][0], items[i][1], reason))

    def take_meta(i: int) -> None:
        for k, v in _meta_from_line(feats[i].text).items():
            meta.setdefault(k, v)
        drop(i, "metadata_line")

    # Head: furniture, metadata, title, title repeats, deck lines. The title is the first line when it is
    # known (``title_first``), else the first heading-like line of 8+ Han characters (account names and
    # channel labels are shorter), else the first heading-like line. Prose right under the title (past its
    # date line, repeats and deck) is the article's lead, even when a block of furniture (an ad list) parts
    # it from the rest of the body.
    heads = [i for i in range(lo) if reasons[i] is None and L.is_heading_like(feats[i])]
    title_at = 0 if title_first else next((i for i in heads if feats[i].han >= 8), heads[0] if heads else None)
    if hi > lo:
        lo, hi = _widen(feats, reasons, lo, hi, title_at)
    lead = False  # still under the title, nothing but its date line, repeats, deck and lead since
    for i in range(lo):
        f, r = feats[i], reasons[i]
        under_title, lead = lead, False
        if i == title_at and title_first:  # the known title, whatever the rules say of its line (a repeat)
            title, title_key = items[i][1], f.text
            lead = True
        elif r is not None and r != "list_timestamp":
            drop(i, r)
        elif _is_meta_line(f):
            take_meta(i)
            lead = under_title
        elif title is None and i == title_at:
            title, title_key = items[i][1], f.text
            lead = True
        elif title is not None and _compact(f.text) in _compact(title_key):
            drop(i, "title_repeat")
            lead = under_title
        elif under_title and L.is_body_like(f):
            keep(i, items[i][1], "paragraph")
            lead = True
        elif title is not None and L.is_heading_like(f) and f.han >= 8:
            keep(i, items[i][1], "subtitle")
            lead = under_title
        else:
            drop(i, "head_furniture")

    # Body: furniture inside it is dropped, short lines become headings. A metadata line before its first
    # paragraph (the run may start at a headline that exclaims, so reads as prose) is metadata, as above it.
    top = True
    for i in range(lo, hi):
        f, r = feats[i], reasons[i]
        text_i = items[i][1]
        if top and r is None and _is_meta_line(f):
            take_meta(i)
            continue
        top = top and (r is not None or bool(title_key) and _compact(f.text) == _compact(title_key))
        if r == "repeated_line" and f.han >= 4:  # the article's own: a heading its contents list repeats,
            r = None                             # a field of a spec table given for two models
        if r is not None:
            drop(i, r)
            continue
        if L.is_heading_like(f) and text_i[0] not in BULLETS:
            keep(i, text_i, "heading")
            continue
        if not L.is_body_like(f) and f.han < 4 and not L.is_foreign_prose(f.text) and not L.is_code_line(f):
            drop(i, "short_fragment")
            continue
        if not any(b in text_i for b in BULLETS):  # the line (stripped) is the paragraph
            keep(i, text_i, "paragraph")
            continue
        for part in _BULLET_SPLIT.split(text_i):
            kind = "list_item" if part[0] in BULLETS else "paragraph"
            part = part.lstrip(BULLETS).strip()
            if part:
                keep(i, part, kind)

    # Tail: everything goes; bylines and editor lines feed the metadata.
    for i in range(hi, len(items)):
        f, r = feats[i], reasons[i]
        if r == "editor_line":
            meta.setdefault("editor", L.EDITOR_RE.match(f.text)["name"].strip())
        byline = L.BYLINE_LINE.match(f.text)
        source = _SOURCE_LABEL.match(f.text)
        if r is None and byline:
            meta.setdefault("author", byline["name"])
            r = "byline"
        elif r is None and source:
            meta.setdefault("source", source["src"])
            r = "source_line"
        if r is None:
            r = "list_header" if L.is_list_header(f) else "tail_furniture"
        drop(i, r)

    paragraphs, known = _paragraph_meta(paragraphs, known, meta, folded)
    return Extracted(
        title=title,
        published=meta.get("published"),
        source=meta.get("source"),
        author=meta.get("author"),
        editor=meta.get("editor"),
        paragraphs=tuple(paragraphs),
        removed=tuple(sorted(removed, key=lambda r: r.line)),
        folded=tuple(known),
    )


def _widen(feats: list[L.LineFeatures], reasons: list[str | None], lo: int, hi: int,
           title_at: int | None) -> tuple[int, int]:
    """The body run grown over the plain lines next to it.

    The scores cut structured content that has no prose punctuation (a table's rows, an agenda, the
    requirements of a notice): such lines next to the body, with no furniture among them, belong to it.
    Below the body the run grows line by line; above it, only when more than :data:`HEAD_LINES` lines
    part it from the title (a news page's head, a date line, a share bar and a deck, is shorter: an
    agenda under its title is not), and never over the title. It stops at furniture (a repeated short
    line aside), a list header, a byline, a source line and a credit line (a source note, ``作者：``,
    ``发布时间``).
    """
    def plain(i: int) -> bool:
        f = feats[i]
        if reasons[i] not in (None, "repeated_line") or L.is_list_header(f):
            return False
        return L.is_body_like(f) or not (_CREDIT.search(f.text) or L.BYLINE_LINE.match(f.text)
                                         or _SOURCE_LABEL.match(f.text))

    while hi < len(feats) and plain(hi):
        hi += 1
    if title_at is not None and lo - title_at > HEAD_LINES:
        while lo - 1 > title_at and plain(lo - 1):
            lo -= 1
    return lo, hi


def _fold_lines(fold: Callable[[str], str], texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]`` in one call: ``fold`` works line by line."""
    return fold("\n".join(texts)).split("\n") if texts else []


def _paragraph_meta(paragraphs: list[Paragraph], known: list[str | None], meta: dict[str, str],
                    fold: Callable[[str], str]) -> tuple[list[Paragraph], list[str | None]]:
    """A closing credit, a lead byline and an editor line in the body feed the metadata (on the folded text).

    ``known`` holds the folded text of the paragraphs that are whole lines; the others are folded (in one
    call) when a rule reads them. Returns the paragraphs and their folded text where known.
    """
    if not paragraphs:
        return paragraphs, known
    folded = list(known)

    def read(indexes: range) -> list[str]:
        todo = [i for i in indexes if folded[i] is None]
        for i, text in zip(todo, _fold_lines(fold, [paragraphs[i].text for i in todo])):
            folded[i] = text
        return [folded[i] for i in indexes]

    last = paragraphs[-1]
    if "editor" not in meta:  # every paragraph will be read: fold the missing ones in one call
        read(range(len(paragraphs)))
    m = _TRAILING_BYLINE.search(read(range(len(paragraphs) - 1, len(paragraphs)))[0])
    if m:  # a closing "(记者 某某/文 某某/摄)" credit moves from the body to ``author``
        meta.setdefault("author", re.sub(r"^\S*?记者\s*", "", m["credit"]).strip())
        kept = last.text[: m.start()].rstrip()
        paragraphs, folded = paragraphs[:-1], folded[:-1]
        if kept:
            paragraphs.append(Paragraph(kept, last.kind, last.line))
            folded.append(None)
    if paragraphs and "author" not in meta:
        lead = _LEAD_BYLINE.match(read(range(1))[0])
        if lead:
            meta["author"] = re.sub(r"\s+", " ", lead["name"]).strip()
    if "editor" not in meta:
        m = next((m for m in map(L.EDITOR_RE.match, read(range(len(paragraphs)))) if m), None)
        if m:
            meta["editor"] = m["name"].strip()
    return paragraphs, folded
