"""Script detection and Traditional→Simplified conversion with OpenCC.

The official ``opencc`` package (C++ core) is the dependency; the pure-Python
``opencc-python-reimplemented`` imports under the same name and is accepted as
a drop-in. :func:`backend` records which one ran, and its version.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import metadata

from suzhou_news.errors import SuzhouNewsError
from suzhou_news.builder.ingest.lines import han_characters

HANT_THRESHOLD = 0.05  # share of Han characters that t2s changes


@dataclass(frozen=True)
class Backend:
    package: str
    version: str


class Converter:
    """One OpenCC t2s converter per build (no module-level singleton)."""

    def __init__(self, config: str = "t2s") -> None:
        try:
            import opencc
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise SuzhouNewsError(
                "OpenCC is not installed: pip install opencc "
                "(or opencc-python-reimplemented as a slower drop-in)"
            ) from exc
        self._opencc = opencc
        self._cc = opencc.OpenCC(config)

    @cached_property
    def backend(self) -> Backend:
        dist = "opencc" if hasattr(self._opencc, "clib") else "opencc-python-reimplemented"
        try:
            return Backend(dist, metadata.version(dist))
        except metadata.PackageNotFoundError:
            return Backend(dist, getattr(self._opencc, "__version__", "unknown"))

    def t2s(self, text: str) -> str:
        out = self._cc.convert(text)
        if len(out) != len(text):
            raise SuzhouNewsError(
                "OpenCC t2s changed the text length; offsets would not hold. "
                "Use a character-level config or report the phrase."
            )
        return out


def detect_script(text: str, converter: Converter) -> str:
    """``hant`` when t2s changes at least 5% of the Han characters, else ``hans``."""
    sample = han_characters(text)
    if not sample:
        return "hans"
    converted = converter.t2s(sample)
    if converted == sample:
        return "hans"
    import numpy as np

    a, b = (np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32) for s in (sample, converted))
    changed = int(np.count_nonzero(a != b))
    return "hant" if changed / len(sample) >= HANT_THRESHOLD else "hans"
