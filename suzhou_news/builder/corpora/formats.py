"""The corpus formats ``suzhou-news import`` reads: every reader module, registered by importing it."""

from __future__ import annotations

import difflib

from suzhou_news.builder.corpora import conll, sighan  # noqa: F401  (each registers its reader in base.READERS)
from suzhou_news.builder.corpora.base import READERS, ReaderInfo
from suzhou_news.errors import InputError


def get_reader(name: str) -> ReaderInfo:
    if name not in READERS:
        close = difflib.get_close_matches(name, READERS, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise InputError(f"unknown corpus format {name!r}; known: {sorted(READERS)}.{hint}")
    return READERS[name]


def names() -> list[str]:
    return sorted(READERS)
