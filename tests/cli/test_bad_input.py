"""The bad-input suite: a raw folder of awkward files next to good articles, built end to end.

Every case is made here, in the test. Each file gets one documented outcome (README, "Bad input"):
kept with a flag, or excluded with a reason in build-report.json; never a crash, never a read outside
the raw folder.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from suzhou_news.builder.dataset.audit import read_audit

from suzhou_news.cli import main

PAGE = textwrap.dedent("""\
    首页 > 新闻 > 本地
    苏州市召开全市高质量发展推进大会
    2023-02-03 09:15 来源：苏州日报
    苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展。市委书记出席会议并讲话。
    与会人员表示，将聚焦主导产业，持续推动创新链产业链深度融合，不断增强城市核心竞争力。
    会议强调，要坚持稳中求进工作总基调，推动经济运行持续向好，确保各项工作落到实处。
    责任编辑：王小明
    版权所有 苏州日报社
    """)


TRAD = textwrap.dedent("""\
    常熟市召開文明城市建設推進會議
    常熟市召開文明城市建設推進會議，動員全市上下鞏固文明城市創建成果。市委書記出席會議並講話。
    與會人員表示，將持續提升城市品質，讓文明融入百姓生活，推動各項工作落到實處。
    """)


def _variant(n: int) -> str:
    """A distinct article (so no two files are near-duplicates of each other)."""
    towns = ["昆山", "常熟", "太仓", "吴江", "相城", "吴中", "姑苏", "张家港", "虎丘", "工业园区", "高新区", "望亭"]
    return PAGE.replace("苏州市", towns[n % len(towns)] + "市" + "一二三四五六七八九十"[n % 10])


@pytest.fixture(scope="module")
def awkward(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad-input")
    raw = root / "raw"
    raw.mkdir()
    body = _variant(0).encode()
    cut = body.index("推动高质量".encode())
    files = {
        "good.txt": _variant(1).encode(),
        "nul.txt": body[:cut] + b"\x00\x00" + body[cut:],
        "cut_end.txt": "\n".join(_variant(2).splitlines()[:-2]).encode()[:-1],  # ends in a body line
        "cut_middle.txt": _variant(3).encode()[:cut + 1] + _variant(3).encode()[cut + 2:],
        "mixed.txt": _variant(4).encode() + "无锡推进太湖综合治理工作会议召开，会议指出治太工作任务艰巨。\n".encode("gbk"),
        "gbk.txt": _variant(5).encode("gbk"),
        "big5.txt": TRAD.encode("big5"),
        "one line.txt": ("".join(_variant(7).split("\n")) * 2).encode(),
        "名字.TXT": _variant(8).encode(),
        "其他.txt": _variant(9).encode(),
        "A.txt": _variant(10).encode(),
        "a.txt": _variant(11).encode(),
        "a.html": _variant(12).encode(),
        "x..y.txt": _variant(13).encode(),
        ".hidden.txt": _variant(14).encode(),
        "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "empty.txt": b"",
    }
    for name, data in files.items():
        (raw / name).write_bytes(data)
    outside = root / "outside.txt"
    outside.write_text(PAGE.replace("苏州市", "秘密市"), encoding="utf-8")
    (raw / "passwd.txt").symlink_to(outside)
    (root / "elsewhere").mkdir()
    (raw / "dir_link").symlink_to(root / "elsewhere", target_is_directory=True)
    (raw / "loop").symlink_to(raw / "loop")
    (raw / "same.txt").symlink_to(raw / "good.txt")
    os.mkfifo(raw / "pipe.txt")
    link = root / "raw-link"
    link.symlink_to(raw, target_is_directory=True)
    out = root / "out"
    code = main(["build", "--raw", str(link), "--out", str(out), "--manifest", str(root / "splits.json"),
                 "--no-annotations"])
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    docs = {r["id"]: r for p in sorted((out / "documents").glob("*.parquet")) for r in pq.read_table(p).to_pylist()}
    return code, {f["file"]: f for f in read_audit(out)}, docs


EXPECTED = {
    "good.txt": ("included", None), "nul.txt": ("included", None), "cut_end.txt": ("included", None),
    "cut_middle.txt": ("included", None), "mixed.txt": ("included", None), "gbk.txt": ("included", None),
    "big5.txt": ("included", None), "one line.txt": ("included", None), "名字.TXT": ("included", None),
    "其他.txt": ("included", None), "A.txt": ("included", None), "a.txt": ("included", None),
    "a.html": ("included", None), "x..y.txt": ("included", None),
    ".hidden.txt": ("excluded", "hidden"), "image.txt": ("excluded", "binary_file"),
    "empty.txt": ("excluded", "empty_file"), "passwd.txt": ("excluded", "symlink_outside"),
    "dir_link": ("excluded", "symlink_outside"), "loop": ("excluded", "symlink_broken"),
    "same.txt": ("excluded", "symlink_inside"), "pipe.txt": ("excluded", "special_file"),
}


def test_every_awkward_file_gets_its_documented_outcome(awkward):
    """The build succeeds (exit 0) and each file is included, or excluded with its reason code."""
    code, files, _ = awkward
    assert code == 0
    assert {name: (f["status"], f.get("reason")) for name, f in files.items()} == EXPECTED
    assert all(f["detail"] for f in files.values() if f["status"] == "excluded")


def test_nothing_outside_the_raw_folder_was_read(awkward):
    """Finding 1: the article behind the symlink is in no row, and its file was never hashed."""
    _, files, docs = awkward
    assert files["passwd.txt"]["sha256"] is None
    assert not any("秘密市" in d["text"] for d in docs.values())


@pytest.mark.parametrize(("name", "reason"), [("nul.txt", "nul_bytes"), ("cut_end.txt", "invalid_bytes"),
                                              ("cut_middle.txt", "invalid_bytes")])
def test_one_bad_byte_keeps_the_article_with_a_flagged_span(awkward, name, reason):
    """Finding 3: kept; the damaged span is `corrupted` with its reason; the report lists the raw byte."""
    _, files, docs = awkward
    doc = docs[files[name]["id"]]
    assert reason in {c["reason"] for c in doc["corrupted"]}
    assert "has_corrupted" in doc["flags"]
    assert {d["reason"] for d in files[name]["damage"]} == {reason}
    for c in doc["corrupted"]:
        assert doc["text"][c["start"]:c["end"]] == doc["original_text"][c["start"]:c["end"]] == c["text"]


def test_mixed_encodings_are_decoded_and_recorded(awkward):
    _, files, docs = awkward
    assert files["mixed.txt"]["encoding"] == "utf-8+gb18030"
    assert "无锡推进太湖综合治理" in docs[files["mixed.txt"]["id"]]["text"] or \
        any(r["text"].startswith("无锡推进") for r in files["mixed.txt"]["removed_lines"])


def test_odd_names_keep_their_name_and_never_share_an_id(awkward):
    """Finding 5: 名字.TXT / 其他.txt keep their Han names; A.txt, a.txt and a.html get three ids."""
    _, files, _ = awkward
    ids = {name: f["id"] for name, f in files.items() if f["status"] == "included"}
    assert len(set(ids.values())) == len(ids)
    assert ids["其他.txt"] == "其他" and ids["名字.TXT"].startswith("名字-")
    assert ids["a.txt"] == "a" and ids["A.txt"].startswith("a-") and ids["a.html"].startswith("a_html-")
    assert ids["one line.txt"].startswith("one_line-") and ids["x..y.txt"].startswith("x_y-")


def test_a_one_line_file_of_300_kb_is_kept(tmp_path):
    """Finding 4: a 300 KB single-line article (header, long body, footer on one line) is included with
    every body sentence, and its header and footer are still removed."""
    raw = tmp_path / "raw"
    raw.mkdir()
    head = "首页 > 新闻 > 本地苏州市召开全市高质量发展推进大会2023-02-03 09:15 来源：苏州日报"
    body = "".join(f"会议强调，第{i}项任务要抓紧落实，推动经济运行持续向好。" for i in range(3800))
    (raw / "big.txt").write_text(head + body + "责任编辑：王小明版权所有 苏州日报社", encoding="utf-8")
    assert (raw / "big.txt").stat().st_size > 300_000
    out = tmp_path / "out"
    assert main(["build", "--raw", str(raw), "--out", str(out), "--manifest", str(tmp_path / "s.json"),
                 "--no-annotations"]) == 0
    [f] = read_audit(out)
    assert f["status"] == "included" and f["sentences"] >= 3800
    [doc] = [r for p in (out / "documents").glob("*.parquet") for r in pq.read_table(p).to_pylist()]
    assert body in doc["text"].replace("\n", "")  # pieces become paragraphs
    assert "版权所有" not in doc["text"] and "首页" not in doc["text"]
    assert doc["published"] == "2023-02-03T09:15"


_BOUNDED = textwrap.dedent("""\
    import json, sys, time
    from pathlib import Path
    from suzhou_news.builder.ingest.document import build_document
    from suzhou_news.builder.ingest.script import Converter
    from suzhou_news.builder.ingest.sources import Page, iter_sources
    t0, out = time.perf_counter(), {}
    for got in iter_sources(Path(sys.argv[1])):
        if isinstance(got, Page):
            doc = build_document(got.id_hint, got.text, Converter())
            out[got.file] = "included" if doc else "no_body"
        else:
            out[got.file] = got.reason
    out["seconds"] = time.perf_counter() - t0
    # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak over exec)
    hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    out["max_rss_mib"] = int(hwm.split()[1]) / 1024
    print(json.dumps(out))
    """)


def test_a_50_mb_single_line_file_is_handled_in_bounded_time_and_memory(tmp_path):
    """A 50 MB one-line file next to a good article: excluded as too_large from its size, without being read;
    the article is kept. Generous bounds (a fresh process, 60 s, 400 MiB peak RSS) catch a regression
    that would read or process it whole."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_text(PAGE, encoding="utf-8")
    line = "".join(_variant(2).split("\n")).encode()
    with open(raw / "huge.txt", "wb") as fh:
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    repo = Path(__file__).resolve().parents[2]
    run = subprocess.run([sys.executable, "-c", _BOUNDED, str(raw)], cwd=repo, capture_output=True, text=True,
                         timeout=300, env={**os.environ, "PYTHONPATH": str(repo)})
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert (got["good.txt"], got["huge.txt"]) == ("included", "too_large")
    assert got["seconds"] < 60 and got["max_rss_mib"] < 400


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"<link>")
            for p in sorted(root.rglob("*")) if not p.is_dir() or p.is_symlink()}


