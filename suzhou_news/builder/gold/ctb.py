"""Where the gold departs from CTB (Xia 2000): each departure as a rule of the guidelines and the gold words it touches.

``docs/annotation-guidelines.md`` §1.4 lists the rules whose segmentation differs from the CTB guidelines,
or that CTB does not settle, with the number of gold words each one touches. :data:`DEPARTURES` holds the
same rules as word patterns, so those counts come from the data (:func:`count_departures`), and ``bench
--ignore ctb-departures.v1`` can leave their spans out when it scores (:func:`char_spans`). A change to
:data:`DEPARTURES` changes that version (``suzhou_news/bench/metrics/ignore.py``).

A pattern is matched on the gold words of one sentence and returns word spans ``[start, end)``. It finds
what the rule produced in the gold (``最 大``, ``高质量``), not what a CTB segmenter would write.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

WordSpan = tuple[int, int]

# D13: 高 + a noun of level or quality, one word here; two free words by CTB's tests (高 质量)
HIGH_TERMS = frozenset({"高质量", "高水平", "高品质", "高标准", "高效能", "高能级"})
# D24: 最/更 + one-character adjective, split here; these pairs are single words in CTB's lexicon
LEXICAL_SUPERLATIVES = frozenset({"最大", "最高", "最新", "最多", "最少", "最好", "最低", "最小", "更多"})
# principle 3: one-character verb + two-character directional complement, one word here
DIRECTIONAL_2 = frozenset({"起来", "出来", "开来", "下去", "下来", "上来", "进来", "过来", "回来", "出去",
                           "进去", "上去", "过去", "回去"})
_INNER_PLUS = re.compile(r"^[0-9A-Za-z]+(?:\+[0-9A-Za-z]+)+$")
_ASCII_DATE_OR_TIME = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?)$")


def _split_pairs(pairs: frozenset[str]) -> Callable[[Sequence[str]], Iterator[WordSpan]]:
    def find(words: Sequence[str]) -> Iterator[WordSpan]:
        return ((i, i + 2) for i in range(len(words) - 1) if words[i] + words[i + 1] in pairs
                and len(words[i]) == len(words[i + 1]) == 1)
    return find


def _matching(predicate: Callable[[str], bool]) -> Callable[[Sequence[str]], Iterator[WordSpan]]:
    def find(words: Sequence[str]) -> Iterator[WordSpan]:
        return ((i, i + 1) for i, w in enumerate(words) if predicate(w))
    return find


@dataclass(frozen=True)
class Departure:
    """One rule of the guidelines that a CTB-trained segmenter is expected to segment otherwise."""

    rule: str  # the guidelines' row or principle, e.g. "D13"
    ours: str  # what the gold does
    ctb: str  # what CTB does, or that it has no rule
    status: str  # "differs" (CTB says otherwise) or "no CTB rule" (the case does not occur in CTB's text)
    find: Callable[[Sequence[str]], Iterator[WordSpan]]


DEPARTURES: tuple[Departure, ...] = (
    Departure("D13", "高 + level noun is one word: 高质量", "two free words: 高 质量", "differs",
              _matching(HIGH_TERMS.__contains__)),
    Departure("D24", "最/更 + one-character adjective is split: 最 大, 更 多", "one word: 最大, 更多", "differs",
              _split_pairs(LEXICAL_SUPERLATIVES)),
    Departure("P3", "one-character verb + two-character directional complement is one word: 活起来",
              "two words: 活 起来", "differs",
              _matching(lambda w: len(w) == 3 and w[1:] in DIRECTIONAL_2)),
    Departure("D16", "a redaction mask stands for digits: *月, ***强", "no masks in CTB's text", "no CTB rule",
              _matching(lambda w: "*" in w)),
    Departure("D17", "+ inside a run of Latin letters and digits stays: 3+3+X", "no such strings in CTB's text",
              "no CTB rule", _matching(lambda w: bool(_INNER_PLUS.match(w)))),
    Departure("D10", "an ASCII date or time is one word: 2020-12-29", "no ASCII dates in CTB's text", "no CTB rule",
              _matching(lambda w: bool(_ASCII_DATE_OR_TIME.match(w)))),
)


def departure_spans(words: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(rule, start_word, end_word)`` for every departure in one sentence's gold words, in text order."""
    found = [(start, end, d.rule) for d in DEPARTURES for start, end in d.find(words)]
    return [(rule, start, end) for start, end, rule in sorted(found)]


def char_spans(words: Sequence[str]) -> list[tuple[str, int, int]]:
    """The same spans as character offsets into the concatenated words (the sentence without whitespace)."""
    offsets = [0]
    for w in words:
        offsets.append(offsets[-1] + len(w))
    return [(rule, offsets[s], offsets[e]) for rule, s, e in departure_spans(words)]


def count_departures(sentences: Iterable[Sequence[str]]) -> dict[str, dict[str, int]]:
    """Per rule: ``occurrences`` (spans) and ``words`` (gold words inside them), over every sentence given."""
    spans: Counter = Counter()
    words: Counter = Counter()
    for tokens in sentences:
        for rule, start, end in departure_spans(tokens):
            spans[rule] += 1
            words[rule] += end - start
    return {d.rule: {"occurrences": spans[d.rule], "words": words[d.rule]} for d in DEPARTURES}


def gold_departures(annotations_dir: Path, sentences: list[dict]) -> dict[str, dict[str, dict[str, int]]]:
    """:func:`count_departures` over the reviewed gold of ``sentences`` (rows of the ``sentences`` config),
    per split and for ``all`` splits together."""
    from suzhou_news.builder.gold.join import load_aligned

    aligned, _ = load_aligned(annotations_dir, sentences)
    split_of = {s["id"]: s["split"] for s in sentences}
    gold = [(split_of[a.sentence_id], a.tokens) for a in aligned if a.status == "reviewed"]
    splits = sorted({split for split, _ in gold})
    return {"all": count_departures(t for _, t in gold),
            **{split: count_departures(t for s, t in gold if s == split) for split in splits}}


def render(counts: dict[str, dict[str, dict[str, int]]]) -> str:
    """The counts as the table of the guidelines' §1.4: one row per rule, words (occurrences) per column."""
    columns = list(counts)
    lines = ["| rule | status | " + " | ".join(f"{c}: words (occurrences)" for c in columns) + " |",
             "|---|---|" + "---|" * len(columns)]
    for d in DEPARTURES:
        cells = [f"{counts[c][d.rule]['words']} ({counts[c][d.rule]['occurrences']})" for c in columns]
        lines.append(f"| {d.rule} | {d.status} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
