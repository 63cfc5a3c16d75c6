"""What every importer shares: the frozen config, source files, findings and the reader registry.

A reader turns one file into :class:`ImportedSentence` records.  Problems in the
input are *findings* with a reason code and a place (``file: line N``).  Each code
has a documented repair (see ``REPAIRS``); with ``on_invalid="refuse"`` the first
finding stops the import instead.  Problems that have no safe repair (an unmapped
label, a token of several characters, bytes that are not text) always stop it.
"""

from __future__ import annotations

import codecs
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from suzhou_news.builder.dataset.tags import REPAIRS as TAG_REPAIRS
from suzhou_news.errors import InputError

SPLITS = ("train", "validation", "test")
OnInvalid = Literal["repair", "refuse"]

# Reason code -> what the importer does when it repairs it (also in README, "Importing corpora").
# The tag repairs are the tag schemes' own (suzhou_news.builder.dataset.tags.REPAIRS).
REPAIRS: dict[str, str] = {
    **TAG_REPAIRS,
    "empty_token": "a line with a tag but no character (or a whitespace character) is dropped",
    "mixed_separators": "a file separating columns by tabs on some lines and spaces on others is read either way",
    "lost_character": "a token of several U+FFFD (one character lost before the file was published; a line holds one "
                      "character) is read as one U+FFFD, keeping its tag",
}
MAX_EXAMPLES = 5
# A corpus line is one sentence: a line longer than this is not (a file without line breaks, a dump), and
# reading it whole would take memory in proportion (README "Importing corpora").
MAX_LINE_CHARS = 1_000_000
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ImportConfig:
    """What to import and how; the same config and files give byte-identical output."""

    format: str
    name: str
    out_dir: Path
    files: tuple[tuple[str, Path], ...]  # (split, path), split in SPLITS; a test file is required
    words: Path | None = None  # SIGHAN word list for OOV (the bakeoff's *_training_words.utf8)
    scheme: str = "bio"  # conll: bio | bioes | bmes
    label_map: str = "identity"  # a name in labelmap.LABEL_MAPS or a JSON file path
    on_invalid: OnInvalid = "repair"
    encoding: str = "utf-8"

    def __post_init__(self) -> None:
        splits = [s for s, _ in self.files]
        if "test" not in splits:
            raise InputError("an imported corpus needs a test file (--test FILE); train and validation are optional")
        for s in splits:
            if s not in SPLITS:
                raise InputError(f"unknown split {s!r}; use one of {SPLITS}")
        if len(set(splits)) != len(splits):
            raise InputError(f"one file per split, got {splits}")
        if self.on_invalid not in ("repair", "refuse"):
            raise InputError(f"on_invalid must be 'repair' or 'refuse', got {self.on_invalid!r}")


@dataclass(frozen=True)
class Source:
    """One input file: its path as given, its sha256 and the split it feeds."""

    path: Path
    sha256: str
    split: str

    @classmethod
    def of(cls, path: Path, split: str) -> Source:
        if not path.is_file():
            raise InputError(f"{path}: no such file (given for the {split} split)")
        with path.open("rb") as fh:
            return cls(path, hashlib.file_digest(fh, "sha256").hexdigest(), split)


@dataclass(frozen=True)
class ImportedSentence:
    """One sentence as read: text without whitespace, words (or characters for NER), entities."""

    source: Source
    line: int  # 1-based line of the sentence's first token in the source file
    tokens: tuple[str, ...]
    entities: tuple[tuple[int, int, str], ...] = ()  # character offsets into text, project labels

    @property
    def text(self) -> str:
        return "".join(self.tokens)


@dataclass
class Findings:
    """Counts of repaired problems per reason code, with the first few places of each (run state)."""

    on_invalid: OnInvalid
    counts: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    tallies: Counter = field(default_factory=Counter)  # facts that are not problems, e.g. dropped labels

    def tally(self, key: str, n: int = 1) -> None:
        self.tallies[key] += n

    def found(self, code: str, where: str, what: str) -> None:
        """Record a repairable problem, or raise when the config says to refuse."""
        if code not in REPAIRS:
            raise KeyError(f"unknown finding code {code!r}")
        if self.on_invalid == "refuse":
            raise InputError(f"{where}: {what} [{code}]; fix the file, or import with --on-invalid repair "
                             f"to {REPAIRS[code]}")
        self.counts[code] += 1
        shown = self.examples.setdefault(code, [])
        if len(shown) < MAX_EXAMPLES:
            shown.append(f"{where}: {what}")

    def to_dict(self) -> dict:
        return {code: {"count": self.counts[code], "repair": REPAIRS[code], "examples": self.examples[code]}
                for code in sorted(self.counts)}


def _codec(encoding: str) -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        codecs.lookup(codec)
    except LookupError:
        raise InputError(f"unknown --encoding {encoding!r}; use a Python codec name such as utf-8, gb18030, big5") from None
    return codec


def _without_bom(codec: str, fh) -> str:
    """UTF-16/32 without a BOM: little-endian, as ``bytes.decode`` reads it (the incremental decoder refuses)."""
    name = codecs.lookup(codec).name
    if name in ("utf-16", "utf-32"):
        head = fh.read(4)
        fh.seek(0)
        if not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) if name == "utf-16" else
                               (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
            return name + "-le"
    return codec


def read_lines(source: Source, encoding: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` with a BOM removed and CRLF line ends undone, read in chunks: memory is
    bounded by the longest line, and a line over :data:`MAX_LINE_CHARS` stops the import (file and line named)."""
    codec = _codec(encoding)
    pending, number, newlines = "", 1, 0  # newlines: in the bytes decoded so far
    with source.path.open("rb") as fh:
        decoder = codecs.getincrementaldecoder(_without_bom(codec, fh))(errors="strict")
        while True:
            chunk = fh.read(CHUNK)
            held = decoder.getstate()[0]  # bytes of a character cut by the previous chunk
            try:
                pending += decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                data = held + chunk
                line = newlines - held.count(b"\n") + data[: exc.start].count(b"\n") + 1
                raise InputError(f"{source.path}: line {line}: bytes {data[exc.start:exc.end + 1]!r} are not {encoding}; "
                                 "pass --encoding (e.g. gb18030 or big5hkscs for the bakeoff's non-UTF-8 files) "
                                 "or convert the file with iconv") from None
            newlines += chunk.count(b"\n")
            *lines, pending = pending.split("\n")
            for line in lines:
                yield number, line.rstrip("\r")
                number += 1
            if len(pending) > MAX_LINE_CHARS:
                raise InputError(f"{source.path}: line {number} is over {MAX_LINE_CHARS} characters (one sentence "
                                 "per line is expected): split it into sentences, or check that this is the corpus file")
            if not chunk:
                yield number, pending.rstrip("\r")
                return


Reader = Callable[[Source, ImportConfig, Findings], list[ImportedSentence]]


@dataclass(frozen=True)
class ReaderInfo:
    name: str
    task: str  # the config it fills: "segmentation" or "ner"
    read: Reader


READERS: dict[str, ReaderInfo] = {}


def reader(name: str, task: str) -> Callable[[Reader], Reader]:
    """Register a reader for ``suzhou-news import NAME``."""

    def register(fn: Reader) -> Reader:
        if name in READERS:
            raise ValueError(f"corpus format {name!r} registered twice")
        READERS[name] = ReaderInfo(name, task, fn)
        return fn

    return register
