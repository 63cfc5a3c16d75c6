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
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

import suzhou_news
from suzhou_news.builder.dataset.outputs import MARKER
import yaml

from suzhou_news.cli import main
from suzhou_news.errors import InputError
from suzhou_news.builder.release.versions import ReleaseConfig, guideline_rules, release, required_bump
from suzhou_news.builder.dataset.schema import SCHEMA_DIR, all_schemas, load_schema
from suzhou_news.builder.dataset.split import SplitConfig
from suzhou_news.builder.checks.validate import validate_dir

from tests.fixtures.release_corpus import ARTICLES, SPLITS, CORRECTED, CONFIGS, make_dataset, write_changelog, release_config


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
    assert set(sums) == files_under(released.out) - {"SHA256SUMS", MARKER}  # the marker is written last
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
    if (Path(suzhou_news.__file__).resolve().parents[1] / ".git").exists():  # imported from a checkout
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
    # silver: only with build --silver; provenance: imported corpora only
    assert set(infos) == set(all_schemas()) - {"silver", "provenance"} == set(CONFIGS)
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
        left = [p for p in config.out_dir.parent.glob(f".{config.out_dir.name}*")
                if p.name != f".{config.out_dir.name}.lock"]  # filelock keeps its lock file; it holds nothing
        assert not left, "temporary folder left behind"
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


def test_the_results_schema_is_not_a_dataset_schema(released, tmp_path):
    """Editing schemas/results.schema.json (the benchmark's output) changes no data: a patch is enough."""
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMA_DIR, schemas)
    path = schemas / "results.schema.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["description"] = "edited by the test"
    path.write_text(json.dumps(doc), encoding="utf-8")
    config = attempt(released, tmp_path, "1.0.1", schema_dir=schemas)
    release(config)
    assert registered(config) == ["1.0.0", "1.0.1"]


def test_minor_bump_is_refused_when_the_guidelines_changed(released, tmp_path):
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text(released.config.guidelines.read_text(encoding="utf-8") + "\nD99: a new rule\n",
                          encoding="utf-8")
    refused(attempt(released, tmp_path, "1.1.0", guidelines=guidelines), "a major bump is required")
    config = attempt(released, tmp_path, "2.0.0", guidelines=guidelines)
    release(config)
    assert (config.out_dir / "annotation-guidelines.md").read_bytes() == guidelines.read_bytes()


def test_editorial_guideline_edits_need_no_major_bump(released, tmp_path):
    """A new file-format section (tooling, not a rule) changes the file but not its rules: a patch is enough,
    and the registry records both fingerprints."""
    guidelines = tmp_path / "guidelines.md"
    guidelines.write_text(released.config.guidelines.read_text(encoding="utf-8")
                          + "\n## 3. File format\n\nA `stale` status, read by `suzhou_news/builder/gold/annotation_format.py`.\n",
                          encoding="utf-8")
    config = attempt(released, tmp_path, "1.0.1", guidelines=guidelines)
    release(config)
    entry = json.loads(config.registry.read_text(encoding="utf-8"))["releases"][-1]["fingerprints"]
    assert entry["guideline_rules"] == guideline_rules(released.config.guidelines.read_text(encoding="utf-8"))
    assert entry["guidelines"] != json.loads(released.config.registry.read_text(encoding="utf-8"))[
        "releases"][0]["fingerprints"]["guidelines"]


def test_guideline_rules_ignore_tooling_sections_and_module_folders():
    """Moving a module (`suzhou_news/builder/gold/labels.py` → `suzhou_news/builder/gold/labels.py`) or rewriting §3/§4 changes no rule;
    editing a rule, or §5's justified inconsistencies, does."""
    base = ("# G\n## 2. Named entities\nGPE → LOC. `suzhou_news/builder/gold/labels.py` holds this table.\n"
            "## 3. File format\nOLD\n## 4. Review procedure\nOLD\n## 5. Justified inconsistencies\n- 苏州港: x\n")
    same = base.replace("`suzhou_news/builder/gold/labels.py`", "`suzhou_news/builder/gold/labels.py`").replace("OLD", "NEW\n")
    assert guideline_rules(same) == guideline_rules(base)
    assert guideline_rules(base.replace("GPE → LOC", "GPE → O")) != guideline_rules(base)
    assert guideline_rules(base.replace("苏州港: x", "苏州港: y")) != guideline_rules(base)


def test_an_old_registry_entry_without_rules_compares_the_whole_file():
    """Entries written before the rules fingerprint existed fall back to the file hash."""
    old = {"schemas": "s", "guidelines": "a"}
    assert required_bump(old, {"data": "d", "schemas": "s", "guidelines": "b", "guideline_rules": "r"}) == "major"
    assert required_bump({**old, "guideline_rules": "r"},
                         {"data": "d", "schemas": "s", "guidelines": "b", "guideline_rules": "r"}) == "minor"


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
