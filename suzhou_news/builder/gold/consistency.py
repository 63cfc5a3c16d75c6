"""Consistency report over gold annotations: the same string segmented or labelled two ways.

* Segmentation: a string that is one word somewhere and several whole words
  (exactly covering it) somewhere else, e.g. ``苏州市`` vs ``苏州 市``.
* Labels: an entity string labelled differently in different places, or
  labelled in one place and left unlabelled (``O``) in another; an ``O``
  occurrence is the exact same word sequence with none of its words inside any
  entity.

Strings explained in the guidelines' "Justified inconsistencies" section
(``- <string>: <why>``) are reported apart, as justified.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from suzhou_news.errors import InputError

MAX_EXAMPLES = 3
_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM_RE = re.compile(r"^\s*[-*]\s+(.*)$")


class _EntityLike(Protocol):
    start_token: int
    end_token: int
    label: str


class SentenceLike(Protocol):
    doc_id: str
    sentence_id: str
    tokens: Sequence[str]
    entities: Sequence[_EntityLike]


@dataclass(frozen=True)
class Variant:
    """One way a string was annotated: ``form`` is the words joined by spaces or a label."""

    form: str
    count: int
    docs: int
    examples: tuple[str, ...]  # up to MAX_EXAMPLES sentence ids, sorted


@dataclass(frozen=True)
class Finding:
    kind: str  # "segmentation" or "label"
    string: str
    variants: tuple[Variant, ...]
    reason: str | None = None  # the guidelines' justification, for justified findings

    def to_text(self) -> str:
        parts = [f"{v.form!r} x{v.count} in {v.docs} doc(s) (e.g. {', '.join(v.examples)})"
                 for v in self.variants]
        line = f"  [{self.kind}] {self.string}: " + " | ".join(parts)
        return line + (f"\n      justified: {self.reason}" if self.reason else "")


@dataclass(frozen=True)
class Report:
    unexplained: tuple[Finding, ...]
    justified: tuple[Finding, ...]
    unused_justifications: tuple[str, ...]  # listed in the guidelines, no longer inconsistent

    @property
    def ok(self) -> bool:
        return not self.unexplained

    def to_text(self) -> str:
        lines = [f"consistency: {len(self.unexplained)} unexplained, {len(self.justified)} justified"]
        if self.unexplained:
            lines.append("UNEXPLAINED (fix the annotations, or add '- <string>: <why>' under "
                         "'Justified inconsistencies' in docs/annotation-guidelines.md):")
            lines += [f.to_text() for f in self.unexplained]
        if self.justified:
            lines.append("JUSTIFIED:")
            lines += [f.to_text() for f in self.justified]
        if self.unused_justifications:
            lines.append("UNUSED JUSTIFICATIONS (no longer inconsistent: remove them from the guidelines):")
            lines += [f"  - {s}" for s in self.unused_justifications]
        return "\n".join(lines)


Occurrences = dict[str, dict[str, list[SentenceLike]]]  # string -> form -> sentences


def _variants(forms: Mapping[str, list[SentenceLike]]) -> tuple[Variant, ...]:
    out = [Variant(form, len(sents), len({s.doc_id for s in sents}),
                   tuple(sorted({s.sentence_id for s in sents}))[:MAX_EXAMPLES])
           for form, sents in forms.items()]
    return tuple(sorted(out, key=lambda v: (-v.count, v.form)))


def _segmentation(sentences: Sequence[SentenceLike]) -> Occurrences:
    """Strings seen both as one word (len >= 2) and as 2+ consecutive words."""
    single: dict[str, list[SentenceLike]] = defaultdict(list)
    for s in sentences:
        for word in s.tokens:
            if len(word) >= 2:
                single[word].append(s)
    longest = max(map(len, single), default=0)
    found: Occurrences = defaultdict(lambda: defaultdict(list))
    for s in sentences:
        toks = s.tokens
        for i in range(len(toks)):
            joined = toks[i]
            for j in range(i + 1, len(toks)):
                joined += toks[j]
                if len(joined) > longest:
                    break
                if joined in single:
                    found[joined][" ".join(toks[i:j + 1])].append(s)
    for string, forms in found.items():
        forms[string] = single[string]
    return found


def _labels(sentences: Sequence[SentenceLike]) -> Occurrences:
    """Entity strings with their labels, plus ``O`` for unlabelled identical word sequences."""
    found: Occurrences = defaultdict(lambda: defaultdict(list))
    by_first: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for s in sentences:
        for e in s.entities:
            words = tuple(s.tokens[e.start_token:e.end_token])
            found["".join(words)][e.label].append(s)
            by_first[words[0]].add(words)
    for s in sentences:
        inside = [False] * len(s.tokens)
        for e in s.entities:
            inside[e.start_token:e.end_token] = [True] * (e.end_token - e.start_token)
        for i, word in enumerate(s.tokens):
            for words in by_first.get(word, ()):
                j = i + len(words)
                if tuple(s.tokens[i:j]) == words and not any(inside[i:j]):
                    found["".join(words)]["O"].append(s)
    return {string: forms for string, forms in found.items() if len(forms) > 1}


def consistency_report(sentences: Iterable[SentenceLike],
                       justified: Mapping[str, str] | Iterable[str] = ()) -> Report:
    """Find segmentation and label inconsistencies; ``justified`` strings are reported apart."""
    sentences = list(sentences)
    reasons = dict(justified) if isinstance(justified, Mapping) else {s: "" for s in justified}
    findings = [Finding(kind, string, _variants(forms))
                for kind, occurrences in (("segmentation", _segmentation(sentences)),
                                          ("label", _labels(sentences)))
                for string, forms in occurrences.items()]
    findings.sort(key=lambda f: (f.kind != "segmentation", f.string))
    unexplained = tuple(f for f in findings if f.string not in reasons)
    explained = tuple(Finding(f.kind, f.string, f.variants, reasons[f.string] or "(no reason given)")
                      for f in findings if f.string in reasons)
    used = {f.string for f in explained}
    return Report(unexplained, explained, tuple(sorted(set(reasons) - used)))


def read_justified(guidelines_path: Path | str) -> dict[str, str]:
    """``{string: why}`` from the ``- <string>: <why>`` items under a "Justified inconsistencies" heading."""
    path = Path(guidelines_path)
    out: dict[str, str] = {}
    level = 0  # heading level of the section while inside it, else 0
    fenced = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.lstrip().startswith(("```", "~~~")):
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            depth = len(heading.group(1))
            if "justified inconsistencies" in heading.group(2).lower():
                level = depth
            elif level and depth <= level:
                level = 0
            continue
        item = _ITEM_RE.match(line) if level else None
        if not item:
            continue
        string, sep, why = item.group(1).partition(": ")
        string, why = string.strip().strip("`"), why.strip()
        if not sep or not string or not why or any(c.isspace() for c in string):
            raise InputError(f"{path}:{lineno}: justification item {line.strip()!r} is not "
                             "'- <string>: <why>' (the string has no spaces; say why after ': ')")
        if string in out:
            raise InputError(f"{path}:{lineno}: {string!r} is justified twice: merge the two items")
        out[string] = why
    return out
