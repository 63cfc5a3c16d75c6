"""The standard corpora as distributed (``../shared/corpora``): every file imports with the README's command, with
the counts of the files themselves, and the published figures hold.

Runs when the folder is there (``SUZHOU_NEWS_SHARED`` may point elsewhere) and skips, saying why, otherwise.  The
counts the imports are checked against are taken from the files here by simple counting that shares no code with
the importers.  The scorers are checked against the official ones in ``test_real_scorers.py``.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from shared_corpora import CONLL, GOLD, SIGHAN, needs_corpora

from suzhou_news.cli import main

pytestmark = needs_corpora
LOST = "\ufffd"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Every distributed file imported with the README's command: name -> import-report.json."""
    out = tmp_path_factory.mktemp("imported")
    reports = {}
    for name, gold in SIGHAN.items():
        argv = ["import", "sighan", "--test", str(GOLD / gold), "--words", str(GOLD / f"{name}_training_words.utf8"),
                "--name", name, "--out", str(out / name)]
        assert main(argv) == 0, name
    for name, (label_map, files) in CONLL.items():
        argv = ["import", "conll", *[a for split, path in files.items() for a in (f"--{split}", str(path))],
                "--label-map", label_map, "--name", name, "--out", str(out / name)]
        assert main(argv) == 0, name
    for name in [*SIGHAN, *CONLL]:
        reports[name] = json.loads((out / name / "import-report.json").read_text(encoding="utf-8"))
        reports[name]["dir"] = out / name
    return reports


# ------------------------------------------------------------------ counts taken from the files themselves

def sighan_counts(path: Path) -> dict[str, int]:
    """The score script's reading: words split at ASCII whitespace and U+3000; blank lines are not sentences."""
    lines = [re.split(r"[ \t\r\n\f\v\u3000]+", line.strip(" \t\r\n\f\v\u3000"))
             for line in path.read_bytes().decode("utf-8-sig").split("\n") if line.strip(" \t\r\n\f\v\u3000")]
    return {"sentences": len(lines), "words": sum(map(len, lines)), "characters": sum(len("".join(w)) for w in lines)}


def conll_counts(path: Path) -> dict:
    """Sentences, characters and chunks (conlleval's starts: a B-, or an I- not continuing its type) per type."""
    counts: Counter = Counter()
    prev, inside = "O", False
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            prev, inside = "O", False
            continue
        token, tag = line.split()[0], line.split()[-1]
        counts["sentences"] += not inside
        inside = True
        counts["characters"] += 1
        if set(re.sub(r"\d+$", "", token)) == {LOST} and len(re.sub(r"\d+$", "", token)) > 1:
            counts["lost_character"] += 1
        label = tag[2:].replace(".NAM", "")
        if tag.startswith("B-") or (tag.startswith("I-") and prev[2:].replace(".NAM", "") != label):
            counts[f"entity:{label}"] += 1
            if tag.startswith("I-"):
                counts["i_after_o" if prev == "O" else "i_type_change"] += 1
                counts[f"started by I-:{label}"] += 1
        prev = tag
    return counts


def test_every_sighan_file_imports_with_the_files_own_counts(imported):
    for name, gold in SIGHAN.items():
        rep = imported[name]
        (f,) = rep["files"]
        assert {k: f[k] for k in ("sentences", "words", "characters")} == sighan_counts(GOLD / gold), name
        words = GOLD / f"{name}_training_words.utf8"
        assert rep["oov_word_list"]["words"] == sum(1 for w in words.read_text(encoding="utf-8").split("\n")
                                                    if w.strip(" \t\r\n\f\v"))
        assert rep["script"] == ("hant" if name in ("as", "cityu") else "hans") and rep["repaired"] == {}
        lines = (GOLD / gold).read_bytes().decode("utf-8-sig").rstrip("\n").split("\n")
        assert rep["tallies"].get("blank lines:test", 0) == sum(1 for line in lines if not line.strip())


def test_every_conll_file_imports_with_the_files_own_counts_and_repairs(imported):
    for name, (_, files) in CONLL.items():
        rep = imported[name]
        repaired: Counter = Counter()
        for f in rep["files"]:
            expected = conll_counts(Path(f["file"]))
            assert (f["sentences"], f["characters"]) == (expected["sentences"], expected["characters"]), f["file"]
            assert {k: f[k] for k in rep["labels"]} == {k: expected[f"entity:{k}"] for k in rep["labels"]}, f["file"]
            assert f["entities"] == sum(v for k, v in expected.items() if k.startswith("entity:"))
            repaired.update({k: expected[k] for k in ("lost_character", "i_after_o", "i_type_change") if expected[k]})
        assert {code: r["count"] for code, r in rep["repaired"].items()} == dict(repaired), name
    assert imported["weibo"]["repaired"]["lost_character"]["count"] > 0  # the U+FFFD pairs of the distributed files


def test_weibo_as_distributed_is_refused_under_refuse_with_file_and_line(tmp_path, capsys):
    """--on-invalid refuse stops at the first defect of weiboNER_2nd_conll.train, naming the file, line and code."""
    train = CONLL["weibo"][1]["train"]
    first = next(n for n, line in enumerate(train.read_text(encoding="utf-8").split("\n"), start=1)
                 if line.startswith(LOST * 2))
    only_lost = tmp_path / "weibo.train"  # the file up to and including its first U+FFFD pair, tags repaired
    only_lost.write_text("".join(re.sub(r"\tI-", "\tB-", line) + "\n"
                                 for line in train.read_text(encoding="utf-8").split("\n")[:first]), encoding="utf-8")
    argv = ["import", "conll", "--test", str(only_lost), "--label-map", "weibo-keep", "--on-invalid", "refuse",
            "--name", "w", "--out", str(tmp_path / "w")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"weibo.train: line {first}: token '{LOST * 2}0'" in err and "[lost_character]" in err
    assert not (tmp_path / "w").exists()
    assert main(["import", "conll", "--test", str(train), "--label-map", "weibo-keep", "--on-invalid", "refuse",
                 "--name", "w2", "--out", str(tmp_path / "w2")]) == 2
    assert "weiboNER_2nd_conll.train: line " in capsys.readouterr().err and not (tmp_path / "w2").exists()


def test_published_figures_match_the_files_except_the_documented_differences(imported):
    """Every published figure of an imported split matches, except AS's word types and Weibo's I--started entities."""
    differs = {}
    for name, rep in imported.items():
        for row in rep["published"]:
            if row["match"] is False:
                differs[(name, row["split"], row["figure"])] = row["imported"] - row["published"]
    weibo = {split: conll_counts(path) for split, path in CONLL["weibo"][1].items()}
    explained = {("weibo", split, label): n for split, c in weibo.items()
                 for key, n in c.items() if key.startswith("started by I-:") for label in [key.split(":", 1)[1]]}
    assert {k: v for k, v in differs.items() if k[0] == "weibo"} == explained
    assert {k for k in differs if k[0] != "weibo"} == {("as", "train", "word_types")}  # 141,338 in the file
