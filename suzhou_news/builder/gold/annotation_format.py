"""Parse and write the gold annotation files in data/annotations/ (alignment: ``alignment.py``).

One file per document, ``<doc_id>.txt``, UTF-8 with LF line ends.  ``#`` lines
and blank lines are ignored; every other line is one sentence::

    <sentence_id>\\t<status>\\t<body>

``status`` is ``reviewed``, ``pre``, ``stale`` or ``excluded:<reason>``.  A
``stale`` line is reviewed work whose sentence changed since: its words spell the
sentence's *old* text, so it is never aligned and never gold until a person
fixes it (``annotate --update`` writes it; the build counts it like ``pre``).
The body is
words separated by single spaces; ``[w1 w2]/LABEL`` marks an entity made of
whole words (flat, no nesting).  Inside a word ``\\[``, ``\\]`` and ``\\\\``
stand for a literal bracket or backslash.  The body of an excluded line is free
text and is kept as it is.  docs/annotation-guidelines.md says what the words
and labels should be; this module only says whether a line is well formed and
whether its words spell the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from suzhou_news.errors import AnnotationError, AnnotationErrors
from suzhou_news.builder.gold.labels import LABELS

__all__ = ["LABELS", "AnnotatedSentence", "AnnotationFile", "Entity", "ProblemCollector", "format_sentence",
           "parse_line", "read_annotation_file"]

MAX_PROBLEMS = 100  # problems listed in one pass; the count says how many more there are
_HEADER_RE = re.compile(r"#\s*doc:\s*(?P<doc>\S*)")
STATUSES: tuple[str, ...] = ("reviewed", "pre", "stale", "excluded")
_STATUS_RE = re.compile(r"reviewed|pre|stale|excluded:[a-z_]+")
_LABEL_RE = re.compile(r"[^ ]*")
_ESCAPES = {"[": "\\[", "]": "\\]", "\\": "\\\\"}


@dataclass(frozen=True)
class Entity:
    """Words ``[start_token, end_token)`` labelled ``label``.

    ``start_char``/``end_char``/``text`` are offsets into, and the slice of, the
    string the sentence is measured against: the concatenated words (= the
    sentence's non-whitespace characters) for an :class:`AnnotatedSentence`,
    the sentence text itself for an aligned sentence (:mod:`suzhou_news.builder.gold.alignment`).
    """

    start_token: int
    end_token: int
    label: str
    start_char: int
    end_char: int
    text: str


@dataclass(frozen=True)
class AnnotatedSentence:
    """One parsed sentence line; ``tokens``/``entities`` are empty when excluded."""

    sentence_id: str
    status: str  # one of STATUSES
    tokens: tuple[str, ...]
    entities: tuple[Entity, ...]
    exclusion_reason: str | None = None
    excluded_text: str | None = None  # the free-text body of an excluded line
    columns: tuple[int, ...] = field(default=(), compare=False)  # 1-based column of each word in its line

    @property
    def is_excluded(self) -> bool:
        return self.status == "excluded"

    @property
    def status_field(self) -> str:
        """The status as written in the file, e.g. ``excluded:corrupted``."""
        return f"excluded:{self.exclusion_reason}" if self.is_excluded else self.status

    def to_line(self) -> str:
        return format_sentence(self.tokens, self.entities, self.sentence_id, self.status_field,
                               excluded_text=self.excluded_text or "")


@dataclass(frozen=True)
class AnnotationFile:
    path: Path
    doc_id: str
    sentences: tuple[AnnotatedSentence, ...]
    linenos: tuple[int, ...]  # line number of each sentence, same order

    def lineno_of(self, sentence_id: str) -> int:
        for sentence, lineno in zip(self.sentences, self.linenos):
            if sentence.sentence_id == sentence_id:
                return lineno
        raise KeyError(sentence_id)


class ProblemCollector:
    """Collects :class:`AnnotationError` messages over files, so one pass reports them all (up to a limit)."""

    def __init__(self, limit: int | None = None):
        self.limit = MAX_PROBLEMS if limit is None else limit
        self.problems: list[str] = []
        self.total = 0

    def add(self, problem: AnnotationError | str) -> None:
        self.total += 1
        if len(self.problems) < self.limit:
            self.problems.append(str(problem))

    def raise_if_any(self) -> None:
        if self.total == 1:
            raise AnnotationError(self.problems[0])
        if self.total:
            raise AnnotationErrors(self.problems, self.total)


def _fail(path: object, lineno: int, col: int | None, what: str) -> AnnotationError:
    where = f"{path}:{lineno}" + (f":{col}" if col is not None else "")
    return AnnotationError(f"{where}: {what}")


def _parse_body(body: str, *, path: object, lineno: int, col0: int
                ) -> tuple[tuple[str, ...], tuple[Entity, ...], tuple[int, ...]]:
    """Words, entities and word columns of a body; ``col0`` is the 1-based column of body[0]."""
    tokens: list[str] = []
    columns: list[int] = []
    entities: list[Entity] = []
    open_at: tuple[int, int] | None = None  # (first token index, column of "[")
    word: list[str] = []
    nchars = 0
    i, n = 0, len(body)

    def err(at: int, what: str) -> AnnotationError:
        return _fail(path, lineno, col0 + at, what)

    def end_word(at: int) -> None:
        nonlocal nchars
        if not word:
            raise err(at, "empty word: words are separated by exactly one space "
                          "(remove the doubled, leading or trailing space)")
        tokens.append("".join(word))
        nchars += len(word)
        word.clear()

    while i < n:
        ch = body[i]
        if ch == "\\":
            if i + 1 >= n or body[i + 1] not in _ESCAPES:
                raise err(i, "lone backslash: write \\\\ for a backslash, \\[ or \\] for a bracket")
            if not word:
                columns.append(col0 + i)
            word.append(body[i + 1])
            i += 2
            continue
        if ch == " ":
            end_word(i)
            i += 1
            if i >= n:
                raise err(i - 1, "trailing space after the last word: delete it")
            continue
        if ch == "[":
            if word:
                raise err(i, "'[' inside a word: escape a literal bracket as \\[")
            if open_at is not None:
                raise err(i, f"nested '[' (entity opened at column {open_at[1]} is still open): "
                             "entities are flat; close the first one with ]/LABEL")
            open_at = (len(tokens), col0 + i)
            i += 1
            if i >= n or body[i] in " ]":
                raise err(i, "empty entity or space after '[': put one or more words inside the brackets")
            continue
        if ch == "]":
            if open_at is None:
                raise err(i, "unbalanced ']' with no open '[': escape a literal bracket as \\]")
            if not body.startswith("]/", i):
                raise err(i, "']' must be followed by /LABEL (escape a literal bracket as \\])")
            if not word:
                raise err(i, "empty word before ']': remove the space before the bracket")
            end_word(i)
            m = _LABEL_RE.match(body, i + 2)
            label = m.group(0)
            if label not in LABELS:
                raise err(i + 2, f"unknown label {label!r}: use one of {', '.join(LABELS)}")
            first = open_at[0]
            start_char = sum(len(t) for t in tokens[:first])
            entities.append(Entity(first, len(tokens), label, start_char, nchars,
                                   "".join(tokens[first:])))
            open_at = None
            i = m.end()
            if i < n:  # next char is the separating space
                i += 1
                if i >= n:
                    raise err(i - 1, "trailing space after the last word: delete it")
                if body[i] == " ":
                    raise err(i, "empty word: words are separated by exactly one space")
            continue
        if ch.isspace():
            raise err(i, f"whitespace U+{ord(ch):04X} inside the body: words are separated by one "
                         "ASCII space and never contain whitespace; delete it")
        if not word:
            columns.append(col0 + i)
        word.append(ch)
        i += 1
    if open_at is not None:
        raise _fail(path, lineno, open_at[1], "unbalanced '[' never closed: close it with ]/LABEL")
    if word:
        end_word(n)
    if not tokens:
        raise err(0, "no words: a reviewed, pre or stale line needs its segmented sentence")
    return tuple(tokens), tuple(entities), tuple(columns)


def parse_line(line: str, *, path: object = "<string>", lineno: int = 1) -> AnnotatedSentence | None:
    """Parse one line; ``None`` for blank and ``#`` comment lines."""
    line = line.removesuffix("\n")
    if line.endswith("\r"):
        raise _fail(path, lineno, len(line), "CRLF line end: save the file with LF line ends")
    if not line.strip() or line.startswith("#"):
        return None
    parts = line.split("\t", 2)
    if len(parts) < 3:
        raise _fail(path, lineno, len(line) + 1,
                    f"missing tab: expected <sentence_id>TAB<status>TAB<body>, found {len(parts)} field(s)")
    sid, status, body = parts
    if not sid or any(c.isspace() for c in sid):
        raise _fail(path, lineno, 1, f"bad sentence id {sid!r}: it must be non-empty and without spaces")
    if not _STATUS_RE.fullmatch(status):
        raise _fail(path, lineno, len(sid) + 2,
                    f"bad status {status!r}: use reviewed, pre, stale or excluded:<reason> with reason in [a-z_]+")
    if status.startswith("excluded:"):
        return AnnotatedSentence(sid, "excluded", (), (), status.split(":", 1)[1], body)
    tokens, entities, columns = _parse_body(body, path=path, lineno=lineno, col0=len(sid) + len(status) + 3)
    return AnnotatedSentence(sid, status, tokens, entities, columns=columns)


def _read_text(path: Path, problems: ProblemCollector) -> str:
    """The file's text; a symlink is never followed (it could point anywhere), a BOM is named and dropped."""
    if path.is_symlink():
        problems.add(f"{path}: is a symlink; annotation files are read only from the annotations folder itself: "
                     "replace the link with the file")
        return ""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}): save it as UTF-8")
        return ""
    if text.startswith("\ufeff"):
        problems.add(_fail(path, 1, 1, "the file starts with a byte-order mark (BOM, bytes EF BB BF): save it as "
                                       "UTF-8 without BOM"))
        text = text[1:]
    return text


