"""The ``silver`` config: machine segmentation and entities for the sentences that have no gold.

``suzhou-news build --silver`` runs the pre-annotation systems (preannotation.py: the
best untrained segmenter and tagger of the latest benchmark run) over every sentence
that is not in the gold and not flagged ``corrupted``, and writes one ``silver`` row
per sentence (``schemas/silver.schema.json``). The columns say what they are:
``machine_tokens``, ``machine_entities`` and the systems' versioned names; nobody
reviewed them. The benchmark reads only the gold configs, never this one.

The builder does not import the benchmark suite: the caller passes a loader of the
two systems, and the build calls :func:`silver_tables` through
``BuildConfig.extra_tables``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from suzhou_news.builder.gold.annotate import Segmenter, Tagger

CONFIG = "silver"


def silver_rows(sentences: list[dict], gold_ids: set[str], segmenter: Segmenter, tagger: Tagger) -> list[dict]:
    """One row per sentence without gold (corrupted sentences left out), in the order given."""
    todo = [s for s in sentences if s["id"] not in gold_ids and "corrupted" not in s.get("flags", ())]
    texts = [s["text"] for s in todo]
    words = segmenter.segment(texts) if todo else []
    spans = tagger.tag(texts) if todo else []
    return [{"id": s["id"], "doc_id": s["doc_id"], "text": s["text"], "machine_tokens": list(toks),
             "machine_entities": [{"start": a, "end": b, "label": label, "text": s["text"][a:b]} for a, b, label in ents],
             "segmenter": segmenter.name, "tagger": tagger.name, "split": s["split"]}
            for s, toks, ents in zip(todo, words, spans)]


def card_lines(segmenter: str, tagger: str, rows: int) -> list[str]:
    """The card's description of the silver config."""
    return ["", "## Silver config (machine annotation, not gold)", "",
            f"`{CONFIG}` holds {rows} sentences that have no gold annotation, segmented by `{segmenter}` and tagged by "
            f"`{tagger}` (the best untrained systems of the benchmark, unless chosen otherwise), in the columns "
            "`machine_tokens` and `machine_entities`. Nobody reviewed them: expect the error rates of those systems on "
            "the leaderboard. Sentences flagged `corrupted` are left out. Use it for pre-training or weak "
            "supervision, never for evaluation; the benchmark does not read it."]


def silver_tables(load_systems: Callable[[], tuple[Segmenter, Tagger]]
                  ) -> Callable[[dict[str, list[dict]]], tuple[dict[str, list[dict]], list[str]]]:
    """The build hook: tables so far → the silver table and its card lines (systems loaded when it runs)."""
    def extra(tables: dict[str, list[dict]]) -> tuple[dict[str, list[dict]], list[str]]:
        seg, tagger = load_systems()
        gold = {r["id"] for r in tables.get("segmentation", ())}
        rows = silver_rows(tables["sentences"], gold, seg, tagger)
        if not rows:  # every sentence is gold or corrupted: no silver config at all
            return {}, []
        return {CONFIG: rows}, card_lines(seg.name, tagger.name, len(rows))

    return extra


def card_lines_of(root: Path) -> list[str]:
    """Card lines for a built folder with a silver config (read back from its Parquet files), else none."""
    import pyarrow.parquet as pq

    files = sorted((root / CONFIG).glob("*.parquet"))
    if not files:
        return []
    tables = [pq.read_table(f, columns=["segmenter", "tagger"]) for f in files]
    first = next((t for t in tables if t.num_rows), None)
    if first is None:
        return []
    return card_lines(first["segmenter"][0].as_py(), first["tagger"][0].as_py(), sum(t.num_rows for t in tables))
