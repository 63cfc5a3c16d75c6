"""Published statistics of the standard corpora, checked against an import of the same name.

Only exact figures are listed; each names its source.  ``import`` prints, for a
corpus whose ``--name`` is listed here, each figure next to the imported one.
"""

from __future__ import annotations

BAKEOFF_2005 = "SIGHAN 2005 bakeoff instructions, training corpora table (sighan.cs.uchicago.edu/bakeoff2005)"
SCORE_OUTPUT = "TOTAL TRUE WORD COUNT of the bakeoff's score script on the test gold file (Emerson 2005, Table 1)"
LEVOW_2006 = "Levow (2006), The Third International Chinese Language Processing Bakeoff, MSRA NE counts"

# name -> split -> figure -> (value, source)
PUBLISHED: dict[str, dict[str, dict[str, tuple[int, str]]]] = {
    "pku": {"train": {"words": (1_109_947, BAKEOFF_2005), "characters": (1_826_448, BAKEOFF_2005)},
            "test": {"sentences": (1_944, "icwb2-data pku_test_gold.utf8 (lines)"),
                     "words": (104_372, SCORE_OUTPUT)}},
    "msr": {"train": {"words": (2_368_391, BAKEOFF_2005), "characters": (4_050_469, BAKEOFF_2005)},
            "test": {"words": (106_873, SCORE_OUTPUT)}},
    "cityu": {"train": {"words": (1_455_629, BAKEOFF_2005), "characters": (2_403_355, BAKEOFF_2005)}},
    "as": {"train": {"words": (5_449_698, BAKEOFF_2005), "characters": (8_368_050, BAKEOFF_2005)}},
    "msra": {"train": {"sentences": (46_364, "Zhang and Yang (2018), Table 1 (46.4k)"),
                       "PER": (17_615, LEVOW_2006), "LOC": (36_517, LEVOW_2006), "ORG": (20_571, LEVOW_2006)},
             "test": {"sentences": (4_365, "Zhang and Yang (2018), Table 1 (4.4k)"),
                      "PER": (1_973, LEVOW_2006), "LOC": (2_877, LEVOW_2006), "ORG": (1_331, LEVOW_2006)}},
    "peoples-daily": {"train": {"sentences": (20_864, "china-people-daily-ner-corpus (train.txt)")},
                      "validation": {"sentences": (2_318, "china-people-daily-ner-corpus (dev.txt)")},
                      "test": {"sentences": (4_636, "china-people-daily-ner-corpus (test.txt)")}},
    "weibo": {"train": {"sentences": (1_350, "Peng and Dredze (2015), updated split of He and Sun (2017)")},
              "validation": {"sentences": (270, "Peng and Dredze (2015), updated split of He and Sun (2017)")},
              "test": {"sentences": (270, "Peng and Dredze (2015), updated split of He and Sun (2017)")}},
}


def compare(name: str, counts: dict[str, dict[str, int]]) -> list[dict]:
    """One row per published figure of ``name``: published, imported, whether they match, source."""
    rows = []
    for split, figures in PUBLISHED.get(name.lower(), {}).items():
        for figure, (value, source) in figures.items():
            got = counts.get(split, {}).get(figure)
            rows.append({"split": split, "figure": figure, "published": value, "imported": got,
                         "match": got == value, "source": source})
    return rows
