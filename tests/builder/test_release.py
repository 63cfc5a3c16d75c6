"""``suzhou-news release``: the release folder, its checksums, provenance and versioning rules.

A tiny two-article corpus is built once per module in a temporary folder; every
path the release touches (registry, changelog, guidelines) lives there too, so
nothing is written into the repository.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import textwrap
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from builder.cli import main
from builder.errors import InputError
from builder.pipeline import BuildConfig, build, sentences_for_raw
from builder.provenance import REPO_ROOT
from builder.release import ReleaseConfig, release
from builder.schema import SCHEMA_DIR, all_schemas, load_schema
from builder.split import SplitConfig
from builder.validate import validate_dir

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


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("release")
    corpus = make_dataset(root / "a", ARTICLES, SPLITS)
    write_changelog(root / "CHANGELOG.md", ["1.0.0"])
    config = release_config(root, "1.0.0", corpus.dataset)
    out = release(config)
    return SimpleNamespace(root=root, corpus=corpus, config=config, out=out)


@pytest.fixture(scope="module")
def changed(released) -> SimpleNamespace:
    """The same raw files with one annotation correction: the data changed, nothing else."""
    return make_dataset(released.root / "b", ARTICLES, SPLITS, corrections=CORRECTED)


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def read_sums(root: Path) -> dict[str, str]:
    sums = {}
    for line in (root / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, rel = line.split("  ", 1)
        sums[rel] = digest
    return sums


def card_meta(root: Path) -> dict:
    text = (root / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n", 2)[1])


# --- contents ------------------------------------------------------------------------------

def test_release_has_the_parquet_files_card_changelog_manifest_and_sums(released):
    parquet = {p.relative_to(released.corpus.dataset).as_posix()
               for p in released.corpus.dataset.glob("*/*.parquet")}
    assert {p.split("/")[0] for p in parquet} == set(CONFIGS)
    got = files_under(released.out)
    assert parquet <= got
    assert {"README.md", "CHANGELOG.md", "SHA256SUMS", "manifest.json", "annotation-guidelines.md"} <= got
    for rel in parquet:  # copied, not rewritten
        assert (released.out / rel).read_bytes() == (released.corpus.dataset / rel).read_bytes()


def test_sha256sums_covers_every_other_file_with_the_right_digest(released):
    sums = read_sums(released.out)
    assert set(sums) == files_under(released.out) - {"SHA256SUMS"}
    for rel, digest in sums.items():
        assert digest == hashlib.sha256((released.out / rel).read_bytes()).hexdigest(), rel


def test_manifest_records_raw_hashes_versions_revision_and_build_parameters(released):
    m = json.loads((released.out / "manifest.json").read_text(encoding="utf-8"))
    assert m["version"] == "1.0.0"
    raw = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in released.corpus.raw.iterdir()}
    assert {f["file"]: f["sha256"] for f in m["raw_files"]} == raw
    assert {f["id"] for f in m["raw_files"]} == set(ARTICLES)
    assert m["opencc"]["package"] in {"opencc", "opencc-python-reimplemented"}
    assert m["opencc"]["version"] == metadata.version(m["opencc"]["package"])
    assert m["libraries"]["pyarrow"] == metadata.version("pyarrow")
    assert m["libraries"]["datasets"] == metadata.version("datasets")
    assert m["builder"]["version"] == metadata.version("suzhou-news")
    assert m["builder"]["revision"]
    if (REPO_ROOT / ".git").exists():
        assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", m["builder"]["revision"])
    assert m["build_parameters"]["split"] == asdict(SplitConfig())
    registry = json.loads(released.config.registry.read_text(encoding="utf-8"))["releases"]
    assert [(r["version"], r["content_hash"]) for r in registry] == [("1.0.0", m["content_hash"])]


def test_changelog_in_the_release_has_this_versions_section(released):
    text = (released.out / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \[1\.0\.0\]", text, re.M)
    assert "release 1.0.0 of the test corpus" in text


# --- loading with 🤗 datasets ----------------------------------------------------------------

def test_every_config_and_split_loads_with_all_checks_and_the_schema_features(released, tmp_path):
    import datasets

    meta = card_meta(released.out)
    infos = {i["config_name"]: {s["name"]: s["num_examples"] for s in i["splits"]} for i in meta["dataset_info"]}
    assert set(infos) == set(all_schemas()) == set(CONFIGS)
    expected_rows = {
        "documents": {s: sum(v == s for v in SPLITS.values()) for s in ("train", "test")},
        **{c: {s: sum(SPLITS[x["doc_id"]] == s for x in released.corpus.sentences) for s in ("train", "test")}
           for c in ("sentences", "segmentation", "ner")},
    }
    for config in CONFIGS:
        assert set(infos[config]) == {"train", "test"}
        for split, n in infos[config].items():
            ds = datasets.load_dataset(str(released.out), config, split=split, verification_mode="all_checks",
                                       cache_dir=str(tmp_path / "hf-cache"))
            assert ds.features == load_schema(config).features, config
            assert ds.num_rows == n == expected_rows[config][split], (config, split)


# --- validate ------------------------------------------------------------------------------

def test_validate_passes_on_the_release(released, capsys):
    assert validate_dir(released.out) == []
    assert main(["validate", str(released.out)]) == 0


def tampered(released, tmp_path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(released.out, copy)
    return copy


def test_validate_reports_a_changed_parquet_byte(released, tmp_path, capsys):
    copy = tampered(released, tmp_path)
    target = copy / "ner" / "test-00000-of-00001.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    problems = validate_dir(copy)
    assert any("ner/test-00000-of-00001.parquet: checksum mismatch" in p for p in problems), problems
    assert main(["validate", str(copy)]) == 1
    assert "ner/test-00000-of-00001.parquet: checksum mismatch" in capsys.readouterr().err


def test_validate_reports_a_changed_card(released, tmp_path):
    copy = tampered(released, tmp_path)
    card = copy / "README.md"
    card.write_text(card.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    assert any("README.md: checksum mismatch" in p for p in validate_dir(copy))


def test_validate_reports_a_deleted_file(released, tmp_path):
    copy = tampered(released, tmp_path)
    (copy / "manifest.json").unlink()
    assert any("manifest.json: listed but missing" in p for p in validate_dir(copy))


def test_validate_reports_a_release_whose_sha256sums_was_deleted(released, tmp_path):
    copy = tampered(released, tmp_path)
    (copy / "SHA256SUMS").unlink()
    (copy / "CHANGELOG.md").write_text("rewritten after the release\n", encoding="utf-8")
    assert any("SHA256SUMS" in p for p in validate_dir(copy))


def test_validate_reports_an_extra_file(released, tmp_path):
    copy = tampered(released, tmp_path)
    (copy / "documents" / "notes.txt").write_text("not part of the release\n", encoding="utf-8")
    problems = validate_dir(copy)
    assert any("notes.txt" in p and "not covered by SHA256SUMS" in p for p in problems), problems


# --- versioning rules ----------------------------------------------------------------------

def attempt(released, tmp_path, version: str, dataset: Path | None = None, **overrides):
    """The config of a release into ``tmp_path``, against a copy of the module's registry."""
    registry = tmp_path / "releases.json"
    if not registry.exists():
        shutil.copyfile(released.config.registry, registry)
    changelog = overrides.pop("changelog", None) or write_changelog(tmp_path / "CHANGELOG.md", ["1.0.0", version])
    config = dataclasses.replace(released.config, version=version, dataset=dataset or released.corpus.dataset,
                                 out=tmp_path / "releases" / f"v{version}", registry=registry,
                                 changelog=changelog, **overrides)
    return config