def test_a_build_writes_only_its_output_folder_and_the_manifest(tmp_path, monkeypatch):
    """Paths: with raw, annotations, output, manifest and the working folder apart, the build writes
    --out and --manifest and nothing else (no stray temporary folder either)."""
    raw, cwd = tmp_path / "raw", tmp_path / "cwd"
    raw.mkdir()
    cwd.mkdir()
    (raw / "a.txt").write_text(PAGE, encoding="utf-8")
    (raw / "link.txt").symlink_to(raw / "a.txt")
    before = _tree(tmp_path)
    monkeypatch.chdir(cwd)
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--manifest",
                 str(tmp_path / "m" / "splits.json"), "--no-annotations"]) == 0
    after = _tree(tmp_path)
    changed = {k for k in after if before.get(k) != after[k]} | (before.keys() - after.keys())
    locks = {".out.lock", "m/.splits.json.lock"}  # the lock files beside output and manifest (filelock keeps them)
    assert changed and all(k.startswith("out/") or k == "m/splits.json" or k in locks for k in changed), sorted(changed)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "cwd", "m", "out", "raw"]


def test_the_readme_table_lists_every_reason_code_the_reader_can_give():
    """The README 'Bad input' table and the code agree: each registered reason code for an input left out,
    and each damage flag, is in it, and it names no code the code does not have."""
    import re

    from suzhou_news.builder.ingest import damage
    from suzhou_news.builder.ingest.leftout import REASONS

    codes = {*REASONS, damage.NUL_BYTES, damage.INVALID_BYTES, damage.MIXED_ENCODING}
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Bad input", 1)[1].split("\n\n**", 1)[0]
    named = set(re.findall(r"\| `([a-z_]+)` \|", table))
    assert codes == named


