"""SIGHAN 2005 bakeoff files: one sentence per line, words separated by whitespace.

The bakeoff's gold files separate words by ASCII spaces (two in PKU and MSR,
one in CITYU) or by the ideographic space U+3000 (AS); a file may start with a
BOM (CITYU) and end its lines with CRLF (all four test golds).  Any run of
Unicode whitespace separates words, which is what the official ``score`` script
does with ASCII whitespace and U+3000 (the distributed files hold no other
whitespace).  Blank lines are not sentences (the script skips them too); they
are counted (``blank lines:<split>`` in the report's tallies) because the line
numbers of the provenance, and of a system's output, count them.  The text is
kept exactly as written: Traditional-script corpora stay Traditional.
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
    lines = list(read_lines(source, config.encoding))
    if lines and lines[-1][1] == "":
        lines.pop()  # the end of the last line, not a line
    for number, line in lines:
        words = line.split()
        if words:
            out.append(ImportedSentence(source, number, tuple(words)))
            for kind in separator_kinds(line):  # reported, e.g. U+3000 in AS, two spaces in PKU/MSR
                findings.tally(f"lines separated by:{source.split}:{kind}")
        else:  # the distributed AS gold has 3 (CR only), PKU and CITYU one each
            findings.tally(f"blank lines:{source.split}")
    return out


def read_word_list(source: Source, encoding: str) -> list[str]:
    """The bakeoff's word list (``*_training_words.utf8``): one word per line, surrounding whitespace removed.

    The ``score`` script reads it the same way; blank lines are not words.
    """
    return [w for _, line in read_lines(source, encoding) if (w := line.strip())]
