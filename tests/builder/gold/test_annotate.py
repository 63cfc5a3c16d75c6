"""`suzhou-news annotate`: pre-annotated files for new documents; --update keeps what still aligns."""

import textwrap

import pytest

from suzhou_news.builder.gold.annotate import AnnotateConfig, annotate
from suzhou_news.builder.gold.annotation_format import read_annotation_file
from suzhou_news.builder.gold.alignment import align
from suzhou_news.errors import InputError
from suzhou_news.builder.pipeline.runner import BuildConfig, build

PAGE_A = textwrap.dedent("""\
    苏州市召开全市高质量发展推进大会
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记曹路宝出席会议并讲话。
    创新引领 奋力攀高
    与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。
    """)
# The first sentence of c holds mojibake: it is flagged corrupted and must be written excluded:corrupted.
PAGE_C = textwrap.dedent("""\
    相城区召开全会部署明年经济工作
    全会指出，要以新的发展实绩?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)。与会同志纷纷表示，要找准工作的切入点。
    """)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("annotate")
    (root / "raw").mkdir()
    (root / "raw" / "a.txt").write_text(PAGE_A, encoding="utf-8")
    (root / "raw" / "c.txt").write_text(PAGE_C, encoding="utf-8")
    build(BuildConfig(raw_dir=root / "raw", out_dir=root / "out", manifest=root / "splits.json",
                      annotations_dir=None, guidelines=None))
    return root / "out"


def systems(segmenter="jieba.default.v1", tagger="jieba.posseg.ner.v1"):
    """The loader ``annotate`` calls once it has found the dataset (the command line's defaults)."""
    from suzhou_news.bench.suite import ready_system

    return lambda: (ready_system(segmenter, "cws", None), ready_system(tagger, "ner", None))


def cheap():
    """Fast, deterministic stand-ins for the jieba defaults where the tool's output does not matter (untrained)."""
    from suzhou_news.bench.baselines import registry

    seg, tagger = registry.get("mm.forward.v1"), registry.get("gazetteer.train.v1")
    seg.fit([])
    tagger.fit([])
    return seg, tagger


CHEAP = cheap


def never_loaded():
    raise AssertionError("the systems must not be loaded before the dataset is found")


@pytest.fixture(scope="module")
def fresh(dataset, tmp_path_factory):
    """annotate with the default tools (jieba) into an empty folder, once for the module."""
    ann = tmp_path_factory.mktemp("fresh") / "ann"
    return ann, annotate(AnnotateConfig(dataset=dataset, out_dir=ann), systems())


SENTENCES = {
    "a-s0000": "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。",
    "a-s0001": "市委书记曹路宝出席会议并讲话。",
    "a-s0002": "创新引领 奋力攀高",
    "a-s0003": "与会人员表示，将聚焦主导产业，对接上海，融入长三角一体化发展。",
    "c-s0000": "全会指出，要以新的发展实绩?yōu)槿∪写缶肿鞒龈筘暙I(xiàn)。",
    "c-s0001": "与会同志纷纷表示，要找准工作的切入点。",
}


def test_new_documents_get_pre_annotated_files(fresh):
    """One file per document, one line per sentence: status pre, words that spell the sentence."""
    ann, summary = fresh
    assert summary == [f"{ann / 'a.txt'}: 0 lines kept, 4 pre-annotated",
                       f"{ann / 'c.txt'}: 0 lines kept, 2 pre-annotated"]
    a = read_annotation_file(ann / "a.txt")
    assert [s.sentence_id for s in a.sentences] == ["a-s0000", "a-s0001", "a-s0002", "a-s0003"]
    assert {s.status for s in a.sentences} == {"pre"}
    for s in a.sentences:
        aligned = align(s, SENTENCES[s.sentence_id])  # raises if the words do not spell the sentence
        for e in aligned.entities:  # tool entities are kept only on word boundaries
            assert aligned.text[e.start_char:e.end_char] == e.text
    assert any(s.entities for s in a.sentences)  # jieba's tagger found 苏州市/曹路宝/上海…
    header = (ann / "a.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert header == ["# doc: a", "# pass: first",
                      ("# pre-annotation: jieba.default.v1 + jieba.posseg.ner.v1; review every line "
                       "(docs/annotation-guidelines.md)")]
    drafts = read_annotation_file(ann / "pre" / "a.txt")  # the drafts are kept beside the file
    assert [s.to_line() for s in drafts.sentences] == [s.to_line() for s in a.sentences]


def test_the_header_records_why_the_systems_were_chosen(dataset, tmp_path):
    """AnnotateConfig.chosen_by (preannotation.Choice.reason) goes into the header line."""
    ann = tmp_path / "ann"
    annotate(AnnotateConfig(dataset=dataset, out_dir=ann, chosen_by="best untrained in results.json"), CHEAP)
    assert (ann / "a.txt").read_text(encoding="utf-8").splitlines()[2] == (
        "# pre-annotation: mm.forward.v1 + gazetteer.train.v1 (best untrained in results.json); review every line "
        "(docs/annotation-guidelines.md)")


