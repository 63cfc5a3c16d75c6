"""A build killed with SIGKILL in each phase leaves the previous output and the manifest intact.

The build runs in a child process with ``SUZHOU_NEWS_KILL_AT=<phase>``: the pipeline
kills itself (SIGKILL, no cleanup handler runs) at a fixed point of that phase, so
every run dies at the same place. Afterwards the previous output and the manifest
must be byte-identical, and the next build must succeed and leave no stray files.
"""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from suzhou_news.builder.checks.validate import validate_dir
from suzhou_news.builder.pipeline.runner import BuildConfig, build

from pipeline_corpus import article, make_raw, tree

REPO = Path(__file__).resolve().parents[3]
CHILD = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from suzhou_news.builder.pipeline.runner import BuildConfig, build
    root = Path(sys.argv[1])
    build(BuildConfig(raw_dir=root / "raw", out_dir=root / "out", manifest=root / "splits.json",
                      annotations_dir=None, guidelines=None, workers=1, shards=2))
    """)


def _config(root):
    return BuildConfig(raw_dir=root / "raw", out_dir=root / "out", manifest=root / "splits.json",
                       annotations_dir=None, guidelines=None, workers=1, shards=2)


def _killed_build(root: Path, phase: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SUZHOU_NEWS_KILL_AT": phase}
    return subprocess.run([sys.executable, "-c", CHILD, str(root)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def _beside(root: Path) -> list[str]:
    """Temporary folders and files beside the output (the lock files, .<name>.lock, stay by design: filelock)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))


@pytest.mark.parametrize("phase", ["read", "near_duplicates", "write", "swap"])
def test_a_build_killed_in_a_phase_leaves_output_and_manifest_intact(tmp_path, phase):
    """Killed while reading, grouping near-duplicates, writing Parquet, or just before the swap."""
    make_raw(tmp_path, 4)
    build(_config(tmp_path))
    before, manifest = tree(tmp_path / "out"), (tmp_path / "splits.json").read_bytes()
    (tmp_path / "raw" / "news-new.txt").write_text(article(9), encoding="utf-8")  # would add a pin

    child = _killed_build(tmp_path, phase)
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert tree(tmp_path / "out") == before
    assert (tmp_path / "splits.json").read_bytes() == manifest
    assert _beside(tmp_path)  # the dead build's temporary folder is still there ...

    result = build(_config(tmp_path))  # ... and does not trip the next build, which removes it
    assert _beside(tmp_path) == []
    assert result.report["splits"]["new_documents"] == ["news-new"]
    assert validate_dir(tmp_path / "out") == []


def test_a_build_killed_right_after_the_exchange_leaves_the_new_output_complete(tmp_path):
    """The swap is one atomic exchange: killed after it, the target holds the complete new build."""
    make_raw(tmp_path, 4)
    build(_config(tmp_path))
    (tmp_path / "raw" / "news-new.txt").write_text(article(9), encoding="utf-8")
    child = _killed_build(tmp_path, "swap-exchanged")
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert validate_dir(tmp_path / "out") == []
    assert "news-new.txt" in (tmp_path / "out" / "build-audit.jsonl").read_text(encoding="utf-8")
    build(_config(tmp_path))
    assert _beside(tmp_path) == []