def read_annotation_file(path: Path | str, problems: ProblemCollector | None = None) -> AnnotationFile:
    """Read a whole file, checking every line: malformed lines, duplicate sentence ids, a ``# doc:`` header
    naming another document. All problems are reported at once (:class:`AnnotationErrors`); with a shared
    ``problems`` collector they are added to it instead and the well-formed lines are returned."""
    path = Path(path)
    own = problems is None
    problems = ProblemCollector() if own else problems
    text = _read_text(path, problems)
    sentences: list[AnnotatedSentence] = []
    linenos: list[int] = []
    seen: dict[str, int] = {}
    for lineno, line in enumerate(text.split("\n"), start=1):
        header = _HEADER_RE.match(line)
        if header and header["doc"] != path.stem:
            problems.add(_fail(path, lineno, header.start("doc") + 1, f"header names document {header['doc']!r} "
                               f"but the file is {path.name}: fix the header or rename the file"))
        try:
            sentence = parse_line(line, path=path, lineno=lineno)
        except AnnotationError as exc:
            problems.add(exc)
            seen.setdefault(line.split("\t", 1)[0], lineno)  # a later line with this id is still a duplicate
            continue
        if sentence is None:
            continue
        if sentence.sentence_id in seen:
            problems.add(_fail(path, lineno, 1, f"duplicate sentence id {sentence.sentence_id!r} (first on line "
                                                f"{seen[sentence.sentence_id]}): keep one of the two lines"))
            continue
        seen[sentence.sentence_id] = lineno
        sentences.append(sentence)
        linenos.append(lineno)
    if own:
        problems.raise_if_any()
    return AnnotationFile(path, path.stem, tuple(sentences), tuple(linenos))


