"""Hugging Face token-classification models as benchmark systems: ``hf.cws.v1`` and ``hf.ner.v1``.

``--system hf --model PATH_OR_ID`` runs a model from a local folder or the Hub
through ``transformers`` (``pip install 'suzhou-news[hf]'``).  Segmentation
models label tokens ``B/M/E/S`` or ``B/I``; NER models ``O`` and ``B-/I-/E-/S-``
plus a type of the fine or MSRA label set (PER, ORG, GPE, LOC, TITLE, EVENT);
``label_map`` renames other labels (``B-NR`` → ``B-PER``, or ``NR`` → ``PER``).

Texts are tokenized with offsets; a sentence longer than the model's window is
cut into windows of ``max_length`` tokens that share ``stride`` tokens, and each
word takes its label from the window where it sits most centrally (see
:mod:`._labels`).  Windows of all texts run in batches of ``batch_size`` on
``device``.  Results record the model id, the requested revision and the
resolved commit (Hub), or the SHA-256 of a local model folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..baselines.base import Segmenter, Tagger, require
from ..baselines.registry import register
from ._labels import check_labels, fill_gaps, map_label, merge_windows, spans_from_units, words_from_units

INSTALL = "suzhou-news[hf]"


@dataclass(frozen=True)
class HfConfig:
    model: str = ""  # local folder or Hub id (required)
    revision: str | None = None  # Hub branch, tag or commit
    label_map: tuple[tuple[str, str], ...] = ()  # (model label or type, our label or type)
    device: str = "cpu"
    batch_size: int = 16  # windows per forward pass
    max_length: int | None = None  # tokens per window, special tokens included; None: the model's limit
    stride: int = 32  # tokens shared by consecutive windows of a long sentence
    trained: bool = False  # fine-tuned on this dataset's train split: scored on the test protocol only


class _HfModel:
    """Loading, windows and inference shared by the segmenter and the tagger."""

    package = "transformers"
    default_config = HfConfig()
    needs = "--model PATH_OR_ID"  # shown by `suzhou-news systems`: it cannot run without a model
    _filler = "O"

    def _setup(self) -> None:
        cfg = self.config
        if not cfg.model:
            raise ValueError(f"{self.name}: no model given; pass --model PATH_OR_ID "
                             f"(or registry.get({self.name!r}, model=...))")
        if cfg.batch_size < 1 or cfg.stride < 0:
            raise ValueError(f"{self.name}: batch_size must be >= 1 and stride >= 0")
        transformers = require("transformers", INSTALL, baseline=self.name)
        self._torch = require("torch", INSTALL, baseline=self.name)
        self._tokenizer = transformers.AutoTokenizer.from_pretrained(cfg.model, revision=cfg.revision)
        if not getattr(self._tokenizer, "is_fast", False):
            raise ValueError(f"{self.name}: {cfg.model} has no fast tokenizer (tokenizer.json), which "
                             "the character alignment needs")
        self._model = transformers.AutoModelForTokenClassification.from_pretrained(
            cfg.model, revision=cfg.revision).to(cfg.device).eval()
        mapping = dict(cfg.label_map)
        id2label = self._model.config.id2label
        self._labels = [map_label(id2label[i], mapping) for i in range(len(id2label))]
        label_set = check_labels(self.task, self._labels, cfg.model)
        if label_set is not None:
            self.label_set = label_set
        self.trained = cfg.trained
        limits = [n for n in (cfg.max_length, getattr(self._model.config, "max_position_embeddings", None),
                              self._tokenizer.model_max_length) if n]
        self._max_length = min(limits)
        room = self._max_length - self._tokenizer.num_special_tokens_to_add()
        if room < 2:
            raise ValueError(f"{self.name}: max_length {self._max_length} leaves no room for text")
        self._stride = min(cfg.stride, room // 2)

    def _fit(self, train: Sequence[Any]) -> None:
        """A fine-tuned model has already learnt; nothing is trained here."""

    def _units(self, texts: Sequence[str]) -> list[list]:
        enc = self._tokenizer(list(texts), truncation=True, max_length=self._max_length, stride=self._stride,
                              return_overflowing_tokens=True, return_offsets_mapping=True)
        n = len(enc["input_ids"])
        keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
        predicted: list[list[str]] = []
        torch = self._torch
        with torch.no_grad():
            for first in range(0, n, self.config.batch_size):
                rows = range(first, min(first + self.config.batch_size, n))
                batch = self._tokenizer.pad({k: [enc[k][i] for i in rows] for k in keys}, return_tensors="pt")
                logits = self._model(**{k: v.to(self.config.device) for k, v in batch.items()}).logits
                for row, ids in zip(rows, logits.argmax(-1).tolist()):
                    predicted.append([self._labels[i] for i in ids[: len(enc["input_ids"][row])]])
        windows: list[list] = [[] for _ in texts]
        for w, sample in enumerate(enc["overflow_to_sample_mapping"]):
            windows[sample].append((enc.word_ids(w), enc["offset_mapping"][w], predicted[w]))
        return [fill_gaps(text, merge_windows(ws), self._filler) for text, ws in zip(texts, windows)]

    def _source(self) -> dict[str, Any]:
        from suzhou_news.builder.dataset.provenance import tree_hash

        cfg = self.config
        folder = Path(cfg.model)
        source: dict[str, Any] = {"kind": "hf", "model": cfg.model, "revision": cfg.revision,
                                  "torch": self._torch.__version__}
        if folder.is_dir():
            source["folder_sha256"] = tree_hash([p for p in folder.rglob("*") if p.is_file()], folder)
        else:
            source["commit"] = getattr(self._model.config, "_commit_hash", None)
        return source

    def describe(self) -> dict[str, Any]:
        info = super().describe()  # type: ignore[misc]
        info["config"]["label_map"] = dict(self.config.label_map)
        info["source"] = self._source()
        return info


@register
class HfSegmenter(_HfModel, Segmenter):
    name = "hf.cws.v1"
    _filler = "S"

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        self._check_call(texts)
        self._words = {t: words_from_units(t, u) for t, u in zip(texts, self._units(texts))}
        try:
            return super().segment(texts)  # the base class checks every word list
        finally:
            del self._words

    def _segment_one(self, text: str) -> Sequence[str]:
        return self._words[text]


@register
class HfTagger(_HfModel, Tagger):
    name = "hf.ner.v1"

    def tag(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        self._check_call(texts)
        self._spans = {t: spans_from_units(u) for t, u in zip(texts, self._units(texts))}
        try:
            return super().tag(texts)  # the base class checks every span
        finally:
            del self._spans

    def _tag_one(self, text: str) -> Sequence[tuple[int, int, str]]:
        return self._spans[text]


def task_of(model: str, revision: str | None = None, label_map: dict[str, str] | None = None) -> str:
    """``cws`` when the model's (mapped) labels are all BMES/BI, else ``ner``; reads only the config."""
    transformers = require("transformers", INSTALL, baseline="hf")
    config = transformers.AutoConfig.from_pretrained(model, revision=revision)
    labels = {map_label(lab, label_map or {}) for lab in config.id2label.values()}
    return "cws" if labels <= set("BMESI") else "ner"