def refused(config: ReleaseConfig, match: str) -> InputError:
    before = config.registry.read_bytes() if config.registry.exists() else None
    with pytest.raises(InputError, match=match) as exc:
        release(config)
    assert not config.out_dir.exists()
    if config.out_dir.parent.exists():
        assert not list(config.out_dir.parent.glob(f".{config.out_dir.name}*")), "temporary folder left behind"
    assert (config.registry.read_bytes() if config.registry.exists() else None) == before
    return exc.value


def registered(config: ReleaseConfig) -> list[str]:
    return [r["version"] for r in json.loads(config.registry.read_text(encoding="utf-8"))["releases"]]


@pytest.mark.parametrize("version", ["1.0.0", "0.9.9", "0.10.0"])
def test_refuses_a_version_that_is_not_newer(released, tmp_path, version):
    err = refused(attempt(released, tmp_path, version), "not newer than the last release 1.0.0")
    assert version in str(err)


def test_patch_bump_is_accepted_when_only_the_card_or_docs_change(released, tmp_path):
    config = attempt(released, tmp_path, "1.0.1")
    assert release(config) == config.out_dir
    assert validate_dir(config.out_dir) == []
    assert registered(config) == ["1.0.0", "1.0.1"]


def test_patch_bump_is_refused_when_the_data_changed_and_minor_accepted(released, changed, tmp_path):
    refused(attempt(released, tmp_path, "1.0.1", changed.dataset), "1.0.1 is a patch bump .* a minor bump is required")
    config = attempt(released, tmp_path, "1.1.0", changed.dataset)
    release(config)
    assert registered(config) == ["1.0.0", "1.1.0"]
    old = json.loads((released.out / "manifest.json").read_text(encoding="utf-8"))
    new = json.loads((config.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert new["content_hash"] != old["content_hash"]


def test_minor_bump_is_refused_when_a_schema_changed_and_major_accepted(released, tmp_path):
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, schemas)
    path = schemas / "documents.schema.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["properties"]["text"]["description"] = "Cleaned body (description edited by the test)"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")

    refused(attempt(released, tmp_path, "1.1.0", schema_dir=schemas), "schemas or guidelines changed: a major bump")
    config = attempt(released, tmp_path, "2.0.0", schema_dir=schemas)
    release(config)
    assert registered(config) == ["1.0.0", "2.0.0"]
    assert "Cleaned body (description edited by the test)" in (config.out_dir / "README.md").read_text(encoding="utf-8")


