"""A deterministic synthetic crawl of any size, recombined from the bundled articles' paragraphs.

    python -m benchmarks.scale.generate OUT_DIR --size 100MB [--seed 0]

Every page has page furniture (breadcrumb, a date/source line, an editor line, a
copyright line) around a title and 3–8 paragraphs of sentences drawn from the
bundled pages in ``data/raw``; a fifth of the pages are in Traditional script
(OpenCC s2t); about 3% are near-copies (one character changed) of an earlier page.
Pages go in subfolders of 1,000 files. The same seed and size give the same bytes.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "raw"
_SENTENCE = re.compile(r"[^。！？]+[。！？]”?")
FURNITURE_HEAD = ["首页 > 新闻 > 本地", "名城苏州 滚动 苏州 专题 国内 评论 视频", "当前位置：首页 > 政务 > 要闻"]
FURNITURE_TAIL = ["责任编辑：{name}", "版权所有 苏州日报社 未经授权不得转载", "分享到：微信 微博 QQ空间",
                  "扫一扫在手机打开当前页"]
NAMES = ["王小明", "李华", "张伟", "陈静", "刘洋"]
SOURCES = ["苏州日报", "引力播", "姑苏晚报", "中国苏州", "看苏州"]


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(KB|MB|GB|B)?", text.strip(), re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r}: give a size such as 5MB, 1.1GB or 200000")
    return int(float(m.group(1)) * {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9}[(m.group(2) or "B").upper()])


def sentences_of_bundled_pages(raw: Path = RAW) -> list[str]:
    """The prose sentences (20–200 characters) of the bundled pages, in a fixed order."""
    out: list[str] = []
    for path in sorted(raw.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 40:
                out.extend(s.strip() for s in _SENTENCE.findall(line) if 20 <= len(s.strip()) <= 200)
    return out


def page(rng: random.Random, pool: list[str], number: int) -> str:
    title = rng.choice(pool)[:24].rstrip("，、：；")
    paragraphs = ["".join(rng.choice(pool) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(3, 8))]
    date = f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"
    lines = [rng.choice(FURNITURE_HEAD), f"{title}（第{number}期）", f"时间:{date} 来源:{rng.choice(SOURCES)}", ""]
    for p in paragraphs:
        lines += ["  " + p, ""]
    lines += [t.format(name=rng.choice(NAMES)) for t in rng.sample(FURNITURE_TAIL, 2)]
    return "\n".join(lines) + "\n"


def near_copy(rng: random.Random, text: str) -> str:
    """One Han character of the body replaced by another."""
    body_start = text.index("\n\n") + 2
    positions = [i for i in range(body_start, len(text)) if "\u4e00" <= text[i] <= "\u9fff"]
    i = rng.choice(positions)
    return text[:i] + ("苏" if text[i] != "苏" else "州") + text[i + 1:]


def generate(out: Path, size: int, seed: int = 0) -> tuple[int, int]:
    """Write pages until ``size`` bytes; return (files, bytes)."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    pool = sentences_of_bundled_pages()
    written = files = 0
    recent: list[str] = []
    while written < size:
        if recent and rng.random() < 0.03:
            text = near_copy(rng, rng.choice(recent))
        else:
            text = page(rng, pool, files)
            recent = (recent + [text])[-50:]
        if rng.random() < 0.2:
            text = s2t.convert(text)
        data = text.encode("utf-8")
        path = out / f"{files // 1000:05d}" / f"page-{files:08d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
        files += 1
    return files, written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("out", type=Path)
    p.add_argument("--size", type=parse_size, default=parse_size("10MB"))
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    files, nbytes = generate(args.out, args.size, args.seed)
    print(f"{args.out}: {files} files, {nbytes / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
