"""Stage 6 — write: rows to Parquet with pinned options, atomically.

* Files: ``<config>/<split>-NNNNN-of-MMMMM.parquet``, rows sorted by ``id``.
* The Arrow schema comes from ``schemas/`` and embeds the HF ``Features``.
* Writer options are pinned (:data:`PARQUET_OPTIONS`); nothing time-dependent is
  written, so the same inputs and library versions give byte-identical files.
* :func:`atomic_output` builds into a temporary sibling folder and swaps it in
  only when everything succeeded; a failed build leaves the old output untouched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from builder.errors import SchemaError
from builder.dataset.schema import TableSchema

PARQUET_OPTIONS = dict(
    compression="zstd",
    compression_level=9,
    use_dictionary=True,
    write_statistics=True,
    version="2.6",
    data_page_version="1.0",
    row_group_size=10_000,
    write_page_index=False,
    store_schema=True,
)
MAX_ROWS_PER_SHARD = 50_000


def to_table(rows: list[dict], schema: TableSchema, where: str) -> pa.Table:
    """Rows → Arrow table with the declared schema (never inferred)."""
    columns = schema.columns
    encoded = []
    for i, row in enumerate(rows):
        if row.keys() != set(columns):
            missing = [c for c in columns if c not in row]
            extra = [c for c in row if c not in columns]
            raise SchemaError(f"{where}: row {i} does not match schemas/{schema.name}.schema.json "
                              f"(missing {missing}, unexpected {extra})")
        try:
            encoded.append(schema.features.encode_example(row))
        except (ValueError, TypeError, KeyError) as exc:  # e.g. a label not among the ClassLabel names
            raise SchemaError(f"{where}: row {i} (id {row.get('id')!r}) does not fit "
                              f"schemas/{schema.name}.schema.json: {exc}") from exc
    try:
        return pa.Table.from_pylist(encoded, schema=schema.arrow_schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        for i, row in enumerate(encoded):  # name the first row that does not fit
            try:
                pa.Table.from_pylist([row], schema=schema.arrow_schema)
            except (pa.ArrowInvalid, pa.ArrowTypeError) as row_exc:
                raise SchemaError(f"{where}: row {i} (id {row.get('id')!r}) does not fit "
                                  f"schemas/{schema.name}.schema.json: {row_exc}") from exc
        raise SchemaError(f"{where}: rows do not fit schemas/{schema.name}.schema.json: {exc}") from exc


def shard_paths(config: str, split: str, n_rows: int) -> list[str]:
    n = max(1, -(-n_rows // MAX_ROWS_PER_SHARD))
    return [f"{config}/{split}-{i:05d}-of-{n:05d}.parquet" for i in range(n)]


def write_split(out_dir: Path, schema: TableSchema, split: str, rows: list[dict]) -> list[str]:
    rows = sorted(rows, key=lambda r: r["id"])
    table = to_table(rows, schema, f"{schema.name}/{split}")
    paths = shard_paths(schema.name, split, len(rows))
    for i, rel in enumerate(paths):
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        part = table.slice(i * MAX_ROWS_PER_SHARD, MAX_ROWS_PER_SHARD)
        pq.write_table(part, target, **PARQUET_OPTIONS)
    return paths


def write_text_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temporary sibling is renamed over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it replaces ``target``."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; the output is an ordinary folder
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
