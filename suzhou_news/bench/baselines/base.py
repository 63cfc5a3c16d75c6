"""Base classes shared by every baseline.

A baseline is a small class with one method to write:

* a :class:`Segmenter` implements ``_segment_one(text) -> raw words``;
* a :class:`Tagger` implements ``_tag_one(text) -> raw spans``;
* a trained baseline (``trained = True``) also implements ``_fit(train)``.

The base classes do the rest: they check that a trained baseline was fitted,
map the raw output back onto the original text (dropping whitespace,
re-aligning tools that normalise characters) and validate the result, so every
baseline honours the same contract:

* ``segment`` returns, for each text, non-empty words without whitespace whose
  concatenation equals the text with its whitespace removed;
* ``tag`` returns sorted, non-overlapping, half-open character spans into the
  original text that neither start nor end on whitespace and carry a label of
  the baseline's declared label set.

"Whitespace" means ``str.isspace()`` throughout.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import re
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any, ClassVar

from suzhou_news.builder.gold.labels import LABELS, MSRA_LABELS
from suzhou_news.errors import SuzhouNewsError

Span = tuple[int, int, str]  # half-open char offsets into the sentence text, label

TASKS = ("cws", "ner")
LABEL_SETS: Mapping[str, tuple[str, ...]] = {"msra": MSRA_LABELS, "fine": LABELS}  # declared in gold/labels.py

_NON_SPACE = re.compile(r"\S+")


class BaselineError(SuzhouNewsError):
    """Root of every error raised by the baselines package."""


class MissingDependencyError(BaselineError, ImportError):
    """An optional package needed by one baseline is not installed."""


class AlignmentError(BaselineError, ValueError):
    """A tool's output cannot be mapped back onto the input text."""


class NotFittedError(BaselineError, RuntimeError):
    """A trained baseline was used before ``fit``."""


class InvalidOutputError(BaselineError, ValueError):
    """A baseline produced output that breaks the segment/tag contract."""


@dataclasses.dataclass(frozen=True)
class NoConfig:
    """Configuration of a baseline that has no settings."""


