"""The README how-to's example files: the new article and its Label Studio export still fit each other.

docs/examples/005_canal_culture.txt is the article the how-to adds; the export next to it holds its eight
sentences as completed in Label Studio's JSON export format. If a cleaning change alters those sentences,
this test fails: re-run the how-to and write the export again.
"""

import shutil
from pathlib import Path

from suzhou_news.builder.gold.annotate import AnnotateConfig, annotate
from suzhou_news.builder.gold.labelstudio import read_export
from suzhou_news.builder.gold.roundtrip import apply_tool_lines
from tests.fixtures.curation_corpus import fakes, gold, rebuild

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


def test_the_example_export_imports_onto_the_example_article(tmp_path):
    """Eight completed tasks → eight reviewed lines → eight gold sentences with the annotated entities."""
    paths = {"raw": tmp_path / "raw", "out": tmp_path / "out", "ann": tmp_path / "ann", "manifest": tmp_path / "s.json"}
    paths["raw"].mkdir()
    shutil.copyfile(EXAMPLES / "005_canal_culture.txt", paths["raw"] / "005_canal_culture.txt")
    rebuild(paths)
    annotate(AnnotateConfig(dataset=paths["out"], out_dir=paths["ann"]), fakes)
    summary = apply_tool_lines(paths["out"], paths["ann"], read_export(EXAMPLES / "labelstudio-export-005_canal_culture.json"))
    assert summary == [f"{paths['ann'] / '005_canal_culture.txt'}: 8 reviewed"]
    rows = gold(rebuild(paths).out_dir)
    assert len(rows) == 8
    assert [e["text"] for e in rows["005_canal_culture-s0001"]["entities"]] == ["市文化广电和旅游局", "局长", "李明华", "苏州"]
