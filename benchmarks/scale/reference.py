"""The bare reference pass: read, NFC, OpenCC t2s, a sentence regex, Parquet write. Nothing else.

    python -m benchmarks.scale.reference RAW_DIR OUT.parquet

It is the floor of what any builder of this dataset must do per byte; the scale
benchmark reports the builder's throughput as a ratio to it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SENTENCE = re.compile(r"[^。！？；\n]+(?:[。！？；]+|…+)?[”’」』）》】]*")
SCHEMA = pa.schema([("file", pa.string()), ("index", pa.int32()), ("text", pa.string())])


def reference_pass(raw: Path, out: Path, batch_rows: int = 50_000) -> tuple[int, int]:
    """Return (files, sentences)."""
    import opencc

    cc = opencc.OpenCC("t2s")
    files = sentences = 0
    cols: dict[str, list] = {"file": [], "index": [], "text": []}
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        for path in sorted(p for p in raw.rglob("*") if p.is_file()):
            text = cc.convert(unicodedata.normalize("NFC", path.read_bytes().decode("utf-8")))
            rel = path.relative_to(raw).as_posix()
            for i, m in enumerate(SENTENCE.finditer(text)):
                cols["file"].append(rel)
                cols["index"].append(i)
                cols["text"].append(m.group().strip())
            files += 1
            if len(cols["text"]) >= batch_rows:
                sentences += len(cols["text"])
                writer.write_table(pa.table(cols, schema=SCHEMA))
                cols = {k: [] for k in cols}
        if cols["text"]:
            sentences += len(cols["text"])
            writer.write_table(pa.table(cols, schema=SCHEMA))
    return files, sentences


if __name__ == "__main__":
    print(reference_pass(Path(sys.argv[1]), Path(sys.argv[2])))
