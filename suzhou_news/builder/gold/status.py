"""``suzhou-news annotation-status``: how far each document's annotation is, and what reviewing cost.

Per document: the lines ``pre``, ``reviewed``, ``stale`` and ``excluded``, and for the
reviewed lines whose machine draft is kept in ``pre/<doc_id>.txt`` (annotate.py),
the draft scored against the reviewed line, as ``agreement`` scores two passes:

* word F1: words as character spans;
* entity F1: exact (start, end, label) with the fine labels as written (the drafts
  come from MSRA-type taggers, so a GPE drafted as LOC counts as an error: it is one
  the reviewer had to fix), and ``entity_msra`` with both sides mapped to MSRA types,
  comparable with the leaderboard's NER figures.

A draft counts only when its words spell the same characters as the reviewed line;
lines without one are counted as ``no_draft``. Low F1 means reviewers changed a lot:
the tool's real error rate on new text, and what the next document will cost.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from suzhou_news.builder.gold.agreement import Counts, _entity_spans, _word_spans
from suzhou_news.builder.gold.annotate import pre_path
from suzhou_news.builder.gold.annotation_format import read_annotation_file
from suzhou_news.builder.gold.labels import msra_view

STATUS_KEYS = ("pre", "reviewed", "stale", "excluded")


def _msra(spans: set[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    return set(msra_view(spans))


def document_status(path: Path) -> dict:
    """Line counts and draft-vs-reviewed counts of one annotation file."""
    ann = read_annotation_file(path)
    draft_file = pre_path(path.parent, ann.doc_id)
    drafts = {s.sentence_id: s for s in read_annotation_file(draft_file).sentences} if draft_file.exists() else {}
    lines = Counter(s.status for s in ann.sentences)
    scores = {"word": Counter(), "entity": Counter(), "entity_msra": Counter()}
    compared = no_draft = 0
    for gold in ann.sentences:
        if gold.status != "reviewed":
            continue
        draft = drafts.get(gold.sentence_id)
        if draft is None or draft.is_excluded or "".join(draft.tokens) != "".join(gold.tokens):
            no_draft += 1
            continue
        compared += 1
        for key, (a, b) in {"word": (_word_spans(draft.tokens), _word_spans(gold.tokens)),
                            "entity": (_entity_spans(draft), _entity_spans(gold)),
                            "entity_msra": (_msra(_entity_spans(draft)), _msra(_entity_spans(gold)))}.items():
            scores[key].update(both=len(a & b), first=len(a), second=len(b))
    return {
        "document": ann.doc_id,
        "lines": {k: lines.get(k, 0) for k in STATUS_KEYS},
        "reviewed_with_draft": compared,
        "no_draft": no_draft,
        **{k: _prf(c) for k, c in scores.items()},
    }


def _prf(c: Counter) -> dict:
    """Draft against reviewed: precision over the draft's items, recall over the reviewed ones."""
    counts = Counts(c["both"], c["first"], c["second"])
    return {"matched": counts.both, "draft": counts.first, "reviewed": counts.second,
            "precision": counts.both / counts.first if counts.first else None,
            "recall": counts.both / counts.second if counts.second else None, "f1": counts.f1}


def annotation_status(annotations: Path) -> dict:
    """Every document of an annotation folder, plus the totals."""
    docs = [document_status(p) for p in sorted(annotations.glob("*.txt"))]
    total = {"lines": {k: sum(d["lines"][k] for d in docs) for k in STATUS_KEYS},
             "reviewed_with_draft": sum(d["reviewed_with_draft"] for d in docs),
             "no_draft": sum(d["no_draft"] for d in docs)}
    for key in ("word", "entity", "entity_msra"):
        total[key] = _prf(Counter(both=sum(d[key]["matched"] for d in docs), first=sum(d[key]["draft"] for d in docs),
                                  second=sum(d[key]["reviewed"] for d in docs)))
    return {"annotations": str(annotations), "documents": docs, "total": total}


def render(status: dict) -> str:
    def pct(x):
        return "   n/a" if x is None else f"{100 * x:6.1f}"

    head = (f"{'document':<24} {'pre':>5} {'rev':>5} {'stale':>5} {'excl':>5}  {'drafts':>6}  "
            f"{'word F1':>7} {'ent F1':>7} {'MSRA F1':>7}")
    out = [f"annotation status of {status['annotations']} (F1: machine draft against the reviewed line)", head]
    for d in [*status["documents"], {"document": "total", **status["total"]}]:
        n = d["lines"]
        out.append(f"{d['document']:<24} {n['pre']:>5} {n['reviewed']:>5} {n['stale']:>5} {n['excluded']:>5}  "
                   f"{d['reviewed_with_draft']:>6}  {pct(d['word']['f1']):>7} {pct(d['entity']['f1']):>7} "
                   f"{pct(d['entity_msra']['f1']):>7}")
    if status["total"]["lines"]["stale"]:
        out.append("stale lines need a person: correct their words to spell the sentence, then set reviewed")
    return "\n".join(out)
