"""Peak memory and time of the hostile inputs of issue 20, at full size, each through the command line.

    python -m benchmarks.hostile_input WORK_DIR [--only NAME ...] [--keep]

Each case writes its input under ``WORK_DIR/<name>/`` (gzip bombs expanding to 1 GiB, a 20 MB HTML
page, a 50 MB WARC record, a SIGHAN file with one 200 MB line, a 420 MB Label Studio export, a WARC
with a member cut mid-way, JSON nested 100,000 deep) and runs the ``suzhou-news`` command a user
would, under ``/usr/bin/time -v``. Prints one line per case: exit code, peak RSS (MiB), wall seconds,
and the outcome (the reason codes in ``build-audit.jsonl``, or the first line of the error). The
targets are a peak under 1 GiB and under 30 s per input; this script reports, it asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

GIB = 1024**3
BLOCK = 1024 * 1024
PARAGRAPH = "苏州市召开全市高质量发展推进大会，动员全市上下推动高质量发展，市委书记出席会议并讲话。"
GOOD = f"苏州新闻\n{PARAGRAPH}\n{PARAGRAPH}\n{PARAGRAPH}\n"  # one good article, so every build has one


def _gzip_stream(path: Path, head: bytes, size: int, tail: bytes, mode: str = "wb") -> None:
    """gzip of ``head`` + ``size`` spaces + ``tail`` (written block by block), as one member appended to ``path``."""
    with path.open(mode) as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(head)
        for _ in range(size // BLOCK):
            gz.write(b" " * BLOCK)
        gz.write(tail)


def _response(url: str, body_size: int, body_head: bytes = b"<html><body><p>") -> tuple[bytes, bytes]:
    """The WARC + HTTP headers of a response whose payload is ``body_head`` + spaces, and its head."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    length = len(http) + len(body_head) + body_size
    warc = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2023-02-03T10:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()
    return warc + http + body_head, b"\r\n\r\n"


def _html(paragraphs: int, tag: int = 0) -> bytes:
    body = "".join(f"<p>{PARAGRAPH}第{tag}篇第{i}段。</p>" for i in range(paragraphs))
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>苏州新闻</title></head><body><h1>苏州新闻</h1>{body}</body></html>".encode()


def _raw(case: Path) -> Path:
    raw = case / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "good.txt").write_text(GOOD, encoding="utf-8")
    return raw


def _build(case: Path) -> list[str]:
    return ["build", "--raw", str(case / "raw"), "--out", str(case / "out"), "--manifest", str(case / "splits.json"),
            "--no-annotations", "--workers", "1"]


def html_gz_bomb(case: Path) -> list[str]:
    _gzip_stream(_raw(case) / "bomb.html.gz", b"<!DOCTYPE html><html><body><p>", GIB, b"</p></body></html>")
    return _build(case)


def jsonl_gz_bomb(case: Path) -> list[str]:
    _gzip_stream(_raw(case) / "bomb.jsonl.gz", b'{"text": "', GIB, b'"}\n')
    return _build(case)


def warc_gz_bomb(case: Path) -> list[str]:
    head, tail = _response("http://x.cn/bomb.html", GIB)
    _gzip_stream(_raw(case) / "bomb.warc.gz", head, GIB, tail)
    return _build(case)


