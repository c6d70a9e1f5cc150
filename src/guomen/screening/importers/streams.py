"""Reading import sources in bounded memory: a path or an open binary stream, line by line.

No line is ever held whole beyond ``max_line_bytes``: a 2 GB file without a newline is read in
chunks and reported as one overlong line, not loaded into memory.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from guomen.screening.importers.report import FatalImportError, WrongFormat

Source = str | os.PathLike[str] | BinaryIO
MAX_LINE_BYTES = 1 << 20  # 1 MiB: far above any real record, far below any memory limit
CHUNK_BYTES = 1 << 16


def source_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return str(getattr(source, "name", "stream"))


@contextmanager
def open_binary(source: Source) -> Iterator[BinaryIO]:
    """Open a path for binary reading (closed afterwards), or pass an open stream through."""
    if not isinstance(source, str | os.PathLike):
        yield source
        return
    try:
        stream = Path(source).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise FatalImportError(f"cannot open {source}: {exc.strerror or exc}") from None
    with stream:
        yield stream


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    text: str  # decoded, with its line ending
    problem: str | None = None  # why this line cannot be trusted (bad bytes, too long)


def read_lines(
    stream: BinaryIO, *, encoding: str = "utf-8", max_line_bytes: int = MAX_LINE_BYTES
) -> Iterator[Line]:
    """Decode ``stream`` line by line. A line that does not decode is given with U+FFFD in place
    of the bad bytes and a ``problem``; a line over ``max_line_bytes`` is skipped to its end and
    given as an empty line with a ``problem``. A UTF-8 byte-order mark is dropped."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise FatalImportError(f"unknown text encoding {encoding!r}") from None
    number = 0
    while True:
        raw = stream.readline(max_line_bytes + 1)
        if not raw:
            return
        number += 1
        if number == 1:
            raw = _strip_bom(raw, encoding)
        if len(raw) > max_line_bytes and not raw.endswith(b"\n"):
            skipped = _skip_to_newline(stream)
            size = len(raw) + skipped
            yield Line(number, "\n", f"line is longer than {max_line_bytes} bytes ({size}+)")
            continue
        yield _decode(number, raw, encoding)


def _strip_bom(raw: bytes, encoding: str) -> bytes:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise WrongFormat(f"the file is UTF-16 text, not {encoding}: save it as UTF-8", line=1)
    return raw


def _skip_to_newline(stream: BinaryIO) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(CHUNK_BYTES)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _decode(number: int, raw: bytes, encoding: str) -> Line:
    try:
        return Line(number, raw.decode(encoding))
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4].hex(" ")
        reason = f"bytes {bad} at column {exc.start + 1} are not valid {encoding}"
        return Line(number, raw.decode(encoding, errors="replace"), reason)


def read_chunks(stream: BinaryIO, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    while chunk := stream.read(size):
        yield chunk
