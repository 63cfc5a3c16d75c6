"""Files the program reads at run time, found as package data (``importlib.resources``).

* ``schemas/``: one JSON Schema per table (``schemas/README.md``);
* ``corpus/``: the bundled corpus that ``suzhou-news run`` builds (``raw/``,
  ``annotations/``, ``splits.json``, ``releases.json``);
* ``docs/annotation-guidelines.md``: the guidelines the gold follows (the build's
  consistency report reads their justified cases).

In the repository these are the top-level folders ``schemas/``, ``data/`` and
``docs/``, linked into the package (``suzhou_news/schemas``, ``suzhou_news/corpus``,
``suzhou_news/docs``); the wheel and the sdist carry copies. Nothing here is looked up relative to a source file or
the working directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from suzhou_news.errors import SuzhouNewsError


def _folder(name: str) -> Path:
    node = resources.files("suzhou_news") / name
    if not isinstance(node, Path) or not node.is_dir():
        raise SuzhouNewsError(f"package data folder suzhou_news/{name} is missing from this installation "
                              f"({node}); reinstall the package: pip install --force-reinstall suzhou-news")
    return node.resolve()


def schema_dir() -> Path:
    """The folder of table schemas."""
    return _folder("schemas")


def corpus_dir() -> Path:
    """The bundled corpus: ``raw/``, ``annotations/``, ``splits.json``, ``releases.json``."""
    return _folder("corpus")


def guidelines() -> Path:
    """The annotation guidelines."""
    return _folder("docs") / "annotation-guidelines.md"
