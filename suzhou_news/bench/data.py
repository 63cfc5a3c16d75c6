"""The gold the suite scores against, read from a built dataset, a release or an imported corpus."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from suzhou_news.errors import InputError
from suzhou_news.builder.gold.export import read_config
from suzhou_news.builder.gold.labels import IMPORT_REPORT
from suzhou_news.builder.gold.labels import LABELS, declared_labels, msra_view
from suzhou_news.builder.dataset.provenance import dataset_hash

OOV_WORDS = "oov-words.txt"
TASK_CONFIGS = {"cws": "segmentation", "ner": "ner"}


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    tokens: tuple[str, ...]  # gold words (for an imported NER corpus: its characters)
    entities: tuple[tuple[int, int, str], ...]  # half-open offsets into text, the dataset's declared labels

    @property
    def msra_entities(self) -> tuple[tuple[int, int, str], ...]:
        """PER/LOC/ORG (GPE -> LOC); labels without an MSRA type (TITLE, EVENT, a corpus's PER.NOM …) dropped."""
        return tuple(msra_view(self.entities))


@dataclass(frozen=True)
class Gold:
    train: tuple[GoldSentence, ...]
    test: tuple[GoldSentence, ...]
    version: str | None
    content_hash: str
    path: Path
    name: str = "suzhou-news"
    tasks: tuple[str, ...] = ("cws", "ner")  # what the gold supports
    validation: tuple[GoldSentence, ...] = ()
    oov_words: frozenset[str] | None = None  # a supplied word list; None: the train split's vocabulary
    imported: bool = False
    labels: tuple[str, ...] = LABELS  # the entity labels the dataset declares (import-report.json for a corpus)
    script: str = "hans"  # hans or hant: a built dataset's text is Simplified; a corpus's is detected on import

    @property
    def own_labels(self) -> bool:
        """An imported corpus that declares a label set of its own (e.g. Weibo with nominal mentions kept)."""
        return self.labels != LABELS

    def split(self, protocol: str) -> tuple[GoldSentence, ...]:
        """``test``: the test split; ``all``: every gold sentence (train first, then test)."""
        return self.test if protocol == "test" else self.train + self.test

    @property
    def protocols(self) -> tuple[str, ...]:
        """``all`` only for a built suzhou-news dataset: a standard corpus's train split is not extra test data."""
        return ("test",) if self.imported else ("test", "all")

    @property
    def train_vocabulary(self) -> frozenset[str]:
        return frozenset(t for s in self.train for t in s.tokens)

    @property
    def oov_vocabulary(self) -> frozenset[str] | None:
        """The word list OOV figures use: the supplied list, else the train split's words, else none."""
        if self.oov_words is not None:
            return self.oov_words
        return self.train_vocabulary if self.train else None

    @property
    def oov_word_list(self) -> str:
        if self.oov_words is not None:
            return f"{OOV_WORDS} ({len(self.oov_words)} words, from the corpus's word list)"
        return "train split vocabulary" if self.train else "none (no train split, no word list)"

    def describe(self) -> dict:
        return {"name": self.name, "version": self.version, "content_hash": self.content_hash,
                "train_sentences": len(self.train), "validation_sentences": len(self.validation),
                "test_sentences": len(self.test), "tasks": list(self.tasks), "imported": self.imported,
                "oov_word_list": self.oov_word_list, "script": self.script, **({"labels": list(self.labels)} if self.own_labels else {})}


def _rows(dataset: Path, config: str) -> dict[str, list[dict]]:
    return read_config(dataset, config) if (dataset / config).is_dir() else {}


def load_gold(dataset: Path) -> Gold:
    tasks = tuple(t for t, c in TASK_CONFIGS.items() if (dataset / c).is_dir())
    report_path = dataset / IMPORT_REPORT
    imported = report_path.exists()
    if not tasks or (not imported and len(tasks) < 2):
        raise InputError(f"{dataset}: no segmentation/ner configs; build with the annotations "
                         "(`suzhou-news build`) or import a corpus (`suzhou-news import sighan --help`) before benchmarking")
    seg, ner = _rows(dataset, "segmentation"), _rows(dataset, "ner")
    splits = {}
    for split in ("train", "validation", "test"):
        ents = {r["id"]: tuple((e["start"], e["end"], e["label"]) for e in r["entities"]) for r in ner.get(split, [])}
        base = seg.get(split) if seg else ner.get(split, [])
        splits[split] = tuple(GoldSentence(r["id"], r["text"], tuple(r["tokens"]), ents.get(r["id"], ()))
                              for r in base or [])
    if not splits["test"]:
        raise InputError(f"{dataset}: the test split has no gold sentences")
    manifest = dataset / "manifest.json"
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.exists() else None
    report = json.loads(report_path.read_text(encoding="utf-8")) if imported else {}
    name = report.get("name", "suzhou-news")
    words_path = dataset / OOV_WORDS
    words = frozenset(w for w in words_path.read_text(encoding="utf-8").split("\n") if w) if words_path.exists() else None
    return Gold(splits["train"], splits["test"], version, dataset_hash(dataset), dataset, name=name, tasks=tasks,
                validation=splits["validation"], oov_words=words, imported=imported,
                labels=declared_labels(dataset), script=report.get("script", "hans"))


def train_data(task: str, sentences) -> list:
    """What a trained system's ``fit`` takes: words per sentence (cws) or ``(text, entities)`` (ner)."""
    return [list(s.tokens) for s in sentences] if task == "cws" else [(s.text, list(s.entities)) for s in sentences]


def fit_system(system, gold: Gold | None) -> None:
    """Fit a trained ``system`` on ``gold``'s train split (a NER tagger learns its declared labels); else ``fit([])``."""
    if not system.trained:
        system.fit([])
    elif system.task == "ner":
        system.fit(train_data("ner", gold.train), labels=gold.labels)
    else:
        system.fit(train_data("cws", gold.train))
