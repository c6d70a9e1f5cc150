"""Watchlist use cases: create a list, import a version, approve or reject it under four eyes.

Each function authorises, does its work in the caller's unit of work, writes its audit entry
and commits once. An import is all-or-nothing: the whole source is read and checked before
anything is written, and a refused import leaves only its audit entry behind. Reading lists
and entries is in ``screening.queries``.

``actor`` is a signed-in :class:`Principal` (checked against the access policy) or, for the
operator's command line on the server itself, the name the operator gives (``--author``,
``--by``), recorded as given like every other ``guomen`` command run on the server.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize
from guomen.screening.importers import ImportFailed, ImportProblem, ImportRun, Severity
from guomen.screening.model import InvalidEntry, Watchlist, WatchlistEntry
from guomen.screening.ports import ScreeningUnitOfWork, VersionRecord
from guomen.screening.versions import (
    ListDiff,
    ListVersion,
    VersionStatus,
    approve_version,
    propose_version,
    reject_version,
)
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from guomen.shared.ids import new_id

Actor = Principal | str
MAX_NAME = 160


def actor_name(actor: Actor, action: Action, *, purpose: str = "") -> str:
    """Authorise a principal, or accept the operator's stated name; the name acts."""
    if isinstance(actor, Principal):
        authorize(actor, action, purpose=purpose)
        return actor.name
    name = " ".join(actor.split())
    if not name or len(name) > MAX_NAME:
        raise ValidationFailed(f"name the person acting (1-{MAX_NAME} characters)")
    return name


def audit_event(
    actor: Actor,
    action: str,
    object_id: str,
    *,
    outcome: str = "ok",
    purpose: str = "",
    detail: dict[str, str] | None = None,
) -> AuditEvent:
    if isinstance(actor, Principal):
        return event_for(
            actor,
            action,
            object_type="watchlist",
            object_id=object_id,
            purpose=purpose,
            outcome=outcome,
            detail=detail,
        )
    name = " ".join(actor.split())[:MAX_NAME]
    return AuditEvent(
        f"cli:{name}",
        "operator",
        action,
        "watchlist",
        object_id,
        purpose,
        "",
        outcome,
        detail or {},
    )


def create_watchlist(
    uow: ScreeningUnitOfWork, clock: Clock, actor: Actor, watchlist: Watchlist
) -> Watchlist:
    actor_name(actor, Action.MANAGE_WATCHLIST)
    now = clock.now()
    uow.watchlists.add(watchlist, now)
    detail = {"list_type": watchlist.list_type.value, "priority": str(watchlist.priority)}
    uow.audit.append(audit_event(actor, "watchlist.create", watchlist.list_id, detail=detail), now)
    uow.commit()
    return watchlist


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    list_id: str
    version: VersionRecord | None  # None: the source matches the list as it stands
    entries: int  # good entries read
    warnings: int  # records imported without a field they had
    skipped: int  # bad records left out (only with skip_bad)
    problems: tuple[ImportProblem, ...]  # the first problems of the run, with line numbers
    changed_fields: dict[str, int]  # field name → how many changed entries differ in it


def import_list_version(
    uow: ScreeningUnitOfWork,
    clock: Clock,
    actor: Actor,
    list_id: str,
    entries: ImportRun | Iterable[WatchlistEntry],
    *,
    source: str = "",
    skip_bad: bool = False,
) -> ImportOutcome:
    """Propose a new version of ``list_id`` whose entries are ``entries`` (an importer's run or
    edited entries), with its diff against the entries on the list now. Nothing is stored when
    the run has errors (unless ``skip_bad``) or a fatal problem; ``ImportFailed`` lists them."""
    author = actor_name(actor, Action.MANAGE_WATCHLIST)
    run = entries if isinstance(entries, ImportRun) else None
    try:
        new_entries = _read_all(entries, run, skip_bad)
    except ImportFailed as exc:
        _audit_refusal(uow, clock, actor, list_id, exc)
        raise
    label = (source or (run.format if run else "edit"))[:300]
    version = _propose(uow, clock, list_id, new_entries, author, label)
    outcome = _outcome(list_id, version.diff, new_entries, run, skip_bad)
    if not version.diff.is_empty:
        outcome = replace(outcome, version=_store(uow, version, outcome.skipped))
    detail = {"entries": str(len(new_entries)), "diff": version.diff.summary()}
    if outcome.version is not None:
        detail["version"] = outcome.version.id
    result = "proposed" if outcome.version else "unchanged"
    uow.audit.append(
        audit_event(actor, "watchlist.import", list_id, outcome=result, detail=detail),
        clock.now(),
    )
    uow.commit()
    return outcome


def _propose(
    uow: ScreeningUnitOfWork,
    clock: Clock,
    list_id: str,
    entries: list[WatchlistEntry],
    author: str,
    source: str,
) -> ListVersion:
    """The next version of the list, diffed against the entries in force. One version waits
    for approval at a time: each diff is against the list it will change."""
    watchlist = _list_or_404(uow, list_id)
    _check_entries(watchlist, entries)
    pending = uow.list_versions.pending(list_id)
    if pending is not None:
        raise Conflict(
            f"version {pending.number} of {list_id} ({pending.id}) is waiting for approval; "
            "approve or reject it first"
        )
    return propose_version(
        list_id=list_id,
        previous_number=uow.list_versions.last_number(list_id),
        previous=uow.watchlist_entries.current(list_id),
        current=entries,
        source=source,
        author=author,
        at=clock.now(),
    )


