"""Token-classification labels → characters: label maps, word-piece alignment, window merging.

Nothing here imports ``transformers`` or ``torch``: the functions work on plain
lists (offsets, word ids, label names), so they are tested without a model.

Alignment rule (the convention of Hugging Face token classification with
``label_all_tokens=False``): a *word* is what the tokenizer's pre-tokenizer
cut (for Chinese BERT vocabularies: one Han character, or a run of Latin
letters or digits); the label of a word is the label of its first piece;
the word covers the characters from its first piece's start to its last
piece's end.  Non-whitespace characters that no token covers (the tokenizer
dropped them) become words of their own labelled ``S`` (segmentation) or
``O`` (NER).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from suzhou_news.builder.dataset.tags import BMES, IOBES, Span

from ..baselines.base import LABEL_SETS, BaselineError

CWS_LABELS = frozenset("BMESI")  # BMES, or BI (I continues a word)


class LabelError(BaselineError, ValueError):
    """A model's label cannot be read as BMES/BI or BIO/IOBES of a known type."""


@dataclass(frozen=True)
class Unit:
    """A pre-tokenizer word mapped back to characters: ``text[start:end]`` with one label."""

    start: int
    end: int
    label: str


def map_label(label: str, label_map: Mapping[str, str]) -> str:
    """``label_map`` renames a whole label (``B-NR`` → ``B-PER``) or an entity type (``NR`` → ``PER``).

    A type mapped to ``O`` drops the entity (``TIME`` → ``O`` makes ``B-TIME`` an ``O``).
    """
    if label in label_map:
        return label_map[label]
    prefix, sep, kind = label.partition("-")
    if sep and kind in label_map:
        return "O" if label_map[kind] == "O" else f"{prefix}-{label_map[kind]}"
    return label


def check_labels(task: str, labels: Sequence[str], model: str) -> str | None:
    """Raise :class:`LabelError` for a label the task cannot read; the NER label set to use."""
    if task == "cws":
        bad = [lab for lab in labels if lab not in CWS_LABELS]
        if bad:
            raise LabelError(f"{model}: segmentation labels must be BMES or BI, got {bad[0]!r} "
                             f"(all: {sorted(labels)}); rename them with --label-map OLD=NEW")
        return None
    types = set()
    for lab in labels:
        try:
            prefix, kind = IOBES.split(lab)
        except ValueError:
            raise LabelError(f"{model}: NER label {lab!r} is not O or B-/I-/E-/S- followed by a type; "
                             "rename it with --label-map OLD=NEW") from None
        if prefix != "O":
            types.add(kind)
    for label_set in ("msra", "fine"):
        if types <= set(LABEL_SETS[label_set]):
            return label_set
    unknown = sorted(types - set(LABEL_SETS["fine"]))
    raise LabelError(f"{model}: entity type {unknown[0]!r} is not one of {LABEL_SETS['fine']}; map it with "
                     f"--label-map {unknown[0]}=PER (or =O to drop it)")


def merge_windows(windows: Sequence[tuple[Sequence[int | None], Sequence[tuple[int, int]], Sequence[str]]]
                  ) -> list[Unit]:
    """Units of one text from its overlapping windows.

    Each window is ``(word_ids, offsets, labels)`` per token, as a fast tokenizer
    returns them for one overflowing chunk (word ids and offsets refer to the whole
    text; special tokens have word id ``None``).  A word takes the label that its
    first piece gets in the window where that piece sits farthest from the
    window's edges (ties: the earlier window), so each label comes from the
    window with the most context on both sides.
    """
    span: dict[int, list[int]] = {}
    best: dict[int, tuple[int, int, str]] = {}  # word -> (piece start, -centrality, label)
    for word_ids, offsets, labels in windows:
        content = [i for i, w in enumerate(word_ids) if w is not None and offsets[i][1] > offsets[i][0]]
        for rank, i in enumerate(content):
            w, (start, end) = word_ids[i], offsets[i]
            s = span.setdefault(w, [start, end])
            s[0], s[1] = min(s[0], start), max(s[1], end)
            candidate = (start, -min(rank, len(content) - 1 - rank), labels[i])
            if w not in best or candidate[:2] < best[w][:2]:
                best[w] = candidate
    units = []
    for w, (start, end) in span.items():
        piece_start, _, label = best[w]
        if piece_start != start:  # the word's first piece fell in no window: cannot happen with overlap
            raise LabelError(f"word at characters {start}-{end} has no prediction for its first piece")
        units.append(Unit(start, end, label))
    return sorted(units, key=lambda u: u.start)


def fill_gaps(text: str, units: Sequence[Unit], filler: str) -> list[Unit]:
    """Add a unit labelled ``filler`` for every non-whitespace character no unit covers."""
    covered = [False] * len(text)
    for u in units:
        covered[u.start:u.end] = [True] * (u.end - u.start)
    extra = [Unit(i, i + 1, filler) for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
    return sorted([*units, *extra], key=lambda u: u.start)


def words_from_units(text: str, units: Sequence[Unit]) -> list[str]:
    """BMES/BI decoding (the BMES scheme's, with ``I`` read as ``M``): a word starts at ``B``/``S``, after
    ``E``/``S``, or at the first unit."""
    tags = ["M" if u.label == "I" else u.label for u in units]
    return ["".join("".join(text[u.start:u.end].split()) for u in units[i:j]) for i, j in BMES.decode_words(tags)]


def spans_from_units(units: Sequence[Unit]) -> list[Span]:
    """BIO/IOBES decoding over units (the IOBES scheme's, conlleval's chunk rules), as character spans."""
    return [(units[i].start, units[j - 1].end, kind) for i, j, kind in IOBES.decode([u.label for u in units])]
