"""suzhou_news/bench/report.py: results.json against its schema, the leaderboard and the chart.

The document comes from a real run of three cheap systems on the tiny gold
dataset of test_data.py; broken variants are made from a deep copy of it.
"""

from __future__ import annotations

import copy
import json
import re
import struct

import pytest
from test_data import tiny_gold  # noqa: F401  (session fixture: the tiny gold dataset)

from suzhou_news.bench.report import chart, leaderboard, results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, run_suite

CONFIG = BenchConfig(systems=("mm.forward.v1", "jieba.default.v1", "gazetteer.train.v1"), measure_memory=False)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def doc(tiny_gold):  # noqa: F811
    results, paired = run_suite(tiny_gold, CONFIG)
    return results_document(tiny_gold, CONFIG, results, paired)


def test_document_describes_dataset_settings_and_environment(doc, tiny_gold):  # noqa: F811
    validate_results(doc)
    json.dumps(doc, allow_nan=False)  # plain JSON, no NaN
    assert doc["dataset"] == {"name": "suzhou-news", "version": None, "content_hash": tiny_gold.content_hash,
                              "train_sentences": len(tiny_gold.train), "test_sentences": len(tiny_gold.test)}
    assert doc["settings"]["seed"] == CONFIG.seed and doc["settings"]["n_resamples"] == CONFIG.n_resamples
    assert set(doc["protocols"]) == {"test", "all"}
    env = doc["environment"]
    assert env["python"].count(".") == 2 and env["platform"] and env["git_commit"]
    assert [(e["system"], e["protocol"]) for e in doc["results"]] == [
        ("mm.forward.v1", "test"), ("jieba.default.v1", "test"), ("jieba.default.v1", "all"),
        ("gazetteer.train.v1", "test")]


def _drop_content_hash(d):
    del d["dataset"]["content_hash"]


def _trained_on_all(d):
    entry = next(e for e in d["results"] if e["trained"])
    entry.update(protocol="all", split="train+test")


def _too_few_resamples(d):
    d["settings"]["n_resamples"] = 999


def _cws_entry_without_scores(d):
    del next(e for e in d["results"] if e["task"] == "cws")["cws"]


def _p_value_above_one(d):
    d["paired_bootstrap"][0]["p_value"] = 1.5


def _ci_with_three_bounds(d):
    d["results"][0]["cws"]["f1_ci"] = [0.4, 1.0, 0.7]


@pytest.mark.parametrize("breaks, where, why", [
    (_drop_content_hash, "dataset", "'content_hash' is a required property"),
    (_trained_on_all, "results/0/protocol", "'test' was expected"),
    (_too_few_resamples, "settings/n_resamples", "less than the minimum of 1000"),
    (_cws_entry_without_scores, "results/0", "'cws' is a required property"),
    (_p_value_above_one, "paired_bootstrap/0/p_value", "greater than the maximum of 1"),
    (_ci_with_three_bounds, "results/0/cws/f1_ci", "is too long"),
], ids=lambda x: getattr(x, "__name__", None))
def test_broken_documents_fail_validation_naming_the_place(doc, breaks, where, why):
    broken = copy.deepcopy(doc)
    breaks(broken)
    with pytest.raises(ValueError, match=f"at {re.escape(where)}: .*{re.escape(why)}"):
        validate_results(broken)


def _table(md: str, heading: str) -> list[list[str]]:
    """Cells of the data rows of the table under the heading that starts with ``heading``."""
    lines = md.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows = []
    for line in lines[start + 4:]:  # heading, blank line, header row, separator
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def _with_f1(doc, values):
    """A copy of ``doc`` whose test-split CWS entries get these F1s (and CIs around them)."""
    d = copy.deepcopy(doc)
    cws = [e for e in d["results"] if e["task"] == "cws" and e["protocol"] == "test"]
    extra = copy.deepcopy(cws[0])
    extra["system"] = "zz.extra.v1"
    d["results"].append(extra)
    for e, f1 in zip(cws + [extra], values):
        e["cws"].update(f1=f1, f1_ci=[f1 - 0.05, f1 + 0.05])
    return d


def test_leaderboard_ranks_by_f1_descending_with_a_ci_on_every_row(doc):
    d = _with_f1(doc, [0.5, 0.9, 0.7])  # mm.forward, jieba, zz.extra: input order is not the rank
    rows = _table(leaderboard(d), "### Word segmentation — test split")
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert [r[1] for r in rows] == ["`jieba.default.v1`", "`zz.extra.v1`", "`mm.forward.v1`"]
    assert [r[3] for r in rows] == ["**90.0**", "**70.0**", "**50.0**"]
    assert [r[4] for r in rows] == ["[85.0, 95.0]", "[65.0, 75.0]", "[45.0, 55.0]"]


def test_leaderboard_has_a_table_per_task_and_protocol(doc):
    md = leaderboard(doc)
    assert doc["dataset"]["content_hash"][:12] in md
    ner_test = _table(md, "### NER, MSRA types (PER/LOC/ORG) — test split")
    fine_test = _table(md, "### NER, fine labels — test split")
    cws_all = _table(md, "### Word segmentation — all gold sentences")
    assert [r[1] for r in ner_test] == [r[1] for r in fine_test] == ["`gazetteer.train.v1`"]
    assert [r[1] for r in cws_all] == ["`jieba.default.v1`"]  # trained systems are not scored on "all"
    for rows in (ner_test, fine_test, cws_all, _table(md, "### Word segmentation — test split")):
        for r in rows:
            assert re.fullmatch(r"\*\*\d+\.\d\*\*", r[3 if rows is not fine_test else 2])
            assert re.fullmatch(r"\[\d+\.\d, \d+\.\d\]", r[4 if rows is not fine_test else 3])
    # Throughput is shown for every row of the main tables.
    for r in _table(md, "### Word segmentation — test split"):
        assert re.fullmatch(r"[\d,]+", r[-2])
    assert "NER, MSRA types (PER/LOC/ORG) — all gold sentences" not in md  # no off-the-shelf NER system ran


def test_every_leaderboard_row_has_as_many_cells_as_its_header(doc):
    """A row with an extra cell (say, peak RSS without a header) renders shifted or cut off."""
    tables, current = [], None
    for line in leaderboard(doc).splitlines():
        if line.startswith("|"):
            cells = len(line.strip().strip("|").split("|"))
            if current is None:
                current = [cells]
                tables.append(current)
            else:
                current.append(cells)
        else:
            current = None
    assert len(tables) == 4  # CWS test, NER MSRA test, NER fine test, CWS all
    for counts in tables:
        assert len(counts) >= 3 and set(counts) == {counts[0]}, counts


def _png_size(path):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24]), len(data)


def test_chart_writes_a_real_png(doc, tmp_path):
    path = tmp_path / "f1-vs-throughput.png"
    chart(doc, path)
    (width, height), nbytes = _png_size(path)
    assert width > height > 100
    assert nbytes > 10_000  # two plotted panels, not an empty canvas


def test_chart_copes_with_missing_ci_and_unmeasured_speed(doc, tmp_path):
    d = copy.deepcopy(doc)
    d["results"][0]["cws"]["f1_ci"] = None
    d["results"][1]["speed"]["chars_per_second"] = None
    path = tmp_path / "chart.png"
    chart(d, path)
    assert _png_size(path)[1] > 10_000
