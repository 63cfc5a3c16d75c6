"""SIGHAN 2005 bakeoff files: one sentence per line, words separated by whitespace.

The bakeoff's gold and training files separate words by two ASCII spaces (PKU,
MSR) or by the ideographic space U+3000 (AS, CITYU); a file may start with a BOM
and end its lines with CRLF.  Any run of Unicode whitespace separates words,
which is what the official ``score`` script does with ASCII whitespace and
U+3000.  Blank lines are not sentences (the script skips them too).  The text
is kept exactly as written: Traditional-script corpora stay Traditional.
"""

from __future__ import annotations

from .base import Findings, ImportConfig, ImportedSentence, Source, read_lines, reader

SEPARATORS = {" ": "space", "\u3000": "ideographic_space", "\t": "tab"}


def separator_kinds(line: str) -> set[str]:
    """The kinds of whitespace between words on one line (for the report)."""
    return {SEPARATORS.get(ch, "other_whitespace") for ch in line.strip() if ch.isspace()}


@reader("sighan", task="segmentation")
def read_sighan_file(source: Source, config: ImportConfig, findings: Findings) -> list[ImportedSentence]:
    out = []
    for number, line in read_lines(source, config.encoding):
        words = line.split()
        if words:
            out.append(ImportedSentence(source, number, tuple(words)))
            for kind in separator_kinds(line):  # reported, e.g. U+3000 in AS/CITYU, two spaces in PKU/MSR
                findings.tally(f"lines separated by:{source.split}:{kind}")
    return out


def read_word_list(source: Source, encoding: str) -> list[str]:
    """The bakeoff's word list (``*_training_words.utf8``): one word per line, surrounding whitespace removed.

    The ``score`` script reads it the same way; blank lines are not words.
    """
    return [w for _, line in read_lines(source, encoding) if (w := line.strip())]
