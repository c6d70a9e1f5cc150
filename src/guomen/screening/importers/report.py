"""What an import found wrong, and the run object that streams entries while collecting it.

An importer returns an ``ImportRun``: iterate it once to get the good entries, one by one, in
bounded memory. Problems are collected as it goes: a WARNING keeps the record (a field was
dropped), an ERROR rejects one record, a FATAL stops the run (the file is not the declared
format, is malformed beyond that record, or is hostile). Storage imports all-or-nothing:

    with unit_of_work:
        for entry in run:
            repository.add(entry)
        run.check(skip_bad_records=False)  # raises ImportFailed: roll back
        unit_of_work.commit()
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from guomen.screening.model import WatchlistEntry
from guomen.shared.errors import ValidationFailed

T = TypeVar("T")
DEFAULT_MAX_KEPT = 1000


class Severity(StrEnum):
    WARNING = "warning"  # the record is imported without the bad field
    ERROR = "error"  # the record is rejected
    FATAL = "fatal"  # the import stopped


@dataclass(frozen=True, slots=True)
class ImportProblem:
    severity: Severity
    reason: str
    record: int | None = None  # 1-based record number in the file (header not counted)
    line: int | None = None  # 1-based line where the record starts
    field: str | None = None
    source_id: str | None = None  # the record's own id, where it could be read
    file: str | None = None  # which file, when an import reads several (OFAC alt.csv ...)

    def __str__(self) -> str:
        where = [
            self.file or "",
            f"line {self.line}" if self.line else "",
            f"record {self.record}" if self.record is not None else "",
            f"id {self.source_id}" if self.source_id else "",
        ]
        place = " ".join(w for w in where if w)
        subject = f"{self.field}: " if self.field else ""
        return f"{self.severity}{' ' + place if place else ''}: {subject}{self.reason}"


class RecordRejected(Exception):
    """One record cannot be imported: raised inside an importer, reported as an ERROR."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


class FatalImportError(Exception):
    """Stops the run: raised inside an importer, turned into a FATAL problem by ``ImportRun``."""

    def __init__(self, reason: str, line: int | None = None, file: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.file = file


class WrongFormat(FatalImportError):
    """The file is not in the declared format (a PDF given as UN XML, a CSV with another header)."""


class ImportFailed(ValidationFailed):
    code = "watchlist_import_failed"

    def __init__(self, problems: tuple[ImportProblem, ...], total: int) -> None:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {total - 5} more)" if total > 5 else ""
        super().__init__(f"watchlist import failed: {shown}{more}")
        self.problems = problems


@dataclass(slots=True)
class RecordScope:
    """Where the importer is: record number, line, id. Collects the record's warnings."""

    record: int | None
    line: int | None
    source_id: str | None = None
    file: str | None = None
    warnings: list[tuple[str, str | None]] = field(default_factory=list)

    def warn(self, reason: str, field: str | None = None) -> None:
        if (reason, field) not in self.warnings:
            self.warnings.append((reason, field))


