"""File name → document id: one rule for every reader.

A document id names the annotation file ``data/annotations/<id>.txt``, prefixes
sentence ids (``<id>-s0000``) and is a path on the Hub, so it must be safe as a
file name on every system, including case-insensitive ones. The rule:

* a name ``<stem>.txt`` whose stem is already *clean* keeps the stem as its id.
  Clean: letters and digits of any script (``名字``, ``苏州2024``), ``_`` and
  ``-``, no upper-case letter, NFC, at most :data:`MAX_ID` characters, not starting
  with ``-``, not a name Windows reserves for a device (:data:`RESERVED`: ``con``,
  ``nul``, ``com1`` …). The bundled ``000_75e60fc438565b56.txt`` → ``000_75e60fc438565b56``.
* any other name is *folded* — NFC, lower case, each run of other characters
  (space, dot, bracket, ``..``) → ``_``, a ``.txt``/``.TXT`` extension dropped and
  any other extension kept (``a.html`` → ``a_html``), cut to :data:`MAX_ID`
  characters — and gets ``-`` plus the first 8 hex digits of the SHA-256 of the
  name, so ``A.txt``/``a.txt``, ``a.txt``/``a.html`` and ``名字.TXT``/``名字.txt``
  never share an id.

A folded name that is a reserved one (``sanitize_id("CON")``, a record id ``nul``) gets
``_doc`` appended (``con_doc``), so no id is a Windows device name.

A file name that is not valid UTF-8 (a byte such as ``\xff``) still gets an id (the
undecodable byte folds to ``_``, the hash covers it); reports show it with the byte
escaped (:func:`printable`).

Two different names in one folder therefore never get the same id (up to a
32-bit hash clash). Files with the same name in different subfolders do; the
build resolves that clash between pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_ID = 80
# device names Windows refuses as file names, whatever the extension (compared in lower case)
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in "0123456789¹²³")})
_OTHER = re.compile(r"[^\w-]+|_+")  # \w is Unicode letters, digits and _


def _is_clean(stem: str) -> bool:
    return (0 < len(stem) <= MAX_ID and not stem.startswith("-") and stem == unicodedata.normalize("NFC", stem)
            and stem == stem.lower() and all(c.isalnum() or c in "_-" for c in stem) and stem not in RESERVED)


def sanitize_id(text: str) -> str:
    """Fold any string to the id alphabet (lower-case letters and digits of any script, ``_``, ``-``)."""
    folded = _OTHER.sub("_", unicodedata.normalize("NFC", text).lower()).strip("_")
    folded = "".join(c if c.isalnum() or c in "_-" else "_" for c in folded).lstrip("-")
    folded = folded[:MAX_ID].rstrip("_") or "doc"
    return f"{folded}_doc" if folded in RESERVED else folded


def file_id(name: str) -> str:
    """The document id for a raw file called ``name`` (its base name, extension included)."""
    stem, dot, ext = name.rpartition(".")
    if dot and ext == "txt" and _is_clean(stem):
        return stem
    base = stem if dot and ext.lower() == "txt" else name
    return f"{sanitize_id(base)}-{hashlib.sha256(name.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def printable(name: str) -> str:
    """A path as reports show it: valid UTF-8, a byte that is not (held as a surrogate by ``os.fsdecode``)
    written ``\\xff``. Names that are valid UTF-8 are returned unchanged."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