def test_corrupted_sentences_are_written_excluded(fresh):
    """c-s0000 (mojibake) → excluded:corrupted with its text; c-s0001 → pre."""
    ann, _ = fresh
    c = read_annotation_file(ann / "c.txt")
    first, second = c.sentences
    assert (first.sentence_id, first.status_field, first.excluded_text) == (
        "c-s0000", "excluded:corrupted", SENTENCES["c-s0000"])
    assert (second.sentence_id, second.status) == ("c-s0001", "pre")


def test_existing_files_are_left_alone_without_update(dataset, tmp_path):
    """A curated file is never overwritten unless --update is given."""
    ann = tmp_path / "ann"
    ann.mkdir()
    curated = "a-s0000\treviewed\t苏州市 召开\n"  # deliberately stale: it must still not be touched
    (ann / "a.txt").write_text(curated, encoding="utf-8")
    summary = annotate(AnnotateConfig(dataset=dataset, out_dir=ann), CHEAP)
    assert summary[0] == f"{ann / 'a.txt'}: exists, left alone (use --update to refresh it)"
    assert (ann / "a.txt").read_text(encoding="utf-8") == curated
    assert (ann / "c.txt").exists()


def test_update_keeps_every_reviewed_line(dataset, tmp_path):
    """s0000 still aligns → kept verbatim; s0001's text changed → kept as stale with its old words;
    s0009's sentence is gone → kept as a stale orphan at the end; s0003 had no line → pre-annotated.

    The summary ends with what needs a person; the build counts the stale lines and keeps them out of the gold.
    """
    ann = tmp_path / "ann"
    ann.mkdir()
    kept_line = ("a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。")
    (ann / "a.txt").write_text(textwrap.dedent(f"""\
        # doc: a
        # annotator: annotator-A; adjudicator
        {kept_line}
        a-s0001\treviewed\t[县委]/ORG 书记 出席 会议 。
        a-s0002\texcluded:duplicate\t创新引领 奋力攀高
        a-s0009\treviewed\t旧 句子
        """), encoding="utf-8")
    summary = annotate(AnnotateConfig(dataset=dataset, out_dir=ann, update=True), CHEAP)
    assert summary[0] == f"{ann / 'a.txt'}: 2 lines kept, 1 pre-annotated, 2 stale"
    assert summary[2:] == [
        "needs a person (2 stale lines: correct the words to spell the sentence, or delete the line, then set "
        "reviewed; drafts are in pre/):",
        f"  {ann / 'a.txt'}: a-s0001 is stale: the reviewed words spell '县委书记出席会议。', the sentence now reads "
        f"'{SENTENCES['a-s0001']}'",
        f"  {ann / 'a.txt'}: a-s0009 is stale: the reviewed words spell '旧句子', its sentence is gone"]
    lines = (ann / "a.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["# doc: a", "# annotator: annotator-A; adjudicator"]  # the file's own header stays
    assert kept_line in lines
    assert "a-s0002\texcluded:duplicate\t创新引领 奋力攀高" in lines
    assert lines[-1] == "a-s0009\tstale\t旧 句子"
    a = read_annotation_file(ann / "a.txt")
    assert [(s.sentence_id, s.status) for s in a.sentences] == [
        ("a-s0000", "reviewed"), ("a-s0001", "stale"), ("a-s0002", "excluded"), ("a-s0003", "pre"), ("a-s0009", "stale")]
    assert a.sentences[1].to_line() == "a-s0001\tstale\t[县委]/ORG 书记 出席 会议 。"
    align(a.sentences[3], SENTENCES["a-s0003"])
    drafts = read_annotation_file(ann / "pre" / "a.txt")  # fresh drafts for s0001 (stale) and s0003
    assert [s.sentence_id for s in drafts.sentences] == ["a-s0001", "a-s0003"]
    align(drafts.sentences[0], SENTENCES["a-s0001"])

    coverage = build(BuildConfig(raw_dir=dataset.parent / "raw", out_dir=tmp_path / "out", manifest=tmp_path / "m.json",
                                 annotations_dir=ann, guidelines=None)).report["annotations"]["coverage"]
    assert (coverage["reviewed"], coverage["stale"], coverage["pre"]) == (1, 2, 2)  # pre: a-s0003, c-s0001


def test_update_twice_changes_nothing(dataset, tmp_path):
    """A second --update over an up-to-date file keeps every line and writes the same bytes."""
    ann = tmp_path / "ann"
    annotate(AnnotateConfig(dataset=dataset, out_dir=ann), CHEAP)
    before = {p: p.read_bytes() for p in sorted(ann.rglob("*.txt"))}
    summary = annotate(AnnotateConfig(dataset=dataset, out_dir=ann, update=True), CHEAP)
    assert summary == [f"{ann / 'a.txt'}: 4 lines kept, 0 pre-annotated", f"{ann / 'c.txt'}: 2 lines kept, 0 pre-annotated"]
    assert {p: p.read_bytes() for p in sorted(ann.rglob("*.txt"))} == before


def test_a_dataset_without_sentences_is_an_input_error(tmp_path):
    """Pointing annotate at an empty folder says to build first (a command that works as written)."""
    with pytest.raises(InputError, match="run `suzhou-news build --no-annotations`"):
        annotate(AnnotateConfig(dataset=tmp_path, out_dir=tmp_path / "ann"), never_loaded)
