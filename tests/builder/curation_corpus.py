"""A tiny corpus for the curation tests (round trips, resync, status, silver), made in the test.

One article of four sentences, built into a dataset, then pre-annotated by two fake systems
that need no model: the segmenter cuts the non-space characters into pairs, the tagger marks
every 苏州 as LOC. Shared by test_labelstudio.py, test_doccano.py, test_annotation_status.py,
test_silver.py and test_annotate.py.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pyarrow.parquet as pq

from suzhou_news.builder.gold.annotate import AnnotateConfig, annotate
from suzhou_news.builder.pipeline.runner import BuildConfig, build

PAGE = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    创新引领 奋力攀高
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)


class PairSegmenter:
    name = "pairs.seg.v1"

    def segment(self, texts: list[str]) -> list[list[str]]:
        out = []
        for text in texts:
            chars = [c for c in text if not c.isspace()]
            out.append(["".join(chars[i:i + 2]) for i in range(0, len(chars), 2)])
        return out


class SuzhouTagger:
    name = "suzhou.ner.v1"

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(m.start(), m.end(), "LOC") for m in re.finditer("苏州", t)] for t in texts]


def fakes():
    return PairSegmenter(), SuzhouTagger()


def make_corpus(root: Path, page: str = PAGE) -> dict[str, Path]:
    """raw/a.txt → out/ (no gold yet) → ann/a.txt with four pre lines (and ann/pre/a.txt)."""
    (root / "raw").mkdir(parents=True, exist_ok=True)
    (root / "raw" / "a.txt").write_text(page, encoding="utf-8")
    paths = {"raw": root / "raw", "out": root / "out", "ann": root / "ann", "manifest": root / "splits.json"}
    rebuild(paths)
    annotate(AnnotateConfig(dataset=paths["out"], out_dir=paths["ann"]), fakes)
    return paths


def rebuild(paths: dict[str, Path], **kw):
    ann = paths["ann"] if paths["ann"].is_dir() else None
    return build(BuildConfig(raw_dir=paths["raw"], out_dir=paths["out"], manifest=paths["manifest"],
                             annotations_dir=ann, guidelines=None, **kw))


def gold(out: Path) -> dict[str, dict]:
    """The ``ner`` config's rows by sentence id (ClassLabel ints as they are)."""
    rows = {}
    for f in sorted((out / "ner").glob("*.parquet")):
        for r in pq.read_table(f).to_pylist():
            rows[r["id"]] = r
    return rows


def set_status(path: Path, sentence_id: str, status: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [f"{sentence_id}\t{status}\t{line.split(chr(9), 2)[2]}" if line.startswith(sentence_id + "\t") else line
             for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


def word_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Character spans in ``text`` of space-separated ``words`` (whitespace in ``text`` skipped)."""
    spans, pos = [], 0
    for w in words.split():
        while text[pos].isspace():
            pos += 1
        assert text[pos:pos + len(w)] == w, (text, w, pos)
        spans.append((pos, pos + len(w)))
        pos += len(w)
    return spans
