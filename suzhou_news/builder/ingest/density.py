"""Main text by text density over a fast DOM: the page as a sequence of blocks, the best-scoring run of them.

One walk over selectolax's DOM (lexbor, C) in document order, without recursion (a page nested
100,000 deep is walked like a flat one), cuts the page's visible text into blocks at block-level
elements and ``<br>`` (a table row of small cells is one block, its cells tab-separated); each
block keeps its text (as a browser shows it: a source line break between CJK characters is
nothing), its character count and how many of those characters are link text. Lines hard-wrapped by the page's author (old pages break every line of
a paragraph at the same width) are joined back. Each block then gets a score:

- mostly link text (a menu, a related-links list): minus its length;
- holding clause or sentence punctuation (prose): plus its length, minus twice its link text;
- a line of program code (:func:`lines.is_code_line`, a technical article's listing): nothing;
- anything else (a label, a date, a table cell): a small minus;

and the main text is the maximum-sum run of blocks (Kadane, as the line rules pick a text dump's
body), so the article's headings, captions and tables between prose paragraphs stay in, and a
footer or a sidebar with a sentence of its own does not join. A short block that opens a comment
section (``共 3 条评论``, ``发表评论``, a bare ``评论`` or ``Feedback`` header, a post footer counting
its comments, a blog's ``# re: <title>`` reply line) or a related/recommended list (:func:`lines.is_list_header`)
cuts the page: the run is taken inside one stretch between cuts, the first stretch whose best run
scores at least :data:`FIRST_SHARE` of the best one (an article comes before its comments, and a
blog page's first post is the one its address names). A list header that ends that run and is
followed only by links (at most :data:`BOX_LINKS`), then by link-free prose, is a related-reading
box set into the article: the run goes on after it. Every step is linear in the page.

An ``<a>`` that holds block-level elements wraps content (old pages leave a link unclosed around a
whole article): text inside a block inside a link is not link text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from suzhou_news.builder.ingest import lines as L
from suzhou_news.builder.ingest.extract import max_run

SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "textarea", "select", "option", "button",
                  "head", "svg", "canvas", "object", "embed", "map", "input", "nav"})
BLOCK = frozenset({"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table",
                   "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt", "dl", "center", "hr",
                   "tbody", "thead", "tfoot", "caption", "figcaption", "figure", "main", "address", "header",
                   "footer", "aside", "form", "body"})
PROSE_PUNCT = "，。；：？！、"
LINK_SHARE = 0.5  # a block with more link text than this share is navigation
OTHER_PER_CHAR, OTHER_PER_BLOCK = 0.3, 1.0  # the cost of a block that is neither prose nor links
WRAP_MIN_WIDTH = 40  # display columns: shorter lines are never read as hard-wrapped
WRAP_MIN_LINES = 4
_WIDE_CLASS = r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
_WIDE = re.compile(_WIDE_CLASS)
_SOURCE_WRAP = re.compile(rf"(?<={_WIDE_CLASS})[^\S\n]*\n\s*(?={_WIDE_CLASS})")
COMMENTS = re.compile(r"\d+\s*[篇条件个]\s*(?:评论|回复|跟帖|留言)|(?:发表|查看|网友|读者)评论|评论\s*[:：(（]\s*\d|的评论$"
                      r"|^(?:评论|评论列表|最新评论|全部评论|comments?|feedback)$|^#?\s*re\s*[:：]", re.I)
FIRST_SHARE = 0.3  # see the module docstring
BOX_LINKS = 12  # links a related-reading box set into an article holds at most
CELL_CHARS = 200  # a table cell holding more is a layout column, read as blocks
_SENTENCE_END = re.compile(r"[。！？!?…”」』]\s*$")


@dataclass(frozen=True)
class Block:
    """A run of visible text between two block boundaries."""

    text: str  # whitespace runs folded to one space
    chars: int  # non-space characters
    links: int  # non-space characters inside links


def blocks(html: str) -> list[Block]:
    """The visible text of the page's ``<body>`` as blocks, in document order.

    A table row is read as a table is copied as text: each cell of at most :data:`CELL_CHARS` characters
    that holds no table is one piece (the breaks inside it, ``<br>``, ``<p>``, ``<div>``, made spaces), and a
    row's cells are one block, tab-separated. A cell alone is rarely a sentence; a row often is. A larger
    cell, or one with a table inside (a layout table's column), is read as blocks, and so is a row of one
    cell. (Word exports put a
    ``<p>`` in every cell, so a paragraph does not make a cell a column; nor does a list or a heading,
    measured on the real pages.)
    """
    from selectolax.lexbor import LexborHTMLParser

    body = LexborHTMLParser(html).body
    if body is None:
        return []
    out: list[Block] = []
    rows: list[tuple[int, int] | None] = []  # per block in ``out``: (row, cell) of the small cell it is in
    cells: list[list] = []  # open cells: [row, first block of the cell in ``out``, holds a table]
    parts: list[str] = []
    counts = [0, 0, 0, 0]  # chars, link chars of the open block; rows, small cells seen so far

    def flush() -> None:
        if counts[0]:
            out.append(Block(visible("".join(parts)), counts[0], counts[1]))
            rows.append(None)
        parts.clear()
        counts[0] = counts[1] = 0

    stack = [(body, False, False)]  # (element, inside a link, a table cell)
    node = body.child
    while True:
        if node is not None:
            if node.is_element_node:
                tag = node.tag
                if tag in SKIP:
                    node = node.next
                    continue
                block = tag in BLOCK
                cell = False
                if block:
                    flush()
                    if tag == "tr":
                        counts[2] += 1
                    elif tag == "table" and cells:
                        cells[-1][2] = True
                    elif tag in ("td", "th") and stack[-1][0].tag == "tr":
                        cells.append([counts[2], len(out), False])
                        cell = True
                stack.append((node, (stack[-1][1] or tag == "a") and not block, cell))
                node = node.child
                continue
            if node.is_text_node:
                raw = node.text_content
                parts.append(raw)
                n = len("".join(raw.split()))
                if n:
                    counts[0] += n
                    if stack[-1][1]:
                        counts[1] += n
            node = node.next
            continue
        closed, _, cell = stack.pop()
        if closed.tag in BLOCK:
            flush()
        if cell:
            row, start, nested = cells.pop()
            # (a column's blocks are not read again: nested tables stay linear)
            if not nested and sum(b.chars for b in out[start:]) <= CELL_CHARS:
                counts[3] += 1
                rows[start:] = [(row, counts[3])] * (len(out) - start)
        if not stack:
            break
        node = closed.next
    flush()
    return _join_rows(out, rows)


def _join_rows(items: list[Block], rows: list[tuple[int, int] | None]) -> list[Block]:
    """The small cells of one table row as one block: a cell's pieces joined by spaces, the cells by tabs. A
    row of one cell (a short article in a layout cell) keeps its blocks."""
    out: list[Block] = []
    i = 0
    while i < len(items):
        j = i + 1
        while rows[i] is not None and j < len(items) and rows[j] is not None and rows[j][0] == rows[i][0]:
            j += 1
        group = range(i, j)
        if rows[i] is None or len({rows[k][1] for k in group}) < 2:
            out += items[i:j]
        else:
            cells: dict[int, list[Block]] = {}
            for k in group:
                cells.setdefault(rows[k][1], []).append(items[k])
            out.append(Block("\t".join(" ".join(b.text for b in cell) for cell in cells.values()),
                             sum(b.chars for b in items[i:j]), sum(b.links for b in items[i:j])))
        i = j
    return out


def visible(raw: str) -> str:
    """Text as a browser shows it: a line break between two CJK characters is nothing (the page's source
    was wrapped there), other whitespace runs are one space."""
    return " ".join(_SOURCE_WRAP.sub("", raw).split())


def width(text: str) -> int:
    """Display columns: a CJK or full-width character takes two."""
    return len(text) + len(_WIDE.findall(text))


def unwrap(items: Sequence[Block]) -> list[Block]:
    """Join lines an author hard-wrapped at one width back into their paragraphs.

    The wrap width is the most common display width of the lines of at least
    :data:`WRAP_MIN_WIDTH` columns, when at least :data:`WRAP_MIN_LINES` lines (and a third
    of the wide ones) are within two columns of it; a line that wide and not ending a
    sentence is joined to the next one.
    """
    widths = [width(b.text) for b in items]
    wide = [w for w in widths if w >= WRAP_MIN_WIDTH]
    if len(wide) < WRAP_MIN_LINES:
        return list(items)
    common = Counter(wide)
    wrap = max(common, key=lambda w: (common[w], w))
    near = sum(common[w] for w in range(wrap - 2, wrap + 1))
    if near < max(WRAP_MIN_LINES, len(wide) / 3):
        return list(items)
    out: list[Block] = []
    joining = False
    for b, w in zip(items, widths):
        if joining:
            prev = out[-1]
            sep = " " if prev.text[-1:].isascii() and b.text[:1].isascii() else ""
            out[-1] = Block(prev.text + sep + b.text, prev.chars + b.chars, prev.links + b.links)
        else:
            out.append(b)
        joining = wrap - 2 <= w <= wrap and not _SENTENCE_END.search(b.text)
    return out


def score(b: Block) -> float:
    if b.links > LINK_SHARE * b.chars:
        return -float(b.chars)
    if any(p in b.text for p in PROSE_PUNCT):
        return float(b.chars - 2 * b.links)
    if not b.links and L.is_code_line(L.features(b.text)):  # a technical article's code listing: neutral
        return 0.0
    return -OTHER_PER_CHAR * b.chars - OTHER_PER_BLOCK


def is_cut(b: Block) -> bool:
    """A block that opens what follows an article: a comment section or a related/recommended list."""
    if b.chars > 60:
        return False
    return bool(COMMENTS.search(b.text)) or (len(b.text) <= 8 and L.is_list_header(L.features(b.text)))


def main_text(html: str) -> list[str]:
    """The lines of the page's main text (the best-scoring run of blocks); empty when there is none."""
    items = unwrap(blocks(html))
    scores = [score(b) for b in items]
    cuts = [i for i, b in enumerate(items) if is_cut(b)]
    runs = []
    for start, end in zip([0] + [c + 1 for c in cuts], cuts + [len(items)]):
        lo, hi = max_run(scores[start:end])
        runs.append((start + lo, start + hi, sum(scores[start + lo:start + hi])))
    best = max(v for _, _, v in runs)
    # a page of posts, each signed by its footer (a blog's "由 X 张贴 @ <date>", often the cut that ends the
    # stretch): the first post is the article
    posts = [any(b.chars <= 80 and L.POST_FOOTER_RE.match(b.text) for b in items[a:z + 1])
             for a, z in zip([0] + [c + 1 for c in cuts], cuts + [len(items)])]
    k, (lo, hi, _) = next(((k, r) for k, r in enumerate(runs) if posts[k] and r[2] > 0), None) or next(
        (k, r) for k, r in enumerate(runs) if r[2] >= FIRST_SHARE * best)
    out = items[lo:hi]
    # a related-reading box set into the article: a list header and its links, then the article goes on
    while k < len(cuts) and hi == cuts[k] and not COMMENTS.search(items[hi].text):
        j = hi + 1
        while j < len(items) and j - hi <= BOX_LINKS and items[j].links > LINK_SHARE * items[j].chars:
            j += 1
        k += 1
        lo2, hi2, _ = runs[k]
        if j == hi + 1 or lo2 != j or items[j].links:
            break
        out += items[lo2:hi2]
        hi = hi2
    return [b.text for b in out]
