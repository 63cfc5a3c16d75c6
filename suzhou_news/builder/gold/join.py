"""Gold annotations → the ``segmentation`` and ``ner`` configs, and the annotation checks.

Reads ``data/annotations/<doc_id>.txt`` (format: suzhou_news/builder/gold/annotation_format.py),
checks every line against the cleaned sentence it belongs to — a mismatch fails
the build, naming the document, line and first differing character — and turns
reviewed lines into rows. Lines still ``pre`` or ``stale`` (reviewed work whose
sentence changed, see annotation_format.py) are left out of the gold and counted
in the report; ``excluded:<reason>`` lines are counted with their reason.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from suzhou_news.builder.gold.annotation_format import ProblemCollector, read_annotation_file
from suzhou_news.builder.gold.alignment import AlignedSentence, align_file
from suzhou_news.builder.gold.consistency import consistency_report, read_justified
from suzhou_news.builder.gold.tagging import ner_row, segmentation_row


def load_aligned(annotations_dir: Path, sentences: list[dict], problems: ProblemCollector | None = None
                 ) -> tuple[list[AlignedSentence], dict]:
    """Align every annotation file with the build's sentences; also return coverage counts.

    Every problem in every file is reported in one pass (``AnnotationErrors``, up to a limit), or added to
    ``problems`` when the caller collects more before raising."""
    own = problems is None
    problems = ProblemCollector() if own else problems
    texts = {s["id"]: s["text"] for s in sentences}
    docs = {s["doc_id"] for s in sentences}
    aligned: list[AlignedSentence] = []
    status = Counter()
    excluded: Counter = Counter()
    excluded_ids: set[str] = set()  # excluded or stale: lines that are not aligned
    missing_docs = []
    for doc_id in sorted(docs):
        path = annotations_dir / f"{doc_id}.txt"
        if not path.exists():
            missing_docs.append(doc_id)
            continue
        ann = read_annotation_file(path, problems)
        for sent, lineno in zip(ann.sentences, ann.linenos):
            if not sent.sentence_id.startswith(doc_id + "-"):
                problems.add(f"{path}:{lineno}:1: sentence {sent.sentence_id!r} belongs to another document: "
                             "move the line to that document's file")
                continue
            status[sent.status] += 1
            if sent.is_excluded:
                excluded[sent.exclusion_reason] += 1
            if sent.is_excluded or sent.status == "stale":
                excluded_ids.add(sent.sentence_id)
        aligned.extend(align_file(ann, texts, problems))
    if own:
        problems.raise_if_any()
    covered = {a.sentence_id for a in aligned} | excluded_ids
    unannotated = sorted(s["id"] for s in sentences if s["doc_id"] not in missing_docs and s["id"] not in covered)
    coverage = {
        "sentences": len(sentences),
        "reviewed": status["reviewed"],
        "pre": status["pre"],
        "stale": status["stale"],
        "excluded": dict(sorted(excluded.items())),
        "documents_without_annotation_file": missing_docs,
        "sentences_without_annotation_line": unannotated,
    }
    return aligned, coverage


def gold_tables(annotations_dir: Path, sentences: list[dict], guidelines: Path | None = None
                ) -> tuple[dict[str, list[dict]], dict]:
    problems = ProblemCollector()
    aligned, coverage = load_aligned(annotations_dir, sentences, problems)
    split_of = {s["id"]: s["split"] for s in sentences}
    corrupted = {s["id"] for s in sentences if "corrupted" in s.get("flags", ())}
    seg, ner = [], []
    for a in aligned:
        if a.status != "reviewed":
            continue
        if a.sentence_id in corrupted:
            path = annotations_dir / f"{a.doc_id}.txt"
            problems.add(f"{path}:{read_annotation_file(path).lineno_of(a.sentence_id)}:1: sentence "
                         f"{a.sentence_id} overlaps a corrupted span and cannot be gold: write it as "
                         "excluded:corrupted followed by its text")
            continue
        split = split_of[a.sentence_id]
        seg.append(segmentation_row(a.sentence_id, a.doc_id, a.text, a.tokens, split))
        ner.append(ner_row(a.sentence_id, a.doc_id, a.text, a.tokens,
                           [(e.start_char, e.end_char, e.label) for e in a.entities], split))
    problems.raise_if_any()
    report = {"coverage": coverage}
    if guidelines is not None and guidelines.exists():
        rep = consistency_report([a for a in aligned if a.status == "reviewed"], read_justified(guidelines))
        report["consistency"] = {"unexplained": len(rep.unexplained), "justified": len(rep.justified)}
    return {"segmentation": seg, "ner": ner}, report


def consistency_of(annotations_dir: Path, sentences: list[dict], guidelines: Path):
    """Consistency report over the reviewed gold of ``sentences`` (rows of the ``sentences`` config)."""
    aligned, _ = load_aligned(annotations_dir, sentences)
    justified = read_justified(guidelines) if guidelines.exists() else {}
    return consistency_report([a for a in aligned if a.status == "reviewed"], justified)
