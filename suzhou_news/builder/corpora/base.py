"""What every importer shares: the frozen config, source files, findings and the reader registry.

A reader turns one file into :class:`ImportedSentence` records.  Problems in the
input are *findings* with a reason code and a place (``file: line N``).  Each code
has a documented repair (see ``REPAIRS``); with ``on_invalid="refuse"`` the first
finding stops the import instead.  Problems that have no safe repair (an unmapped
label, a token of several characters, bytes that are not text) always stop it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from suzhou_news.errors import InputError

SPLITS = ("train", "validation", "test")
OnInvalid = Literal["repair", "refuse"]

# Reason code -> what the importer does when it repairs it (also in README, "Importing corpora").
REPAIRS: dict[str, str] = {
    "i_after_o": "an I-/M-/E- tag after O starts a new entity there (conlleval's reading)",
    "i_type_change": "an I-/M-/E- tag of another type than the entity before it starts a new entity",
    "unterminated_entity": "a B- not closed by E- (BIOES/BMES) ends at the last tag of its type",
    "empty_token": "a line with a tag but no character (or a whitespace character) is dropped",
    "mixed_separators": "a file separating columns by tabs on some lines and spaces on others is read either way",
    "lost_character": "a token of several U+FFFD (one character lost before the file was published; a line holds one "
                      "character) is read as one U+FFFD, keeping its tag",
}
MAX_EXAMPLES = 5


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
        return cls(path, hashlib.sha256(path.read_bytes()).hexdigest(), split)


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


def read_lines(source: Source, encoding: str) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` with a BOM removed and CRLF/CR line ends undone."""
    data = source.path.read_bytes()
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{source.path}: line {line}: bytes {data[exc.start:exc.end + 1]!r} are not {encoding}; "
                         "pass --encoding (e.g. gb18030 or big5hkscs for the bakeoff's non-UTF-8 files) "
                         "or convert the file with iconv") from None
    except LookupError:
        raise InputError(f"unknown --encoding {encoding!r}; use a Python codec name such as utf-8, gb18030, big5") from None
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, line.rstrip("\r")


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
