"""Use cases of the applications capability, one function each (the portal, the kiosk, the
staff pages, the JSON API and the CLI all call these).

Callers:

* the **applicant** (through the portal, which has authenticated them) passes
  ``principal=None`` and their opaque ``applicant_id``; they only ever see their own
  applications;
* a **kiosk** or a **clerk at the counter** passes their principal (``SUBMIT_APPLICATION`` /
  ``PROCESS_APPLICATION``);
* **staff** advance an application with :func:`advance` (the state machine in
  :mod:`guomen.applications.workflow` decides what is allowed).

Other use cases of the capability live beside this module: :mod:`~guomen.applications.
appointments` (office hours, slots, ``book_slot``/``cancel_booking``/``rebook_slot``),
:mod:`~guomen.applications.hall` (tickets, calling, the hall board), :mod:`~guomen.applications.
queues` (work queues, deadline watch), :mod:`~guomen.applications.stats`,
:mod:`~guomen.applications.calendars` (loading a year's working-day calendar) and
:mod:`~guomen.applications.fees` (``quote_fee``).

Every use case commits once; a failure leaves nothing half-written. Errors are
``guomen.shared.errors`` (``ValidationFailed``/``FormInvalid`` 422, ``Conflict`` 409,
``NotFound`` 404, ``PermissionDenied`` 403).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from guomen.applications.calendar import PLEDGE_WORKING_DAYS, add_working_days
from guomen.applications.calendars import working_calendar
from guomen.applications.checks import NoDuplicateCheck
from guomen.applications.fees import quote_fee
from guomen.applications.issuance import issue
from guomen.applications.model import (
    Application,
    ApplicationEvent,
    ApplicationType,
    Booking,
    Deadline,
    Slot,
    Status,
)
from guomen.applications.ports import (
    ApplicationsUnitOfWork,
    DuplicateIdentityCheck,
    ExitScreening,
    WorkingDays,
)
from guomen.applications.rules import deadline_state, local_day
from guomen.applications.validation import (
    FormInvalid,
    applicant_details,
    endorsement_of,
    green_of,
    new_errors,
    previous_number,
    replacement_of,
)
from guomen.applications.workflow import (
    RULES,
    Transition,
    allowed_transitions,
    check_transition,
    closes,
    parse_transition,
)
from guomen.audit.model import AuditEvent
from guomen.audit.services import event_for
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, authorize, can
from guomen.shared.clock import Clock
from guomen.shared.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    ValidationFailed,
)
from guomen.shared.ids import new_id


@dataclass(frozen=True, slots=True)
class SubmitApplication:
    """The application form. Text fields as typed; the service validates and normalises them
    (:mod:`guomen.applications.validation`) and raises ``FormInvalid`` with one message per
    bad field.

    ``birth_date``/``sex`` may be left empty for citizens: they are read from the identity
    number (when given they must agree with it). ``green``: disabled, pregnant,
    urgent_medical (the elderly green channel, 60+, is derived from the birth date).
    ``endorsement_*``: for HK/Macao or Taiwan types, e.g. ("G", 12, "multiple").
    ``draft=True`` saves without submitting (status draft; validation still runs)."""

    applicant_id: str
    app_type: str
    office_code: str
    surname: str = ""  # pinyin / Latin letters
    given_names: str = ""
    name_zh: str = ""
    id_number: str = ""
    birth_date: date | str | None = None
    sex: str = ""
    nationality: str = "CHN"
    foreign_document_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    delivery_address: str = ""
    endorsement_code: str = ""
    endorsement_months: int | None = None
    endorsement_trips: str = ""
    replacement_reason: str = ""
    previous_document_number: str = ""
    green: tuple[str, ...] = ()
    channel: str = "online"
    person_id: str | None = None
    draft: bool = False


@dataclass(frozen=True, slots=True)
class IntakeChecks:
    """The checks intake runs. Defaults: no screening configured is an error at intake (the
    web app wires :class:`guomen.applications.checks.ListScreening`); the biometric duplicate
    check defaults to a no-op until biometrics provides ``check_duplicate_identity``."""

    screening: ExitScreening | None = None
    duplicates: DuplicateIdentityCheck | None = None


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """One application as a page shows it. ``history`` is filtered for the applicant (no
    staff-only reasons); ``transitions`` lists what this principal may do now."""

    application: Application
    history: tuple[ApplicationEvent, ...]
    booking: Booking | None
    slot: Slot | None
    deadline: Deadline
    working_days_left: int | None
    transitions: tuple[Transition, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _applicant_event(applicant_id: str, action: str, object_id: str, **detail: str) -> AuditEvent:
    return AuditEvent(
        actor=f"applicant:{applicant_id}"[:128],
        role="applicant",
        action=action,
        object_type="application",
        object_id=object_id,
        detail=dict(detail),
    )


def _audit(
    principal: Principal | None,
    applicant_id: str,
    action: str,
    object_id: str,
    **detail: str,
) -> AuditEvent:
    if principal is None:
        return _applicant_event(applicant_id, action, object_id, **detail)
    return event_for(
        principal, action, object_type="application", object_id=object_id, detail=dict(detail)
    )


def _authorize_submitter(principal: Principal | None, applicant_id: str) -> None:
    if principal is None:
        if not applicant_id.strip():
            raise PermissionDenied("an applicant must be signed in")
        return
    if can(principal, Action.PROCESS_APPLICATION):
        return
    authorize(principal, Action.SUBMIT_APPLICATION)


def _reference(app_type: ApplicationType, day: date) -> str:
    return f"{app_type.info.code}-{day:%Y%m%d}-{new_id()[:6].upper()}"


def _parse_type(value: str) -> ApplicationType:
    try:
        return ApplicationType(value.strip().lower())
    except ValueError:
        raise FormInvalid({"app_type": f"unknown service {value!r}"}) from None


def build_application(
    uow: ApplicationsUnitOfWork, cmd: SubmitApplication, now: datetime
) -> Application:
    """Validate the whole form (every bad field at once) into an ``Application``."""
    today = local_day(now)
    app_type = _parse_type(cmd.app_type)
    errors = new_errors()
    if len(cmd.applicant_id) > 64 or not cmd.applicant_id.strip():
        errors.add("applicant_id", "required, at most 64 characters")
    offices = {o.code for o in uow.apps.offices()}
    office = cmd.office_code.strip().upper()
    if office not in offices:
        errors.add("office_code", "choose an office from the list (any office nationwide)")
    if cmd.channel not in CHANNELS:
        errors.add("channel", "online, kiosk or counter")
    details = applicant_details(
        errors,
        app_type,
        surname=cmd.surname,
        given_names=cmd.given_names,
        name_zh=cmd.name_zh,
        id_number=cmd.id_number,
        birth_date=cmd.birth_date,
        sex=cmd.sex,
        nationality=cmd.nationality,
        foreign_document_number=cmd.foreign_document_number,
        phone=cmd.phone,
        email=cmd.email,
        address=cmd.address,
        delivery_address=cmd.delivery_address,
        today=today,
    )
    endorsement = endorsement_of(
        errors, app_type, cmd.endorsement_code, cmd.endorsement_months, cmd.endorsement_trips
    )
    replacement = replacement_of(errors, app_type, cmd.replacement_reason)
    previous = previous_number(errors, app_type, cmd.previous_document_number)
    birth = details.birth_date if details else None
    green = green_of(errors, cmd.green, birth, details.sex if details else None, today)
    if errors.errors or details is None:
        raise FormInvalid(errors.errors)
    fee = quote_fee(app_type, endorsement, today)
    return Application(
        id=new_id(),
        reference=_reference(app_type, today),
        applicant_id=cmd.applicant_id.strip(),
        app_type=app_type,
        office_code=office,
        applicant=details,
        status=Status.DRAFT if cmd.draft else Status.SUBMITTED,
        person_id=cmd.person_id,
        endorsement=endorsement,
        replacement_reason=replacement,
        previous_document_number=previous,
        green=green,
        fee_fen=fee.total_fen,
        channel=cmd.channel,
        created_at=now,
        submitted_at=None if cmd.draft else now,
    )


CHANNELS = frozenset({"online", "kiosk", "counter"})


def submit_application(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    cmd: SubmitApplication,
) -> Application:
    """Validate the form, compute the fee, refuse a duplicate (same applicant — identity
    number, or passport and nationality for foreigners — and same type already open:
    ``Conflict`` code ``duplicate_application``) and store the application as submitted (or
    draft). ``principal`` None: the applicant through the portal; else a kiosk
    (SUBMIT_APPLICATION) or a clerk (PROCESS_APPLICATION)."""
    _authorize_submitter(principal, cmd.applicant_id)
    now = clock.now()
    application = build_application(uow, cmd, now)
    if application.person_id is None and application.applicant.id_number:
        application.person_id = uow.apps.person_by_id_number(application.applicant.id_number)
    uow.apps.applications.add(application)  # the unique open key refuses a duplicate
    actor, actor_id = _actor(principal, cmd.applicant_id)
    _history(uow, application, now, actor, actor_id, "create", None, "")
    uow.audit.append(
        _audit(
            principal,
            cmd.applicant_id,
            "application.submit",
            application.id,
            type=application.app_type.value,
            office=application.office_code,
            status=application.status.value,
        ),
        now,
    )
    uow.commit()
    return application


def _actor(principal: Principal | None, applicant_id: str) -> tuple[str, str]:
    if principal is None:
        return "applicant", f"applicant:{applicant_id}"[:64]
    return principal.name, principal.id


def _history(
    uow: ApplicationsUnitOfWork,
    application: Application,
    at: datetime,
    actor: str,
    actor_id: str,
    transition: str,
    from_status: Status | None,
    reason: str,
    detail: dict[str, str] | None = None,
) -> None:
    uow.apps.events.add(
        ApplicationEvent(
            new_id(),
            application.id,
            at,
            actor,
            actor_id,
            transition,
            from_status,
            application.status,
            reason,
            detail or {},
        )
    )


def _load(uow: ApplicationsUnitOfWork, application_id: str) -> Application:
    application = uow.apps.applications.get(application_id.strip()[:64])
    if application is None:
        application = uow.apps.applications.by_reference(application_id.strip()[:32])
    if application is None:
        raise NotFound("no such application")
    return application


def _own(uow: ApplicationsUnitOfWork, application_id: str, applicant_id: str | None) -> Application:
    application = _load(uow, application_id)
    if applicant_id is None or application.applicant_id != applicant_id:
        raise NotFound("no such application")  # never reveal someone else's application
    return application


def _in_scope(principal: Principal, application: Application) -> None:
    scope = principal.scope
    if scope.level is ScopeLevel.OFFICE and scope.code != application.office_code:
        raise PermissionDenied(
            f"application of office {application.office_code} is outside your scope"
        )


# Staff-only history: reasons of these steps are not shown to the applicant.
_STAFF_ONLY = frozenset({"accept", "release_hold", "review", "screening"})


def get_application(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    application_id: str,
    *,
    applicant_id: str | None = None,
    calendar: WorkingDays | None = None,
    purpose: str = "",
) -> ApplicationView:
    """One application with its history, booking and deadline. The applicant
    (``principal=None``) gets ``NotFound`` for anyone else's application. Staff reads are
    audited (PROCESS_APPLICATION or APPROVE_APPLICATION)."""
    now = clock.now()
    if principal is None:
        application = _own(uow, application_id, applicant_id)
    else:
        if not (
            can(principal, Action.PROCESS_APPLICATION) or can(principal, Action.APPROVE_APPLICATION)
        ):
            authorize(principal, Action.PROCESS_APPLICATION)
        application = _load(uow, application_id)
        _in_scope(principal, application)
    history = tuple(uow.apps.events.for_application(application.id))
    if principal is None:
        history = tuple(
            replace(e, reason="", detail={}) if e.transition in _STAFF_ONLY else e for e in history
        )
        application = replace(application, hold_reason="")
    booking = uow.apps.bookings.active_for(application.id)
    slot = uow.apps.slots.get(booking.slot_id) if booking else None
    cal = calendar or working_calendar(uow)
    today = local_day(now)
    state = deadline_state(application, today, cal)
    warnings = cal.warnings_for([application.due_on]) if application.due_on else ()
    uow.audit.append(_audit(principal, applicant_id or "", "application.read", application.id), now)
    uow.commit()
    return ApplicationView(
        application,
        history,
        booking,
        slot,
        state.deadline,
        state.working_days_left,
        allowed_transitions(application, principal) if principal else (),
        warnings,
    )


def applications_for_applicant(uow: ApplicationsUnitOfWork, applicant_id: str) -> list[Application]:
    """The applicant's own applications, newest first (status tracking); hold reasons (staff
    only) are blanked."""
    if not applicant_id.strip():
        return []
    return [replace(a, hold_reason="") for a in uow.apps.applications.for_applicant(applicant_id)]


def _release_booking(uow: ApplicationsUnitOfWork, application: Application, now: datetime) -> None:
    booking = uow.apps.bookings.active_for(application.id)
    if booking is not None:
        uow.apps.bookings.cancel(booking.id, now)
        uow.apps.slots.release_seat(booking.slot_id)


def withdraw_application(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    application_id: str,
    *,
    applicant_id: str | None = None,
    reason: str = "",
) -> Application:
    """Withdraw an open application (before approval); frees its appointment seat."""
    if principal is not None:
        return advance(uow, clock, principal, application_id, Transition.WITHDRAW, reason=reason)
    application = _own(uow, application_id, applicant_id)
    rule = RULES[Transition.WITHDRAW]
    codes = check_transition(application, rule, f"applicant:{applicant_id}", reason)
    now = clock.now()
    before = application.status
    application.status, application.closed_at = Status.WITHDRAWN, now
    application.version += 1
    _release_booking(uow, application, now)
    uow.apps.applications.update(application)
    _history(
        uow,
        application,
        now,
        "applicant",
        f"applicant:{applicant_id}"[:64],
        "withdraw",
        before,
        reason.strip(),
        {"reasons": ",".join(codes)},
    )
    uow.audit.append(
        _applicant_event(applicant_id or "", "application.withdraw", application.id), now
    )
    uow.commit()
    return application


_PAYABLE = frozenset(
    {Status.SUBMITTED, Status.PAID, Status.ON_HOLD, Status.ACCEPTED, Status.REVIEWED}
    | {Status.APPROVED, Status.IN_PRODUCTION, Status.ISSUED}
)


def mark_paid(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    application_id: str,
    payment_ref: str,
    amount_fen: int,
    paid_at: datetime,
) -> Application:
    """Record a payment (the portal's payment callback). Idempotent: the same ``payment_ref``
    again is a no-op returning the application; a different ref on a paid application is
    ``Conflict`` (code ``already_paid``); an amount other than the fee is ``ValidationFailed``
    (code ``wrong_amount``); a draft, withdrawn or rejected application cannot be paid
    (``Conflict`` code ``not_payable``)."""
    ref = payment_ref.strip()
    if not ref or len(ref) > 64 or not ref.isprintable():
        raise ValidationFailed("a payment reference is 1-64 printable characters")
    application = _load(uow, application_id)
    if application.payment_ref is not None:
        if application.payment_ref == ref:
            return application  # the gateway called back twice: nothing to do
        raise Conflict(
            f"application {application.reference} is already paid (another payment)",
            code="already_paid",
        )
    if application.status not in _PAYABLE:
        raise Conflict(
            f"an application that is {application.status.value} cannot be paid",
            code="not_payable",
        )
    if amount_fen != application.fee_fen:
        raise ValidationFailed(
            f"the fee is {application.fee_fen} fen, not {amount_fen}", code="wrong_amount"
        )
    now = clock.now()
    before = application.status
    application.payment_ref, application.paid_fen = ref, amount_fen
    application.paid_at = paid_at
    if application.status is Status.SUBMITTED:
        application.status = Status.PAID
    application.version += 1
    try:
        uow.apps.applications.update(application)
    except Conflict as exc:  # a concurrent callback got there first
        fresh = uow.apps.applications.get(application.id)
        if exc.code != "stale_application" or fresh is None or fresh.payment_ref is None:
            raise
        if fresh.payment_ref == ref:
            return fresh
        raise Conflict(
            f"application {fresh.reference} is already paid (another payment)",
            code="already_paid",
        ) from None
    _history(
        uow,
        application,
        now,
        "payment",
        "system:payment",
        "pay",
        before,
        "",
        {"payment_ref": ref, "amount_fen": str(amount_fen)},
    )
    uow.audit.append(
        AuditEvent(
            "system:payment",
            "system",
            "application.paid",
            "application",
            application.id,
            detail={"payment_ref": ref, "amount_fen": str(amount_fen)},
        ),
        now,
    )
    uow.commit()
    return application


def advance(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    application_id: str,
    transition: Transition | str,
    *,
    reason: str = "",
    checks: IntakeChecks | None = None,
    calendar: WorkingDays | None = None,
    expected_version: int | None = None,
) -> Application:
    """Move an application one step through the workflow (staff). The state machine refuses
    illegal transitions (``Conflict`` code ``illegal_transition``); approval or rejection by
    the clerk who took the application in is refused (``PermissionDenied`` code
    ``four_eyes``); a rejection needs a reason the applicant will see. Intake runs the
    deny-exit screening (a hit puts the application on hold for a person to decide) and the
    biometric duplicate check, and sets the 7-working-day deadline. Issue assigns the
    document number, generates the MRZ, records the document in the registry and supersedes
    the renewed or replaced one."""
    step = parse_transition(transition)
    rule = RULES[step]
    if rule.action is None:
        _authorize_submitter(principal, "")
    else:
        authorize(principal, rule.action)
    application = _load(uow, application_id)
    _in_scope(principal, application)
    if expected_version is not None and application.version != expected_version:
        raise Conflict(
            "the application was changed meanwhile; reload the page", code="stale_application"
        )
    codes = list(check_transition(application, rule, principal.id, reason))
    now = clock.now()
    today = local_day(now)
    before = application.status
    detail: dict[str, str] = {}
    application.status = rule.target
    if step is Transition.SUBMIT:
        application.submitted_at = now
    elif step is Transition.ACCEPT:
        codes += _intake(uow, principal, application, checks, calendar, now)
    elif step in (Transition.APPROVE, Transition.REJECT):
        application.decided_at, application.decided_by = now, principal.id
        if step is Transition.REJECT:
            application.rejection_reason = reason.strip()
    elif step is Transition.RELEASE_HOLD:
        application.hold_reason = ""
    elif step is Transition.ISSUE:
        issued = issue(uow, clock, principal.name, application, today)
        application.issued_at = now
        application.document_number, application.mrz = issued.number, issued.mrz
        application.issued_document_id = issued.document.id if issued.document else None
        codes += issued.reasons
        if issued.superseded:
            detail["superseded"] = issued.superseded
    if closes(application.status) or application.status is Status.REJECTED:
        application.closed_at = now
        _release_booking(uow, application, now)
    application.version += 1
    uow.apps.applications.update(application)
    detail["reasons"] = ",".join(codes)
    shown = reason.strip() if step is not Transition.ACCEPT else application.hold_reason
    _history(uow, application, now, principal.name, principal.id, step.value, before, shown, detail)
    uow.audit.append(
        event_for(
            principal,
            f"application.{step.value}",
            object_type="application",
            object_id=application.id,
            outcome=application.status.value,
            detail={"from": before.value, "reasons": detail["reasons"][:500]},
        ),
        now,
    )
    uow.commit()
    return application


def _intake(
    uow: ApplicationsUnitOfWork,
    principal: Principal,
    application: Application,
    checks: IntakeChecks | None,
    calendar: WorkingDays | None,
    now: datetime,
) -> list[str]:
    """受理: record the clerk, set the deadline, screen and check duplicates; any finding puts
    the application on hold for a person to decide (never an automatic rejection)."""
    if checks is None or checks.screening is None:
        raise ServiceUnavailable(
            "deny-exit screening is not available: intake must wait until it is",
            code="screening_unavailable",
        )
    application.accepted_at, application.accepted_by = now, principal.id
    application.accepted_by_name = principal.name
    cal = calendar or working_calendar(uow)
    application.due_on = add_working_days(cal, local_day(now), PLEDGE_WORKING_DAYS)
    codes = [f"due_{application.due_on.isoformat()}"]
    codes += [f"calendar_warning:{w[:60]}" for w in cal.warnings_for([application.due_on])]
    finding = checks.screening.screen(application, principal, uow.audit)
    duplicates = (checks.duplicates or NoDuplicateCheck()).check(application, principal)
    codes += [*finding.reasons, *duplicates.reasons]
    holds = [
        *(finding.reasons if finding.hold else ()),
        *(duplicates.reasons if duplicates.hold else ()),
    ]
    if holds:
        application.status = Status.ON_HOLD
        application.hold_reason = "; ".join(holds)[:1000]
    return codes
