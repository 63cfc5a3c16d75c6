"""``suzhou-news score``: a prediction file on the leaderboard, next to the systems of a bench run.

The submission's result row is the one ``bench`` writes for a system (same
metrics, bootstrap CI with the same seed and resamples, same per-sentence
counts), with no speed figures, ``"submission": true`` and the file's SHA-256 as
its source.  With ``--against results.json`` (a ``bench`` output on the same
dataset content), every system there on the same protocol and view is paired
with the submission in a paired bootstrap test, from the per-sentence counts
that row stores.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

from suzhou_news.errors import InputError

from .data import Gold
from .metrics.cws import CwsCounts, METRIC_VERSION as CWS_METRIC
from .metrics.ner import METRIC_VERSION as NER_METRIC
from .metrics.prf import PRF
from .predictions import Predictions
from .runner import BenchConfig, SystemRun, counts_record, paired_tests, resample, score

NAME = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.v\d+$")
COUNT_TYPES = {"cws": CwsCounts, "ner_msra": PRF, "ner_fine": PRF}


@dataclass(frozen=True)
class Submission:
    name: str
    protocol: str = "test"
    trained: bool = False  # learnt from this dataset's train split: only the test protocol is allowed
    label_set: str | None = None  # ner: "msra" or "fine"


def default_name(path: Path) -> str:
    """``submission.<file stem>.v1``, lower-cased, other characters turned into ``-``."""
    stem = re.sub(r"-+", "-", re.sub(r"[^a-z0-9-]", "-", path.stem.lower())).strip("-")
    return f"submission.{stem}.v1" if stem else "submission.v1"


def check_submission(sub: Submission) -> None:
    if not NAME.match(sub.name):
        raise InputError(f"--name {sub.name!r} must be a versioned name like my-model.v1 "
                         "(lower-case a-z, 0-9, '-', parts joined by '.', ending in .vN)")
    if sub.trained and sub.protocol != "test":
        raise InputError("a system trained on the train split can only be scored on --protocol test")


def submission_row(gold: Gold, preds: Predictions, sub: Submission, config: BenchConfig) -> tuple[dict, dict]:
    """The result row of the predictions and their resampled F1 by ``(dataset, trained_on, protocol, view)``."""
    sentences = gold.split(sub.protocol)
    system = SimpleNamespace(task=preds.task, label_set=sub.label_set)
    entry = {
        "system": sub.name, "task": preds.task, "trained": sub.trained,
        "package": None, "package_version": None, "config": None,
        "label_set": sub.label_set if preds.task == "ner" else None,
        "dataset": gold.name, "trained_on": gold.name if sub.trained else None,
        "protocol": sub.protocol, "split": "test" if sub.protocol == "test" else "train+test",
        "sentences": len(sentences),
        "speed": {"rounds": 0, "seconds_median": None, "characters": sum(len(s.text) for s in sentences),
                  "chars_per_second": None},
        "metric": CWS_METRIC if preds.task == "cws" else NER_METRIC,
        "source": {"kind": "predictions", "file": str(preds.path), "format": preds.format, "sha256": preds.sha256},
        "submission": True,
    }
    resampled = {}
    for view, (metrics, res) in score(system, sentences, list(preds.items), gold, config).items():
        entry[view] = metrics
        entry.setdefault("counts", {})[view] = counts_record(res.counts)
        resampled[(gold.name, entry["trained_on"] or "", sub.protocol, view)] = res
    return entry, resampled


def load_against(path: Path, gold: Gold) -> list[dict]:
    """The result rows of a ``bench`` run on the same dataset content, each with its counts."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"--against {path}: cannot read it as results.json ({exc})") from None
    have = doc.get("dataset", {}).get("content_hash")
    if have != gold.content_hash:
        raise InputError(f"--against {path}: scored on dataset content {str(have)[:12]}, not on "
                         f"{gold.content_hash[:12]} (--dataset); pair against a bench run on the same data")
    rows = doc.get("results", [])
    stale = sorted({r["system"] for r in rows if "counts" not in r})
    if stale:
        raise InputError(f"--against {path}: rows of {', '.join(stale)} carry no per-sentence counts (written "
                         "by an older bench); run `suzhou-news bench` again to pair against them")
    return rows


def _run_of(row: dict, gold: Gold, config: BenchConfig) -> SystemRun:
    """A stored result row as a run: its counts resampled with the suite's seed, as bench did."""
    resampled = {(gold.name, row.get("trained_on") or "", row["protocol"], view):
                 resample([COUNT_TYPES[view](*r) for r in rec["rows"]], row[view]["f1"], config)
                 for view, rec in row["counts"].items()}
    return SystemRun((row,), resampled)


def paired_with(name: str, resampled: dict, against: list[dict], gold: Gold, config: BenchConfig) -> list[dict]:
    """A paired bootstrap test of the submission against every row scored on its protocol and view."""
    mine = SystemRun((), resampled)
    out = []
    for row in against:
        if row["system"] == name:
            raise InputError(f"--name {name} is already a system of --against; choose another name")
        out += paired_tests([(name, mine), (row["system"], _run_of(row, gold, config))], config)
    return out
