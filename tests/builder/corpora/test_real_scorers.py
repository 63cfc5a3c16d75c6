"""``score-cws``, ``score-ner`` and ``bench`` against the official scorers on real system output, over the
distributed corpora (``../shared/corpora``; skipped, saying why, when absent or without perl).

Segmentation: ``jieba.default.v1`` on the PKU test input (all 1,944 lines), on lines 1-600 of the MSR test input and
on lines 6001-7000 of the AS test input (subsets: the bakeoff's ``score`` forks one GNU diff per line, about 13 ms a
line on this machine; the two subsets hold a quote the MSR gold moved to the line before, the U+3000 separators of AS
and a character that differs between the AS gold and its input).  NER: ``jieba.posseg.ner.v1`` on the first 1,500
of the 3,442 MSRA test sentences (a subset, to keep the module near two minutes), scored by ``conlleval.pl``.  Every figure the perl scripts print is compared with ours to the printed
digit, and the word and phrase counts exactly.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from shared_corpora import CONLL, GOLD, INPUT, SCORERS, needs_corpora, needs_perl

from suzhou_news.bench.runner import BenchConfig, run_datasets
from suzhou_news.bench.suite import load_golds, ready_system
from suzhou_news.cli import main

pytestmark = needs_corpora
CWS_CASES = {  # name -> (gold file, test input file, first line, last line or None for all)
    "pku": ("pku_test_gold.utf8", "pku_test.utf8", 1, None),
    "msr": ("msr_test_gold.utf8", "msr_test.utf8", 1, 600),
    "as": ("as_testing_gold.utf8", "as_test.utf8", 6001, 7000),
}
MSRA_SENTENCES = 1_500


def _lines(path: Path, first: int, last: int | None) -> list[bytes]:
    lines = path.read_bytes().split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines[first - 1:last]


def _run_cli(argv: list[str]) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(argv) == 0, argv
    return out.getvalue()


def _perl(args: list[str], stdin: Path | None = None) -> str:
    with open(stdin, "rb") if stdin else open("/dev/null", "rb") as f:
        done = subprocess.run(["perl", *args], stdin=f, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def cws(tmp_path_factory):
    """name -> (the score script's summary, ours as JSON, the gold file)."""
    needs_perl()
    tmp = tmp_path_factory.mktemp("cws")
    jieba = ready_system("jieba.default.v1", "cws", None)
    out = {}
    for name, (gold_name, input_name, first, last) in CWS_CASES.items():
        gold = tmp / gold_name
        gold.write_bytes(b"\n".join(_lines(GOLD / gold_name, first, last)) + b"\n")
        texts = [line.decode("utf-8-sig").strip() for line in _lines(INPUT / input_name, first, last)]
        words = jieba.segment([t for t in texts if t])
        pred = tmp / f"{name}.jieba"
        pred.write_text("".join(("  ".join(words.pop(0)) if t else "") + "\n" for t in texts), encoding="utf-8")
        word_list = str(GOLD / f"{name}_training_words.utf8")
        summary = _perl([str(SCORERS / "sighan-score"), word_list, str(gold), str(pred)])
        figures = dict(re.findall(r"^=== ([^:]+):\t(\S+)$", summary, flags=re.M))
        ours = json.loads(_run_cli(["score-cws", "--gold", str(gold), "--pred", str(pred), "--words", word_list,
                                    "--json", "--no-check"]))
        out[name] = (figures, ours, gold)
    return out


def _same_as_the_script(figures: dict[str, str], ours: dict) -> None:
    """Every figure the script prints: word counts exactly, the rates to its three decimals."""
    assert int(figures["TOTAL TRUE WORD COUNT"]) == ours["gold_words"]
    assert int(figures["TOTAL TEST WORD COUNT"]) == ours["pred_words"]
    subst, dels, ins = (int(figures[f"TOTAL {k}"]) for k in ("SUBSTITUTIONS", "DELETIONS", "INSERTIONS"))
    assert ours["matched"] == ours["gold_words"] - subst - dels == ours["pred_words"] - subst - ins
    printed = {"TOTAL TRUE WORDS RECALL": "recall", "TOTAL TEST WORDS PRECISION": "precision", "F MEASURE": "f1",
               "OOV Rate": "oov_rate", "OOV Recall Rate": "oov_recall", "IV Recall Rate": "iv_recall"}
    assert {k: figures[k] for k in printed} == {k: f"{ours[v]:.3f}" for k, v in printed.items()}


@pytest.mark.parametrize("name", list(CWS_CASES))
def test_score_cws_prints_what_the_bakeoff_score_script_prints(cws, name):
    figures, ours, _ = cws[name]
    _same_as_the_script(figures, ours)
    # the distributed MSR gold moves an opening quote to the line before (lines 442-443), the AS gold has a
    # half-width "c" where its input has "ｃ" (line 6612): scored as the script scores them, and listed
    assert ours.get("text_differs", []) == {"pku": [], "msr": [442, 443], "as": [6612 - 6000]}[name]


@pytest.fixture(scope="module")
def msra_conll(tmp_path_factory):
    """``char gold pred`` lines of jieba.posseg.ner.v1 on the MSRA subset, what conlleval.pl prints, the subset."""
    needs_perl()
    tmp = tmp_path_factory.mktemp("ner")
    blocks = CONLL["msra"][1]["test"].read_text(encoding="utf-8").strip("\n").split("\n\n")[:MSRA_SENTENCES]
    subset = tmp / "msra_test_subset.txt"  # the gold of the subset, as the file writes it
    subset.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    sentences = [[line.split("\t") for line in block.split("\n")] for block in blocks]
    tagger = ready_system("jieba.posseg.ner.v1", "ner", None)
    predicted = tagger.tag(["".join(ch for ch, _ in s) for s in sentences])
    lines = []
    for sentence, spans in zip(sentences, predicted):
        pred = ["O"] * len(sentence)
        for start, end, label in spans:
            pred[start:end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
        lines += [f"{ch} {gold} {p}\n" for (ch, gold), p in zip(sentence, pred)] + ["\n"]
    out = tmp / "msra.conll"
    out.write_text("".join(lines), encoding="utf-8")
    return out, _perl([str(SCORERS / "conlleval.pl")], stdin=out), subset


def _conlleval_figures(printed: str) -> dict:
    head = re.search(r"processed (\d+) tokens with (\d+) phrases; found: (\d+) phrases; correct: (\d+)\.", printed)
    types = re.findall(r"^\s*(\S+): precision:\s*([\d.]+)%; recall:\s*([\d.]+)%; FB1:\s*([\d.]+)\s+(\d+)$",
                       printed, flags=re.M)
    overall = re.search(r"precision:\s*([\d.]+)%; recall:\s*([\d.]+)%; FB1:\s*([\d.]+)$", printed, flags=re.M)
    return {"tokens": int(head[1]), "gold": int(head[2]), "found": int(head[3]), "correct": int(head[4]),
            "overall": overall.groups(), "types": {t[0]: (t[1:4], int(t[4])) for t in types}}


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def test_score_ner_prints_what_conlleval_prints(msra_conll):
    path, printed, _ = msra_conll
    official = _conlleval_figures(printed)
    ours = json.loads(_run_cli(["score-ner", str(path), "--json"]))
    assert official["overall"] == tuple(_pct(ours[k]) for k in ("precision", "recall", "f1"))
    assert {t: v[0] for t, v in official["types"].items()} == {
        t: tuple(_pct(v[k]) for k in ("precision", "recall", "f1")) for t, v in ours["per_type"].items()}
    assert official["gold"] == sum(v["support"] for v in ours["per_type"].values())
    assert len(official["types"]) == 3 and official["correct"] > 0


def test_bench_figures_equal_the_official_scripts_on_the_same_output(cws, msra_conll, tmp_path):
    """``bench`` runs the systems itself on the imported gold: PKU and MSRA give the scripts' figures."""
    _, _, pku_gold = cws["pku"]
    for name, argv in (("pku", ["sighan", "--test", str(pku_gold), "--words",
                                str(GOLD / "pku_training_words.utf8")]),
                       ("msra", ["conll", "--test", str(msra_conll[2]), "--label-map", "msra"])):
        assert main(["import", *argv, "--name", name, "--out", str(tmp_path / name)]) == 0
    golds, _ = load_golds([tmp_path / "pku", tmp_path / "msra"])
    config = BenchConfig(systems=("jieba.default.v1", "jieba.posseg.ner.v1"), speed_rounds=1, measure_memory=False)
    results, _, _ = run_datasets(golds, config)
    by = {(r["system"], r["dataset"]): r for r in results if r["protocol"] == "test"}
    cws_row = by[("jieba.default.v1", "pku")]["cws"]
    _same_as_the_script(cws["pku"][0], cws_row)
    ner = by[("jieba.posseg.ner.v1", "msra")]["ner_msra"]
    official = _conlleval_figures(msra_conll[1])
    assert (official["gold"], official["found"], official["correct"]) == (ner["support"], ner["tp"] + ner["fp"],
                                                                          ner["tp"])
    assert official["tokens"] == sum(len(s.text) for s in golds[1].test)
    assert official["overall"] == tuple(_pct(ner[k]) for k in ("precision", "recall", "f1"))
    assert official["types"] == {t: (tuple(_pct(v[k]) for k in ("precision", "recall", "f1")), v["tp"] + v["fp"])
                                 for t, v in ner["per_type"].items()}
