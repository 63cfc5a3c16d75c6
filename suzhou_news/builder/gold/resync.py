"""``annotate --update``: re-sync a document's annotation lines with its current sentences.

The rule is that reviewed work is never dropped. For every line of the file:

1. a line whose words still spell its sentence (whitespace aside) stays where it is;
   a ``stale`` line that spells its sentence again becomes ``reviewed`` again;
2. a reviewed or stale line that does not is **re-aligned**: it moves to the first
   sentence of the document, not already held by reviewed work, whose text its words
   spell (sentence ids shift when a cleaning change adds or removes a sentence);
3. what is left becomes ``stale`` (its words spell the old text), on the free sentence
   it resembles most (difflib ratio >= 0.5; a tie goes to its own id), else at the end
   of the file as an orphan whose sentence is gone (id suffixed ``~stale`` when the id
   now names another sentence), so nothing is lost;
4. ``pre`` and ``excluded`` lines are kept while they fit; a ``pre`` line that no longer
   spells its sentence, or gives way to reviewed work, is dropped and pre-annotated anew.

The result lists what needs a person: every stale line.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from suzhou_news.errors import AnnotationError
from suzhou_news.builder.gold.annotation_format import AnnotatedSentence
from suzhou_news.builder.gold.alignment import align

MIN_SIMILARITY = 0.5
ORPHAN_SUFFIX = "~stale"


@dataclass
class Resync:
    lines: dict[str, AnnotatedSentence] = field(default_factory=dict)  # current sentence id -> its line
    orphans: list[AnnotatedSentence] = field(default_factory=list)  # stale lines with no sentence of their own
    kept: list[str] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id)
    restored: list[str] = field(default_factory=list)  # stale lines that spell their sentence again
    stale: list[tuple[AnnotatedSentence, str | None]] = field(default_factory=list)  # (line, its sentence's text)
    dropped: list[str] = field(default_factory=list)

    def todo(self, order: Sequence[str]) -> list[str]:
        """Sentence ids with no line: they get a fresh pre-annotation."""
        return [sid for sid in order if sid not in self.lines]


def spells(line: AnnotatedSentence | None, text: str) -> bool:
    """Whether a line's words spell ``text`` (whitespace skipped); never for a missing or excluded line."""
    if line is None or line.is_excluded or "".join(line.tokens) != "".join(text.split()):
        return False
    try:
        align(line, text)
    except AnnotationError:
        return False
    return True


def _similarity(line: AnnotatedSentence, text: str) -> float:
    return difflib.SequenceMatcher(None, "".join(line.tokens), "".join(text.split()), autojunk=False).ratio()


def resync(old: Sequence[AnnotatedSentence], rows: Sequence[dict]) -> Resync:
    """Plan the new lines of a file from its ``old`` lines and the document's current sentence ``rows``."""
    texts = {r["id"]: r["text"] for r in rows}
    order = [r["id"] for r in rows]
    out = Resync()
    strong: dict[str, AnnotatedSentence] = {}  # reviewed, stale and excluded lines by current id
    weak: dict[str, AnnotatedSentence] = {}  # pre lines that still fit
    loose: list[AnnotatedSentence] = []  # reviewed or stale lines that do not fit their id
    for line in old:
        sid = line.sentence_id
        fits = sid in texts and (line.is_excluded or spells(line, texts[sid]))
        if line.status in ("reviewed", "stale") and fits:
            strong[sid] = replace(line, status="reviewed")
            (out.restored if line.status == "stale" else out.kept).append(sid)
        elif line.status in ("reviewed", "stale"):
            loose.append(line)
        elif fits:
            (strong if line.is_excluded else weak)[sid] = line
            out.kept.append(sid)
        else:
            out.dropped.append(sid)
    unplaced = []
    used = set(order) | {line.sentence_id for line in old}
    for line in loose:  # 2. re-align where the words still spell a sentence
        target = next((sid for sid in order if sid not in strong and spells(line, texts[sid])), None)
        if target is None:
            unplaced.append(line)
            continue
        strong[target] = replace(line, sentence_id=target, status="reviewed")
        out.moved.append((line.sentence_id, target))
    for line in unplaced:  # 3. stale, on the sentence it resembles most
        free = [sid for sid in order if sid not in strong]
        scored = sorted(((_similarity(line, texts[sid]), sid != line.sentence_id, order.index(sid), sid)
                         for sid in free), key=lambda x: (-x[0], x[1], x[2]))
        if scored and scored[0][0] >= MIN_SIMILARITY:
            target = scored[0][3]
        else:
            orphan_id = line.sentence_id
            if orphan_id in texts:
                orphan_id = next(f"{line.sentence_id}{ORPHAN_SUFFIX}{n or ''}" for n in range(len(used) + 1)
                                 if f"{line.sentence_id}{ORPHAN_SUFFIX}{n or ''}" not in used)
                used.add(orphan_id)
            orphan = replace(line, sentence_id=orphan_id, status="stale")
            out.orphans.append(orphan)
            out.stale.append((orphan, None))
            continue
        strong[target] = replace(line, sentence_id=target, status="stale")
        out.stale.append((strong[target], texts[target]))
    for sid, line in weak.items():  # 4. pre lines give way to reviewed work
        if sid in strong:
            out.kept.remove(sid)
            out.dropped.append(sid)
        else:
            strong[sid] = line
    out.lines = {sid: strong[sid] for sid in order if sid in strong}
    return out