def html_20mb(case: Path) -> list[str]:
    (_raw(case) / "big.html").write_bytes(_html(20 * 1000 * 1000 // 150))
    return _build(case)


def warc_50mb_record(case: Path) -> list[str]:
    page = _html(50 * 1000 * 1000 // 150)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.cn/big.html\r\n"
            f"WARC-Record-ID: <urn:uuid:{0:032x}>\r\nContent-Length: {len(http) + len(page)}\r\n\r\n").encode()
    (_raw(case) / "big.warc").write_bytes(head + http + page + b"\r\n\r\n")
    return _build(case)


def warc_cut_member(case: Path) -> list[str]:
    members = []
    for n in range(3):
        page = _html(3, n)
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.cn/a{n}.html\r\n"
                f"WARC-Record-ID: <urn:uuid:{n:032x}>\r\nContent-Length: {len(http) + len(page)}\r\n\r\n").encode()
        members.append(gzip.compress(head + http + page + b"\r\n\r\n", mtime=0))
    members[1] = members[1][: len(members[1]) // 2]
    (_raw(case) / "cut.warc.gz").write_bytes(b"".join(members))
    return _build(case)


def sighan_200mb_line(case: Path) -> list[str]:
    case.mkdir(parents=True, exist_ok=True)
    with (case / "corpus.utf8").open("wb") as fh:
        fh.write("苏州  新闻\n".encode())
        word = "苏州 ".encode()
        for _ in range(200 * BLOCK // (len(word) * 1024)):
            fh.write(word * 1024)
        fh.write(b"\n")
    return ["import", "sighan", "--test", str(case / "corpus.utf8"), "--name", "hostile", "--out", str(case / "out")]


def labelstudio_420mb(case: Path, size: int = 420 * 1000 * 1000) -> list[str]:
    case.mkdir(parents=True, exist_ok=True)
    task = json.dumps({"data": {"text": PARAGRAPH, "sentence_id": "d-s0001"}, "annotations": []}, ensure_ascii=False)
    with (case / "export.json").open("w", encoding="utf-8") as fh:
        fh.write("[")
        n = size // (len(task.encode()) + 2)
        for i in range(n):
            fh.write(("," if i else "") + task + "\n")
        fh.write("]")
    return ["import", "labelstudio", str(case / "export.json"), "--dataset", str(case / "none"), "--annotations",
            str(case / "ann")]


def labelstudio_60mb(case: Path) -> list[str]:
    """Just under the 64 MiB limit: read whole; its peak is what the limit allows."""
    return labelstudio_420mb(case, 60 * 1000 * 1000)


def labelstudio_deep(case: Path) -> list[str]:
    case.mkdir(parents=True, exist_ok=True)
    (case / "export.json").write_text("[" * 100_000 + "]" * 100_000)
    return ["import", "labelstudio", str(case / "export.json"), "--dataset", str(case / "none"), "--annotations",
            str(case / "ann")]


def doccano_deep(case: Path) -> list[str]:
    case.mkdir(parents=True, exist_ok=True)
    (case / "e.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n")
    return ["import", "doccano", str(case / "e.jsonl"), "--dataset", str(case / "none"), "--annotations",
            str(case / "ann")]


CASES: dict[str, Callable[[Path], list[str]]] = {f.__name__: f for f in (
    html_gz_bomb, jsonl_gz_bomb, warc_gz_bomb, html_20mb, warc_50mb_record, warc_cut_member, sighan_200mb_line,
    labelstudio_420mb, labelstudio_60mb, labelstudio_deep, doccano_deep)}


def _outcome(case: Path, stderr: str) -> str:
    audit = case / "out" / "build-audit.jsonl"
    if audit.exists():
        rows = [json.loads(line) for line in audit.read_text(encoding="utf-8").splitlines()]
        return ", ".join(f"{n} {k}" for k, n in sorted(Counter(r.get("reason", "included") for r in rows).items()))
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    return errors[0][:160] if errors else (stderr.strip().splitlines() or ["(no output)"])[-1][:160]


def run(name: str, work: Path, keep: bool) -> str:
    case = work / name
    shutil.rmtree(case, ignore_errors=True)
    argv = CASES[name](case)
    size = sum(p.stat().st_size for p in case.rglob("*") if p.is_file())
    proc = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "suzhou_news", *argv],
                          capture_output=True, text=True)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1)) / 1024
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", proc.stderr).group(1)
    secs = sum(float(x) * 60**i for i, x in enumerate(reversed(wall.split(":"))))
    line = f"{name:20} exit {proc.returncode}  peak {rss:7.1f} MiB  {secs:6.1f} s  input {size / 1e6:7.1f} MB  " \
           f"{_outcome(case, proc.stderr)}"
    if not keep:
        shutil.rmtree(case, ignore_errors=True)
    return line


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("work_dir", type=Path)
    p.add_argument("--only", nargs="+", choices=sorted(CASES), help="run these cases only")
    p.add_argument("--keep", action="store_true", help="keep each case's input and output")
    args = p.parse_args(argv)
    for name in args.only or CASES:
        print(run(name, args.work_dir, args.keep), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
