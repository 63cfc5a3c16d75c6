"""``suzhou-news publish``: one Hub commit of every release file, then the tag ``vX.Y.Z``.

No test touches the network: the dry run must not need it, and the real path
runs against a fake at the ``HfApi`` boundary (``create_repo``, ``create_commit``,
``create_tag``) that records its calls.
"""

from __future__ import annotations

import json
import shutil
import socket
import textwrap
from pathlib import Path
from types import SimpleNamespace

import huggingface_hub
import pytest
from huggingface_hub import CommitOperationAdd

from builder.cli import main
from builder.errors import InputError
from builder.pipeline import BuildConfig, build, sentences_for_raw
from builder.publish import publish
from builder.release import ReleaseConfig, release
from builder.schema import SCHEMA_DIR

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

REPO_ID = "test-owner/suzhou-news"


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("publish")
    corpus = make_dataset(root / "a", ARTICLES, SPLITS)
    write_changelog(root / "CHANGELOG.md", ["1.2.3"])
    return release(release_config(root, "1.2.3", corpus.dataset))


@pytest.fixture
def offline(monkeypatch):
    """Constructing a real HfApi or opening a socket fails the test."""
    class NoHfApi:
        def __init__(self, *a, **k):
            raise AssertionError("HfApi must not be constructed here")

    def no_connect(*a, **k):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(huggingface_hub, "HfApi", NoHfApi)
    monkeypatch.setattr(socket.socket, "connect", no_connect)


@pytest.fixture
def no_token(monkeypatch, tmp_path):
    for var in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_OIDC_RESOURCE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "no-token-file"))


class FakeApi:
    """Records every call; ``create_commit`` answers like the Hub (an object with ``oid`` and ``commit_url``)."""

    OID = "0123456789abcdef0123456789abcdef01234567"

    def __init__(self, *args, **kwargs):
        self.calls: list[tuple[str, tuple, dict]] = []
        FakeApi.last = self

    def create_repo(self, *args, **kwargs):
        self.calls.append(("create_repo", args, kwargs))

    def create_commit(self, *args, **kwargs):
        self.calls.append(("create_commit", args, kwargs))
        return SimpleNamespace(oid=self.OID, commit_url=f"https://huggingface.co/datasets/{REPO_ID}/commit/{self.OID}")

    def create_tag(self, *args, **kwargs):
        self.calls.append(("create_tag", args, kwargs))


def release_files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def tampered_copy(released: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(released, copy)
    return copy


# --- dry run -------------------------------------------------------------------------------

def test_dry_run_lists_every_file_and_the_tag_without_network(released, offline, no_token):
    lines = publish(released, REPO_ID, dry_run=True, api=None)
    files = release_files(released)
    assert lines[0].startswith(f"would upload {len(files)} files to datasets/{REPO_ID}")
    assert "tag v1.2.3" in lines[0]
    listed = {line.strip().rsplit(" (", 1)[0] for line in lines[1:]}
    assert listed == set(files)
    for rel, path in files.items():
        assert f"  {rel} ({path.stat().st_size} bytes)" in lines


def test_dry_run_via_the_cli(released, offline, no_token, capsys):
    assert main(["publish", str(released), "--repo-id", REPO_ID, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would upload" in out and "v1.2.3" in out and "SHA256SUMS" in out and "manifest.json" in out


def test_dry_run_still_refuses_a_tampered_release(released, tmp_path, offline):
    copy = tampered_copy(released, tmp_path)
    (copy / "README.md").write_text("---\n---\nreplaced\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not validate"):
        publish(copy, REPO_ID, dry_run=True)


# --- the real path, against a fake api -----------------------------------------------------

def test_one_commit_with_every_file_then_the_tag_on_that_commit(released, offline):
    api = FakeApi()
    lines = publish(released, REPO_ID, api=api)
    names = [name for name, *_ in api.calls]
    assert names == ["create_repo", "create_commit", "create_tag"]
    _, args, kwargs = api.calls[0]
    assert (args[0] if args else kwargs["repo_id"]) == REPO_ID and kwargs["repo_type"] == "dataset"

    _, args, kwargs = api.calls[1]
    assert (args[0] if args else kwargs["repo_id"]) == REPO_ID and kwargs["repo_type"] == "dataset"
    ops = kwargs["operations"]
    assert all(isinstance(op, CommitOperationAdd) for op in ops)
    files = release_files(released)
    assert sorted(op.path_in_repo for op in ops) == sorted(files)
    for op in ops:
        assert Path(op.path_or_fileobj).read_bytes() == files[op.path_in_repo].read_bytes()
    assert "v1.2.3" in kwargs["commit_message"]

    _, args, kwargs = api.calls[2]
    assert (args[0] if args else kwargs["repo_id"]) == REPO_ID and kwargs["repo_type"] == "dataset"
    assert kwargs["tag"] == "v1.2.3"
    assert kwargs["revision"] == FakeApi.OID
    assert lines[-1] == (f"committed {FakeApi.OID} and tagged v1.2.3: "
                         f"https://huggingface.co/datasets/{REPO_ID}/commit/{FakeApi.OID}")


def test_without_a_token_and_no_api_it_stops_with_a_clear_error(released, offline, no_token):
    with pytest.raises(InputError, match="no Hub token: set HF_TOKEN"):
        publish(released, REPO_ID)


def test_cli_without_token_exits_2_naming_hf_token(released, offline, no_token, capsys):
    assert main(["publish", str(released), "--repo-id", REPO_ID]) == 2
    assert "HF_TOKEN" in capsys.readouterr().err


@pytest.mark.parametrize("source", ["env", "login-file"])
def test_a_token_from_env_or_the_login_file_reaches_hfapi(released, no_token, monkeypatch, tmp_path, source):
    if source == "env":
        monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    else:
        token_file = tmp_path / "token"
        token_file.write_text("hf_test_token\n", encoding="utf-8")
        monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(token_file))
    monkeypatch.setattr(huggingface_hub, "HfApi", FakeApi)
    FakeApi.last = None
    publish(released, REPO_ID)
    assert [name for name, *_ in FakeApi.last.calls] == ["create_repo", "create_commit", "create_tag"]


# --- refusals ------------------------------------------------------------------------------

def refuses(root: Path, match: str, repo_id: str = REPO_ID) -> None:
    api = FakeApi()
    with pytest.raises(InputError, match=match):
        publish(root, repo_id, api=api)
    assert api.calls == []


def test_refuses_a_release_with_a_changed_parquet_byte(released, tmp_path):
    copy = tampered_copy(released, tmp_path)
    target = copy / "segmentation" / "train-00000-of-00001.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    refuses(copy, "does not validate")


def test_refuses_a_release_with_an_extra_file(released, tmp_path):
    copy = tampered_copy(released, tmp_path)
    (copy / "secrets.txt").write_text("not released\n", encoding="utf-8")
    refuses(copy, "does not validate")


def test_refuses_a_release_whose_checksums_were_removed(released, tmp_path):
    copy = tampered_copy(released, tmp_path)
    (copy / "SHA256SUMS").unlink()
    (copy / "CHANGELOG.md").write_text("rewritten\n", encoding="utf-8")
    refuses(copy, "no SHA256SUMS")


def test_refuses_a_folder_that_is_not_a_release(released, tmp_path):
    copy = tampered_copy(released, tmp_path)
    (copy / "manifest.json").unlink()
    refuses(copy, "no manifest.json")


def test_refuses_a_repo_id_without_owner(released):
    refuses(released, "expected OWNER/NAME", repo_id="suzhou-news")