def test_annotation_faults_stop_the_build_with_exit_2_and_leave_the_previous_output(tmp_path, capsys):
    """Stopped outcome: a build with good annotations, then one with three faulty lines: exit 2, every fault
    on stderr as file:line:column, and the earlier output byte for byte as it was."""
    raw, ann = tmp_path / "raw", tmp_path / "ann"
    raw.mkdir()
    ann.mkdir()
    (raw / "a.txt").write_text(PAGE, encoding="utf-8")
    args = ["build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--manifest", str(tmp_path / "s.json"),
            "--annotations", str(ann)]
    (ann / "a.txt").write_text("# doc: a\na-s0000\tpre\t苏州市 召开 全市 高质量 发展 推进 大会 ， 动员 全市 上下 推动 "
                               "高质量 发展 。\n", encoding="utf-8")
    assert main(args) == 0
    before = _tree(tmp_path / "out")
    (ann / "a.txt").write_text("# doc: b\na-s0000\tpre\t苏州 召开\na-s0001\treviewed\t[市委 书记/PER\n"
                               "a-s0009\tpre\t会议\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 4 annotation problem(s):")
    for where in ("a.txt:1:8: header names document 'b'", "a.txt:3:18: unbalanced '['",
                  "a.txt:2:16: sentence a-s0000: word 2 '召开' does not match", "a.txt:4:1: sentence id 'a-s0009'"):
        assert where in err, err
    assert _tree(tmp_path / "out") == before
