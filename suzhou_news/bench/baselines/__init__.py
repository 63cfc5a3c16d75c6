"""Baseline systems of the CWS and NER benchmarks.

See :mod:`suzhou_news.bench.baselines.registry` for how systems are named, versioned,
found and built.  Importing this package imports no optional dependency.
"""

from .base import (
    LABEL_SETS,
    AlignmentError,
    Baseline,
    BaselineError,
    InvalidOutputError,
    MissingDependencyError,
    NotFittedError,
    Segmenter,
    Span,
    Tagger,
)
from .registry import (
    ConfigError,
    DuplicateBaselineError,
    UnknownBaselineError,
    get,
    get_class,
    names,
    register,
)

__all__ = [
    "LABEL_SETS",
    "AlignmentError",
    "Baseline",
    "BaselineError",
    "ConfigError",
    "DuplicateBaselineError",
    "InvalidOutputError",
    "MissingDependencyError",
    "NotFittedError",
    "Segmenter",
    "Span",
    "Tagger",
    "UnknownBaselineError",
    "get",
    "get_class",
    "names",
    "register",
]
