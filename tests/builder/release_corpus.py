"""A tiny corpus for the release tests, made in the test: two articles (one per split), a third that
later releases add, deterministic gold (gazetteer terms are single words and entities, every other
character is a word), and a ReleaseConfig whose every path lies in a temporary folder.

Shared by test_release.py, test_diff.py, test_publish.py and test_dataset_card.py.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from types import SimpleNamespace

from suzhou_news.builder.pipeline.runner import BuildConfig, build, sentences_for_raw
from suzhou_news.builder.release.versions import ReleaseConfig
from suzhou_news.builder.dataset.schema import SCHEMA_DIR


ARTICLES = {
    "alpha": """\
        苏州召开全市经济工作会议
        2024-12-20 来源：苏州日报
        12月20日，苏州市召开全市经济工作会议，总结今年工作，部署明年任务。市委书记刘小涛出席会议并讲话。
        会议指出，今年以来全市上下坚持稳中求进，经济运行总体平稳，创新能力持续增强，民生保障更加有力。
        会议要求，明年要聚焦高质量发展，加快建设现代化产业体系，持续优化营商环境，扎实推进共同富裕。
        """,
    "beta": """\
        昆山举行科技创新大会
        2024-11-02 来源：昆山日报
        11月2日，昆山市举行科技创新大会，表彰一批优秀科技企业和人才。市长周旭东在会上作报告。
        大会强调，要把科技创新摆在更加突出的位置，推动产业链和创新链深度融合，培育发展新质生产力。
        与会代表表示，将以更大力度加强基础研究，努力在关键核心技术上取得新突破，为昆山发展注入新动能。
        """,
}
SPLITS = {"alpha": "train", "beta": "test"}
GAMMA = """\
    吴江区推进乡村振兴工作
    2024-10-15 来源：吴江日报
    10月15日，吴江区召开乡村振兴工作推进会，区长李铭出席会议并讲话。
    会议强调，要坚持农业农村优先发展，持续改善农村人居环境，让农民群众过上更加美好的生活。
    """
GAZETTEER = {"苏州市": "GPE", "昆山市": "GPE", "吴江区": "GPE", "刘小涛": "PER", "周旭东": "PER",
             "李铭": "PER", "市委": "ORG", "市长": "TITLE", "区长": "TITLE", "书记": "TITLE"}
# An annotation correction: the same sentence, segmented and labelled differently.
CORRECTED = {"市委书记刘小涛出席会议并讲话。": (["市委书记", "刘小涛", "出席", "会议", "并", "讲话", "。"],
                                               [(0, 1, "TITLE"), (1, 2, "PER")])}
CONFIGS = ("documents", "ner", "segmentation", "sentences")


def segment(text: str) -> tuple[list[str], list[tuple[int, int, str]]]:
    words, entities, i = [], [], 0
    while i < len(text):
        term = next((t for t in GAZETTEER if text.startswith(t, i)), None)
        if term:
            entities.append((len(words), len(words) + 1, GAZETTEER[term]))
            words.append(term)
            i += len(term)
        else:
            words.append(text[i])
            i += 1
    return words, entities


def annotation_line(sentence_id: str, words: list[str], entities) -> str:
    body = list(words)
    for start, end, label in entities:
        body[start] = "[" + body[start]
        body[end - 1] += f"]/{label}"
    return f"{sentence_id}\treviewed\t{' '.join(body)}"


def make_dataset(root: Path, articles: dict[str, str], splits: dict[str, str], corrections=None) -> SimpleNamespace:
    """Raw files, split manifest and reviewed annotations for every sentence, then a build."""
    raw, ann = root / "raw", root / "annotations"
    raw.mkdir(parents=True)
    ann.mkdir()
    for doc_id, text in articles.items():
        (raw / f"{doc_id}.txt").write_text(textwrap.dedent(text), encoding="utf-8")
    manifest = root / "splits.json"
    manifest.write_text(json.dumps({"version": 1, "documents": splits}), encoding="utf-8")
    sentences = sentences_for_raw(raw, manifest)
    gold = {}
    for doc_id in sorted({s["doc_id"] for s in sentences}):
        lines = [f"# doc: {doc_id}"]
        for s in sorted((s for s in sentences if s["doc_id"] == doc_id), key=lambda s: s["index"]):
            gold[s["id"]] = (corrections or {}).get(s["text"]) or segment(s["text"])
            lines.append(annotation_line(s["id"], *gold[s["id"]]))
        (ann / f"{doc_id}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = root / "dataset"
    build(BuildConfig(raw_dir=raw, out_dir=dataset, manifest=manifest, annotations_dir=ann, guidelines=None,
                      update_manifest=False))
    return SimpleNamespace(raw=raw, annotations=ann, dataset=dataset, sentences=sentences, gold=gold, splits=splits)


def write_changelog(path: Path, versions) -> Path:
    path.write_text("# Changelog\n\n" + "".join(f"## [{v}] - 2025-01-01\n\n- release {v} of the test corpus\n\n"
                                                for v in versions), encoding="utf-8")
    return path


def release_config(root: Path, version: str, dataset: Path, **overrides) -> ReleaseConfig:
    """Every path of the release (registry, changelog, guidelines, …) inside ``root``."""
    guidelines = root / "guidelines.md"
    if not guidelines.exists():
        guidelines.write_text("# Annotation guidelines (test)\n", encoding="utf-8")
    kwargs = dict(version=version, dataset=dataset, out=root / "releases" / f"v{version}", results=None,
                  changelog=root / "CHANGELOG.md", registry=root / "releases.json", guidelines=guidelines,
                  passes=root / "passes", schema_dir=SCHEMA_DIR)
    kwargs.update(overrides)
    return ReleaseConfig(**kwargs)
