"""Scoring for the segmentation and NER benchmarks; definitions in ``docs/metrics.md``."""

from .bootstrap import PairedBootstrap, bootstrap_ci, paired_bootstrap
from .cws import (
    CwsCounts, CwsScore, align_words, check_alignment, cws_sentence_counts, read_sighan,
    read_words, score_cws, split_words,
)
from .ner import (
    NerCounts, NerScore, Span, map_labels, ner_sentence_counts, read_conll, score_spans,
    score_tags, span_sentence_counts, spans_from_tags, split_tag, tags_from_spans,
)
from .prf import PRF

__all__ = [
    "PRF", "CwsCounts", "CwsScore", "NerCounts", "NerScore", "PairedBootstrap", "Span",
    "align_words", "bootstrap_ci", "check_alignment", "cws_sentence_counts", "map_labels",
    "ner_sentence_counts", "paired_bootstrap", "read_conll", "read_sighan", "read_words",
    "score_cws", "score_spans", "score_tags", "span_sentence_counts", "spans_from_tags",
    "split_tag", "split_words", "tags_from_spans",
]
