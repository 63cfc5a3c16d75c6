"""Prediction files, read strictly against the gold sentences they claim to cover.

Formats (``docs/systems.md``):

* ``jsonl``: one JSON object per line, keyed by sentence id, in any order:
  ``{"id": …, "tokens": [...]}`` (cws), ``{"id": …, "entities": [{"start", "end",
  "label"}, ...]}`` or ``{"id": …, "tags": [...]}`` (ner; half-open character
  offsets into the sentence text; one BIO/IOBES tag per character of the text);
* ``sighan`` (cws): one sentence per line, words separated by spaces, in the
  dataset's sentence order;
* ``conll`` (ner): one token per line, its tag in the last column, a blank line
  after each sentence, in the dataset's sentence order; the tokens spell the
  sentence without its whitespace (what ``suzhou-news tag`` writes).

Every problem stops the read with an :class:`~suzhou_news.errors.InputError` that
names the file and the line or sentence id: a missing, extra or repeated id, a
sentence count that does not match, tokens that do not spell the sentence, an
unknown label, overlapping or out-of-range entities.  Nothing is scored on a
subset.  Entity spans are trimmed of whitespace at their ends, as the systems'
spans are.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.errors import InputError

from .baselines.base import LABEL_SETS, trim_span
from .data import GoldSentence
from .metrics.ner import spans_from_tags

FORMATS = ("jsonl", "sighan", "conll")
Span = tuple[int, int, str]


class PredictionError(InputError):
    """A prediction file does not match the gold sentences it is scored against."""


@dataclass(frozen=True)
class Predictions:
    task: str
    format: str
    path: Path
    sha256: str
    items: tuple  # per gold sentence, in the gold's order: words (cws) or spans (ner)


def detect_format(path: Path, task: str) -> str:
    if path.suffix in (".jsonl", ".json", ".ndjson"):
        return "jsonl"
    head = path.read_text(encoding="utf-8-sig").lstrip()[:1]
    return "jsonl" if head == "{" else "sighan" if task == "cws" else "conll"


def _check_words(words: object, text: str, where: str) -> list[str]:
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise PredictionError(f"{where}: tokens must be a list of strings")
    bad = [w for w in words if not w or any(ch.isspace() for ch in w)]
    if bad:
        raise PredictionError(f"{where}: token {bad[0]!r} is empty or contains whitespace")
    got, want = "".join(words), "".join(text.split())
    if got != want:
        k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
        raise PredictionError(f"{where}: the tokens do not spell the sentence {text!r}: they differ at character "
                              f"{k + 1} (tokens have {got[k:k + 1] or 'nothing'!r}, sentence has "
                              f"{want[k:k + 1] or 'nothing'!r})")
    return words


def _check_spans(spans: list[Span], text: str, labels: tuple[str, ...], label_set: str, where: str) -> list[Span]:
    out = []
    for start, end, label in spans:
        if label not in labels:
            other = "fine" if label_set == "msra" else "msra"
            hint = f"; the file uses the {other} labels: pass --label-set {other}" if label in LABEL_SETS[other] \
                else f"; map it to one of {', '.join(labels)}"
            raise PredictionError(f"{where}: unknown label {label!r} (the {label_set} labels are "
                                  f"{', '.join(labels)}){hint}")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            raise PredictionError(f"{where}: entity {[start, end, label]} is empty or outside the sentence "
                                  f"(0..{len(text)})")
        start, end = trim_span(text, start, end)
        if start < end:
            out.append((start, end, label))
    out.sort()
    for prev, cur in zip(out, out[1:]):
        if cur[0] < prev[1]:
            raise PredictionError(f"{where}: entities {list(prev)} and {list(cur)} overlap")
    return out


def _spans_from_tags(tags: Sequence[str], units: Sequence[tuple[int, int]], where: str) -> list[Span]:
    try:
        chunks = spans_from_tags(list(tags))
    except ValueError as exc:
        raise PredictionError(f"{where}: {exc}") from None
    return [(units[i][0], units[j - 1][1], kind) for i, j, kind in chunks]


def _ner_item(obj: dict, text: str, label_set: str, where: str) -> list[Span]:
    labels = LABEL_SETS[label_set]
    if ("entities" in obj) == ("tags" in obj):
        both = "both" if "tags" in obj else "neither"
        raise PredictionError(f"{where}: give either \"entities\" or \"tags\", not {both}")
    if "tags" in obj:
        tags = obj["tags"]
        if not isinstance(tags, list) or len(tags) != len(text):
            raise PredictionError(f"{where}: \"tags\" must hold one tag per character of the sentence "
                                  f"({len(text)}), got {len(tags) if isinstance(tags, list) else type(tags).__name__}")
        spans = _spans_from_tags(tags, [(i, i + 1) for i in range(len(text))], where)
    else:
        entities = obj["entities"]
        if not isinstance(entities, list) or not all(isinstance(e, dict) and {"start", "end", "label"} <= set(e)
                                                     for e in entities):
            raise PredictionError(f"{where}: \"entities\" must be a list of {{\"start\", \"end\", \"label\"}} objects")
        spans = [(e["start"], e["end"], e["label"]) for e in entities]
    return _check_spans(spans, text, labels, label_set, where)


def _read_jsonl(path: Path, task: str, sentences: Sequence[GoldSentence], label_set: str) -> list:
    index = {s.id: i for i, s in enumerate(sentences)}
    items: list = [None] * len(sentences)
    seen: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PredictionError(f"{where}: not a JSON object ({exc.msg})") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise PredictionError(f"{where}: expected an object with a string \"id\"")
        sid = obj["id"]
        where = f"{where} (id {sid})"
        if sid in seen:
            raise PredictionError(f"{where}: this id was already predicted on line {seen[sid]}; keep one line per id")
        if sid not in index:
            raise PredictionError(f"{where}: no such sentence in the scored split ({len(sentences)} sentences); "
                                  "remove the line, or score the split it belongs to (--protocol)")
        seen[sid] = number
        text = sentences[index[sid]].text
        if task == "cws":
            if "tokens" not in obj:
                raise PredictionError(f"{where}: a segmentation prediction needs \"tokens\"")
            items[index[sid]] = _check_words(obj["tokens"], text, where)
        else:
            items[index[sid]] = _ner_item(obj, text, label_set, where)
    missing = [s.id for s, item in zip(sentences, items) if item is None]
    if missing:
        raise PredictionError(f"{path}: {len(missing)} of {len(sentences)} sentences have no prediction, first "
                              f"{missing[0]} ({', '.join(missing[:5])}{', …' if len(missing) > 5 else ''}); "
                              "nothing was scored: predict every sentence of the split")
    return items


def _check_count(path: Path, found: int, sentences: Sequence[GoldSentence], what: str) -> None:
    if found != len(sentences):
        raise PredictionError(f"{path}: {found} {what} but the scored split has {len(sentences)} sentences; "
                              "the file must hold one per sentence, in the dataset's order")


def _read_sighan(path: Path, sentences: Sequence[GoldSentence]) -> list:
    from .metrics.cws import read_sighan

    lines = read_sighan(path)
    _check_count(path, len(lines), sentences, "lines")
    return [_check_words(words, s.text, f"{path}, line {n} (id {s.id})")
            for n, (words, s) in enumerate(zip(lines, sentences), start=1)]


def _read_conll(path: Path, sentences: Sequence[GoldSentence], label_set: str) -> list:
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").split("\n"), start=1):
        fields = line.split()
        if fields:
            blocks[-1].append((number, fields))
        elif blocks[-1]:
            blocks.append([])
    if not blocks[-1]:
        blocks.pop()
    _check_count(path, len(blocks), sentences, "sentences (blocks separated by a blank line)")
    items = []
    for block, s in zip(blocks, sentences):
        where = f"{path}, lines {block[0][0]}-{block[-1][0]} (id {s.id})"
        short = [n for n, f in block if len(f) < 2]
        if short:
            raise PredictionError(f"{path}, line {short[0]} (id {s.id}): expected 'token tag'")
        _check_words([f[0] for _, f in block], s.text, where)
        positions = [i for i, ch in enumerate(s.text) if not ch.isspace()]
        units, k = [], 0
        for _, f in block:
            units.append((positions[k], positions[k + len(f[0]) - 1] + 1))
            k += len(f[0])
        spans = _spans_from_tags([f[-1] for _, f in block], units, where)
        items.append(_check_spans(spans, s.text, LABEL_SETS[label_set], label_set, where))
    return items


def read_predictions(path: Path, task: str, sentences: Sequence[GoldSentence], *, label_set: str = "msra",
                     fmt: str | None = None) -> Predictions:
    """Predictions for ``sentences`` (in their order), or a :class:`PredictionError` naming the problem."""
    if not path.is_file():
        raise PredictionError(f"{path}: no such file")
    fmt = fmt or detect_format(path, task)
    if fmt not in FORMATS or (task == "cws" and fmt == "conll") or (task == "ner" and fmt == "sighan"):
        raise PredictionError(f"{path}: format {fmt!r} does not hold {task} predictions; use jsonl or "
                              f"{'sighan' if task == 'cws' else 'conll'}")
    if fmt == "jsonl":
        items = _read_jsonl(path, task, sentences, label_set)
    elif fmt == "sighan":
        items = _read_sighan(path, sentences)
    else:
        items = _read_conll(path, sentences, label_set)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Predictions(task, fmt, path, sha, tuple(items))


def write_jsonl(path: Path, sentences: Sequence[GoldSentence], predicted: Sequence, task: str) -> None:
    """A system's output as a JSONL prediction file (``tokens`` or ``entities``), in ``sentences`` order."""
    lines = []
    for s, p in zip(sentences, predicted, strict=True):
        body = {"tokens": list(p)} if task == "cws" else {
            "entities": [{"start": a, "end": b, "label": lab} for a, b, lab in p]}
        lines.append(json.dumps({"id": s.id, **body}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
