"""Which systems exist and how a ``--system`` argument names one (``suzhou-news systems``).

A ``--system`` value is one of:

* a registered name (``jieba.default.v1``; ``suzhou-news systems`` lists them,
  including those of installed ``suzhou_news.systems`` plugins);
* an import path ``package.module:factory`` (see ``docs/systems.md``);
* ``hf``: a Hugging Face token-classification model given with ``--model``;
  its task comes from the model's labels (or ``--task``).
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from collections.abc import Mapping
from typing import Any

from suzhou_news.errors import SuzhouNewsError

from .baselines import registry
from .baselines.plugins import PluginError, is_import_path
from .baselines.registry import UnknownBaselineError


class SystemSpecError(SuzhouNewsError):
    """A ``--system`` argument names no usable system; the message says what to pass."""


def _version(package: str | None) -> str | None:
    if package is None:
        return None
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def rows(task: str | None = None) -> list[dict[str, Any]]:
    """One row per registered system: what ``suzhou-news systems`` prints."""
    out = []
    for name in registry.all_names(task):
        cls = registry.get_class(name)
        out.append({"name": name, "task": cls.task, "trained": cls.trained, "label_set": cls.label_set,
                    "package": cls.package, "package_version": _version(cls.package),
                    "needs": getattr(cls, "needs", None), "source": registry.source(name)})
    return out


def _where(source: Mapping[str, Any]) -> str:
    kind = source["kind"]
    if kind == "entry-point":
        return f"entry point {source['name']} ({source['distribution']} {source['version']})"
    if kind == "import-path":
        return f"import path {source['path']}"
    return f"{kind} {source['module']}"


def render(table: list[dict[str, Any]], failures: list[dict[str, str]]) -> str:
    lines = [f"{'system':<24} {'task':<4} {'trained':<7} {'package':<24} source", "-" * 96]
    for r in table:
        package = f"{r['package']} {r['package_version'] or '(not installed)'}" if r["package"] else "-"
        extra = f"  [needs {r['needs']}]" if r["needs"] else ""
        lines.append(f"{r['name']:<24} {r['task']:<4} {'yes' if r['trained'] else 'no':<7} {package:<24} "
                     f"{_where(r['source'])}{extra}")
    lines += [f"not loaded: plugin {f['entry_point']}: {f['error']}" for f in failures]
    return "\n".join(lines) + "\n"


def resolve(spec: str, *, task: str | None = None, model: str | None = None,
            label_map: Mapping[str, str] | None = None, revision: str | None = None) -> str:
    """The registered name a ``--system`` argument stands for (loading an import path first)."""
    if spec == "hf":
        if not model:
            raise SystemSpecError("--system hf needs --model PATH_OR_ID (a local folder or a Hub id)")
        if task is None:
            from .adapters.hf import task_of

            task = task_of(model, revision, dict(label_map or {}))
        return f"hf.{task}.v1"
    if is_import_path(spec):
        if os.getcwd() not in sys.path:  # as `python -m` would: a module in the current folder is found
            sys.path.insert(0, os.getcwd())
        try:
            names = registry.load(spec)
        except (PluginError, ValueError, TypeError) as exc:
            raise SystemSpecError(str(exc)) from None
        chosen = [n for n in names if task is None or registry.get_class(n).task == task]
        if len(chosen) != 1:
            raise SystemSpecError(f"{spec} gives {names or 'no system'}; pass --task to choose one"
                               if chosen else f"{spec} gives no {task} system (it gives {names})")
        return chosen[0]
    try:
        registry.get_class(spec)
    except UnknownBaselineError as exc:
        raise SystemSpecError(str(exc)) from None
    return spec


def overrides(*, model: str | None = None, revision: str | None = None,
              label_map: Mapping[str, str] | None = None, device: str | None = None,
              batch_size: int | None = None, max_length: int | None = None,
              trained: bool | None = None) -> tuple[tuple[str, Any], ...]:
    """Config overrides of an ``hf.*`` system from the command line (the options given, sorted)."""
    given = {"model": model, "revision": revision, "device": device, "batch_size": batch_size,
             "max_length": max_length, "trained": trained,
             "label_map": tuple(sorted((label_map or {}).items())) or None}
    return tuple(sorted((k, v) for k, v in given.items() if v is not None))


def parse_label_map(items: list[str] | None) -> dict[str, str]:
    """``["B-NR=B-PER", "NS=LOC"]`` → a dict; a malformed item names itself."""
    out = {}
    for item in items or ():
        old, sep, new = item.partition("=")
        if not sep or not old or not new:
            raise SystemSpecError(f"--label-map {item!r}: write OLD=NEW, e.g. B-NR=B-PER or NR=PER")
        out[old] = new
    return out
