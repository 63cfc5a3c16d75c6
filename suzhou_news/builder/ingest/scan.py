"""Stage 0a — scan: which entries of the raw folder are read, and why the others are not.

Nothing outside the raw folder is ever read. The folder is walked without
following any symbolic link, and every entry that is not a plain file inside
it is *refused* with a reason code (never dropped silently, never a crash):

``symlink_outside``  a symlink whose target lies outside the raw folder (or a symlinked folder);
``symlink_inside``   a symlink to a file or folder inside the raw folder: not followed, because
                     the target is read under its own name (following it would read it twice);
``symlink_broken``   a symlink whose target does not exist, or a symlink loop;
``hidden``           a file or folder whose name starts with ``.`` (editor backups, ``.git``, OS files);
``special_file``     a FIFO, socket or device (reading one could block forever);
``unreadable``       a folder that cannot be listed (permissions).

The raw folder itself may be a symlink (``--raw`` names it on purpose): it is
resolved once and every entry is held to the resolved folder.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.builder.ingest.leftout import LeftOut
from suzhou_news.errors import InputError


def _refused(path: Path, rel: str, reason: str, detail: str) -> tuple[Path, LeftOut]:
    """An entry of the raw folder that is not read: its path, and why (``rel`` relative to the folder, POSIX)."""
    return path, LeftOut(rel, None, reason, detail)


@dataclass(frozen=True)
class RawScan:
    files: tuple[Path, ...]  # plain files inside the folder, sorted
    refused: tuple[tuple[Path, LeftOut], ...]  # sorted by path

    def in_order(self) -> list[tuple[Path, LeftOut | None]]:
        """Every entry by path: a plain file with ``None``, or a refused entry with why it is left out."""
        refused = dict(self.refused)
        return [(path, refused.get(path)) for path in sorted([*self.files, *refused])]


def _symlink(path: Path, rel: str, root: Path) -> tuple[Path, LeftOut]:
    target = Path(os.path.realpath(path))
    if not os.path.exists(path):
        return _refused(path, rel, "symlink_broken", f"symlink to {os.readlink(path)!r} whose target does not exist "
                       "(or a symlink loop); replace it with the file itself")
    if target == root or root in target.parents:
        kind = "folder" if target.is_dir() else "file"
        return _refused(path, rel, "symlink_inside", f"symlink to the {kind} {target.relative_to(root).as_posix()!r} "
                       "inside the raw folder: symlinks are never followed and the target is read under its own name")
    return _refused(path, rel, "symlink_outside", "symlink to a path outside the raw folder: never read; copy the file "
                   "into the raw folder to include it")


def scan_raw_folder(raw_dir: Path) -> RawScan:
    """Walk ``raw_dir`` (recursively, no symlink followed) into plain files and refused entries."""
    if not raw_dir.is_dir():
        raise InputError(f"{raw_dir}: raw folder not found; pass --raw DIR pointing at the article files")
    root = raw_dir.resolve()
    files: list[Path] = []
    refused: list[tuple[Path, LeftOut]] = []
    stack = [raw_dir]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            rel = folder.relative_to(raw_dir).as_posix()
            refused.append(_refused(folder, rel, "unreadable", f"folder cannot be listed ({exc.strerror}); "
                                   "fix its permissions to include its files"))
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = path.relative_to(raw_dir).as_posix()
            if entry.name.startswith("."):
                refused.append(_refused(path, rel, "hidden", "name starts with '.': hidden files and folders are "
                                       "skipped; rename it to include it"))
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                refused.append(_refused(path, rel, "unreadable", f"cannot stat ({exc.strerror})"))
                continue
            if stat.S_ISLNK(mode):
                refused.append(_symlink(path, rel, root))
            elif stat.S_ISDIR(mode):
                stack.append(path)
            elif stat.S_ISREG(mode):
                files.append(path)
            else:
                refused.append(_refused(path, rel, "special_file", "not a regular file (FIFO, socket or device): "
                                       "never opened"))
    return RawScan(tuple(sorted(files)), tuple(sorted(refused, key=lambda r: r[0])))
