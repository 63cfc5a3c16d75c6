"""One type for an input left out of the build, and the one registry of the reason codes it carries.

Every step that does not read something says so with a :class:`LeftOut`: the raw-folder scan (a
symlink, a hidden file), the reader of a file (empty, binary, too large) and the reader of a
container (a WARC record, a JSONL line). The build report lists each one with its reason code and
message (``build-audit.jsonl``: ``status: excluded``). A code must be registered in :data:`REASONS`
with what it means; an unknown code is a programming error, refused when the entry is made.
"""

from __future__ import annotations

from dataclasses import dataclass

# Reason code -> what it means (README "Bad input" lists the cases; the audit lists each entry).
REASONS: dict[str, str] = {
    # the raw-folder scan (scan.py): never opened
    "symlink_outside": "a symlink to a path outside the raw folder",
    "symlink_inside": "a symlink to a file or folder inside the raw folder (the target is read under its own name)",
    "symlink_broken": "a symlink whose target does not exist, or a symlink loop",
    "hidden": "a file or folder whose name starts with '.'",
    "special_file": "a FIFO, socket or device",
    "unreadable": "a file or folder that cannot be opened or listed",
    # reading a page (read.py, damage.py, html_reader.py)
    "empty_file": "file is empty or whitespace only",
    "binary_file": "more than 5% control or NUL bytes: not a text page",
    "undecodable": "more than 1% of the bytes are invalid as UTF-8/16, GB18030 and Big5",
    "too_large": "a page, WARC record or JSONL line over the size limit once decompressed",
    "bad_gzip": "not a readable gzip file",
    "no_article": "an HTML page without a prose paragraph (a list or index page)",
    "not_chinese": "an HTML page whose article is written in another language (little Han text in its prose)",
    "extraction_failed": "the HTML extractor failed on the page",
    # containers (warc.py, jsonl.py)
    "truncated_archive": "a WARC archive or gzipped JSONL file that breaks; the records around the break are read",
    "bad_warc_record": "a WARC record whose end cannot be found (no or a bad Content-Length)",
    "non_html_records": "WARC records that are not HTML articles (requests, metadata, images, redirects)",
    "bad_jsonl_line": "a JSONL line that is not a JSON object with an html or text field",
    # the build (map and global pass)
    "no_body": "no prose paragraph left after removing page furniture",
    "duplicate_content": "the same cleaned title and text as another page (kept once)",
}


@dataclass(frozen=True)
class LeftOut:
    """An input left out (a raw-folder entry, a file, or a record or line inside one), with its reason
    code (a key of :data:`REASONS`) and a message naming where it is and the way out."""

    file: str  # relative to the raw folder, POSIX (or the path as given, outside a build)
    record: int | None  # WARC record or JSONL line number inside a container; None for a whole entry
    reason: str
    detail: str
    sha256: str | None = None  # of the bytes left out, when they were read

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unregistered reason code {self.reason!r}; add it to leftout.REASONS")
