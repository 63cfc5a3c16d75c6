"""Stage 6 — write: rows to Parquet with pinned options, atomically.

* Files: ``<config>/<split>-NNNNN-of-MMMMM.parquet``, rows sorted by ``id``.
* The Arrow schema comes from ``schemas/`` and embeds the HF ``Features``. Rows
  (:func:`to_table`) or columns (:func:`columns_to_table`) become Arrow arrays of the
  declared types; ClassLabel names become their index in the schema's ``x-class-label`` list.
* Writer options are pinned (:data:`PARQUET_OPTIONS`); nothing time-dependent is
  written, so the same inputs and library versions give byte-identical files.
* :func:`atomic_output` builds into a temporary sibling folder and swaps it in
  only when everything succeeded (one atomic exchange where the OS offers it); a
  failed or killed build leaves the old output untouched, and the next run removes
  what a dead build left beside the target. It replaces only what it recognises as
  its own (``outputs.replaceable``: nothing, an empty folder, or an earlier output
  of the same command, whose marker file it writes).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from suzhou_news.builder.dataset.outputs import check_output, replaceable, write_marker
from suzhou_news.builder.dataset.schema import TableSchema
from suzhou_news.errors import InputError, SchemaError, UsageError

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

Encode = Callable[[object], object]


def _encoder(node: dict, where: str) -> Encode | None:
    """A value converter for one JSON Schema node (ClassLabel names → ints), or None when values pass as they are."""
    if "x-class-label" in node:
        names = list(node["x-class-label"])
        index = {n: i for i, n in enumerate(names)}

        def label(value):
            if value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(names)):
                return value
            try:
                return index[value]
            except (KeyError, TypeError):
                raise ValueError(f"{where}: {value!r} is not one of the class labels {names}") from None

        return label
    kind = node.get("type")
    if kind == "array":
        inner = _encoder(node["items"], where + "[]")
        return None if inner is None else (lambda v: None if v is None else [inner(x) for x in v])
    if kind == "object":
        fields = {k: _encoder(v, f"{where}.{k}") for k, v in node["properties"].items()}
        if all(f is None for f in fields.values()):
            return None
        return lambda d: None if d is None else {k: (f(d[k]) if f else d[k]) for k, f in fields.items()}
    return None


def _column_encoders(schema: TableSchema) -> dict[str, Encode | None]:
    return {k: _encoder(v, k) for k, v in schema.json_schema["properties"].items()}


def to_table(rows: list[dict], schema: TableSchema, where: str) -> pa.Table:
    """Rows → Arrow table with the declared schema (never inferred), built column by column."""
    columns = schema.columns
    wanted = set(columns)
    for i, row in enumerate(rows):
        if row.keys() != wanted:
            missing = [c for c in columns if c not in row]
            extra = [c for c in row if c not in wanted]
            raise SchemaError(f"{where}: row {i} does not match schemas/{schema.name}.schema.json "
                              f"(missing {missing}, unexpected {extra})")
    return columns_to_table({name: [r[name] for r in rows] for name in columns}, schema, where)


def columns_to_table(columns: dict[str, list], schema: TableSchema, where: str) -> pa.Table:
    """Columns (every column of the schema, name → values, one per row) → Arrow table with the declared
    schema, as :func:`to_table` makes it from rows, without the rows."""
    if columns.keys() != set(schema.columns) or len({len(v) for v in columns.values()}) > 1:
        raise SchemaError(f"{where}: columns {sorted(columns)} ({sorted({len(v) for v in columns.values()})} rows) "
                          f"do not match schemas/{schema.name}.schema.json ({schema.columns}, one length)")
    ids = columns.get("id")
    arrow = schema.arrow_schema
    arrays = []
    for name, enc in _column_encoders(schema).items():
        values = columns[name]
        if enc is not None:
            try:
                values = [enc(v) for v in values]
            except (ValueError, TypeError, KeyError) as exc:
                i = _first_bad(values, enc)
                raise SchemaError(f"{where}: row {i} (id {ids[i] if ids else None!r}) does not fit "
                                  f"schemas/{schema.name}.schema.json: {exc}") from exc
        try:
            arrays.append(pa.array(values, type=arrow.field(name).type))
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, OverflowError) as exc:
            i = _first_bad(values, lambda v, t=arrow.field(name).type: pa.array([v], type=t))
            raise SchemaError(f"{where}: row {i} (id {ids[i] if ids else None!r}) does not fit "
                              f"schemas/{schema.name}.schema.json: column {name}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=arrow)


def _first_bad(values: list, check: Callable[[object], object]) -> int:
    for i, v in enumerate(values):
        try:
            check(v)
        except (ValueError, TypeError, KeyError, pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            return i
    return 0


def shard_paths(config: str, split: str, n_rows: int) -> list[str]:
    n = max(1, -(-n_rows // MAX_ROWS_PER_SHARD))
    return [f"{config}/{split}-{i:05d}-of-{n:05d}.parquet" for i in range(n)]


def write_parts(table: pa.Table, prefix: Path) -> list[Path]:
    """``table`` (already sorted) in files of at most :data:`MAX_ROWS_PER_SHARD` rows: ``prefix-NNNNN.parquet``."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(max(1, -(-table.num_rows // MAX_ROWS_PER_SHARD))):
        path = prefix.with_name(f"{prefix.name}-{i:05d}.parquet")
        pq.write_table(table.slice(i * MAX_ROWS_PER_SHARD, MAX_ROWS_PER_SHARD), path, **PARQUET_OPTIONS)
        paths.append(path)
    return paths


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
    _remove_dead_leftovers(path.parent, f".{path.name}.tmp-")
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_dead_leftovers(parent: Path, prefix: str) -> None:
    """Remove ``prefix<pid>…`` siblings left by a process that no longer runs (a killed build)."""
    for p in parent.glob(f"{prefix}*"):
        pid = p.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


def kill_point(name: str) -> None:
    """Test hook for fault injection: SIGKILL this process at ``name`` when ``SUZHOU_NEWS_KILL_AT`` says so."""
    if os.environ.get("SUZHOU_NEWS_KILL_AT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def recover_output(target: Path) -> None:
    """Before a build: put back an output a killed swap left aside, and remove dead builds' temporaries."""
    target = target.resolve()
    if not target.parent.is_dir():
        return
    if not target.exists():
        olds = sorted(target.parent.glob(f".{target.name}.old-*"))
        if olds:
            olds[-1].rename(target)
    _remove_dead_leftovers(target.parent, f".{target.name}.tmp-")
    _remove_dead_leftovers(target.parent, f".{target.name}.old-")


@contextlib.contextmanager
def atomic_output(target: Path, command: str) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; on success it gets ``command``'s marker and replaces
    ``target``, which must be missing, empty or an earlier output of ``command`` (checked again before the swap)."""
    check_output(target, command)
    target = target.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        recover_output(target)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise InputError(f"{target}: cannot write beside it ({exc.strerror or exc}): pass an --out in a folder "
                         "you can write to") from None
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; the output is an ordinary folder
    try:
        yield tmp
        write_marker(tmp, command)
        if not replaceable(target, command):
            raise UsageError(f"{target}: appeared while the command ran and is not an earlier output of "
                             f"`suzhou-news {command}`; left as it is: pass another --out")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    kill_point("swap")
    if target.exists() and _exchange(tmp, target):
        kill_point("swap-exchanged")
        shutil.rmtree(tmp, ignore_errors=True)  # now holds the previous output
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
    tmp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
