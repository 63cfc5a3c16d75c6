"""Schemas: ``schemas/<config>.schema.json`` is the single source of truth.

Each file is JSON Schema (draft 2020-12) for one row, with two extension
keywords documented in ``schemas/README.md``:

* ``x-arrow`` on an integer: its Arrow width (``int32`` or ``int64``);
* ``x-class-label`` on an integer: the label names, making it a ``ClassLabel``.

From it we derive the ``datasets.Features`` and the Arrow schema (which embeds
the Features in its ``huggingface`` metadata). Nothing is inferred from data.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from suzhou_news.errors import SchemaError
from suzhou_news.package_data import schema_dir as _schema_dir

SCHEMA_DIR = _schema_dir()


@dataclass(frozen=True)
class TableSchema:
    name: str
    version: str
    json_schema: dict

    @cached_property
    def features(self):
        from datasets import Features

        return Features({k: _feature(v, f"{self.name}.{k}") for k, v in self.json_schema["properties"].items()})

    @cached_property
    def arrow_schema(self):
        return self.features.arrow_schema

    @property
    def columns(self) -> list[str]:
        return list(self.json_schema["properties"])

    def class_labels(self) -> dict[str, list[str]]:
        """Dotted column path → label names, for every ClassLabel in the table."""
        out: dict[str, list[str]] = {}

        def walk(node: dict, path: str) -> None:
            if "x-class-label" in node:
                out[path] = node["x-class-label"]
            for k, v in node.get("properties", {}).items():
                walk(v, f"{path}.{k}" if path else k)
            if "items" in node:
                walk(node["items"], path)

        walk(self.json_schema, "")
        return out

    def with_class_labels(self, names: dict[str, list[str]]) -> TableSchema:
        """This schema with other ClassLabel names (and ``maximum``) on the given dotted column paths.

        For a dataset that declares its own label set (an imported corpus); every other column is unchanged.
        """
        data = copy.deepcopy(self.json_schema)
        found: set[str] = set()

        def walk(node: dict, path: str) -> None:
            if "x-class-label" in node and path in names:
                node["x-class-label"], node["maximum"] = list(names[path]), len(names[path]) - 1
                found.add(path)
            for k, v in node.get("properties", {}).items():
                walk(v, f"{path}.{k}" if path else k)
            if "items" in node:
                walk(node["items"], path)

        walk(data, "")
        if found != set(names):
            raise SchemaError(f"schemas/{self.name}.schema.json has no ClassLabel at {sorted(set(names) - found)}")
        return TableSchema(self.name, self.version, data)


def _feature(node: dict, where: str):
    from datasets import ClassLabel, List, Value

    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        if len(kinds) != 1:
            raise SchemaError(f"{where}: only one non-null type is supported, got {kind}")
        kind = kinds[0]
    if kind == "string":
        return Value("string")
    if kind == "boolean":
        return Value("bool")
    if kind == "integer":
        if "x-class-label" in node:
            return ClassLabel(names=list(node["x-class-label"]))
        return Value(node.get("x-arrow", "int64"))
    if kind == "number":
        return Value("float64")
    if kind == "array":
        return List(_feature(node["items"], where + "[]"))
    if kind == "object":
        return {k: _feature(v, f"{where}.{k}") for k, v in node["properties"].items()}
    raise SchemaError(f"{where}: unsupported JSON Schema type {kind!r}; see schemas/README.md")


def load_schema(name: str, schema_dir: Path = SCHEMA_DIR) -> TableSchema:
    path = schema_dir / f"{name}.schema.json"
    if not path.exists():
        raise SchemaError(f"{path}: no schema for config {name!r}; add schemas/{name}.schema.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("x-config") != name:
        raise SchemaError(f"{path}: x-config is {data.get('x-config')!r}, expected {name!r}")
    return TableSchema(name, data.get("x-schema-version", "0"), data)


def all_schemas(schema_dir: Path = SCHEMA_DIR) -> dict[str, TableSchema]:
    """Every table schema (files with ``x-config``; ``results.schema.json`` describes a JSON file)."""
    names = sorted(p.name.removesuffix(".schema.json") for p in schema_dir.glob("*.schema.json")
                   if "x-config" in json.loads(p.read_text(encoding="utf-8")))
    return {n: load_schema(n, schema_dir) for n in names}
