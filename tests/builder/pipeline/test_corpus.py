"""The bundled corpus (data/raw + data/splits.json + data/annotations), built once for this module."""

import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from suzhou_news.cli import main
from suzhou_news.builder.pipeline.runner import BuildConfig, build
from suzhou_news.builder.dataset.audit import read_audit
from suzhou_news.builder.dataset.schema import load_schema
from suzhou_news.builder.ingest.script import Converter
from suzhou_news.builder.checks.validate import validate_dir

REPO = Path(__file__).resolve().parents[3]
CONFIGS = ("documents", "sentences", "segmentation", "ner")
TRAD_DOC = "004_1e8aa9928d23a8fd"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Build the repository's raw pages with its manifest (a copy: the build must not touch the repo)."""
    root = tmp_path_factory.mktemp("corpus")
    manifest = root / "splits.json"
    shutil.copy(REPO / "data" / "splits.json", manifest)
    result = build(BuildConfig(raw_dir=REPO / "data" / "raw", out_dir=root / "out", manifest=manifest,
                               annotations_dir=REPO / "data" / "annotations",
                               guidelines=REPO / "docs" / "annotation-guidelines.md"))
    assert manifest.read_bytes() == (REPO / "data" / "splits.json").read_bytes()  # every document is pinned
    tables = {c: [r for p in sorted((root / "out" / c).glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
              for c in CONFIGS}
    return root / "out", result, tables


def _docs(corpus):
    return {d["id"]: d for d in corpus[2]["documents"]}


def test_every_raw_file_is_included(corpus):
    """Five pages, five documents, all UTF-8, split as the committed manifest says."""
    out, result, _ = corpus
    report = result.report
    assert (report["included"], report["excluded"]) == (5, 0)
    assert {f["id"]: f["encoding"] for f in read_audit(out)} == {
        "000_75e60fc438565b56": "utf-8", "001_03e6a39d6aae467d": "utf-8", "002_3c69a3ed736ebf82": "utf-8",
        "003_1279e53f9b8d3d6a": "utf-8", TRAD_DOC: "utf-8"}
    assert report["splits"]["new_documents"] == []
    assert report["splits"]["assignment"] == {
        "000_75e60fc438565b56": "test", "001_03e6a39d6aae467d": "train", "002_3c69a3ed736ebf82": "train",
        "003_1279e53f9b8d3d6a": "train", TRAD_DOC: "test"}


def test_traditional_page_comes_out_simplified(corpus):
    """004: script hant; OpenCC t2s changes nothing left in text; original_text keeps Traditional, same length."""
    doc = _docs(corpus)[TRAD_DOC]
    assert doc["script"] == 1  # hant
    converter = Converter()
    assert converter.t2s(doc["text"]) == doc["text"]
    assert converter.t2s(doc["title"] or "") == (doc["title"] or "")
    assert len(doc["original_text"]) == len(doc["text"])
    assert "蘇州" in doc["original_text"] and "蘇州" not in doc["text"] and "苏州" in doc["text"]
    assert doc["text"].startswith("12月29日，中共苏州市相城区委五届九次全会暨区委经济工作会议召开")


def _outside(text, spans):
    """text with every span blanked out."""
    chars = list(text)
    for s in spans:
        chars[s["start"]:s["end"]] = "\0" * (s["end"] - s["start"])
    return "".join(chars)


def test_no_pinyin_artifacts_outside_corrupted_spans(corpus):
    """Readings like 區(qū) are gone from every document's text except inside marked mojibake."""
    reading = re.compile(r"\([a-zü āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}\)")
    for doc in corpus[2]["documents"]:
        assert not reading.search(_outside(doc["text"], doc["corrupted"])), doc["id"]
    assert "(qū)" in "".join(c["text"] for c in _docs(corpus)[TRAD_DOC]["corrupted"])


def test_corrupted_spans_are_marked_flagged_and_kept_out_of_the_gold(corpus):
    """004 has 5 mojibake spans; each slices the text; their sentences are flagged and absent from the gold."""
    _, _, tables = corpus
    doc = _docs(corpus)[TRAD_DOC]
    assert len(doc["corrupted"]) == 5
    for span in doc["corrupted"]:
        assert doc["text"][span["start"]:span["end"]] == span["text"]
        assert span["reason"] == "mojibake" and span["text"].startswith("?")
    sentences = [s for s in tables["sentences"] if s["doc_id"] == TRAD_DOC]
    overlapping = {s["id"] for s in sentences
                   if any(c["start"] < s["end"] and s["start"] < c["end"] for c in doc["corrupted"])}
    flagged = {s["id"] for s in sentences if "corrupted" in s["flags"]}
    assert flagged == overlapping and len(flagged) == 5
    gold = {r["id"] for r in tables["segmentation"]} | {r["id"] for r in tables["ner"]}
    assert not flagged & gold


FURNITURE = ["分享至", "图片附件", "查看隐藏内容", "特别声明", "Notice:", "相关推荐", "热点推荐", "责编", "本篇文章共有",
             "欢迎关注", "版权所有", "ICP备", "网易首页", "首页 >", "记者 李仲勋", "李仲勋", "又一敢起诉", "震惊",
             "普京的警告失效", "火山诗话", "申请入驻", "头条要闻", "无障碍浏览", "网友热搜", "今日推荐", "热点排行",
             "www2500szcom", "szdushi", "名城苏州 滚动"]


@pytest.mark.parametrize("needle", FURNITURE)
def test_no_page_furniture_survives(corpus, needle):
    """None of the pages' menus, counters, disclaimers, bylines or related-list titles is in any text."""
    for doc in corpus[2]["documents"]:
        assert needle.lower() not in doc["text"].lower(), doc["id"]
        assert needle.lower() not in doc["original_text"].lower(), doc["id"]
    assert "copyright" not in " ".join(d["text"].lower() for d in corpus[2]["documents"])


def test_every_title_is_found(corpus):
    """The exact titles of 000–003; 004 carries none (no_title)."""
    titles = {k: d["title"] for k, d in _docs(corpus).items()}
    assert titles == {
        "000_75e60fc438565b56": "学习贯彻省两会精神 扛起新的使命担当 苏州吹响打造“最美窗口”时代号角",
        "001_03e6a39d6aae467d": "苏州市委十二届十一次全会侧记",
        "002_3c69a3ed736ebf82": "江苏苏州周伟陈丽艳分别参加市十八届人大三次会议分组审议",
        "003_1279e53f9b8d3d6a": "增强政治自觉 主动担当作为 更高质量服务融入长三角一体化",
        TRAD_DOC: None,
    }
    assert "no_title" in _docs(corpus)[TRAD_DOC]["flags"]
    for doc_id, title in titles.items():
        if title:
            assert not _docs(corpus)[doc_id]["text"].startswith(title)  # the title is not repeated as body


def test_metadata_of_001_and_003(corpus):
    """001: 2020-12-29T16:41:08, 引力播, editor 吴昊. 003: 2022-11-13T22:24, 苏州日报."""
    docs = _docs(corpus)
    d1, d3 = docs["001_03e6a39d6aae467d"], docs["003_1279e53f9b8d3d6a"]
    assert (d1["published"], d1["source"], d1["editor"]) == ("2020-12-29T16:41:08", "引力播", "吴昊")
    assert (d3["published"], d3["source"]) == ("2022-11-13T22:24", "苏州日报")


def test_redactions_of_002_are_recorded_verbatim(corpus):
    """*月*日, ****年 and 世界***强 stay in the text and are listed, each span slicing its mask."""
    doc = _docs(corpus)["002_3c69a3ed736ebf82"]
    text, spans = doc["text"], doc["redactions"]
    for r in spans:
        assert text[r["start"]:r["end"]] == r["text"] and set(r["text"]) == {"*"}
    contexts = {text[r["start"]:r["end"] + 1] for r in spans} | {text[r["start"] - 2:r["end"] + 1] for r in spans}
    assert {"*月", "*日", "****年", "世界***强"} <= contexts
    assert text.startswith("*月*日，")
    assert "has_redactions" in doc["flags"]


def test_every_clean_sentence_has_a_reviewed_gold_row(corpus):
    """segmentation and ner each hold exactly the non-corrupted sentences; nothing is left pre."""
    _, result, tables = corpus
    clean = {s["id"] for s in tables["sentences"] if "corrupted" not in s["flags"]}
    assert {r["id"] for r in tables["segmentation"]} == clean
    assert {r["id"] for r in tables["ner"]} == clean
    coverage = result.report["annotations"]["coverage"]
    assert coverage["pre"] == 0 and coverage["reviewed"] == len(clean)
    assert coverage["excluded"] == {"corrupted": 5}
    assert coverage["sentences_without_annotation_line"] == []


def test_validate_passes(corpus):
    """The built corpus is valid."""
    assert validate_dir(corpus[0]) == []


def test_stats_prints_sentences_words_and_entities_per_split(corpus, capsys):
    """The stats table's numbers are those of the Parquet files."""
    out, _, tables = corpus
    assert main(["stats", str(out)]) == 0
    lines = {tuple(line.split()[:2]): line.split()[2:] for line in capsys.readouterr().out.splitlines()[1:]}
    labels = load_schema("ner").class_labels()["entities.label"]
    for split in ("train", "test"):
        sentences = [s for s in tables["sentences"] if s["split"] == split]
        assert int(lines[("sentences", split)][0]) == len(sentences)
        ner = [r for r in tables["ner"] if r["split"] == split]
        row = lines[("ner", split)]
        assert int(row[0]) == len(ner)
        assert int(row[3]) == sum(len(r["tokens"]) for r in ner)
        per_type = [sum(labels[e["label"]] == lab for r in ner for e in r["entities"]) for lab in labels]
        assert [int(x) for x in row[4:]] == per_type
        assert sum(per_type) > 0


@pytest.mark.parametrize("config", CONFIGS)
def test_load_dataset_every_config_and_split(corpus, config, tmp_path):
    """datasets.load_dataset(folder, config, split) with all checks; Features equal the schema's."""
    import datasets

    out, result, _ = corpus
    for split in ("train", "test"):
        ds = datasets.load_dataset(str(out), config, split=split, verification_mode="all_checks",
                                   cache_dir=str(tmp_path / "hf"))
        assert ds.features == load_schema(config).features
        assert ds.num_rows == result.counts[config][split]
    if config == "documents":
        doc = next(r for r in ds if r["id"] == TRAD_DOC)
        assert ds.features["script"].int2str(doc["script"]) == "hant"


def test_changelog_figures_agree_with_the_bundled_data(corpus):
    """Finding 8: every figure the newest CHANGELOG.md section quotes (documents, sentences, words, entities)
    is what the bundled data holds; the 1.0.0 entry once said 355 entities for data holding 397. Older
    sections describe older data (an annotation correction changes the word count)."""
    from suzhou_news.builder.release.figures import data_figures, disagreements

    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    section = "## [" + text.split("\n## [", 1)[1].split("\n## [", 1)[0]
    figures = data_figures(corpus[0])
    assert disagreements(section, figures) == []
    assert f"{figures['entities']:,} entities" in section


def test_guidelines_ctb_departure_counts_are_the_data(corpus):
    """The counts table of the guidelines' §1.4 is what `check-annotations --ctb-departures` prints for the
    bundled gold, row by row."""
    from suzhou_news.builder.gold.ctb import gold_departures, render

    guide = (REPO / "docs" / "annotation-guidelines.md").read_text(encoding="utf-8")
    table = render(gold_departures(REPO / "data" / "annotations", corpus[2]["sentences"]))
    assert table in guide


def test_readme_size_table_is_the_data(corpus):
    """The README's size table matches `stats` of the bundled build, cell by cell."""
    from suzhou_news.builder.checks.stats import collect
    from suzhou_news.builder.gold.labels import LABELS

    stats = {(s["config"], s["split"]): s for s in collect(corpus[0])}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for split in ("train", "test"):
        row = re.search(rf"^\| {split} \|(.*)\|$", readme, re.M).group(1)
        cells = [int(c.strip().replace(",", "")) for c in row.split("|")]
        ents = stats[("ner", split)]["entities"]
        assert cells == [stats[("documents", split)]["rows"], stats[("sentences", split)]["rows"],
                         stats[("segmentation", split)]["rows"], stats[("documents", split)]["characters"],
                         stats[("segmentation", split)]["words"], *[ents[label] for label in LABELS]]