def _read_all(
    entries: Iterable[WatchlistEntry], run: ImportRun | None, skip_bad: bool
) -> list[WatchlistEntry]:
    items = list(entries)
    if run is not None:
        run.check(skip_bad_records=skip_bad)
    return items


def _audit_refusal(
    uow: ScreeningUnitOfWork, clock: Clock, actor: Actor, list_id: str, exc: ImportFailed
) -> None:
    errors = [p for p in exc.problems if p.severity is not Severity.WARNING]
    detail = {"problems": str(len(errors)), "first": str(errors[0])[:200] if errors else ""}
    uow.audit.append(
        audit_event(actor, "watchlist.import", list_id, outcome="refused", detail=detail),
        clock.now(),
    )
    uow.commit()


def _check_entries(watchlist: Watchlist, entries: list[WatchlistEntry]) -> None:
    if not entries:
        raise ValidationFailed(
            f"the source has no entries for {watchlist.list_id}; nothing imported",
            code="watchlist_empty_import",
        )
    stray = next((e for e in entries if e.list_type is not watchlist.list_type), None)
    if stray is not None:
        raise InvalidEntry(
            f"entry {stray.entry_id!r} is of type {stray.list_type}, "
            f"but {watchlist.list_id} is a {watchlist.list_type} list"
        )


def _outcome(
    list_id: str,
    diff: ListDiff,
    entries: list[WatchlistEntry],
    run: ImportRun | None,
    skip_bad: bool,
) -> ImportOutcome:
    fields = Counter(name for change in diff.changed for name in change.fields)
    return ImportOutcome(
        list_id=list_id,
        version=None,
        entries=len(entries),
        warnings=run.count(Severity.WARNING) if run else 0,
        skipped=run.count(Severity.ERROR) if run and skip_bad else 0,
        problems=run.problems if run else (),
        changed_fields=dict(fields.most_common()),
    )


def _store(uow: ScreeningUnitOfWork, version: ListVersion, skipped: int) -> VersionRecord:
    version_id = new_id()
    uow.list_versions.add(version_id, version, skipped=skipped)
    diff = version.diff
    return VersionRecord(
        id=version_id,
        list_id=version.list_id,
        number=version.number,
        source=version.source,
        author=version.created_by,
        created_at=version.created_at,
        status=version.status,
        decided_by=None,
        decided_at=None,
        comment="",
        added=len(diff.added),
        changed=len(diff.changed),
        removed=len(diff.removed),
        unchanged=diff.unchanged,
        skipped=skipped,
    )


def approve_list_version(
    uow: ScreeningUnitOfWork, clock: Clock, approver: Actor, version_id: str, *, comment: str = ""
) -> VersionRecord:
    """Approve another person's version and put its diff in force, in one transaction."""
    return _decide(uow, clock, approver, version_id, comment, VersionStatus.APPROVED)


def reject_list_version(
    uow: ScreeningUnitOfWork, clock: Clock, approver: Actor, version_id: str, *, comment: str
) -> VersionRecord:
    """Reject another person's version: the list stays as it is. A rejection says why."""
    if not comment.strip():
        raise ValidationFailed("say why the version is rejected")
    return _decide(uow, clock, approver, version_id, comment, VersionStatus.REJECTED)


def _decide(
    uow: ScreeningUnitOfWork,
    clock: Clock,
    approver: Actor,
    version_id: str,
    comment: str,
    status: VersionStatus,
) -> VersionRecord:
    name = actor_name(approver, Action.APPROVE_WATCHLIST)
    record = _version_or_404(uow, version_id)
    action = "watchlist.approve" if status is VersionStatus.APPROVED else "watchlist.reject"
    rule = approve_version if status is VersionStatus.APPROVED else reject_version
    now = clock.now()
    detail = {"version": version_id, "number": str(record.number)}
    try:
        decided = rule(_as_version(record), approver=name, at=now, comment=comment.strip())
    except PermissionDenied as exc:  # four eyes: the author tried to decide their own version
        event = audit_event(approver, action, record.list_id, outcome="denied", detail=detail)
        uow.audit.append(replace(event, detail={**detail, "reason": exc.message}), now)
        uow.commit()
        raise
    if not uow.list_versions.decide(decided, version_id):
        raise Conflict(f"version {record.number} of {record.list_id} was decided meanwhile")
    if status is VersionStatus.APPROVED:
        uow.watchlist_entries.apply(version_id, record.list_id)
    detail["diff"] = record.summary()
    uow.audit.append(audit_event(approver, action, record.list_id, detail=detail), now)
    uow.commit()
    return replace(record, status=status, decided_by=name, decided_at=now, comment=decided.comment)


def _as_version(record: VersionRecord) -> ListVersion:
    """The stored version for the four-eyes rule, which needs its status and author only
    (the diff stays in storage)."""
    return ListVersion(
        list_id=record.list_id,
        number=record.number,
        diff=ListDiff(),
        source=record.source,
        created_by=record.author,
        created_at=record.created_at,
        status=record.status,
    )


def _list_or_404(uow: ScreeningUnitOfWork, list_id: str) -> Watchlist:
    watchlist = uow.watchlists.get(list_id)
    if watchlist is None:
        raise NotFound(f"no watchlist {list_id!r}; create it first")
    return watchlist


def _version_or_404(uow: ScreeningUnitOfWork, version_id: str) -> VersionRecord:
    record = uow.list_versions.get(version_id.strip())
    if record is None:
        raise NotFound(f"no list version {version_id!r}")
    return record
