"""``suzhou-news publish``: one Hub commit of every release file, then the tag ``vX.Y.Z``.

No test touches the network: the dry run must not need it, and the real path
runs against a fake at the ``HfApi`` boundary (``create_repo``, ``create_commit``,
``create_tag``) that records its calls.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from types import SimpleNamespace

import huggingface_hub
import pytest
from huggingface_hub import CommitOperationAdd

from suzhou_news.cli import main
from suzhou_news.errors import InputError
from suzhou_news.builder.release.publish import publish
from suzhou_news.builder.release.versions import release

from tests.fixtures.release_corpus import ARTICLES, SPLITS, make_dataset, write_changelog, release_config


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
    """Every file of the release; the release command's marker (dataset/outputs.py) stays local, never uploaded."""
    from suzhou_news.builder.dataset.outputs import MARKER

    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file() and p.name != MARKER}


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