def test_minor_bump_is_refused_when_the_guidelines_changed(released, tmp_path):
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text(released.config.guidelines.read_text(encoding="utf-8") + "\nD99: a new rule\n",
                          encoding="utf-8")
    refused(attempt(released, tmp_path, "1.1.0", guidelines=guidelines), "a major bump is required")
    config = attempt(released, tmp_path, "2.0.0", guidelines=guidelines)
    release(config)
    assert (config.out_dir / "annotation-guidelines.md").read_bytes() == guidelines.read_bytes()


@pytest.mark.parametrize("version", ["1.1", "v1.1.0", "1.1.0-rc1", "1.1.0 ", "one"])
def test_invalid_version_string_is_rejected(released, tmp_path, version):
    refused(attempt(released, tmp_path, version), "is not X.Y.Z")


def test_missing_changelog_entry_is_rejected_naming_the_version(released, tmp_path):
    changelog = write_changelog(tmp_path / "CHANGELOG.md", ["1.0.0"])
    err = refused(attempt(released, tmp_path, "1.0.1", changelog=changelog), r"no '## \[1\.0\.1\]' section")
    assert str(changelog) in str(err)
    err = refused(attempt(released, tmp_path, "1.0.1", changelog=tmp_path / "missing.md"), "missing")
    assert "1.0.1" in str(err)


def test_refuses_without_the_guidelines_the_card_links_to(released, tmp_path):
    err = refused(attempt(released, tmp_path, "1.0.1", guidelines=tmp_path / "no-guidelines.md"), "missing")
    assert "no-guidelines.md" in str(err)


def test_refuses_a_dataset_that_does_not_validate(released, tmp_path):
    broken = tmp_path / "dataset"
    shutil.copytree(released.corpus.dataset, broken)
    (broken / "sentences" / "test-00000-of-00001.parquet").write_bytes(b"not parquet")
    refused(attempt(released, tmp_path, "1.0.1", broken), "does not validate")


def test_first_release_needs_no_registry_and_creates_it(released, tmp_path):
    config = dataclasses.replace(released.config, version="0.1.0", out=tmp_path / "v0.1.0",
                                 registry=tmp_path / "data" / "releases.json",
                                 changelog=write_changelog(tmp_path / "CHANGELOG.md", ["0.1.0"]))
    release(config)
    assert registered(config) == ["0.1.0"]


def test_cli_release_then_validate(released, tmp_path, monkeypatch, capsys):
    """The console command uses CHANGELOG.md and data/releases.json of the working folder."""
    monkeypatch.chdir(tmp_path)
    write_changelog(tmp_path / "CHANGELOG.md", ["0.1.0"])
    (tmp_path / "docs").mkdir()
    shutil.copyfile(released.config.guidelines, tmp_path / "docs" / "annotation-guidelines.md")
    out = tmp_path / "rel"
    assert main(["release", "--version", "0.1.0", "--dataset", str(released.corpus.dataset), "--out", str(out),
                 "--results", str(tmp_path / "no-results")]) == 0
    assert "released v0.1.0" in capsys.readouterr().out
    assert registered(dataclasses.replace(released.config, registry=tmp_path / "data" / "releases.json")) == ["0.1.0"]
    assert main(["validate", str(out)]) == 0
    assert main(["release", "--version", "0.1.0", "--dataset", str(released.corpus.dataset),
                 "--out", str(tmp_path / "again")]) == 2
    assert "not newer" in capsys.readouterr().err
