"""The build: every raw file accounted for, decoded pages, reproducible and atomic output."""

import json
import re
import sys
import textwrap

import pyarrow.parquet as pq
import pytest

from suzhou_news.builder.dataset.audit import read_audit
from suzhou_news.errors import AnnotationError, InputError
from suzhou_news.builder.pipeline import reduce_pass
from suzhou_news.builder.pipeline.rows import sentence_hashes
from suzhou_news.builder.pipeline.runner import BuildConfig, build, sentences_for_raw
from suzhou_news.builder.ingest.script import Converter

SIMPLIFIED = textwrap.dedent("""\
    首页 > 新闻 > 本地
    苏州市召开全市高质量发展推进大会
    2023-02-03 09:15 来源：苏州日报
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记出席会议并讲话。
    与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合。
    责任编辑：王小明
    版权所有 苏州日报社
    """)
GB_PAGE = textwrap.dedent("""\
    无锡推进太湖综合治理工作会议召开
    无锡市召开太湖综合治理工作推进会议，总结前一阶段工作，部署下一步重点任务。
    会议指出，治太工作任务艰巨，必须坚持系统治理、源头治理，加快补齐短板。
    """)
BIG5_PAGE = textwrap.dedent("""\
    常熟市召開文明城市建設推進會議
    常熟市召開文明城市建設推進會議，動員全市上下鞏固文明城市創建成果。市委書記出席會議並講話。
    與會人員表示，將持續提升城市品質，讓文明融入百姓生活。
    """)
UTF16_PAGE = textwrap.dedent("""\
    太仓市深化中德合作推进会召开
    太仓市以打造中德合作城市典范为目标，全领域拓展对德合作，全方位提升合作层级。
    会议强调，要加快建设国家级对外开放新窗口，持续优化营商环境。
    """)
NAV_ONLY = "首页 | 新闻 | 体育 | 财经 | 科技\n版权所有 苏州日报社\n"
ANNOTATION_A = textwrap.dedent("""\
    # doc: a
    a-s0000\treviewed\t[苏州市]/GPE 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 高质量 发展 。
    a-s0001\treviewed\t[市委]/ORG [书记]/TITLE 出席 会议 并 讲话 。
    a-s0002\tpre\t与会 人员 表示 ， 将 聚焦 主导 产业 ， 持续 推动 创新链 产业链 深度 融合 。
    """)