class ProblemLog:
    """Every problem is counted; the first ``max_kept`` are kept (bounded memory)."""

    def __init__(self, max_kept: int = DEFAULT_MAX_KEPT) -> None:
        self.max_kept = max_kept
        self.kept: list[ImportProblem] = []
        self.counts: Counter[Severity] = Counter()
        self.skipped = 0  # records that are fine but out of scope (an FtM Company ...)
        self._first_seen: dict[str, int | None] = {}  # entry id → line of its first record

    def add(self, problem: ImportProblem) -> None:
        self.counts[problem.severity] += 1
        if len(self.kept) < self.max_kept or problem.severity is Severity.FATAL:
            self.kept.append(problem)

    def report(self, scope: RecordScope, severity: Severity, reason: str, fld: str | None) -> None:
        self.add(
            ImportProblem(
                severity, reason, scope.record, scope.line, fld, scope.source_id, scope.file
            )
        )

    def build(self, scope: RecordScope, make: Callable[[], T]) -> T | None:
        """Run ``make`` for one record; a rejection becomes an ERROR and gives None."""
        try:
            result: T | None = make()
        except RecordRejected as exc:
            self.report(scope, Severity.ERROR, exc.reason, exc.field)
            result = None
        except ValidationFailed as exc:
            self.report(scope, Severity.ERROR, exc.message, None)
            result = None
        except ValueError as exc:  # a value no check foresaw: still this record's problem only
            self.report(scope, Severity.ERROR, f"unreadable value: {exc}", None)
            result = None
        for reason, fld in scope.warnings:
            self.report(scope, Severity.WARNING, reason, fld)
        scope.warnings.clear()
        return result

    def entry(
        self, scope: RecordScope, make: Callable[[], WatchlistEntry]
    ) -> WatchlistEntry | None:
        """``build`` for an entry; an entry id already read is an ERROR (the diff keys on it)."""
        entry = self.build(scope, make)
        if entry is None:
            return None
        if entry.entry_id in self._first_seen:
            first = self._first_seen[entry.entry_id]
            where = f" (first on line {first})" if first else ""
            self.report(
                scope, Severity.ERROR, f"entry id {entry.entry_id!r} repeated{where}", "entry_id"
            )
            return None
        self._first_seen[entry.entry_id] = scope.line
        return entry


Producer = Callable[[ProblemLog], Iterator[WatchlistEntry]]


class ImportRun:
    """One pass over one import source. Iterate once; then read ``problems`` or ``check()``."""

    def __init__(self, produce: Producer, *, fmt: str, max_kept: int = DEFAULT_MAX_KEPT) -> None:
        self.format = fmt
        self._produce = produce
        self._log = ProblemLog(max_kept)
        self._started = False
        self.finished = False
        self.entries_read = 0

    def __iter__(self) -> Iterator[WatchlistEntry]:
        if self._started:
            raise RuntimeError("an ImportRun can be iterated only once")
        self._started = True
        try:
            for entry in self._produce(self._log):
                self.entries_read += 1
                yield entry
        except FatalImportError as exc:
            self._log.add(ImportProblem(Severity.FATAL, exc.reason, line=exc.line, file=exc.file))
        self.finished = True

    @property
    def problems(self) -> tuple[ImportProblem, ...]:
        return tuple(self._log.kept)

    @property
    def skipped(self) -> int:
        """Records read but not imported because they are out of scope (not problems)."""
        return self._log.skipped

    def count(self, severity: Severity) -> int:
        return self._log.counts[severity]

    @property
    def fatal(self) -> bool:
        return self.count(Severity.FATAL) > 0

    def failed(self, *, skip_bad_records: bool = False) -> bool:
        """True when the import must not be committed under the caller's policy."""
        return self.fatal or (not skip_bad_records and self.count(Severity.ERROR) > 0)

    def check(self, *, skip_bad_records: bool = False) -> None:
        """Raise ``ImportFailed`` unless every record was read and the policy allows the rest."""
        if not self.finished:
            raise RuntimeError("check() needs the whole run to be read first")
        if self.failed(skip_bad_records=skip_bad_records):
            serious = tuple(p for p in self._log.kept if p.severity is not Severity.WARNING)
            total = self.count(Severity.ERROR) + self.count(Severity.FATAL)
            raise ImportFailed(serious, total)

    def collect(self) -> ImportResult:
        """Read everything into memory (small files, tests, previews)."""
        entries = tuple(self)
        return ImportResult(entries, self.problems, dict(self._log.counts), self.skipped)


@dataclass(frozen=True, slots=True)
class ImportResult:
    entries: tuple[WatchlistEntry, ...]
    problems: tuple[ImportProblem, ...]
    counts: dict[Severity, int]
    skipped: int = 0

    @property
    def ok(self) -> bool:
        return not (self.counts.get(Severity.ERROR) or self.counts.get(Severity.FATAL))

    def of(self, severity: Severity) -> list[ImportProblem]:
        return [p for p in self.problems if p.severity is severity]
