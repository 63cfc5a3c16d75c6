"""Small raw pages for the pipeline's tests (written into tmp_path by each test) and a folder reader."""

import textwrap
from pathlib import Path

DIGITS = "零一二三四五六七八九"
PLACES = "苏州无锡常州南通扬州镇江泰州昆山太仓常熟张家港吴江相城姑苏"


def article(i: int) -> str:
    """A page (title, furniture, two body paragraphs) unlike article(j) for j != i."""
    tag = "".join(DIGITS[int(c)] for c in f"{i:03d}")
    place = PLACES[(2 * i) % len(PLACES): (2 * i) % len(PLACES) + 2]
    body = "".join(f"{place}第{tag}号{chr(0x4E00 + 211 * i + k)}{chr(0x5000 + 97 * i + k)}项工作" for k in range(12))
    return textwrap.dedent(f"""\
        首页 > 新闻 > 本地
        {place}召开第{tag}次专题会议
        2023-02-03 09:15 来源：{place}日报
        {body}。会议强调，要坚定信心、真抓实干，推动第{tag}项任务落地见效。
        与会人员表示，将聚焦主导产业，持续推动{place}创新链产业链深度融合。
        责任编辑：王小明
        """)


def make_raw(root: Path, n: int) -> Path:
    """``root/raw`` with news-000.txt … one page per article(i)."""
    raw = root / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (raw / f"news-{i:03d}.txt").write_text(article(i), encoding="utf-8")
    return raw


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
