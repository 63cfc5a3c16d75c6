"""Inter-annotator agreement between two independent passes over the same documents.

``data/annotations/passes/first/<doc>.txt`` and ``…/second/<doc>.txt`` hold two
blind annotations of the test split. Agreement is computed over the sentences
both passes annotated (excluded lines are skipped):

* word F1: words as character-offset spans, F1 of one pass against the other
  (symmetric: swapping the passes swaps precision and recall, F1 is unchanged);
* entity F1: exact (start, end, label) matches, micro-averaged, and per label;
* the raw counts are kept, so the figures can be re-derived.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.gold.annotation_format import read_annotation_file


@dataclass(frozen=True)
class Counts:
    both: int
    first: int
    second: int

    @property
    def f1(self) -> float | None:
        total = self.first + self.second
        return 2 * self.both / total if total else None

    def to_dict(self) -> dict:
        return {"matched": self.both, "first": self.first, "second": self.second, "f1": self.f1}


def _word_spans(tokens) -> set[tuple[int, int]]:
    spans, pos = set(), 0
    for tok in tokens:
        spans.add((pos, pos + len(tok)))
        pos += len(tok)
    return spans


def _entity_spans(sentence) -> set[tuple[int, int, str]]:
    return {(e.start_char, e.end_char, e.label) for e in sentence.entities}


def agreement(first_dir: Path, second_dir: Path) -> dict:
    """Word and entity agreement over every document present in both folders."""
    words = Counter()
    ents = Counter()
    per_label: dict[str, Counter] = {}
    docs, sentences = [], 0
    for second_path in sorted(second_dir.glob("*.txt")):
        first_path = first_dir / second_path.name
        if not first_path.exists():
            continue
        docs.append(second_path.stem)
        a = {s.sentence_id: s for s in read_annotation_file(first_path).sentences if not s.is_excluded}
        b = {s.sentence_id: s for s in read_annotation_file(second_path).sentences if not s.is_excluded}
        for sid in sorted(a.keys() & b.keys()):
            sentences += 1
            wa, wb = _word_spans(a[sid].tokens), _word_spans(b[sid].tokens)
            words.update(both=len(wa & wb), first=len(wa), second=len(wb))
            ea, eb = _entity_spans(a[sid]), _entity_spans(b[sid])
            ents.update(both=len(ea & eb), first=len(ea), second=len(eb))
            for label in {lab for *_, lab in ea | eb}:
                c = per_label.setdefault(label, Counter())
                la = {x for x in ea if x[2] == label}
                lb = {x for x in eb if x[2] == label}
                c.update(both=len(la & lb), first=len(la), second=len(lb))
    as_counts = lambda c: Counts(c["both"], c["first"], c["second"])  # noqa: E731
    return {
        "documents": docs,
        "sentences": sentences,
        "word": as_counts(words).to_dict(),
        "entity": as_counts(ents).to_dict(),
        "entity_per_label": {k: as_counts(v).to_dict() for k, v in sorted(per_label.items())},
    }


def render(result: dict) -> str:
    def pct(x):
        return "n/a" if x is None else f"{100 * x:.1f}"

    lines = [f"agreement over {result['sentences']} sentences of {len(result['documents'])} documents "
             f"({', '.join(result['documents'])})",
             f"  word F1   {pct(result['word']['f1'])}  ({result['word']['matched']} matched; "
             f"{result['word']['first']} vs {result['word']['second']} words)",
             f"  entity F1 {pct(result['entity']['f1'])}  ({result['entity']['matched']} matched; "
             f"{result['entity']['first']} vs {result['entity']['second']} entities)"]
    for label, c in result["entity_per_label"].items():
        lines.append(f"    {label:<6} F1 {pct(c['f1'])}  ({c['matched']}/{c['first']}/{c['second']})")
    return "\n".join(lines)