def _escape(word: str) -> str:
    return "".join(_ESCAPES.get(c, c) for c in word)


def format_sentence(tokens: Iterable[str], entities: Iterable[Entity | tuple[int, int, str]],
                    sentence_id: str, status: str, *, excluded_text: str = "") -> str:
    """The file line for a sentence (no newline); ``parse_line`` reads it back unchanged."""
    tokens = tuple(tokens)
    spans = sorted((e.start_token, e.end_token, e.label) if isinstance(e, Entity) else tuple(e)
                   for e in entities)
    if not _STATUS_RE.fullmatch(status) or not sentence_id or any(c.isspace() for c in sentence_id):
        raise AnnotationError(f"cannot write sentence {sentence_id!r} with status {status!r}: "
                              "use a non-empty id without spaces and reviewed, pre, stale or excluded:<reason>")
    if status.startswith("excluded:"):
        if "\n" in excluded_text or "\r" in excluded_text:
            raise AnnotationError(f"{sentence_id}: excluded text must be one line: replace line breaks")
        return f"{sentence_id}\t{status}\t{excluded_text}"
    if not tokens:
        raise AnnotationError(f"{sentence_id}: no words to write: give the segmented sentence")
    for word in tokens:
        if not word or any(c.isspace() for c in word):
            raise AnnotationError(f"{sentence_id}: word {word!r} is empty or contains whitespace: "
                                  "words never contain whitespace")
    parts = [_escape(w) for w in tokens]
    last_end = 0
    for start, end, label in spans:
        if label not in LABELS or not 0 <= start < end <= len(tokens) or start < last_end:
            raise AnnotationError(f"{sentence_id}: bad entity ({start}, {end}, {label!r}): entities "
                                  f"cover 1+ whole words, do not overlap, and use one of {', '.join(LABELS)}")
        parts[start] = "[" + parts[start]
        parts[end - 1] = parts[end - 1] + "]/" + label
        last_end = end
    return f"{sentence_id}\t{status}\t{' '.join(parts)}"
