"""Systems from outside the suite: entry points and ``package.module:factory`` paths.

A plugin points at a *factory*: a :class:`~.base.Segmenter` or
:class:`~.base.Tagger` subclass itself, or a callable without arguments that
returns one such class or a list of them.  The classes are registered like the
built-in baselines (same name rules, same checks) with a *source* that results
record:

* ``{"kind": "entry-point", "group", "name", "value", "distribution", "version"}``
  for an installed package that declares, in its ``pyproject.toml``::

      [project.entry-points."suzhou_news.systems"]
      my-segmenter = "my_package.systems:factory"

* ``{"kind": "import-path", "path", "module_file", "module_sha256"}`` for
  ``--system my_package.systems:factory`` (the module need not be installed,
  only importable);
* ``{"kind": "builtin" | "adapter" | "module", "module"}`` for classes that
  registered themselves with ``@register``.

This module only loads; :mod:`.registry` registers.  See ``docs/systems.md``.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .base import Baseline, BaselineError

GROUP = "suzhou_news.systems"
IMPORT_PATH = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")


class PluginError(BaselineError, ValueError):
    """A plugin's import path or factory does not give benchmark systems."""


def is_import_path(spec: str) -> bool:
    """``package.module:factory`` (a registry name never contains a colon)."""
    return bool(IMPORT_PATH.match(spec))


def module_source(cls: type) -> dict[str, Any]:
    """Source of a class that registered itself with ``@register``."""
    module = cls.__module__
    kind = ("builtin" if module.startswith("suzhou_news.bench.baselines.") else
            "adapter" if module.startswith("suzhou_news.bench.adapters.") else "module")
    return {"kind": kind, "module": module}


def entry_points() -> list[importlib.metadata.EntryPoint]:
    """The installed entry points of the group, sorted by name for a stable order."""
    return sorted(importlib.metadata.entry_points(group=GROUP), key=lambda ep: (ep.name, ep.value))


def classes_from(obj: Any, where: str) -> list[type[Baseline]]:
    """The system classes a factory stands for; :class:`PluginError` if it gives none."""
    made = obj
    if not (isinstance(obj, type) and issubclass(obj, Baseline)):
        if not callable(obj):
            raise PluginError(f"{where}: {obj!r} is neither a Segmenter/Tagger subclass nor a factory")
        made = obj()
    found = [made] if isinstance(made, type) else list(made) if isinstance(made, Iterable) else [made]
    bad = [c for c in found if not (isinstance(c, type) and issubclass(c, Baseline))]
    if bad or not found:
        raise PluginError(f"{where}: the factory must return a Segmenter or Tagger subclass (or a list of "
                          f"them), got {bad[0] if bad else found!r}; see docs/systems.md")
    return found


def load_entry_point(ep: importlib.metadata.EntryPoint) -> tuple[list[type[Baseline]], dict[str, Any]]:
    dist = ep.dist
    source = {"kind": "entry-point", "group": GROUP, "name": ep.name, "value": ep.value,
              "distribution": dist.name if dist else None, "version": dist.version if dist else None}
    return classes_from(ep.load(), f"entry point {ep.name} = {ep.value}"), source


def load_import_path(path: str) -> tuple[list[type[Baseline]], dict[str, Any]]:
    """Import ``package.module:factory`` and return its classes with their source."""
    if not is_import_path(path):
        raise PluginError(f"{path!r} is not an import path; write it as package.module:factory")
    module_name, _, attr = path.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise PluginError(f"{path}: cannot import {module_name!r} ({exc}); put its folder on PYTHONPATH "
                          "or install its package") from None
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise PluginError(f"{path}: module {module_name!r} has no attribute {attr!r}")
        obj = getattr(obj, part)
    file = getattr(module, "__file__", None)
    source = {"kind": "import-path", "path": path, "module_file": file,
              "module_sha256": hashlib.sha256(Path(file).read_bytes()).hexdigest() if file else None}
    return classes_from(obj, path), source
