"""bench on an imported corpus that declares its own labels: Weibo NER with nominal mentions kept (weibo-keep).

The gazetteer learns every declared label from the train split; the ``ner_fine`` view scores all of them
(the 8 NAM and NOM types the Weibo literature reports), the ``ner_msra`` view only names (GPE -> LOC).
"""

from __future__ import annotations

import textwrap

import pytest

from suzhou_news.bench.data import load_gold
from suzhou_news.bench.report import leaderboard, results_document, validate_results
from suzhou_news.bench.runner import BenchConfig, run_datasets
from suzhou_news.builder.corpora import ImportConfig, import_corpus

CONFIG = BenchConfig(systems=("gazetteer.train.v1",), measure_memory=False, speed_rounds=1)
TRAIN = """\
    张0\tB-PER.NAM
    三1\tI-PER.NAM
    是0\tO
    老0\tB-PER.NOM
    师1\tI-PER.NOM
    在0\tO
    北0\tB-GPE.NAM
    京1\tI-GPE.NAM
    """
TEST = """\
    老0\tB-PER.NOM
    师1\tI-PER.NOM
    张0\tB-PER.NAM
    三1\tI-PER.NAM
    去0\tO
    北0\tB-GPE.NAM
    京1\tI-GPE.NAM

    市0\tB-PER.NOM
    民1\tI-PER.NOM
    """


@pytest.fixture(scope="module")
def weibo(tmp_path_factory):
    root = tmp_path_factory.mktemp("weibo")
    files = {}
    for split, text in (("train", TRAIN), ("test", TEST)):
        files[split] = root / f"weiboNER.conll.{split}"
        files[split].write_text(textwrap.dedent(text), encoding="utf-8")
    config = ImportConfig(format="conll", name="weibo", out_dir=root / "weibo", label_map="weibo-keep",
                          files=tuple(files.items()))
    gold = load_gold(import_corpus(config).out_dir)
    results, paired, skipped = run_datasets([gold], CONFIG)
    return gold, results, results_document([gold], CONFIG, results, paired, skipped)


def test_all_declared_labels_view_scores_nominal_mentions(weibo):
    """ner_fine: 老师 PER.NOM, 张三 PER, 北京 GPE found; 市民 PER.NOM (not in train) missed: P 3/3, R 3/4."""
    gold, results, _ = weibo
    assert gold.labels[4:] == ("PER.NOM", "ORG.NOM", "GPE.NOM", "LOC.NOM")
    (e,) = results
    fine = e["ner_fine"]
    assert (fine["tp"], fine["fp"], fine["fn"]) == (3, 0, 1)
    assert fine["per_type"]["PER.NOM"]["support"] == 2 and fine["per_type"]["PER.NOM"]["recall"] == 0.5
    assert fine["per_type"]["GPE"]["f1"] == 1.0


def test_msra_view_maps_names_and_drops_nominal_mentions(weibo):
    """ner_msra: gold 张三 PER and 北京 LOC only; the predicted 老师 PER.NOM is not a false positive."""
    _, results, _ = weibo
    msra = results[0]["ner_msra"]
    assert (msra["tp"], msra["fp"], msra["fn"]) == (2, 0, 0)
    assert set(msra["per_type"]) == {"PER", "LOC"}


def test_leaderboard_has_the_all_labels_table_and_says_the_msra_view_drops_nominals(weibo):
    _, results, doc = weibo
    validate_results(doc)
    assert doc["datasets"][0]["labels"][-1] == "LOC.NOM"
    md = leaderboard(doc)
    assert "drops weibo's other labels (PER.NOM, ORG.NOM, GPE.NOM, LOC.NOM)" in md
    table = md.split("### NER, all 8 labels weibo declares")[1].split("###")[0]
    assert "| PER | ORG | GPE | LOC | PER.NOM | ORG.NOM | GPE.NOM | LOC.NOM |" in table
    row = next(line for line in table.splitlines() if "gazetteer.train.v1" in line)
    assert f"**{100 * results[0]['ner_fine']['f1']:.1f}**" in row


def test_a_tagger_fitted_on_own_labels_gets_no_fine_view_on_a_dataset_with_other_labels(weibo):
    """Transfer: fitted on weibo-keep, tested on a dataset of the bundled fine labels: only the MSRA view,
    where its PER.NOM predictions are dropped rather than counted as false positives."""
    import dataclasses

    from suzhou_news.bench.runner import prepare, score
    from suzhou_news.builder.gold.labels import LABELS

    gold, _, _ = weibo
    system = prepare("gazetteer.train.v1", gold)
    assert "PER.NOM" in system.labels()
    bundled = dataclasses.replace(gold, labels=LABELS, imported=False)
    views = score(system, gold.test, system.tag([s.text for s in gold.test]), bundled, CONFIG)
    assert set(views) == {"ner_msra"}
    assert (views["ner_msra"][0]["tp"], views["ner_msra"][0]["fp"]) == (2, 0)
    assert set(score(system, gold.test, system.tag([s.text for s in gold.test]), gold, CONFIG)) == {
        "ner_msra", "ner_fine"}
