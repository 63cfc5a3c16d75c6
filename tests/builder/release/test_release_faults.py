"""Release faults: each damaged release is named by file (row, field) with `validate` exit code 1; `publish`
sends only what SHA256SUMS lists; `release` checks the changelog's figures against the data."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from suzhou_news.cli import main
from suzhou_news.builder.release.publish import publish
from suzhou_news.builder.release.versions import release, write_checksums

from tests.fixtures.release_corpus import ARTICLES, SPLITS, make_dataset, release_config

NER = "ner/test-00000-of-00001.parquet"
DOCS = "documents/train-00000-of-00001.parquet"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    root = tmp_path_factory.mktemp("faults")
    corpus = make_dataset(root / "a", ARTICLES, SPLITS)
    (root / "CHANGELOG.md").write_text("# Changelog\n\n## [1.0.0] - 2025-01-01\n\n- {documents} articles, "
                                       "{entities} entities.\n", encoding="utf-8")
    config = release_config(root, "1.0.0", corpus.dataset)
    return config, release(config)


def _rewrite(path: Path, change, schema_change=None) -> None:
    table = pq.read_table(path)
    rows = table.to_pylist()
    change(rows)
    schema = schema_change(table.schema) if schema_change else table.schema
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def _truncate(root):
    path = root / NER
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _alter_schema(root):
    def drop_author(rows):
        for r in rows:
            del r["author"]

    _rewrite(root / DOCS, drop_author, lambda s: s.remove(s.get_field_index("author")))
    write_checksums(root)  # a consistent release whose schema changed: the schema check must catch it


def _label_out_of_range(root):
    _rewrite(root / NER, lambda rows: rows[0]["ner_tags"].__setitem__(0, 99))
    write_checksums(root)


def _wrong_checksum(root):
    sums = root / "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines()
    lines = [("0" * 64 + line[64:]) if line.endswith("manifest.json") else line for line in lines]
    sums.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _extra_file(root):
    (root / "ner" / "notes.txt").write_text("not part of the release\n", encoding="utf-8")


def _missing_file(root):
    (root / NER).unlink()


FAULTS = {
    "truncated-parquet": (_truncate, [f"{NER}: checksum mismatch", f"{NER}: unreadable Parquet"]),
    "altered-schema": (_alter_schema, [f"{DOCS}: Arrow schema differs"]),
    "classlabel-out-of-range": (_label_out_of_range, [f"{NER}: row 0: ner_tags.0: 99 is greater than the maximum"]),
    "wrong-checksum": (_wrong_checksum, ["manifest.json: checksum mismatch"]),
    "extra-file": (_extra_file, ["ner/notes.txt: file not covered by SHA256SUMS"]),
    "missing-file": (_missing_file, [f"{NER}: listed but missing"]),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_each_release_fault_is_named_with_exit_code_1(released, tmp_path, capsys, fault):
    """`suzhou-news validate` exits 1 and names the damaged file (and row and field where there is one)."""
    copy = tmp_path / "copy"
    shutil.copytree(released[1], copy)
    damage, expected = FAULTS[fault]
    damage(copy)
    capsys.readouterr()
    assert main(["validate", str(copy)]) == 1
    err = capsys.readouterr().err
    for fragment in expected:
        assert fragment in err, err
    assert err.rstrip().endswith(f"problem(s) in {copy}")


def test_publish_sends_exactly_the_files_sha256sums_lists(released, tmp_path, monkeypatch):
    """Even if the checks were skipped, a file the release does not list is never uploaded."""
    from suzhou_news.builder.checks import validate

    copy = tmp_path / "copy"
    shutil.copytree(released[1], copy)
    (copy / "secrets.env").write_text("HF_TOKEN=x\n", encoding="utf-8")
    monkeypatch.setattr(validate, "validate_dir", lambda root: [])
    lines = publish(copy, "owner/name", dry_run=True)
    sent = sorted(line.split(" (")[0].strip() for line in lines[1:])
    listed = sorted(line.split("  ", 1)[1] for line in (copy / "SHA256SUMS").read_text().splitlines())
    assert sent == sorted(listed + ["SHA256SUMS"])
    assert "secrets.env" not in "\n".join(lines)


def test_changelog_placeholders_are_filled_from_the_data(released):
    """Finding 8: the release's CHANGELOG.md says what the data holds, filled in, never typed."""
    _, out = released
    text = (out / "CHANGELOG.md").read_text(encoding="utf-8")
    from suzhou_news.builder.release.figures import data_figures

    figures = data_figures(out)
    assert f"- {figures['documents']} articles, {figures['entities']} entities." in text
    assert figures["entities"] > 0 and "{" not in text


def test_release_refuses_a_changelog_whose_figures_disagree_with_the_data(released, tmp_path):
    """Finding 8: '355 entities' for data holding another number stops the release, naming the line and both
    figures; nothing is written."""
    config, out = released
    from suzhou_news.builder.release.figures import data_figures

    held = data_figures(out)["entities"]
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(f"# Changelog\n\n## [1.1.0] - 2025-02-01\n\n- {held + 1} entities in all.\n",
                         encoding="utf-8")
    registry = tmp_path / "releases.json"
    shutil.copyfile(config.registry, registry)
    bad = dataclasses.replace(config, version="1.1.0", changelog=changelog, registry=registry,
                              out=tmp_path / "v1.1.0")
    from suzhou_news.errors import InputError

    with pytest.raises(InputError, match=rf"line 5: '{held + 1} entities' says {held + 1}, the data holds {held}"):
        release(bad)
    assert not bad.out_dir.exists() and registry.read_bytes() == config.registry.read_bytes()
