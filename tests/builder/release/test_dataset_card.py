"""The release dataset card (README.md): YAML metadata, sections, examples and figures from the data.

Expected figures come from the test's own fixture (its splits, gold words and
entities), never from the card or from measured constants.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest
import yaml

from suzhou_news.builder.gold.export import read_config
from suzhou_news.builder.dataset.card import TABLE_ROWS
from suzhou_news.builder.dataset.provenance import dataset_hash
from suzhou_news.builder.release.versions import release
from suzhou_news.builder.dataset.schema import all_schemas

from tests.fixtures.release_corpus import ARTICLES, SPLITS, CONFIGS, annotation_line, make_dataset, write_changelog, release_config


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
    scored = {"dataset": {"content_hash": dataset_hash(corpus.dataset)}}  # results of exactly this data
    (results / "results.json").write_text(json.dumps(scored), encoding="utf-8")
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
    # silver: only with build --silver; provenance: the table of imported corpora (suzhou-news import)
    assert set(configs) == set(all_schemas()) - {"silver", "provenance"} == set(CONFIGS)
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
        if name in ("silver", "provenance"):  # not in this built dataset's card
            continue
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
    assert TABLE_ROWS in source  # the texts may hold tabs: the card says so


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
    board = section(card.body, "## Leaderboard")
    assert "| test-system.v1 | 12.3 |" in board
    assert "Computed on exactly this release's data" in board
    assert (card.out / "benchmark-results.json").read_bytes() == (card.config.results / "results.json").read_bytes()
    assert (card.out / "leaderboard.md").exists()


def test_a_leaderboard_of_other_data_is_not_shown(card, tmp_path):
    """Results whose dataset hash differs from the release's are named, not passed off as its scores."""
    results = tmp_path / "results"
    shutil.copytree(card.config.results, results)
    (results / "results.json").write_text(json.dumps({"dataset": {"content_hash": "f" * 64}}), encoding="utf-8")
    config = dataclasses.replace(card.config, version="1.0.2", out=tmp_path / "v1.0.2", results=results,
                                 registry=tmp_path / "releases.json",
                                 changelog=write_changelog(tmp_path / "CHANGELOG.md", ["1.0.2"]))
    out = release(config)
    board = section((out / "README.md").read_text(encoding="utf-8"), "## Leaderboard")
    assert "| test-system.v1 | 12.3 |" not in board
    assert not (out / "benchmark-results.json").exists() and not (out / "leaderboard.md").exists()
    assert "computed on other data (content `ffffffffffff`)" in board


def test_summary_names_version_and_content_hash(card):
    manifest = json.loads((card.out / "manifest.json").read_text(encoding="utf-8"))
    summary = section(card.body, "## Dataset Summary")
    assert "Version **1.0.0**" in summary
    assert manifest["content_hash"][:16] in summary
