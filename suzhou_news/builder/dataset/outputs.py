"""Output folders: never replace what the user gave, one writer at a time.

Every command that writes a folder (``build``, ``import sighan|conll``, ``release``, ``export``; ``bench`` and
``score``, which only add their own files to one) first calls :func:`claim_output`, before anything is touched:

* ``--out`` must not be a symlink or an existing file, and its path must be valid UTF-8;
* it must not be, or contain, an input of the command (the raw folder, the annotations folder, the manifest,
  the corpus files, the dataset a release or export reads), nor lie inside the raw folder (the next build
  would read its own output);
* an existing folder is replaced (or written into) only when it is empty or an earlier output of the same
  command: the folder holds the :data:`MARKER` file the command writes (:func:`write_marker`), or, for folders
  made before the marker existed, the command's own report files (:data:`LEGACY`).

Breaking a rule raises :class:`~suzhou_news.errors.UsageError` naming the path and the way out. Then one lock
per output (and per manifest or registry the command rewrites) is taken with ``filelock``: a second command
writing the same path is refused while the first runs, so two builds never interleave.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.builder.ingest.ids import printable
from suzhou_news.errors import InputError, UsageError

MARKER = ".suzhou-news-output"
# the files an output of each command held before the marker existed (an output of an older version)
LEGACY = {"build": ("build-report.json", "build-audit.jsonl"), "import": ("import-report.json",),
          "release": ("manifest.json", "SHA256SUMS")}


@dataclass(frozen=True)
class Guarded:
    """An input an output must leave alone: it may not be the output or inside it."""

    option: str  # how the user names it, e.g. ``--raw``
    path: Path
    no_output_inside: bool = False  # the raw folder: an output inside it would be read by the next build


def default_inputs() -> tuple[Guarded, ...]:
    """The project's own inputs at their default places (relative to the working directory)."""
    return (Guarded("--raw", defaults.RAW, no_output_inside=True), Guarded("--annotations", defaults.ANNOTATIONS),
            Guarded("--manifest", defaults.MANIFEST))


def marker_text(command: str) -> str:
    return json.dumps({"written_by": "suzhou-news", "command": command}) + "\n"


def write_marker(folder: Path, command: str) -> None:
    (folder / MARKER).write_text(marker_text(command), encoding="utf-8")


def owned_by(folder: Path, command: str) -> bool:
    """True when ``folder`` is an earlier output of ``command`` (its marker, or an older version's files)."""
    marker = folder / MARKER
    if marker.is_file() and not marker.is_symlink():
        with marker.open("rb") as f:
            return f.read(4096) == marker_text(command).encode("utf-8")
    legacy = LEGACY.get(command)
    return bool(legacy) and all((folder / n).is_file() and not (folder / n).is_symlink() for n in legacy)


def _is_empty(folder: Path) -> bool:
    try:
        return next(folder.iterdir(), None) is None
    except OSError:
        return False


def replaceable(folder: Path, command: str) -> bool:
    """What the swap may remove: nothing there, an empty folder, or an earlier output of the same command."""
    if not folder.exists() and not folder.is_symlink():
        return True
    return folder.is_dir() and not folder.is_symlink() and (_is_empty(folder) or owned_by(folder, command))


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def check_output(target: Path, command: str, inputs: Iterable[Guarded] = (), option: str = "--out",
                 whole: bool = True) -> None:
    """Refuse an output path that would destroy input (module docstring); touches nothing. ``whole=False``: the
    command only adds its own named files to the folder (``bench``, ``score``), so any existing folder will do."""
    way = f"pass another folder as {option}"
    if target.is_symlink():
        raise UsageError(f"{target}: is a symlink; {option} must be a real folder (nothing is written through "
                         f"a link): {way}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: is an existing file; {option} names a folder the command creates and "
                         f"replaces: {way} (one that does not exist yet)")
    out = target.resolve()
    try:
        str(out).encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{printable(str(target))}: the path is not valid UTF-8 (Parquet and the reports need UTF-8 names): "
                         f"{way}, named in UTF-8") from None
    for g in inputs:
        given = g.path.resolve()
        if given == out:
            raise UsageError(f"{target}: is the {g.option} input ({g.path}); writing there would destroy it: {way}")
        if _within(given, out):
            raise UsageError(f"{target}: contains the {g.option} input ({g.path}); the command replaces its output "
                             f"folder whole: {way}")
        if g.no_output_inside and _within(out, given):
            raise UsageError(f"{target}: is inside the {g.option} folder ({g.path}); the next build would read its "
                             f"own output: {way}, outside {g.path}")
    if whole and not replaceable(target, command):
        raise UsageError(f"{target}: exists and is not an earlier output of `suzhou-news {command}` (no {MARKER} "
                         f"file in it); the command would replace it: {way}, or move this folder away first")


def _lock(path: Path, what: str, option: str):
    import filelock

    lock_file = path.parent / f".{path.name}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(str(lock_file), timeout=0)
        lock.acquire()
    except filelock.Timeout:
        raise UsageError(f"{path}: another suzhou-news command is writing this {what} (lock {lock_file} is held); "
                         f"wait for it to finish, or pass another {option}") from None
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        raise InputError(f"{path}: cannot write beside it ({exc.strerror or exc}{where}): pass a {option} in a "
                         "folder you can write to") from None
    return lock


@contextlib.contextmanager
def locked(path: Path, what: str, option: str) -> Iterator[None]:
    """Hold the lock of one output file or folder (``.<name>.lock`` beside it); refused when held elsewhere."""
    lock = _lock(path, what, option)
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def claim_output(target: Path, command: str, inputs: Iterable[Guarded] = (), also_lock: Iterable[tuple[Path, str]] = (),
                 option: str = "--out", whole: bool = True) -> Iterator[None]:
    """:func:`check_output`, then the locks of ``target`` and of the files in ``also_lock`` (``(path, option)``:
    a manifest or registry the command rewrites), in a fixed order, for the ``with`` block; re-checked once held."""
    inputs = tuple(inputs)
    check_output(target, command, inputs, option, whole)
    wanted = sorted([(target.resolve(), "output folder", option)] + [(p.resolve(), "file", o) for p, o in also_lock])
    with contextlib.ExitStack() as stack:
        for path, what, opt in wanted:
            stack.enter_context(locked(path, what, opt))
        check_output(target, command, inputs, option, whole)  # another command may have written it meanwhile
        yield
