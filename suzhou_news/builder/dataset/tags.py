"""Tag schemes as classes — IOB2 (BIO), IOBES (BIOES), BMES — with one encoder and one span decoder.

Modelled on seqeval's ``scheme.py``.  A scheme names four roles: the tag that
begins an entity, the one that continues it, the one that ends it and the one
for a one-token entity (IOB2 has no end or single tag).  A typed tag is ``O`` or
``P-TYPE`` (split at the first hyphen, so a type may hold hyphens); segmentation
uses the bare prefixes (``B``, ``M``, ``E``, ``S``: :meth:`Scheme.encode_words`,
:meth:`Scheme.decode_words`).  Every caller — the gold join, the importers,
validation, the metrics, the baselines and the adapters — goes through here.

Decoding walks the tags once.  A tag sequence that is not well formed is read
according to ``on_invalid``:

* ``"repair"`` (lenient, conlleval's reading): a continuation tag that continues
  nothing starts an entity (``i_after_o``); one of another type than the open
  entity ends it and starts a new one (``i_type_change``); in a scheme with an
  end tag, an entity closed by ``O``, a begin/single tag or the end of the
  sentence ends at its last tag (``unterminated_entity``).  On IOB2 and IOBES
  tags these are exactly ``conlleval.pl``'s chunks plus two IOBES rules (a chunk
  always ends after ``E-``/``S-`` and starts at ``B-``/``S-``).  Each repair is
  passed to ``report`` as a :class:`Repair`.
* ``"drop"`` (seqeval's ``mode="strict"``): only well-formed entities are kept;
  an entity opened by a repair, or (with an end tag) not closed by its end tag,
  is left out.
* ``"refuse"`` (strict): the first repair needed raises :class:`TagError`.

A tag outside the scheme (``E-PER`` in IOB2, ``M-PER`` in IOBES) always raises
:class:`TagError`, whatever ``on_invalid`` says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from suzhou_news.errors import InputError

Span = tuple[int, int, str]  # (start, end, type): token offsets, end exclusive
OnInvalid = Literal["repair", "drop", "refuse"]

# Reason code -> what "repair" does (also the importer's documented repairs, see corpora/base.py).
REPAIRS: dict[str, str] = {
    "i_after_o": "an I-/M-/E- tag after O starts a new entity there (conlleval's reading)",
    "i_type_change": "an I-/M-/E- tag of another type than the entity before it starts a new entity",
    "unterminated_entity": "a B- not closed by E- (BIOES/BMES) ends at the last tag of its type",
}


class TagError(InputError, ValueError):
    """A tag outside the scheme, a span that cannot be encoded, or an ill-formed sequence in ``refuse`` mode.

    ``index`` is the tag's position (0-based) when one tag is at fault, ``tag`` that tag."""

    def __init__(self, message: str, tag: str | None = None, index: int | None = None) -> None:
        super().__init__(message)
        self.tag, self.index = tag, index


@dataclass(frozen=True)
class Repair:
    """One repair made while decoding (see the module docstring for the codes)."""

    code: str
    at: int  # index of the tag that shows the problem (the last tag when the sentence ends)
    tag: str | None  # that tag; None when the sentence's end closes the entity
    label: str  # the open entity's type (i_type_change, unterminated_entity) or the tag's own (i_after_o)
    start: int  # first token of the entity ``label`` refers to

    def describe(self, end_prefix: str | None, place: Callable[[int], str] = lambda i: f"tag {i + 1}") -> str:
        """What is wrong, in words; ``place(i)`` names token ``i`` (e.g. its line in a file)."""
        if self.code == "i_after_o":
            return f"{self.tag} does not continue an entity"
        if self.code == "i_type_change":
            return f"{self.tag} follows a {self.label} entity"
        reason = "the sentence ends" if self.tag is None else "an O follows" if self.tag == "O" else f"{self.tag} follows"
        return f"{self.label} entity from {place(self.start)} is not closed by {end_prefix}-{self.label} ({reason})"


