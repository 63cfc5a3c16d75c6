"""Character-per-line tagged files (CoNLL style): MSRA, People's Daily and Weibo NER.

Each line is a character, whitespace (a tab or spaces), and its tag; a blank
line ends a sentence.  Extra columns between the first and the last are
ignored.  Tags follow ``--scheme``:

* ``bio``: ``B-X``, ``I-X``, ``O``;
* ``bioes``: ``B-X``, ``I-X``, ``E-X``, ``S-X``, ``O``;
* ``bmes``: ``B-X``, ``M-X``, ``E-X``, ``S-X``, ``O``.

Weibo NER writes each character with its position in its word (``一0``, ``天1``);
a file whose first token is a character followed by digits is read that way, and
the digits are dropped.  A token made only of U+FFFD stands for one character lost
before the file was published (Weibo has ``��0``): it is read as one U+FFFD with
its tag, counted as ``lost_character``.  Labels go through the label map (:mod:`.labelmap`).
"""

from __future__ import annotations

import re

from suzhou_news.errors import InputError

from .base import Findings, ImportConfig, ImportedSentence, Source, read_lines, reader
from .labelmap import load_label_map

SCHEMES = {  # scheme -> (begin, inside, end, single); None where the scheme has no such tag
    "bio": ("B", "I", None, None),
    "bioes": ("B", "I", "E", "S"),
    "bmes": ("B", "M", "E", "S"),
}
_POSITION = re.compile(r"^(\S+?)(\d+)$")  # the shortest token before the digits: a character, or a lost one
LOST = "\ufffd"  # U+FFFD REPLACEMENT CHARACTER


def _columns(line: str) -> tuple[str, str | None, str]:
    """``(token, tag or None, separator kind)`` of a non-blank line."""
    line = line.rstrip()
    if "\t" in line:
        cols = line.split("\t")
        return cols[0], (cols[-1].strip() or None) if len(cols) > 1 else None, "tab"
    token, _, rest = line.partition(" ")
    return token, (rest.split()[-1] if rest.strip() else None), "space"


class _Decoder:
    """Spans of one sentence from its tags, with the documented repairs."""

    def __init__(self, scheme: str, findings: Findings) -> None:
        if scheme not in SCHEMES:
            raise InputError(f"unknown --scheme {scheme!r}; use one of {sorted(SCHEMES)}")
        self.scheme, (self.begin, self.inside, self.end, self.single) = scheme, SCHEMES[scheme]
        self.findings = findings

    def spans(self, tags: list[tuple[str, str]]) -> list[tuple[int, int, str, str]]:
        """``tags``: ``(tag, where)`` per character -> ``(start, end, raw label, where)``."""
        out: list[tuple[int, int, str, str]] = []
        open_: tuple[int, str, str] | None = None  # (start, label, where)
        closes = self.end is not None  # BIOES/BMES entities must be closed by E-

        def close(at: int, where: str, reason: str | None) -> None:
            nonlocal open_
            if open_ is not None:
                if reason and closes:
                    self.findings.found("unterminated_entity", where,
                                        f"{open_[1]} entity from {open_[2].rsplit(': ', 1)[-1]} is not closed by E-{open_[1]} ({reason})")
                out.append((open_[0], at, open_[1], open_[2]))
                open_ = None

        for i, (tag, where) in enumerate(tags):
            if tag == "O":
                close(i, where, "an O follows")
                continue
            prefix, sep, label = tag.partition("-")
            if not sep or not label or prefix not in (self.begin, self.inside, self.end, self.single):
                raise InputError(f"{where}: tag {tag!r} is not in the {self.scheme.upper()} scheme "
                                 f"(O or {'/'.join(p for p in (self.begin, self.inside, self.end, self.single) if p)}"
                                 f"-TYPE); pass the right --scheme")
            if prefix == self.begin:
                close(i, where, f"{tag} follows")
                open_ = (i, label, where)
            elif prefix == self.single:
                close(i, where, f"{tag} follows")
                out.append((i, i + 1, label, where))
            else:  # a continuation: I-/M- or E-
                if open_ is None:
                    self.findings.found("i_after_o", where, f"{tag} does not continue an entity")
                    open_ = (i, label, where)
                elif open_[1] != label:
                    self.findings.found("i_type_change", where, f"{tag} follows a {open_[1]} entity")
                    out.append((open_[0], i, open_[1], open_[2]))
                    open_ = (i, label, where)
                if prefix == self.end:
                    out.append((open_[0], i + 1, open_[1], open_[2]))
                    open_ = None
        close(len(tags), tags[-1][1] if tags else "", "the sentence ends")
        return out


@reader("conll", task="ner")
def read_conll_file(source: Source, config: ImportConfig, findings: Findings) -> list[ImportedSentence]:
    mapping = load_label_map(config.label_map).mapping
    decoder = _Decoder(config.scheme, findings)
    out: list[ImportedSentence] = []
    chars: list[str] = []
    tags: list[tuple[str, str]] = []
    first_line = 0
    positions: bool | None = None  # Weibo's character+position tokens, decided on the first token
    separator: str | None = None

    def flush() -> None:
        if not chars:
            return
        entities = []
        for start, end, raw, where in decoder.spans(tags):
            if raw not in mapping:
                raise InputError(f"{where}: label {raw!r} is not in the label map {config.label_map!r} "
                                 f"(it maps {sorted(mapping)}); pass --label-map with a map that names it, "
                                 "or a JSON file mapping it to a label or to null")
            findings.tally(f"entities:{raw}")
            if mapping[raw] is None:
                findings.tally(f"dropped:{raw}")
            else:
                entities.append((start, end, mapping[raw]))
        out.append(ImportedSentence(source, first_line, tuple(chars), tuple(entities)))
        chars.clear()
        tags.clear()

    for number, line in read_lines(source, config.encoding):
        if not line.strip():
            flush()
            continue
        where = f"{source.path}: line {number}"
        token, tag, kind = _columns(line)
        if separator is None:
            separator = kind
        elif kind != separator:
            findings.found("mixed_separators", where, f"columns separated by a {kind} here but by a "
                                                      f"{separator} earlier in the file")
            separator = kind
        if tag is None:
            raise InputError(f"{where}: no tag column in {line!r}; each line is a character, whitespace "
                             "and its tag")
        raw = token
        if positions is None:
            positions = bool(_POSITION.match(token))
        if positions:
            m = _POSITION.match(token)
            if not token.strip():
                token = ""
            elif not m:
                raise InputError(f"{where}: token {token!r} has no position suffix, but the file's first token "
                                 "does (Weibo's character+position format); fix the line")
            else:
                token = m.group(1)
        if not token or token.isspace():
            findings.found("empty_token", where, f"tag {tag!r} has no character (token {token!r})")
            continue
        if len(token) > 1 and set(token) == {LOST}:
            findings.found("lost_character", where, f"token {raw!r} has {len(token)} U+FFFD standing for one "
                                                    "lost character")
            token = LOST
        if len(token) != 1:
            raise InputError(f"{where}: token {token!r} has {len(token)} characters; this format has one "
                             "character per line (split it, or convert the file)")
        if not chars:
            first_line = number
        chars.append(token)
        tags.append((tag, where))
    flush()
    return out
