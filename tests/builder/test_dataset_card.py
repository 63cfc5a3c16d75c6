"""The release dataset card (README.md): YAML metadata, sections, examples and figures from the data.

Expected figures come from the test's own fixture (its splits, gold words and
entities), never from the card or from measured constants.
"""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest
import yaml

from builder.export import read_config
from builder.pipeline import BuildConfig, build, sentences_for_raw
from builder.release import ReleaseConfig, release
from builder.schema import SCHEMA_DIR, all_schemas

# --- tiny corpus, made in the test ---------------------------------------------------------
# Two short articles (one per split) and a third one that later releases add. The gold is
# deterministic: gazetteer terms are single words and entities, every other character is a word.

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

SECTIONS = ["# Dataset Card for suzhou-news", "## Dataset Summary", "## Dataset Structure", "### Data Instances",
            "### Data Fields", "### Data Splits", "## Dataset Creation", "### Source Data", "### Annotations",
            "## Known Limitations", "## Licensing Information", "## Citation Information", "## Leaderboard"]
LABELS = ["PER", "ORG", "GPE", "LOC", "TITLE", "EVENT"]


def write_passes(passes: Path, corpus: SimpleNamespace, doc_id: str) -> None:
    """Two blind passes of one document: the second merges the first two words of its first
    sentence and leaves out that sentence's first entity; everything else agrees."""
    ids = sorted(sid for sid in corpus.gold if sid.startswith(doc_id + "-"))
    first = [annotation_line(sid, *corpus.gold[sid]) for sid in ids]
    words, entities = corpus.gold[ids[0]]
    assert len(words[0]) == len(words[1]) == 1 and entities and entities[0][0] >= 2
    merged = [words[0] + words[1], *words[2:]]
    second = [annotation_line(ids[0], merged, [(s - 1, e - 1, lab) for s, e, lab in entities[1:]])]
    second += first[1:]
    for name, lines in (("first", first), ("second", second)):
        (passes / name).mkdir(parents=True)
        (passes / name / f"{doc_id}.txt").write_text(f"# doc: {doc_id}\n" + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def card(tmp_path_factory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("card")
    corpus = make_dataset(root / "a", ARTICLES, SPLITS)
    test_doc = next(d for d, s in SPLITS.items() if s == "test")
    write_passes(root / "passes", corpus, test_doc)
    results = root / "results"
    results.mkdir()
    (results / "leaderboard.md").write_text("| system | F1 |\n|---|---|\n| test-system.v1 | 12.3 |\n", encoding="utf-8")
    write_changelog(root / "CHANGELOG.md", ["1.0.0"])
    config = release_config(root, "1.0.0", corpus.dataset, results=results)
    out = release(config)
    text = (out / "README.md").read_text(encoding="utf-8")
    return SimpleNamespace(root=root, corpus=corpus, config=config, out=out, text=text, test_doc=test_doc,
                           meta=yaml.safe_load(text.split("---\n", 2)[1]), body=text.split("---\n", 2)[2])


def rows(root: Path, config: str, split: str) -> list[dict]:
    return [r for f in sorted((root / config).glob(f"{split}-*.parquet")) for r in pq.read_table(f).to_pylist()]


def section(body: str, heading: str) -> str:
    start = body.index(heading + "\n")
    nxt = re.compile(r"^#{1,%d} " % heading.count("#"), re.M).search(body, start + len(heading))
    return body[start: nxt.start() if nxt else len(body)]


# --- YAML metadata -------------------------------------------------------------------------

def test_yaml_has_the_hub_metadata(card):
    m = card.meta
    assert m["pretty_name"] == "suzhou-news"
    assert m["license"]
    assert m["language"] == ["zh"]
    assert m["language_details"] == "zh-CN"
    assert "token-classification" in m["task_categories"]
    assert "named-entity-recognition" in m["task_ids"]
    assert "word-segmentation" in m["tags"]
    assert m["size_categories"] == ["n<1K"]  # a handful of sentences


def test_yaml_configs_and_dataset_info_match_the_files_and_rows(card):
    configs = {c["config_name"]: c for c in card.meta["configs"]}
    assert set(configs) == set(all_schemas()) == set(CONFIGS)
    for name, c in configs.items():
        for entry in c["data_files"]:
            assert sorted(card.out.glob(entry["path"])) == sorted((card.out / name).glob(f"{entry['split']}-*.parquet"))
            assert list(card.out.glob(entry["path"]))
    infos = {i["config_name"]: i for i in card.meta["dataset_info"]}
    assert set(infos) == set(CONFIGS)
    for name, info in infos.items():
        assert [f["name"] for f in info["features"]] == list(all_schemas()[name].json_schema["properties"])
        for s in info["splits"]:
            assert s["num_examples"] == len(rows(card.out, name, s["name"])) > 0
            assert s["num_bytes"] > 0


# --- sections ------------------------------------------------------------------------------

def test_card_has_every_section_in_order(card):
    positions = [card.body.find(h + "\n") for h in SECTIONS]
    assert -1 not in positions, [h for h, p in zip(SECTIONS, positions) if p == -1]
    assert positions == sorted(positions)


def test_each_example_is_the_first_test_row_of_its_config(card):
    def agrees(shown, real) -> bool:
        """``shown`` is ``real``, or ``real`` shortened with a trailing … (strings and lists)."""
        if shown == real:
            return True
        if isinstance(shown, str) and isinstance(real, str):
            return shown.endswith("…") and len(real) > len(shown) - 1 and real.startswith(shown[:-1])
        if isinstance(shown, list) and isinstance(real, list):
            if shown and shown[-1] == "…":
                return len(real) > len(shown) - 1 and all(agrees(a, b) for a, b in zip(shown[:-1], real))
            return len(shown) == len(real) and all(agrees(a, b) for a, b in zip(shown, real))
        if isinstance(shown, dict) and isinstance(real, dict):
            return shown.keys() == real.keys() and all(agrees(shown[k], real[k]) for k in shown)
        return False

    instances = section(card.body, "### Data Instances")
    for name in CONFIGS:
        m = re.search(rf"`{name}` \(first row of the test split[^\n]*\n\n```json\n(.*?)\n```", instances, re.S)
        assert m, name
        shown = json.loads(m.group(1))
        test_rows = read_config(card.out, name)["test"]  # ClassLabel values as names, sorted by id
        assert shown["id"] == test_rows[0]["id"]
        assert agrees(shown, test_rows[0]), name
        assert shown["split"] == "test"


def test_fields_section_lists_every_schema_field_with_its_description(card):
    fields = section(card.body, "### Data Fields")
    for name, schema in all_schemas().items():
        for field, node in schema.json_schema["properties"].items():
            assert re.search(rf"^\| `{re.escape(field)}` \| [^|]+ \| {re.escape(node.get('description', ''))} \|$",
                             fields, re.M), (name, field)
    assert "ClassLabel(B, M, E, S)" in fields


def test_splits_table_counts_documents_sentences_characters_words_and_entities(card):
    table = section(card.body, "### Data Splits")
    header = next(line for line in table.splitlines() if line.startswith("| split |"))
    assert [c.strip() for c in header.strip("|").split("|")] == \
        ["split", "documents", "sentences", "characters", "words", *LABELS]
    for split in ("train", "test"):
        sids = [s["id"] for s in card.corpus.sentences if card.corpus.splits[s["doc_id"]] == split]
        docs = rows(card.out, "documents", split)
        entities = Counter(label for sid in sids for *_, label in card.corpus.gold[sid][1])
        expected = [split, len([d for d, s in SPLITS.items() if s == split]), len(sids),
                    sum(len(d["text"]) for d in docs), sum(len(card.corpus.gold[sid][0]) for sid in sids),
                    *[entities[label] for label in LABELS]]
        assert f"| {' | '.join(map(str, expected))} |" in table.splitlines()


def test_source_data_names_the_opencc_version_and_the_file_counts(card):
    manifest = json.loads((card.out / "manifest.json").read_text(encoding="utf-8"))
    source = section(card.body, "### Source Data")
    assert f"{manifest['opencc']['package']} {manifest['opencc']['version']}" in source
    assert f"{len(ARTICLES)} crawled news pages (0 files excluded)" in source


def test_annotation_section_links_the_guidelines_and_reports_agreement(card):
    ann = section(card.body, "### Annotations")
    assert "](annotation-guidelines.md)" in ann
    assert (card.out / "annotation-guidelines.md").is_file()
    ids = [sid for sid in card.corpus.gold if sid.startswith(card.test_doc + "-")]
    n_words = sum(len(card.corpus.gold[sid][0]) for sid in ids)
    n_ents = sum(len(card.corpus.gold[sid][1]) for sid in ids)
    pct = lambda both, a, b: f"{100 * 2 * both / (a + b):.1f}"  # noqa: E731
    # one merge: two first-pass words become one second-pass word; one entity left out
    assert f"{len(ids)} sentences of 1 documents" in ann
    row = lambda name, both, a, b: f"| {name} | {pct(both, a, b)} | {both} | {a} | {b} |"  # noqa: E731
    assert row("words", n_words - 2, n_words, n_words - 1) in ann
    assert row("entities (exact span and label)", n_ents - 1, n_ents, n_ents - 1) in ann


def test_no_second_pass_is_said_plainly(card, tmp_path):
    config = dataclasses.replace(card.config, version="1.0.1", out=tmp_path / "v1.0.1", passes=tmp_path / "none",
                                 results=None, registry=tmp_path / "releases.json",
                                 changelog=write_changelog(tmp_path / "CHANGELOG.md", ["1.0.1"]))
    text = (release(config) / "README.md").read_text(encoding="utf-8")
    annotations = section(text, "### Annotations")
    assert "No second annotation pass is recorded." in annotations
    assert "| words |" not in annotations
    assert "Run `suzhou-news bench`" in section(text, "## Leaderboard")


def test_limitations_licence_citation_and_leaderboard(card):
    limits = section(card.body, "## Known Limitations")
    assert f"{len(card.corpus.sentences)} sentences from {len(ARTICLES)} articles" in limits
    assert "CC BY 4.0" in section(card.body, "## Licensing Information")
    cite = section(card.body, "## Citation Information")
    m = re.search(r"```bibtex\n(@misc\{.*?\n\})\n```", cite, re.S)
    assert m and "Version 1.0.0" in m.group(1)
    assert m.group(1).count("{") == m.group(1).count("}")
    assert "| test-system.v1 | 12.3 |" in section(card.body, "## Leaderboard")


def test_summary_names_version_and_content_hash(card):
    manifest = json.loads((card.out / "manifest.json").read_text(encoding="utf-8"))
    summary = section(card.body, "## Dataset Summary")
    assert "Version **1.0.0**" in summary
    assert manifest["content_hash"][:16] in summary
