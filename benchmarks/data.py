"""The gold the suite scores against, read from a built dataset (or a release)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from builder.errors import InputError
from builder.gold.export import read_config
from builder.gold.labels import MSRA_MAP
from builder.dataset.provenance import dataset_hash


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    tokens: tuple[str, ...]
    entities: tuple[tuple[int, int, str], ...]  # half-open offsets into text, fine labels

    @property
    def msra_entities(self) -> tuple[tuple[int, int, str], ...]:
        return tuple((s, e, MSRA_MAP[lab]) for s, e, lab in self.entities if MSRA_MAP[lab])


@dataclass(frozen=True)
class Gold:
    train: tuple[GoldSentence, ...]
    test: tuple[GoldSentence, ...]
    version: str | None
    content_hash: str
    path: Path

    def split(self, protocol: str) -> tuple[GoldSentence, ...]:
        """``test``: the test split; ``all``: every gold sentence (train first, then test)."""
        return self.test if protocol == "test" else self.train + self.test

    @property
    def train_vocabulary(self) -> frozenset[str]:
        return frozenset(t for s in self.train for t in s.tokens)


def load_gold(dataset: Path) -> Gold:
    if not (dataset / "segmentation").is_dir() or not (dataset / "ner").is_dir():
        raise InputError(f"{dataset}: no segmentation/ner configs; build with the annotations "
                         "(`suzhou-news build`) before benchmarking")
    seg = read_config(dataset, "segmentation")
    ner = read_config(dataset, "ner")
    splits = {}
    for split in ("train", "test"):
        ents = {r["id"]: tuple((e["start"], e["end"], e["label"]) for e in r["entities"]) for r in ner.get(split, [])}
        splits[split] = tuple(GoldSentence(r["id"], r["text"], tuple(r["tokens"]), ents.get(r["id"], ()))
                              for r in seg.get(split, []))
    if not splits["test"]:
        raise InputError(f"{dataset}: the test split has no gold sentences")
    manifest = dataset / "manifest.json"
    version = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.exists() else None
    return Gold(splits["train"], splits["test"], version, dataset_hash(dataset), dataset)