def require(module: str, package: str, *, baseline: str) -> ModuleType:
    """Import an optional dependency, or say which package to install."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependencyError(
            f"Baseline {baseline!r} needs the optional package {package!r} "
            f"(module {module!r}), which could not be imported: {exc}. "
            f"Install it with `pip install {package}` "
            f"(or `pip install 'suzhou-news[baselines]'`)."
        ) from exc


def whitespace_runs(text: str) -> list[tuple[int, str]]:
    """The maximal non-whitespace runs of ``text`` as ``(offset, run)``."""
    return [(m.start(), m.group()) for m in _NON_SPACE.finditer(text)]


def align(text: str, pieces: Sequence[str]) -> list[tuple[int, int] | None]:
    """Map a tool's output pieces back onto ``text`` by character alignment.

    Whitespace is ignored on both sides (tools collapse or drop spaces); the
    remaining characters are matched by position, so a tool that normalises
    a character (full-width to half-width, say) still aligns, as long as it
    keeps one character for one character.  Returns, for each piece, the
    ``(start, end)`` of its non-whitespace characters in ``text`` (the span
    may contain whitespace inside, never at its ends), or ``None`` for a
    piece that is only whitespace.  Raises :class:`AlignmentError` when the
    number of non-whitespace characters differs.
    """
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    out: list[tuple[int, int] | None] = []
    k = 0
    for piece in pieces:
        n = sum(1 for ch in piece if not ch.isspace())
        if n == 0:
            out.append(None)
            continue
        if k + n > len(positions):
            raise AlignmentError(
                f"tool output is longer than the text {text!r}: {list(pieces)!r}"
            )
        out.append((positions[k], positions[k + n - 1] + 1))
        k += n
    if k != len(positions):
        raise AlignmentError(
            f"tool output covers {k} of {len(positions)} non-whitespace characters "
            f"of {text!r}: {list(pieces)!r}"
        )
    return out


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past whitespace at either end (``start == end`` if nothing is left)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def words_from_pieces(text: str, pieces: Sequence[str]) -> list[str]:
    """Words of ``text`` (original characters, no whitespace) for tool pieces.

    A piece that contains whitespace inside is split at it.
    """
    words: list[str] = []
    for offsets in align(text, pieces):
        if offsets is not None:
            words.extend(text[offsets[0] : offsets[1]].split())
    return words


def spans_from_tagged(
    text: str, tagged: Sequence[tuple[str, str]], tag_map: Mapping[str, str]
) -> list[Span]:
    """Spans for the tokens whose tag is in ``tag_map`` (one span per token)."""
    offsets = align(text, [word for word, _ in tagged])
    spans: list[Span] = []
    for (_, tag), off in zip(tagged, offsets):
        label = tag_map.get(tag)
        if label is not None and off is not None:
            spans.append((off[0], off[1], label))
    return spans


class Baseline:
    """A benchmark system, built from a frozen configuration dataclass."""

    name: ClassVar[str]  # versioned, e.g. "jieba.default.v1"
    task: ClassVar[str]  # "cws" or "ner"
    trained: ClassVar[bool] = False  # learns from the train split
    package: ClassVar[str | None] = None  # PyPI distribution whose version to record
    label_set: ClassVar[str | None] = None  # NER only: a key of LABEL_SETS
    # The script an off-the-shelf system's models and dictionaries are in ("hans": Simplified only), which
    # ``bench --convert t2s`` reads; None: unknown, or a trained system (it knows its train split's script).
    script: ClassVar[str | None] = None
    default_config: ClassVar[Any] = NoConfig()

    def __init__(self, config: Any = None) -> None:
        if config is None:
            config = self.default_config
        if type(config) is not type(self.default_config):
            raise TypeError(
                f"{self.name}: config must be a {type(self.default_config).__name__}, "
                f"got {type(config).__name__}"
            )
        self.config = config
        self._fitted = not self.trained
        self._setup()

    def _setup(self) -> None:
        """Import optional packages and load models (called by ``__init__``)."""

    def fit(self, train: Sequence[Any]) -> None:
        """Learn from the train split; a no-op for off-the-shelf systems."""
        if self.trained:
            self._fit(train)
            self._fitted = True

    def _fit(self, train: Sequence[Any]) -> None:
        raise NotImplementedError

    def package_version(self) -> str | None:
        if self.package is None:
            return None
        try:
            return importlib.metadata.version(self.package)
        except importlib.metadata.PackageNotFoundError:
            return None

    def describe(self) -> dict[str, Any]:
        """Everything a result file should record about this system."""
        return {
            "name": self.name,
            "task": self.task,
            "trained": self.trained,
            "package": self.package,
            "package_version": self.package_version(),
            "label_set": self.label_set,
            "config": dataclasses.asdict(self.config),
            "config_is_default": self.config == self.default_config,
        }

    def _check_call(self, texts: Sequence[str]) -> None:
        if isinstance(texts, str):
            raise TypeError(f"{self.name}: pass a sequence of texts, not one str")
        if not self._fitted:
            raise NotFittedError(f"{self.name} learns from the train split: call fit() first")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} {self.config!r}>"


class Segmenter(Baseline):
    """Word segmenter: implement ``_segment_one`` (and ``_fit`` if trained)."""

    task = "cws"

    def fit(self, train: Sequence[Sequence[str]]) -> None:
        """``train``: gold token lists of the train split."""
        super().fit(train)

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        self._check_call(texts)
        out = []
        for text in texts:
            words = words_from_pieces(text, self._segment_one(text))
            if "".join(words) != "".join(text.split()):
                raise InvalidOutputError(f"{self.name}: words {words!r} do not spell {text!r}")
            out.append(words)
        return out

    def _segment_one(self, text: str) -> Sequence[str]:
        """Raw words for ``text``; whitespace and normalised characters are fixed up."""
        raise NotImplementedError


class Tagger(Baseline):
    """NER tagger: implement ``_tag_one`` (and ``_fit`` if trained)."""

    task = "ner"
    label_set = "msra"
    _declared: tuple[str, ...] | None = None  # a trained tagger: the labels of the dataset it was fitted on

    def labels(self) -> tuple[str, ...]:
        return self._declared or LABEL_SETS[self.label_set]

    def fit(self, train: Sequence[tuple[str, Sequence[Span]]], labels: Sequence[str] | None = None) -> None:
        """``train``: (sentence text, gold spans) pairs; ``labels``: the entity labels that dataset declares.

        A trained tagger learns and emits those labels (an imported corpus may declare its own, e.g.
        ``PER.NOM``); the default is its ``label_set``.
        """
        if self.trained and labels is not None:
            self._declared = tuple(labels)
        super().fit(train)

    def tag(self, texts: Sequence[str]) -> list[list[Span]]:
        self._check_call(texts)
        return [self._finish(text, self._tag_one(text)) for text in texts]

    def _tag_one(self, text: str) -> Sequence[Span]:
        """Raw spans for ``text``; they are trimmed of whitespace and checked."""
        raise NotImplementedError

    def _finish(self, text: str, raw: Sequence[Span]) -> list[Span]:
        allowed = self.labels()
        spans: list[Span] = []
        for start, end, label in raw:
            if not 0 <= start <= end <= len(text):
                raise InvalidOutputError(f"{self.name}: span {(start, end)} outside {text!r}")
            if label not in allowed:
                raise InvalidOutputError(f"{self.name}: label {label!r} not in {allowed}")
            start, end = trim_span(text, start, end)
            if start < end:
                spans.append((start, end, label))
        spans.sort()
        for prev, cur in zip(spans, spans[1:]):
            if cur[0] < prev[1]:
                raise InvalidOutputError(f"{self.name}: overlapping spans {prev} and {cur}")
        return spans
