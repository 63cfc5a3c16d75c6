"""Published statistics of the standard corpora, checked against an import of the same name.

Only exact figures are listed, each with the source it was read from (nothing
from memory); every one was compared with the distributed files in
``../shared/corpora`` where those hold the split (see the README, "Published
statistics").  ``import`` prints, for a corpus whose ``--name`` is listed here,
each figure next to the imported one.  ``word_types`` of ``train`` is compared
with the ``--words`` list, the bakeoff's list of the training corpus's words.
"""

from __future__ import annotations

BAKEOFF_2005 = ("SIGHAN 2005 bakeoff, Detailed Instructions, corpus table "
                "(sighan.cs.uchicago.edu/bakeoff2005/data/instructions.php.htm)")
SCORE_OUTPUT = "TOTAL TRUE WORD COUNT of the bakeoff's score script on the distributed test gold (icwb2-data)"
GOLD_LINES = "non-blank lines of the distributed test gold (icwb2-data)"
_README = "readme of OYE93/Chinese-NLP-Corpus @ 934e50b, NER/{}/readme.md (the distribution of these files)"
MSRA_README, PD_README, WEIBO_README = (_README.format(c) for c in ("MSRA", "People's Daily", "Weibo"))
WEIBO_B_TAGS = WEIBO_README + "; it counts B- tags, so the I- tags that start an entity (i_after_o) are not in it"


def _sighan(train_words: int, train_chars: int, word_types: int, test_words: int, test_lines: int) -> dict:
    return {"train": {"words": (train_words, BAKEOFF_2005), "characters": (train_chars, BAKEOFF_2005),
                      "word_types": (word_types, BAKEOFF_2005)},
            "test": {"sentences": (test_lines, GOLD_LINES), "words": (test_words, SCORE_OUTPUT)}}


def _readme(source: str, **splits: tuple[int, ...]) -> dict:
    """``split=(sentences, characters, LOC, ORG, PER)`` as the readme's tables give them."""
    figures = ("sentences", "characters", "LOC", "ORG", "PER")
    return {split: {f: (v, source) for f, v in zip(figures, values)} for split, values in splits.items()}


def _weibo(split: str, sentences: int, characters: int, per: int, per_nom: int, loc: int, loc_nom: int, gpe: int,
           org: int, org_nom: int) -> dict:
    tags = WEIBO_B_TAGS
    return {split: {"sentences": (sentences, WEIBO_README), "characters": (characters, WEIBO_README),
                    "PER": (per, tags), "PER.NOM": (per_nom, tags), "LOC": (loc, tags), "LOC.NOM": (loc_nom, tags),
                    "GPE": (gpe, tags), "ORG": (org, tags), "ORG.NOM": (org_nom, tags)}}


# name -> split -> figure -> (value, source)
PUBLISHED: dict[str, dict[str, dict[str, tuple[int, str]]]] = {
    "pku": _sighan(1_109_947, 1_826_448, 55_303, 104_372, 1_944),
    "msr": _sighan(2_368_391, 4_050_469, 88_119, 106_873, 3_985),
    "cityu": _sighan(1_455_629, 2_403_355, 69_085, 40_936, 1_492),
    "as": _sighan(5_449_698, 8_368_050, 141_340, 122_610, 14_429),
    "msra": _readme(MSRA_README, train=(45_000, 2_171_573, 36_860, 20_584, 17_615),
                    test=(3_442, 172_601, 2_886, 1_331, 1_973)),
    "peoples-daily": _readme(PD_README, train=(20_864, 979_180, 16_571, 9_277, 8_144),
                             validation=(2_318, 109_870, 1_951, 984, 884),
                             test=(4_636, 219_197, 3_658, 2_185, 1_864)),
    "weibo": {**_weibo("train", 1_350, 73_778, 574, 766, 56, 51, 205, 183, 42),
              **_weibo("validation", 270, 14_509, 90, 208, 6, 6, 26, 47, 5),
              **_weibo("test", 270, 14_842, 111, 170, 19, 9, 47, 39, 17)},
}
PUBLISHED["weibo-all"] = PUBLISHED["weibo"]  # the README's name for the import with --label-map weibo-keep


def compare(name: str, counts: dict[str, dict[str, int]]) -> list[dict]:
    """One row per published figure of ``name``: published, imported, whether they match, source.

    ``match`` is ``None`` when the import has no such figure (a split or label it did not import).
    """
    rows = []
    for split, figures in PUBLISHED.get(name.lower(), {}).items():
        for figure, (value, source) in figures.items():
            got = counts.get(split, {}).get(figure)
            rows.append({"split": split, "figure": figure, "published": value, "imported": got,
                         "match": None if got is None else got == value, "source": source})
    return rows