def _raw_folder(root):
    """One raw file per case the build must account for."""
    raw = root / "raw"
    (raw / "x").mkdir(parents=True)
    (raw / "y").mkdir()
    (raw / "a.txt").write_text(SIMPLIFIED, encoding="utf-8")
    (raw / "b_gb.txt").write_bytes(GB_PAGE.encode("gb18030"))
    (raw / "c_big5.txt").write_bytes(BIG5_PAGE.encode("big5"))
    (raw / "d_utf16.txt").write_bytes(UTF16_PAGE.encode("utf-16"))
    (raw / "empty.txt").write_bytes(b"")
    (raw / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (raw / "garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (raw / "nav.txt").write_text(NAV_ONLY, encoding="utf-8")
    (raw / "x" / "dup.txt").write_text(GB_PAGE.replace("无锡", "江阴"), encoding="utf-8")
    (raw / "y" / "dup.txt").write_text(GB_PAGE.replace("无锡", "宜兴"), encoding="utf-8")
    ann = root / "ann"
    ann.mkdir()
    (ann / "a.txt").write_text(ANNOTATION_A, encoding="utf-8")
    return raw, ann


def _config(root, out="out", **kw):
    defaults = {"raw_dir": root / "raw", "out_dir": root / out, "manifest": root / "splits.json",
                "annotations_dir": root / "ann", "guidelines": None}
    return BuildConfig(**{**defaults, **kw})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    _raw_folder(root)
    result = build(_config(root))
    return root, result


def test_every_raw_file_is_accounted_for_with_a_reason(built):
    """10 files in, 10 audit lines out: 6 included, 4 excluded each with its reason code.

    x/dup.txt and y/dup.txt ask for the same id: the second gets a suffix, nothing is dropped for its id.
    """
    root, result = built
    report = json.loads((root / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report == result.report
    assert report["audit"] == "build-audit.jsonl" and "files" not in report
    files = read_audit(root / "out")
    status = {f["file"]: (f["status"], f.get("reason")) for f in files}
    assert status == {
        "a.txt": ("included", None),
        "b_gb.txt": ("included", None),
        "c_big5.txt": ("included", None),
        "d_utf16.txt": ("included", None),
        "empty.txt": ("excluded", "empty_file"),
        "garbled.txt": ("excluded", "undecodable"),
        "image.txt": ("excluded", "binary_file"),
        "nav.txt": ("excluded", "no_body"),
        "x/dup.txt": ("included", None),
        "y/dup.txt": ("included", None),
    }
    assert (report["included"], report["excluded"]) == (6, 4)
    suffixed = next(f for f in files if f["file"] == "y/dup.txt")
    assert suffixed["id_hint"] == "dup" and re.fullmatch(r"dup-[0-9a-f]{8}", suffixed["id"])
    assert report["id_clashes"] == [{"file": "y/dup.txt", "id_hint": "dup", "id": suffixed["id"],
                                     "id_taken_by": "x/dup.txt"}]
    assert all(f["detail"] for f in files if f["status"] == "excluded")
    assert all(len(f["sha256"]) == 64 for f in files)
    docs = [r for p in sorted((root / "out" / "documents").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    assert sorted(d["id"] for d in docs) == ["a", "b_gb", "c_big5", "d_utf16", "dup", suffixed["id"]]
    sentences = [r for p in sorted((root / "out" / "sentences").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    assert {r["id"].rsplit("-s", 1)[0] for r in sentences if r["doc_id"] == suffixed["id"]} == {suffixed["id"]}


def test_every_raw_file_is_in_the_stdout_summary_with_verbose(tmp_path, capsys, monkeypatch):
    """`suzhou-news build --verbose` prints one line per raw file: + for included, - with the reason code."""
    from suzhou_news.cli import main

    _raw_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--annotations", "ann",
                 "--verbose"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "built out: 6 documents included, 4 files excluded"
    files = {line[4:].split(":")[0]: line for line in lines if line.startswith(("  + ", "  - "))}
    assert sorted(files) == ["a.txt", "b_gb.txt", "c_big5.txt", "d_utf16.txt", "empty.txt", "garbled.txt",
                             "image.txt", "nav.txt", "x/dup.txt", "y/dup.txt"]
    for name, reason in (("empty.txt", "empty_file"), ("garbled.txt", "undecodable"), ("image.txt", "binary_file"),
                         ("nav.txt", "no_body")):
        assert files[name].startswith(f"  - {name}: excluded ({reason}): ")
    assert files["c_big5.txt"].startswith("  + c_big5.txt: c_big5 [big5, hant] ")
    assert files["b_gb.txt"].startswith("  + b_gb.txt: b_gb [gb18030, hans] ")
    assert files["d_utf16.txt"].startswith("  + d_utf16.txt: d_utf16 [utf-16, hans] ")
    assert files["a.txt"].startswith("  + a.txt: a [utf-8, hans] 3 sentences, 4 lines removed, 0 corrupted spans")
    assert files["y/dup.txt"].startswith("  + y/dup.txt: dup-")


def test_without_verbose_the_summary_is_short_and_names_the_report(tmp_path, capsys, monkeypatch):
    """No per-file lines by default (a crawl has millions): counts, throughput, and where report and audit are."""
    from suzhou_news.cli import main

    _raw_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)  # as on a terminal: the progress bar is drawn
    assert main(["build", "--raw", "raw", "--out", "out", "--manifest", "splits.json", "--annotations", "ann",
                 "--workers", "1"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert not any(line.startswith(("  + ", "  - ")) for line in lines)
    assert any(line.startswith("  read 10 files, ") and "MB/s" in line and "1 workers" in line for line in lines)
    assert "  report: out/build-report.json; per-file audit: out/build-audit.jsonl" in lines
    assert "files 10/10" in captured.err  # the progress bar, on stderr


def _documents(root):
    rows = [r for p in sorted((root / "out" / "documents").glob("*.parquet")) for r in pq.read_table(p).to_pylist()]
    return {r["id"]: r for r in rows}


def test_encodings_are_decoded_and_recorded(built):
    """GB18030, Big5 and UTF-16 pages come out as text, each with its codec in the row and the report."""
    root, result = built
    docs = _documents(root)
    assert {k: docs[k]["encoding"] for k in ("a", "b_gb", "c_big5", "d_utf16")} == {
        "a": "utf-8", "b_gb": "gb18030", "c_big5": "big5", "d_utf16": "utf-16"}
    assert docs["b_gb"]["title"] == "无锡推进太湖综合治理工作会议召开"
    assert docs["d_utf16"]["text"].startswith("太仓市以打造中德合作城市典范为目标")
    by_file = {f["file"]: f for f in read_audit(root / "out")}
    assert by_file["c_big5.txt"]["encoding"] == "big5"


def test_big5_traditional_page_is_simplified_with_original_kept(built):
    """Big5 page: text Simplified, original_text Traditional, same length; script hant (ClassLabel 1)."""
    root, _ = built
    doc = _documents(root)["c_big5"]
    assert doc["script"] == 1  # hant
    assert doc["title"] == "常熟市召开文明城市建设推进会议"
    assert doc["original_title"] == "常熟市召開文明城市建設推進會議"
    assert doc["text"].startswith("常熟市召开文明城市建设推进会议，动员全市上下巩固")
    assert doc["original_text"].startswith("常熟市召開文明城市建設推進會議，動員全市上下鞏固")
    assert len(doc["text"]) == len(doc["original_text"])
    assert Converter().t2s(doc["original_text"]) == doc["text"]
    assert "converted_t2s" in doc["flags"]


def test_removed_lines_are_reported_per_document_with_reason_codes(built):
    """The breadcrumb, metadata, editor and copyright lines of a.txt are in its report entry, with line numbers."""
    root, result = built
    files = read_audit(root / "out")
    entry = next(f for f in files if f["file"] == "a.txt")
    assert entry["removed_lines"] == [
        {"line": 1, "text": "首页 > 新闻 > 本地", "reason": "breadcrumb"},
        {"line": 3, "text": "2023-02-03 09:15 来源：苏州日报", "reason": "metadata_line"},
        {"line": 6, "text": "责任编辑：王小明", "reason": "editor_line"},
        {"line": 7, "text": "版权所有 苏州日报社", "reason": "copyright"},
    ]
    reasons = result.report["removed_line_reasons"]
    assert reasons["breadcrumb"] == 1 and reasons["copyright"] >= 1
    assert sum(reasons.values()) == sum(len(f.get("removed_lines", [])) for f in files)


def test_gold_configs_and_annotation_counts(built):
    """a's two reviewed lines are gold; the pre line is counted, not gold; unannotated documents are listed."""
    root, result = built
    cov = result.report["annotations"]["coverage"]
    assert (cov["reviewed"], cov["pre"]) == (2, 1)
    assert cov["documents_without_annotation_file"][:4] == ["b_gb", "c_big5", "d_utf16", "dup"]
    assert len(cov["documents_without_annotation_file"]) == 5
    seg = [r for p in (root / "out" / "segmentation").glob("*.parquet") for r in pq.read_table(p).to_pylist()]
    assert sorted(r["id"] for r in seg) == ["a-s0000", "a-s0001"]


def _two_docs_sharing_a_sentence(root):
    raw = root / "raw"
    raw.mkdir()
    shared = "会议强调，要坚定信心、真抓实干，推动各项工作落地见效。"
    (raw / "train_doc.txt").write_text(
        f"苏州市召开全市高质量发展推进大会\n苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。{shared}\n",
        encoding="utf-8")
    (raw / "test_doc.txt").write_text(
        f"无锡市召开太湖综合治理工作推进会议\n无锡市召开太湖综合治理工作推进会议，部署下一步重点任务。{shared}\n",
        encoding="utf-8")
    (root / "splits.json").write_text('{"documents": {"train_doc": "train", "test_doc": "test"}}', encoding="utf-8")
    return shared


def test_exact_sentence_overlap_between_train_and_test_is_counted(tmp_path):
    """One sentence appears in a train and in a test document: reported as 1 of the 2 unique test sentences."""
    shared = _two_docs_sharing_a_sentence(tmp_path)
    result = build(_config(tmp_path, annotations_dir=None))
    overlap = result.report["train_test_overlap"]
    assert overlap == {"shared_unique_sentences": 1, "test_unique_sentences": 2, "fraction_of_test": 0.5,
                       "examples": [shared]}


def test_overlap_ignores_whitespace_and_handles_an_empty_test_split(tmp_path):
    """"苏州 发布" hashes as "苏州发布"; no test sentences gives fraction None (no division by zero)."""
    same, spaced, other = sentence_hashes(["苏州 发布。", "苏州发布。", "苏州发布！"]).tolist()
    assert same == spaced != other
    _two_docs_sharing_a_sentence(tmp_path)
    (tmp_path / "splits.json").write_text('{"documents": {"train_doc": "train", "test_doc": "train"}}',
                                          encoding="utf-8")
    overlap = build(_config(tmp_path, annotations_dir=None)).report["train_test_overlap"]
    assert overlap == {"shared_unique_sentences": 0, "test_unique_sentences": 0, "fraction_of_test": None,
                       "examples": []}


def _all_files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_from_the_same_inputs_are_byte_identical(tmp_path):
    """Every Parquet file, build-report.json and README.md: same bytes in a second build elsewhere.

    The manifest is an input too, so neither build may change it (update_manifest=False).
    """
    root = tmp_path
    _raw_folder(root)
    result = build(_config(root, update_manifest=False))
    build(_config(root, out="again", update_manifest=False))
    first, second = _all_files(root / "out"), _all_files(root / "again")
    assert sorted(first) == sorted(second)
    assert {"README.md", "build-report.json"} <= set(first)
    n_parquet = sum(len(splits) for splits in result.counts.values())
    assert n_parquet >= 5 and sum(name.endswith(".parquet") for name in first) == n_parquet
    for name in first:
        assert first[name] == second[name], name


def _leftovers(root, name="out"):
    """Temporaries beside the output; its lock file (.out.lock, kept by filelock) is not one."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(f".{name}.") and p.name != f".{name}.lock")


def test_output_is_written_beside_the_target_and_moved_in_when_complete(tmp_path, monkeypatch):
    """While Parquet files are written, the target still holds the previous build; the writes go to .out.tmp-*."""
    _raw_folder(tmp_path)
    build(_config(tmp_path))
    before = _all_files(tmp_path / "out")
    seen = []
    real = reduce_pass.write_parts

    def spy(table, prefix):
        out_dir = prefix.parents[3]  # <tmp>/.work/parts/<config>/<split>-NNNNN
        seen.append(out_dir)
        assert out_dir.parent == (tmp_path / "out").resolve().parent
        assert out_dir.name.startswith(".out.tmp-")
        assert _all_files(tmp_path / "out") == before  # nothing moved in yet
        return real(table, prefix)

    monkeypatch.setattr(reduce_pass, "write_parts", spy)
    result = build(_config(tmp_path, workers=1))
    assert len(seen) == sum(len(splits) for splits in result.counts.values()) and len(set(seen)) == 1
    assert not seen[0].exists()
    assert _leftovers(tmp_path) == []


def test_annotation_mismatch_fails_the_build_and_keeps_the_previous_output(tmp_path):
    """An annotation line that misspells its sentence → AnnotationError; old output byte-identical; no temp folders."""
    _raw_folder(tmp_path)
    build(_config(tmp_path))
    before = _all_files(tmp_path / "out")
    manifest_before = (tmp_path / "splits.json").read_bytes()
    (tmp_path / "ann" / "a.txt").write_text(ANNOTATION_A.replace("[市委]/ORG", "[县委]/ORG"), encoding="utf-8")
    (tmp_path / "raw" / "e.txt").write_text(UTF16_PAGE.replace("太仓", "昆山"), encoding="utf-8")  # a new document
    with pytest.raises(AnnotationError, match=r"a\.txt:3:\d+: sentence a-s0001.*expected '市'.*found '县'"):
        build(_config(tmp_path))
    assert _all_files(tmp_path / "out") == before
    assert (tmp_path / "splits.json").read_bytes() == manifest_before  # the new document was not pinned
    assert _leftovers(tmp_path) == []


def test_failure_while_writing_keeps_the_previous_output(tmp_path, monkeypatch):
    """A crash after some Parquet files were written: the half-built temp folder is removed, old output intact."""
    _raw_folder(tmp_path)
    build(_config(tmp_path))
    before = _all_files(tmp_path / "out")
    calls = []
    real = reduce_pass.write_parts

    def failing(table, prefix):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(table, prefix)

    monkeypatch.setattr(reduce_pass, "write_parts", failing)
    with pytest.raises(OSError, match="disk full"):
        build(_config(tmp_path, workers=1))
    assert _all_files(tmp_path / "out") == before
    assert _leftovers(tmp_path) == []


def test_folder_without_usable_article_is_an_input_error(tmp_path):
    """Only excluded files: the error lists them with their reasons instead of writing an empty dataset."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "empty.txt").write_bytes(b"")
    (raw / "nav.txt").write_text(NAV_ONLY, encoding="utf-8")
    with pytest.raises(InputError, match=r"no usable article \(empty\.txt: empty_file, nav\.txt: no_body\)"):
        build(_config(tmp_path, annotations_dir=None))
    assert not (tmp_path / "out").exists()


def test_sentences_for_raw_builds_in_memory_only(tmp_path):
    """The helper behind check-annotations returns sentence rows and writes nothing (not even the manifest)."""
    _two_docs_sharing_a_sentence(tmp_path)
    (tmp_path / "splits.json").unlink()
    rows = sentences_for_raw(tmp_path / "raw", tmp_path / "splits.json")
    assert [r["id"] for r in rows] == ["test_doc-s0000", "test_doc-s0001", "train_doc-s0000", "train_doc-s0001"]
    assert {r["split"] for r in rows} <= {"train", "test"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]
