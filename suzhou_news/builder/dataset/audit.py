"""The build's per-input audit trail: ``build-audit.jsonl`` beside ``build-report.json``.

One JSON object per line, one line per raw file (or per record of a container
file), in the sorted order of the raw files: its status (``included`` or
``excluded`` with a reason code and a message), its sha256, its id, and for an
included page every removed line with its reason code. It streams: a reader never
has to hold the whole trail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

AUDIT_FILE = "build-audit.jsonl"


def iter_audit(dataset: Path) -> Iterator[dict]:
    """The audit entries of a built dataset or release folder, in order."""
    with (dataset / AUDIT_FILE).open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def read_audit(dataset: Path) -> list[dict]:
    return list(iter_audit(dataset))
