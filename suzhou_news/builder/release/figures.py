"""Figures in the changelog come from the data: checked, or filled in, never typed and trusted.

:func:`data_figures` counts a built dataset (through ``stats``). A changelog
section may write a figure as a placeholder, ``{entities}``, which ``release``
fills in; every figure written out in words — ``N documents``, ``N train and M
test documents``, ``N sentences``, ``N words``, ``N entities`` — is compared
with the data, and ``release`` refuses a section whose figures disagree, naming
the line, what it says and what the data holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from suzhou_news.builder.checks.stats import collect

PLACEHOLDER = re.compile(r"\{(?P<name>[a-z_]+)\}")
_NUM = r"(?P<n>\d[\d,]*)"
# phrase → the figures it may stand for ("N sentences" is either all sentences or the gold ones)
CLAIMS: tuple[tuple[re.Pattern, tuple[str, ...]], ...] = (
    (re.compile(rf"{_NUM} train and (?P<m>\d[\d,]*) test documents"), ("train_documents", "test_documents")),
    (re.compile(rf"(?<![\d,]){_NUM} (?:documents|articles)\b"), ("documents",)),
    (re.compile(rf"(?<![\d,]){_NUM} sentences\b"), ("sentences", "gold_sentences")),
    (re.compile(rf"(?<![\d,]){_NUM} words\b"), ("words",)),
    (re.compile(rf"(?<![\d,]){_NUM} entities\b"), ("entities",)),
)


def data_figures(dataset: Path) -> dict[str, int]:
    """The figures a changelog or card may quote, counted from a built dataset or release folder."""
    stats = {(s["config"], s["split"]): s for s in collect(dataset)}

    def total(config: str, key: str = "rows") -> int:
        return sum(s[key] for (c, _), s in stats.items() if c == config)

    return {
        "documents": total("documents"),
        "train_documents": stats.get(("documents", "train"), {}).get("rows", 0),
        "test_documents": stats.get(("documents", "test"), {}).get("rows", 0),
        "sentences": total("sentences"),
        "gold_sentences": total("segmentation"),
        "words": total("segmentation", "words") if any(c == "segmentation" for c, _ in stats) else 0,
        "entities": sum(sum(s["entities"].values()) for (c, _), s in stats.items() if c == "ner"),
    }


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def disagreements(section: str, figures: dict[str, int], first_line: int = 1) -> list[str]:
    """``line N: 'phrase' says X, the data holds Y`` for every written figure that is not in the data."""
    found = []
    for k, line in enumerate(section.split("\n"), start=first_line):
        for pattern, names in CLAIMS:
            for m in pattern.finditer(line):
                if len(names) == 2 and "m" in m.groupdict():
                    pairs = [(m["n"], figures[names[0]], names[0]), (m["m"], figures[names[1]], names[1])]
                    for said, held, name in pairs:
                        if _int(said) != held:
                            found.append(f"line {k}: {m.group()!r} says {said} {name.replace('_', ' ')}, "
                                         f"the data holds {held}")
                elif _int(m["n"]) not in {figures[n] for n in names}:
                    held = " or ".join(f"{figures[n]} ({n.replace('_', ' ')})" for n in names)
                    found.append(f"line {k}: {m.group()!r} says {m['n']}, the data holds {held}")
    return found


def fill(section: str, figures: dict[str, int]) -> str:
    """Placeholders ``{name}`` replaced by the data's figures (thousands separated: 6,919)."""
    def value(m: re.Match) -> str:
        return f"{figures[m['name']]:,}" if m["name"] in figures else m.group()

    return PLACEHOLDER.sub(value, section)
