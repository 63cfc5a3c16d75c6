"""Decoding that keeps an article with a few bad bytes, and marks where they were.

:func:`decode_bytes` returns ``(text, encoding, damage)`` or a reason code.
Damaged byte runs are replaced by one :data:`BAD_BYTES_MARK` (U+FFFD) each and
NUL runs by one :data:`NUL_MARK` (U+2400 ␀), so later stages can mark them as
``corrupted`` spans (:mod:`suzhou_news.builder.ingest.corruption`) with the same offsets in
``text`` and ``original_text``. Every run is listed as a :class:`Damage` with its
byte offset and line in the raw file, for the build report.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass

EMPTY = "empty_file"
BINARY = "binary_file"
UNDECODABLE = "undecodable"

BAD_BYTES_MARK = "\ufffd"
NUL_MARK = "\u2400"
INVALID_BYTES = "invalid_bytes"  # bytes that are not valid in the codec (a cut character, a stray byte)
NUL_BYTES = "nul_bytes"
MIXED_ENCODING = "mixed_encoding"  # a line in another codec than the page's: decoded, nothing lost
MARK_REASONS = {BAD_BYTES_MARK: INVALID_BYTES, NUL_MARK: NUL_BYTES}
# A lone surrogate: JSON can carry one ("\\ud800"), but it is not a character and cannot be written as UTF-8.
LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")

# Candidate codecs handed to the detector: the encodings Chinese news pages use.
CHINESE_CODECS = ("gb18030", "big5", "utf_16", "utf_8")
BINARY_SHARE = 0.05  # control bytes above this share: not a text page
DAMAGE_SHARE = 0.01  # damaged bytes above this share (and above DAMAGE_FLOOR): undecodable
DAMAGE_FLOOR = 4
_VOTERS = 16
_CONTROLS = bytes(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0C, 0x0D))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Damage:
    """A byte run of the raw file that is not clean text in the file's encoding."""

    byte: int  # offset in the raw file
    length: int  # bytes
    line: int  # 1-based line of the raw file
    reason: str  # INVALID_BYTES | NUL_BYTES | MIXED_ENCODING
    detail: str = ""


class _OverBudget(Exception):
    pass


def _decode_marking(data: bytes, codec: str, budget: int) -> tuple[str, list[tuple[int, int]]]:
    """Decode, replacing each maximal run of undecodable bytes by one U+FFFD; raise past ``budget`` bytes."""
    view, out, runs, pos, spent = memoryview(data), [], [], 0, 0
    while pos < len(data):
        try:
            out.append(str(view[pos:], codec))
            break
        except UnicodeDecodeError as exc:
            out.append(str(view[pos : pos + exc.start], codec))
            start, end = pos + exc.start, pos + exc.end
            spent += end - start
            if spent > budget:
                raise _OverBudget from None
            if runs and runs[-1][1] == start:
                runs[-1] = (runs[-1][0], end)
            else:
                runs.append((start, end))
                out.append(BAD_BYTES_MARK)
            pos = end
    return "".join(out), runs


def _detect(data: bytes) -> str | None:
    if not data.strip():
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_CODECS)).best()
    return codecs.lookup(best.encoding).name if best is not None else None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _line_of(data: bytes, byte: int) -> int:
    return data.count(b"\n", 0, byte) + 1


def _second_codec(failing: list[bytes]) -> str | None:
    """The codec of the lines that are not UTF-8: detected on them all, else by a vote of the longest ones
    (one damaged line makes the detector give up on the whole)."""
    votes = Counter([_detect(b"\n".join(failing))])
    if votes.most_common(1)[0][0] in (None, "utf-8"):
        votes = Counter(_detect(line) for line in sorted(failing, key=len, reverse=True)[:_VOTERS])
    ranked = [c for c, _ in votes.most_common() if c not in (None, "utf-8")]
    return ranked[0] if ranked else None


def _by_line(data: bytes, budget: int) -> tuple[str, str, list[Damage]]:
    """Each line strict UTF-8, else strict in the detected second codec, else decoded with marks."""
    lines = data.split(b"\n")
    second = _second_codec([line for line in lines if _strict(line, "utf-8") is None])
    parts, damage, used, codec_of = [], [], Counter(), []
    pos = 0
    for n, line in enumerate(lines, start=1):
        got, codec = _strict(line, "utf-8"), "utf-8"
        if got is None and second is not None:
            got, codec = _strict(line, second), second
        if got is None:
            candidates = []
            for c in ("utf-8", second) if second else ("utf-8",):
                try:
                    text, runs = _decode_marking(line, c, budget)
                except _OverBudget:
                    continue
                candidates.append((sum(e - s for s, e in runs), c, text, runs))
            if not candidates:
                raise _OverBudget
            spent, codec, got, runs = min(candidates, key=lambda x: x[0])
            budget -= spent
            damage += [Damage(pos + s, e - s, n, INVALID_BYTES, f"not valid {codec}") for s, e in runs]
        parts.append(got)
        if not line.isascii():  # ASCII lines read the same in every codec: they vote for none
            used[codec] += len(line)
            codec_of.append((n, pos, len(line), codec))
        pos += len(line) + 1
    ranked = [c for c, _ in used.most_common()] or ["utf-8"]
    primary = ranked[0]
    for n, start, length, codec in codec_of:
        if codec != primary and length:
            damage.append(Damage(start, length, n, MIXED_ENCODING, f"line decoded as {codec}, the page as {primary}"))
    return "\n".join(parts), "+".join([primary] + sorted(ranked[1:])), damage


def _mark_nuls(text: str, data: bytes, encoding: str) -> tuple[str, list[Damage]]:
    if "\x00" not in text:
        return text, []
    damage = []
    if encoding.startswith("utf-16"):
        for m in re.finditer("\x00+", text):
            byte = len(text[: m.start()].encode("utf-16-le")) + 2
            damage.append(Damage(byte, 2 * len(m.group()), _line_of(data, byte), NUL_BYTES))
    else:  # in UTF-8, GB18030 and Big5 a 0x00 byte is always a NUL character
        damage = [Damage(m.start(), len(m.group()), _line_of(data, m.start()), NUL_BYTES)
                  for m in re.finditer(rb"\x00+", data)]
    return re.sub("\x00+", NUL_MARK, text), damage


def decode_bytes(data: bytes) -> tuple[str, str, tuple[Damage, ...]] | str:
    """``(text, encoding, damage)``, or a reason code (:data:`EMPTY`, :data:`BINARY`, :data:`UNDECODABLE`)."""
    if not data.strip():
        return EMPTY
    budget = max(DAMAGE_FLOOR, int(len(data) * DAMAGE_SHARE))
    damage: list[Damage] = []
    text = encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, runs = _decode_marking(data, codec, budget)
            except _OverBudget:
                return UNDECODABLE
            encoding = codec
            damage = [Damage(s, e - s, _line_of(data, s), INVALID_BYTES, f"not valid {codec}") for s, e in runs]
            break
    if text is None:
        if len(data) - len(data.translate(None, _CONTROLS)) > BINARY_SHARE * len(data):
            return BINARY
        text, encoding = _strict(data, "utf-8"), "utf-8"
        if text is None:
            detected = _detect(data)
            text, encoding = (_strict(data, detected), detected) if detected else (None, None)
        if text is None:
            try:
                text, encoding, damage = _by_line(data, budget)
            except _OverBudget:
                return UNDECODABLE
    text, nuls = _mark_nuls(text, data, encoding)
    return text, encoding, tuple(sorted(damage + nuls, key=lambda d: d.byte))
