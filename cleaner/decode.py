"""Bytes to text with one documented policy, so every file decodes the same way everywhere.

1. A byte-order mark decides (UTF-8, UTF-16 or UTF-32) and is stripped.
2. UTF-16/32 without a mark is recognised by where its NUL bytes fall.
3. Otherwise strict UTF-8.
4. Otherwise, when most lines are UTF-8 and a few are not, a *mixed* file: each
   line is decoded as UTF-8 if it can be, else as Windows-1252.
5. Otherwise the encoding charset-normalizer detects (recorded in provenance), or
   Windows-1252 where that reads as Western text and the detected one does not.
Bytes that still look binary (NUL bytes, or many control characters once
decoded) are refused with a reason.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAMPLE = 1 << 16
MAX_CONTROL_SHARE = 0.02  # decoded text with more control characters than this is binary


class DecodeError(ValueError):
    """The bytes are not text the cleaner can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bom: bool  # a byte-order mark was present and stripped
    detected: bool  # the encoding was inferred, not declared by a mark or valid UTF-8


def decode(data: bytes) -> Decoded:
    """Decode ``data`` following the module's policy, or raise DecodeError."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, bom=True, detected=False)
    wide = wide_encoding(data[:SAMPLE])
    if wide:
        return _strict(data, wide, bom=False, detected=True)
    if b"\x00" in data[:SAMPLE]:
        raise DecodeError("binary file (NUL bytes, not UTF-16/32 text)")
    try:
        return refuse_binary(Decoded(data.decode("utf-8"), "utf-8", False, False))
    except UnicodeDecodeError:
        pass
    return refuse_binary(_mixed(data) or _detect(data))


def _strict(data: bytes, encoding: str, *, bom: bool, detected: bool) -> Decoded:
    try:
        return refuse_binary(Decoded(data.decode(encoding), encoding, bom, detected))
    except UnicodeDecodeError as error:
        raise DecodeError(f"invalid {encoding}: {error.reason} at byte {error.start}") from None


def wide_encoding(sample: bytes) -> str | None:
    """UTF-16/32 without a mark: ASCII-heavy text has its NUL bytes in fixed positions."""
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    counts = [sample[i::4].count(0) / max(1, len(sample[i::4])) for i in range(4)]
    if counts[1] > 0.9 and counts[2] > 0.9 and counts[3] > 0.9:
        return "utf-32-le"
    if counts[0] > 0.9 and counts[1] > 0.9 and counts[2] > 0.9:
        return "utf-32-be"
    even, odd = (counts[0] + counts[2]) / 2, (counts[1] + counts[3]) / 2
    if odd > 0.6 and even < 0.1:
        return "utf-16-le"
    if even > 0.6 and odd < 0.1:
        return "utf-16-be"
    return None


def mixed_line(line: bytes) -> tuple[str, bool]:
    """One line of a file that mixes encodings: UTF-8 where it is, else Windows-1252; and whether it was UTF-8."""
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace"), False


def decode_mixed(data: bytes) -> str:
    """A file, or a part of one, already known to mix encodings, decoded line by line."""
    return "\n".join(mixed_line(line)[0] for line in data.split(b"\n"))


def _mixed(data: bytes) -> Decoded | None:
    """Line-by-line UTF-8 with Windows-1252 for the lines that are not, when UTF-8 dominates."""
    decoded, utf8_non_ascii, legacy = [], 0, 0
    for line in data.split(b"\n"):
        text, utf8 = mixed_line(line)
        utf8_non_ascii += utf8 and not line.isascii()
        legacy += not utf8
        decoded.append(text)
    if utf8_non_ascii == 0 or legacy > utf8_non_ascii:
        return None
    return Decoded("\n".join(decoded), "mixed utf-8/cp1252", False, True)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # lazy: only for non-UTF-8 input

    sample = data[: 1 << 20]
    best = from_bytes(sample).best()
    if best is None:
        raise DecodeError("not UTF-8 and no text encoding fits (binary data?)")
    encoding = "cp1252" if _western_reads_better(sample, best.encoding) else best.encoding
    return Decoded(data.decode(encoding, errors="replace"), encoding, False, True)


# The letters and signs of Western European text in Windows-1252 beyond ASCII.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŸ€£¥¢©®°±×÷·«»¿¡‘’‚“”„–—…•§¶ºª½¼¾\u00a0"
)


def _western_reads_better(sample: bytes, detected: str) -> bool:
    """Whether Windows-1252 reads a legacy text more plausibly than the encoding charset-normalizer chose.

    On short Western text charset-normalizer often picks a code page that decodes
    without error into the wrong letters (French cp1252 as cp857: "l’équipe" became
    "lÆÚquipe"; Latin-1 English as cp1250: "crêpes" became "crępes", "£" "Ł"). The
    web's commonest legacy encoding wins when every character it gives beyond ASCII
    is a Western letter or sign, in a plausible place, and the detected one's are not.
    """
    if codecs.lookup(detected).name == "cp1252":
        return False
    try:
        western = sample.decode("cp1252")
    except UnicodeDecodeError:  # a byte cp1252 leaves undefined: not Windows-1252 text
        return False
    return _implausible(western) == 0 and _implausible(sample.decode(detected, errors="replace")) > 0


def _implausible(text: str) -> int:
    """Characters beyond ASCII that Western text would not have: outside _WESTERN, or a sign inside a word."""
    count = 0
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        if ch not in _WESTERN:
            count += 1
        elif (
            not ch.isalpha()
            and ch not in "’‘"
            and 0 < i < len(text) - 1
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
        ):
            count += 1  # "Za¿ó³æ": a sign between letters is a letter of another code page
    return count


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")  # below space, other than \t \n \v \f \r


def refuse_binary(decoded: Decoded) -> Decoded:
    """The decoded text, unless it has the control characters of binary data (then DecodeError)."""
    sample = decoded.text[:SAMPLE]
    control = len(_CONTROL.findall(sample))  # a C-speed count: pages are megabytes
    if sample and control / len(sample) > MAX_CONTROL_SHARE:
        raise DecodeError(f"binary data ({control} control characters in the first {len(sample)} decoded)")
    return decoded
