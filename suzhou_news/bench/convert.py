"""``bench --convert t2s``: Traditional test input converted for systems that only know Simplified.

A system whose dictionaries and models are Simplified (``script = "hans"``: jieba, THULAC, LAC), or a
trained system fitted on a Simplified train split, gets each sentence of a Traditional (``hant``) dataset
converted with OpenCC's ``t2s.json``.  The conversion keeps the sentence's length, so its words or spans
on the converted text are mapped back position by position onto the original characters, and it is
scored on the original text against the original gold.

Every entry of OpenCC 1.4's t2s dictionaries (``TSPhrases``, ``TSCharacters``, ``TSCharactersExt`` and the
CJK compatibility normalisation) maps a string to one of the same length, so a converted sentence has the
length of the original.  Should another converter (another OpenCC version, or the pure-Python drop-in)
change a sentence's length, that sentence is converted character by character instead, and a character
whose conversion is not one character is kept as it is: both are counted (``length_fallback_sentences``,
``kept_characters``) in the record that results.json stores with every converted row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

from suzhou_news.builder.ingest.script import Converter
from suzhou_news.errors import SuzhouNewsError, UsageError

from .baselines.base import words_from_pieces

CONVERSIONS = ("t2s",)


def check_conversion(convert: str | None) -> None:
    if convert is not None and convert not in CONVERSIONS:
        raise UsageError(f"--convert {convert!r}: choose one of {', '.join(CONVERSIONS)}")


@dataclass(frozen=True)
class ConversionStats:
    sentences: int = 0
    changed_sentences: int = 0
    changed_characters: int = 0
    length_fallback_sentences: int = 0  # the whole-sentence conversion changed the length
    kept_characters: int = 0  # within those: characters whose own conversion was not one character


def _one_by_one(text: str, converter: Converter) -> tuple[str, int]:
    """``text`` converted character by character; a character whose conversion changes length stays."""
    out, kept = [], 0
    for ch in text:
        try:
            out.append(converter.t2s(ch))
        except SuzhouNewsError:
            out.append(ch)
            kept += 1
    return "".join(out), kept


def t2s_texts(texts: Sequence[str], converter: Converter) -> tuple[list[str], ConversionStats]:
    """Each text converted t2s with its length kept (see the module docstring), and what was done."""
    out: list[str] = []
    changed = chars = fallback = kept = 0
    for text in texts:
        try:
            conv = converter.t2s(text)  # raises when OpenCC changed the length
        except SuzhouNewsError:
            conv, k = _one_by_one(text, converter)
            fallback += 1
            kept += k
        diff = sum(a != b for a, b in zip(text, conv))
        changed += diff > 0
        chars += diff
        out.append(conv)
    return out, ConversionStats(len(texts), changed, chars, fallback, kept)


def map_back(task: str, original: str, prediction):
    """A prediction on the converted text as one on ``original`` (same length, same positions)."""
    if task == "cws":
        return words_from_pieces(original, prediction)  # the same lengths, sliced from the original characters
    return prediction  # spans: offsets into a text of the same length


def system_script(system, fit_script: str | None) -> str | None:
    """The script ``system`` knows: its declared one, or (trained) that of the split it was fitted on."""
    declared = getattr(system, "script", None)
    if declared is not None:
        return declared
    return fit_script if getattr(system, "trained", False) else None


def needs_t2s(convert: str | None, system, dataset_script: str, fit_script: str | None) -> bool:
    """Whether ``--convert t2s`` applies: a Traditional dataset and a system that only knows Simplified."""
    return convert == "t2s" and dataset_script == "hant" and system_script(system, fit_script) == "hans"


@dataclass
class ConvertingPredictor:
    """``predict`` run on t2s-converted texts, its output mapped back onto the originals (timed together)."""

    predict: Callable[[list[str]], list]
    task: str
    converter: Converter
    stats: ConversionStats | None = None  # of the first call (the test split)

    def __call__(self, texts: list[str]) -> list:
        converted, stats = t2s_texts(texts, self.converter)
        self.stats = self.stats or stats
        return [map_back(self.task, t, p) for t, p in zip(texts, self.predict(converted))]

    def record(self) -> dict:
        """What results.json stores with the row (``input``)."""
        backend = self.converter.backend
        return {"conversion": "t2s", "opencc_config": "t2s.json", "backend": backend.package,
                "backend_version": backend.version, "scored_on": "original text",
                **({} if self.stats is None else asdict(self.stats))}