class Scheme:
    """A tag scheme: the prefix of each role; subclasses only set the class attributes."""

    name: ClassVar[str]
    begin: ClassVar[str] = "B"
    inside: ClassVar[str] = "I"
    end: ClassVar[str | None] = None
    single: ClassVar[str | None] = None

    @classmethod
    def prefixes(cls) -> tuple[str, ...]:
        return tuple(p for p in (cls.begin, cls.inside, cls.end, cls.single) if p)

    @classmethod
    def split(cls, tag: str, index: int | None = None) -> tuple[str, str]:
        """``"B-PER"`` -> ``("B", "PER")``, ``"O"`` -> ``("O", "")``; TagError for a tag outside the scheme."""
        if tag == "O":
            return "O", ""
        prefix, sep, kind = tag.partition("-") if isinstance(tag, str) else ("", "", "")
        if sep and kind and prefix in cls.prefixes():
            return prefix, kind
        raise TagError(f"malformed tag {tag!r}: expected 'O' or {', '.join(p + '-' for p in cls.prefixes())} "
                       f"followed by a type (the {cls.name} scheme)", tag, index)

    @classmethod
    def _split_bare(cls, tag: str, index: int | None = None) -> tuple[str, str]:
        if isinstance(tag, str) and tag in cls.prefixes():
            return tag, ""
        raise TagError(f"malformed tag {tag!r}: a word tag is one of {', '.join(cls.prefixes())} "
                       f"(the {cls.name} scheme)", tag, index)

    # ------------------------------------------------------------------ encoding

    @classmethod
    def _prefixes_of(cls, length: int) -> list[str]:
        if length == 1 and cls.single:
            return [cls.single]
        if cls.end:
            return [cls.begin, *[cls.inside] * (length - 2), cls.end]
        return [cls.begin, *[cls.inside] * (length - 1)]

    @classmethod
    def encode(cls, n: int, spans: Iterable[Span]) -> list[str]:
        """One tag per token for ``n`` tokens; spans must be labelled, lie in ``[0, n)`` and not overlap."""
        tags = ["O"] * n
        for start, end, label in sorted(spans):
            if not (0 <= start < end <= n) or not label:
                raise TagError(f"span {(start, end, label)!r} is empty, unlabelled or outside the {n} tokens: "
                               "check its offsets")
            if any(t != "O" for t in tags[start:end]):
                raise TagError(f"span {(start, end, label)!r} overlaps another one: entities are flat, "
                               "remove one of them")
            tags[start:end] = [f"{p}-{label}" for p in cls._prefixes_of(end - start)]
        return tags

    @classmethod
    def encode_words(cls, words: Iterable[str]) -> list[str]:
        """Bare tags of a segmentation (BMES: ``S`` for a one-character word, else ``B``, ``M``…, ``E``)."""
        tags: list[str] = []
        for word in words:
            if not word:
                raise TagError("empty word: every word has at least one character")
            tags += cls._prefixes_of(len(word))
        return tags

    # ------------------------------------------------------------------ decoding

    @classmethod
    def decode(cls, tags: Sequence[str], on_invalid: OnInvalid = "repair",
               report: Callable[[Repair], None] | None = None) -> list[Span]:
        """Entities of one sentence as ``(start, end, type)`` token offsets, in order."""
        return cls._walk(tags, cls.split, on_invalid, report)

    @classmethod
    def decode_words(cls, tags: Sequence[str], on_invalid: OnInvalid = "repair") -> list[tuple[int, int]]:
        """Word boundaries ``(start, end)`` from bare tags: a word starts at a begin/single tag, after an
        end/single tag, or (repaired) at a continuation tag that continues nothing."""
        return [(s, e) for s, e, _ in cls._walk(tags, cls._split_bare, on_invalid, None)]

    @classmethod
    def _walk(cls, tags: Sequence[str], split: Callable[[str, int], tuple[str, str]], on_invalid: OnInvalid,
              report: Callable[[Repair], None] | None) -> list[Span]:
        if on_invalid not in ("repair", "drop", "refuse"):
            raise ValueError(f"unknown on_invalid {on_invalid!r}; use 'repair', 'drop' or 'refuse'")
        out: list[Span] = []
        state: list = [None, "", True]  # start of the open entity (None: none), its type, well formed so far

        def repair(code: str, at: int, tag: str | None, label: str, start: int) -> None:
            found = Repair(code, at, tag, label, start)
            if on_invalid == "refuse":
                raise TagError(f"tag {at + 1}: {found.describe(cls.end)} [{code}]; decode with "
                               f"on_invalid='repair' to read it as conlleval does", tag, at)
            if report is not None:
                report(found)

        def emit(end: int, closed_by_end: bool) -> None:
            start, label, ok = state
            if on_invalid != "drop" or (ok and (closed_by_end or cls.end is None)):
                out.append((start, end, label))
            state[0] = None

        def close(at: int, tag: str | None) -> None:  # an O, begin or single tag, or the sentence's end
            if state[0] is not None:
                if cls.end is not None:
                    repair("unterminated_entity", at, tag, state[1], state[0])
                emit(at if tag is not None else len(tags), False)

        for i, tag in enumerate(tags):
            prefix, kind = split(tag, i)
            if prefix == "O":
                close(i, tag)
            elif prefix == cls.begin:
                close(i, tag)
                state[:] = [i, kind, True]
            elif prefix == cls.single:
                close(i, tag)
                state[:] = [i, kind, True]
                emit(i + 1, True)
            else:  # a continuation: inside or end
                if state[0] is None:
                    repair("i_after_o", i, tag, kind, i)
                    state[:] = [i, kind, False]
                elif state[1] != kind:
                    repair("i_type_change", i, tag, state[1], state[0])
                    emit(i, False)
                    state[:] = [i, kind, False]
                if prefix == cls.end:
                    emit(i + 1, True)
        close(len(tags) - 1, None)
        return out


class IOB2(Scheme):
    """BIO: ``B-X`` begins, ``I-X`` continues; no end or single tag."""

    name = "IOB2"


class IOBES(Scheme):
    """BIOES: ``B-X I-X… E-X`` for a multi-token entity, ``S-X`` for a one-token entity."""

    name = "IOBES"
    end, single = "E", "S"


class BMES(Scheme):
    """BMES: IOBES with ``M`` for the inside tag; bare, the usual word-segmentation tags."""

    name = "BMES"
    inside, end, single = "M", "E", "S"


SCHEMES: dict[str, type[Scheme]] = {"bio": IOB2, "bioes": IOBES, "bmes": BMES}  # by their --scheme names


def get_scheme(name: str) -> type[Scheme]:
    """The scheme called ``name`` (``bio``, ``bioes``, ``bmes``); TagError naming the choices otherwise."""
    try:
        return SCHEMES[name]
    except KeyError:
        raise TagError(f"unknown tag scheme {name!r}; use one of {sorted(SCHEMES)}") from None
