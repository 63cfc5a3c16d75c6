"""Importers for the standard corpora: one module per file format, found through a registry.

``suzhou-news import FORMAT`` reads a corpus the user has on disk (nothing is
downloaded) and writes a dataset folder with the same ``segmentation`` or
``ner`` schema, card and ``validate`` as a built suzhou-news dataset, plus a
``provenance`` table (source file, its sha256, line) and ``import-report.json``.

* :mod:`.sighan`: SIGHAN 2005 bakeoff files (words separated by whitespace);
* :mod:`.conll`: one character and its tag per line (MSRA, People's Daily, Weibo NER);
* :mod:`.labelmap`: corpus label names -> the project's entity labels;
* :mod:`.dataset`: rows, card, report and the atomic write.
"""

from .base import READERS, ImportConfig, ImportedSentence, Source, reader
from .dataset import import_corpus

__all__ = ["READERS", "ImportConfig", "ImportedSentence", "Source", "import_corpus", "reader"]
