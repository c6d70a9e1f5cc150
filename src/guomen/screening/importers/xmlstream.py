"""Stream the records of a large XML file with defusedxml: one record in memory at a time.

DTDs are refused outright (``forbid_dtd``), so entity expansion bombs ("billion laughs") and
external entities (reading local files, fetching URLs) never run. Only the current record is
built as an element tree; everything outside records is read and dropped. A record that grows
past ``max_elements`` or ``max_chars`` stops the run instead of filling memory.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from guomen.screening.importers.report import FatalImportError, WrongFormat
from guomen.screening.importers.streams import read_chunks

MAX_RECORD_ELEMENTS = 10_000
MAX_RECORD_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class XmlRecord:
    number: int  # 1-based, in document order
    line: int  # where the record's start tag is
    element: Element


class _RecordTarget:
    """Parser target: builds only the elements inside a record, checks the root element."""

    def __init__(self, root_tag: str, record_tags: frozenset[str], describe: str) -> None:
        self.root_tag = root_tag
        self.record_tags = record_tags
        self.describe = describe
        self.line: Callable[[], int] = lambda: 0
        self.done: deque[XmlRecord] = deque()
        self.depth = 0
        self.count = 0
        self._builder: TreeBuilder | None = None
        self._record_depth = 0
        self._start_line = 0
        self._elements = 0
        self._chars = 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 1 and tag != self.root_tag:
            raise WrongFormat(f"not {self.describe}: the root element is <{tag[:60]}>", 1)
        if self._builder is None and tag in self.record_tags:
            self._builder = TreeBuilder()
            self._record_depth = self.depth
            self._start_line = self.line()
            self._elements = self._chars = 0
        if self._builder is not None:
            self._elements += 1
            if self._elements > MAX_RECORD_ELEMENTS:
                self._too_big(f"more than {MAX_RECORD_ELEMENTS} elements")
            self._builder.start(tag, attrs)

    def end(self, tag: str) -> None:
        if self._builder is not None:
            self._builder.end(tag)
            if self.depth == self._record_depth:
                self.count += 1
                element = self._builder.close()
                self.done.append(XmlRecord(self.count, self._start_line, element))
                self._builder = None
        self.depth -= 1

    def data(self, text: str) -> None:
        if self._builder is not None:
            self._chars += len(text)
            if self._chars > MAX_RECORD_CHARS:
                self._too_big(f"more than {MAX_RECORD_CHARS} characters of text")
            self._builder.data(text)

    def close(self) -> None:
        return None

    def _too_big(self, what: str) -> None:
        raise FatalImportError(f"record {self.count + 1} has {what}", self._start_line)


def iter_records(
    stream: BinaryIO, *, root_tag: str, record_tags: frozenset[str], describe: str
) -> Iterator[XmlRecord]:
    """Yield each record element (any of ``record_tags``) of the document under ``root_tag``."""
    target = _RecordTarget(root_tag, record_tags, describe)
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.line = lambda: int(parser.parser.CurrentLineNumber)
    looked = False
    for chunk in read_chunks(stream):
        looked = looked or _looks_like_xml(chunk, describe)
        _feed(parser, target, chunk, describe)
        while target.done:
            yield target.done.popleft()
    if not looked:
        raise WrongFormat(f"not {describe}: the file is empty")
    _feed(parser, target, None, describe)
    yield from target.done


def _feed(parser: DefusedXMLParser, target: _RecordTarget, chunk: bytes | None, what: str) -> None:
    try:
        if chunk is None:
            parser.close()
        else:
            parser.feed(chunk)
    except ParseError as exc:
        line = exc.position[0]
        if target.depth == 0 and target.count == 0:
            raise WrongFormat(f"not {what}: {exc}", line) from None
        raise FatalImportError(f"malformed XML: {exc}", line) from None
    except DefusedXmlException as exc:
        raise FatalImportError(
            f"refused: the XML declares a document type or entities ({type(exc).__name__}); "
            "they can hide entity-expansion bombs or read local files",
            int(parser.parser.CurrentLineNumber),
        ) from None
    except (ValueError, LookupError) as exc:  # "multi-byte encodings are not supported" ...
        raise FatalImportError(f"cannot read this XML: {exc}; save it as UTF-8") from None


def _looks_like_xml(chunk: bytes, describe: str) -> bool:
    """False while only whitespace has been seen; raises if the file starts with something
    that cannot be XML."""
    head = chunk.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"<")):
        return True
    raise WrongFormat(f"not {describe}: the file does not start with '<' ({head[:16]!r})", 1)
