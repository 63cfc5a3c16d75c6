"""Provenance helpers: file and tree hashes, code revision, library versions."""

from __future__ import annotations

import hashlib
import subprocess
from importlib import metadata
from pathlib import Path

# the checkout this package was imported from, if it was imported from one (not from a wheel install: a venv
# inside another git repository must not record that repository's commit)
_CHECKOUT = Path(__file__).resolve().parents[3]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def tree_hash(paths: list[Path], root: Path) -> str:
    """One hash over relative paths and contents, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + sha256_file(p).encode() + b"\n")
    return h.hexdigest()


def dataset_hash(dataset: Path) -> str:
    """Content hash of a built dataset or release: its Parquet files."""
    return tree_hash(sorted(dataset.glob("*/*.parquet")), dataset)


def code_revision() -> str:
    """``git rev-parse HEAD`` of the project, ``+dirty`` with uncommitted changes, else ``unknown``."""
    if not ((_CHECKOUT / ".git").exists() and (_CHECKOUT / "pyproject.toml").is_file()):
        return "unknown"
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=_CHECKOUT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=_CHECKOUT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def package_version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None
