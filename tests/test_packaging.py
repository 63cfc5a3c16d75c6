"""The wheel as users get it: one top-level package with its run-time data, working from an empty folder.

The wheel is built from this checkout without build isolation (nothing downloaded) and installed with
``pip install --target`` into a folder that a fresh process of the running interpreter has first on its
path, so the installed copy, not the checkout, is what runs. CI (``.ci/run``) does the same in a fresh
venv and runs ``suzhou-news run`` there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "--wheel-dir", str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("suzhou_news-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", "--target",
                           str(site), str(wheel)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_wheel_holds_only_suzhou_news_and_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if ".dist-info/" not in n}
    assert tops == {"suzhou_news"}
    for path in ("suzhou_news/schemas/documents.schema.json", "suzhou_news/schemas/results.schema.json",
                 "suzhou_news/corpus/splits.json", "suzhou_news/docs/annotation-guidelines.md"):
        assert path in names
    raw = sorted(p.name for p in (ROOT / "data" / "raw").iterdir())
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("suzhou_news/corpus/raw/")) == raw
    assert not [n for n in names if "/conftest.py" in n or n.rsplit("/", 1)[-1].startswith("test_")]


def test_the_installed_copy_runs_from_an_empty_folder(installed, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    where = _run(installed, empty, "-c", "import suzhou_news; print(suzhou_news.__file__)")
    assert where.stdout.strip() == str(installed / "suzhou_news" / "__init__.py")
    for name in ("builder", "benchmarks"):
        assert _run(installed, empty, "-c", f"import {name}").returncode != 0

    raw = empty / "raw"
    raw.mkdir()
    for page in sorted((ROOT / "data" / "raw").iterdir())[:2]:
        shutil.copyfile(page, raw / page.name)
    built = _run(installed, empty, "-m", "suzhou_news", "build", "--raw", "raw", "--out", "out", "--manifest",
                 "m.json", "--no-annotations", "--workers", "1")
    assert built.returncode == 0, built.stderr
    valid = _run(installed, empty, "-m", "suzhou_news", "validate", "out")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    written = sorted(p.name for p in empty.iterdir() if not p.name.endswith(".lock"))  # filelock's lock files
    assert written == ["m.json", "out", "raw"]
