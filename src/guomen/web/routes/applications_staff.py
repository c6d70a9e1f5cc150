"""Staff side of document applications: work queues, one application with its history and the
allowed steps, statistics, the office hall screen, and the JSON API for the same actions.

Routes only parse input, call one use case and render; every rule lives in
``guomen.applications``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from guomen.adapters.application_checks import intake_checks, prepare
from guomen.applications import hall, queues, stats
from guomen.applications import services as apps
from guomen.applications.calendars import working_calendar
from guomen.applications.model import Application, ApplicationEvent
from guomen.applications.rules import STAGES, local_day
from guomen.applications.validation import FormInvalid
from guomen.applications.workflow import RULES, Transition
from guomen.bootstrap import Container
from guomen.identity.model import Principal, ScopeLevel
from guomen.identity.policy import Action, authorize, can
from guomen.shared.errors import GuomenError, ValidationFailed
from guomen.web.auth import authenticate, container_of
from guomen.web.errors import problem
from guomen.web.render import render

router = APIRouter()
Caller = Annotated[Principal, Depends(authenticate)]
Text = Annotated[str, Form(max_length=1000)]
DEADLINES = "deadlines"
MAX_STATS_DAYS = 366


def _staff(principal: Principal) -> None:
    if not can(principal, Action.APPROVE_APPLICATION):
        authorize(principal, Action.PROCESS_APPLICATION)


def _office_of(principal: Principal) -> str:
    return principal.scope.code if principal.scope.level is ScopeLevel.OFFICE else ""


# ------------------------------------------------------------------------ pages


@router.get("/applications", include_in_schema=False)
def queue_page(
    request: Request,
    principal: Caller,
    stage: Annotated[str, Query(max_length=20)] = "intake",
    office: Annotated[str, Query(max_length=32)] = "",
    called: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    c = container_of(request)
    _staff(principal)
    if stage != DEADLINES and stage not in STAGES:
        raise ValidationFailed(f"unknown stage {stage!r}")
    with c.uow() as uow:
        if stage == DEADLINES:
            items = queues.deadline_watch(uow, c.clock, principal, office_code=office or None)
        else:
            items = queues.work_queue(uow, c.clock, principal, stage, office_code=office or None)
        dues = [i.application.due_on for i in items if i.application.due_on]
        warnings = working_calendar(uow).warnings_for(dues)
    return render(
        request,
        "applications_queue.html",
        {
            "items": items,
            "stage": stage,
            "stages": [*STAGES, DEADLINES],
            "office": office or _office_of(principal),
            "called": called,
            "can_call": can(principal, Action.PROCESS_APPLICATION) and _office_of(principal),
            "warnings": warnings,
        },
        principal=principal,
    )


@router.get("/applications/stats", include_in_schema=False)
def stats_page(
    request: Request,
    principal: Caller,
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    c = container_of(request)
    authorize(principal, Action.READ_APPLICATION_STATS)
    start, end = _period(c, since, until)
    with c.uow() as uow:
        result = stats.application_stats(uow, c.clock, principal, start, end)
    return render(request, "applications_stats.html", {"stats": result}, principal=principal)


def _period(c: Container, since: str, until: str) -> tuple[date, date]:
    try:
        end = date.fromisoformat(until) if until else local_day(c.clock.now())
        start = date.fromisoformat(since) if since else end - timedelta(days=30)
    except ValueError:
        raise ValidationFailed("dates are YYYY-MM-DD") from None
    return start, end


def _detail(
    request: Request,
    principal: Principal,
    application_id: str,
    *,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        view = apps.get_application(uow, c.clock, principal, application_id)
    return render(
        request,
        "applications_detail.html",
        {
            "view": view,
            "app": view.application,
            "rules": RULES,
            "error": error,
            "notice": notice,
        },
        principal=principal,
        status_code=status,
    )


@router.get("/applications/{application_id}", include_in_schema=False)
def detail_page(
    request: Request,
    principal: Caller,
    application_id: str,
    notice: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    return _detail(request, principal, application_id[:64], notice=notice)


@router.post("/applications/{application_id}/advance", include_in_schema=False)
def advance_form(
    request: Request,
    principal: Caller,
    application_id: str,
    transition: Text,
    reason: Text = "",
    version: Annotated[int | None, Form()] = None,
) -> Response:
    c = container_of(request)
    _staff(principal)
    intake = transition.strip().lower() == Transition.ACCEPT.value
    try:
        if intake:
            prepare(c)
        with c.uow() as uow:
            apps.advance(
                uow,
                c.clock,
                principal,
                application_id[:64],
                transition,
                reason=reason,
                checks=intake_checks(c, uow) if intake else None,
                expected_version=version,
            )
    except GuomenError as exc:
        if (exc.status in (401, 403) and exc.code != "four_eyes") or exc.status >= 500:
            raise
        return _detail(
            request, principal, application_id[:64], error=exc.message, status=exc.status
        )
    return RedirectResponse(f"/applications/{application_id[:64]}?notice=done", status_code=303)


@router.get("/hall/{office_code}", include_in_schema=False)
def hall_page(
    request: Request,
    principal: Caller,
    office_code: str,
    ticket: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        board = hall.hall_board(uow, c.clock, office_code[:32])
    can_take = can(principal, Action.PROCESS_APPLICATION) or can(
        principal, Action.SUBMIT_APPLICATION
    )
    return render(
        request,
        "applications_hall.html",
        {"board": board, "ticket": ticket, "can_take": can_take},
        principal=principal,
    )


@router.post("/hall/{office_code}/tickets", include_in_schema=False)
def take_ticket_form(
    request: Request,
    principal: Caller,
    office_code: str,
    green: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        ticket = hall.take_ticket(uow, c.clock, principal, office_code[:32], green=bool(green))
    return RedirectResponse(f"/hall/{ticket.office_code}?ticket={ticket.number}", 303)


@router.post("/hall/{office_code}/call", include_in_schema=False)
def call_form(
    request: Request,
    principal: Caller,
    office_code: str,
    window: Annotated[str, Form(max_length=16)],
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        ticket = hall.call_next(uow, c.clock, principal, office_code[:32], window)
    called = ticket.number if ticket else "-"
    return RedirectResponse(f"/applications?stage=intake&called={called}", 303)


# ------------------------------------------------------------------------ JSON API


class EventPublic(BaseModel):
    at: str
    actor: str
    transition: str
    from_status: str | None
    to_status: str
    reason: str

    @classmethod
    def of(cls, e: ApplicationEvent) -> EventPublic:
        return cls(
            at=e.at.isoformat(),
            actor=e.actor,
            transition=e.transition,
            from_status=e.from_status.value if e.from_status else None,
            to_status=e.to_status.value,
            reason=e.reason,
        )


class ApplicationPublic(BaseModel):
    id: str
    reference: str
    app_type: str
    office_code: str
    status: str
    channel: str
    surname: str
    given_names: str
    name_zh: str
    birth_date: str
    green: list[str]
    fee_fen: int
    paid: bool
    due_on: str | None
    deadline: str | None = None
    working_days_left: int | None = None
    accepted_by: str
    rejection_reason: str
    hold_reason: str
    document_number: str
    mrz: list[str]
    version: int
    transitions: list[str] = []
    history: list[EventPublic] = []

    @classmethod
    def of(cls, a: Application, **extra: Any) -> ApplicationPublic:
        p = a.applicant
        return cls(
            id=a.id,
            reference=a.reference,
            app_type=a.app_type.value,
            office_code=a.office_code,
            status=a.status.value,
            channel=a.channel,
            surname=p.surname,
            given_names=p.given_names,
            name_zh=p.name_zh,
            birth_date=p.birth_date.isoformat(),
            green=[g.value for g in a.green],
            fee_fen=a.fee_fen,
            paid=a.payment_ref is not None,
            due_on=a.due_on.isoformat() if a.due_on else None,
            accepted_by=a.accepted_by_name,
            rejection_reason=a.rejection_reason,
            hold_reason=a.hold_reason,
            document_number=a.document_number,
            mrz=list(a.mrz),
            version=a.version,
            **extra,
        )


class QueueItemPublic(BaseModel):
    application: ApplicationPublic
    deadline: str
    working_days_left: int | None


class AdvanceRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    transition: str = Field(max_length=32)
    reason: str = Field(default="", max_length=1000)
    expected_version: int | None = None


class SubmitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    applicant_id: str = Field(max_length=64)
    app_type: str = Field(max_length=40)
    office_code: str = Field(max_length=32)
    surname: str = Field(default="", max_length=100)
    given_names: str = Field(default="", max_length=100)
    name_zh: str = Field(default="", max_length=50)
    id_number: str = Field(default="", max_length=30)
    birth_date: str = Field(default="", max_length=10)
    sex: str = Field(default="", max_length=1)
    nationality: str = Field(default="CHN", max_length=3)
    foreign_document_number: str = Field(default="", max_length=30)
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=254)
    address: str = Field(default="", max_length=300)
    delivery_address: str = Field(default="", max_length=300)
    endorsement_code: str = Field(default="", max_length=1)
    endorsement_months: int | None = None
    endorsement_trips: str = Field(default="", max_length=20)
    replacement_reason: str = Field(default="", max_length=20)
    previous_document_number: str = Field(default="", max_length=30)
    green: list[str] = Field(default_factory=list, max_length=4)


class TicketPublic(BaseModel):
    id: str
    office_code: str
    number: str
    green: bool
    status: str
    window: str


class HallPublic(BaseModel):
    office_code: str
    serving: list[tuple[str, str]]
    waiting: list[tuple[str, bool, int]]
    service_minutes: float
    windows: int
    new_ticket_wait_minutes: int


class TicketRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    green: bool = False
    application_id: str | None = Field(default=None, max_length=64)


class CallRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    window: str = Field(max_length=16)


def _items(items: list[queues.QueueItem]) -> list[QueueItemPublic]:
    return [
        QueueItemPublic(
            application=ApplicationPublic.of(i.application),
            deadline=i.deadline.deadline.value,
            working_days_left=i.deadline.working_days_left,
        )
        for i in items
    ]


@router.get("/api/v1/applications", tags=["applications"])
def api_queue(
    request: Request,
    principal: Caller,
    stage: Annotated[str, Query(max_length=20)] = "intake",
    office: Annotated[str, Query(max_length=32)] = "",
) -> list[QueueItemPublic]:
    """One stage's work queue: green channel first, then overdue and at risk."""
    c = container_of(request)
    with c.uow() as uow:
        items = queues.work_queue(uow, c.clock, principal, stage, office_code=office or None)
    return _items(items)


@router.get("/api/v1/applications/deadlines", tags=["applications"])
def api_deadlines(request: Request, principal: Caller) -> list[QueueItemPublic]:
    """Open applications past or within two working days of their 7-working-day deadline."""
    c = container_of(request)
    with c.uow() as uow:
        items = queues.deadline_watch(uow, c.clock, principal)
    return _items(items)


@router.get("/api/v1/applications/stats", tags=["applications"])
def api_stats(
    request: Request,
    principal: Caller,
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
) -> dict[str, Any]:
    """Applications per office and type, processing times, deadline compliance."""
    c = container_of(request)
    authorize(principal, Action.READ_APPLICATION_STATS)
    start, end = _period(c, since, until)
    with c.uow() as uow:
        result = stats.application_stats(uow, c.clock, principal, start, end)

    def group(g: stats.GroupStats) -> dict[str, Any]:
        return {
            "office_code": g.office_code,
            "app_type": g.app_type,
            "submitted": g.submitted,
            "issued": g.issued,
            "rejected": g.rejected,
            "withdrawn": g.withdrawn,
            "open": g.open,
            "mean_working_days": g.mean_working_days,
            "median_working_days": g.median_working_days,
            "on_time": g.on_time,
            "late": g.late,
            "overdue_open": g.overdue_open,
            "compliance": g.compliance,
        }

    return {
        "since": result.since.isoformat(),
        "until": result.until.isoformat(),
        "groups": [group(g) for g in result.groups],
        "totals": group(result.totals),
        "warnings": list(result.warnings),
    }


@router.post("/api/v1/applications", tags=["applications"], status_code=201, response_model=None)
def api_submit(
    request: Request, principal: Caller, body: SubmitRequest
) -> ApplicationPublic | JSONResponse:
    """Submit an application at a counter (clerk) or a kiosk."""
    c = container_of(request)
    if not can(principal, Action.PROCESS_APPLICATION):
        authorize(principal, Action.SUBMIT_APPLICATION)
    channel = "kiosk" if principal.kind == "token" else "counter"
    fields = body.model_dump()
    fields["green"] = tuple(fields["green"])
    fields["birth_date"] = fields["birth_date"] or None
    try:
        with c.uow() as uow:
            app = apps.submit_application(
                uow, c.clock, principal, apps.SubmitApplication(**fields, channel=channel)
            )
    except FormInvalid as exc:
        return problem(422, "Invalid application", exc.message, exc.code, errors=exc.errors)
    return ApplicationPublic.of(app)


@router.get("/api/v1/applications/{application_id}", tags=["applications"])
def api_application(request: Request, principal: Caller, application_id: str) -> ApplicationPublic:
    """One application with its history and the steps this caller may take now."""
    c = container_of(request)
    with c.uow() as uow:
        view = apps.get_application(uow, c.clock, principal, application_id[:64])
    return ApplicationPublic.of(
        view.application,
        deadline=view.deadline.value,
        working_days_left=view.working_days_left,
        transitions=[t.value for t in view.transitions],
        history=[EventPublic.of(e) for e in view.history],
    )


@router.post("/api/v1/applications/{application_id}/advance", tags=["applications"])
def api_advance(
    request: Request, principal: Caller, application_id: str, body: AdvanceRequest
) -> ApplicationPublic:
    """Take one workflow step (accept, review, approve, reject, start_production, issue,
    collect, deliver, release_hold, withdraw). Illegal steps: 409; four eyes: 403."""
    c = container_of(request)
    _staff(principal)
    intake = body.transition.strip().lower() == Transition.ACCEPT.value
    if intake:
        prepare(c)
    with c.uow() as uow:
        app = apps.advance(
            uow,
            c.clock,
            principal,
            application_id[:64],
            body.transition,
            reason=body.reason,
            checks=intake_checks(c, uow) if intake else None,
            expected_version=body.expected_version,
        )
    return ApplicationPublic.of(app)


@router.get("/api/v1/applications/hall/{office_code}", tags=["applications"])
def api_hall(request: Request, principal: Caller, office_code: str) -> HallPublic:
    """The hall screen's data: numbers, windows and estimated waits (no names)."""
    c = container_of(request)
    with c.uow() as uow:
        board = hall.hall_board(uow, c.clock, office_code[:32])
    return HallPublic(
        office_code=board.office_code,
        serving=list(board.serving),
        waiting=[(w.number, w.green, w.estimated_minutes) for w in board.waiting],
        service_minutes=board.service_minutes,
        windows=board.windows,
        new_ticket_wait_minutes=board.new_ticket_wait_minutes,
    )


def _ticket(t: Any) -> TicketPublic:
    return TicketPublic(
        id=t.id,
        office_code=t.office_code,
        number=t.number,
        green=t.green,
        status=t.status.value,
        window=t.window,
    )


@router.post(
    "/api/v1/applications/hall/{office_code}/tickets", tags=["applications"], status_code=201
)
def api_take_ticket(
    request: Request, principal: Caller, office_code: str, body: TicketRequest
) -> TicketPublic:
    """Take a number (the ticket machine is a kiosk)."""
    c = container_of(request)
    with c.uow() as uow:
        ticket = hall.take_ticket(
            uow,
            c.clock,
            principal,
            office_code[:32],
            green=body.green,
            application_id=body.application_id,
        )
    return _ticket(ticket)


@router.post(
    "/api/v1/applications/hall/{office_code}/call", tags=["applications"], response_model=None
)
def api_call(
    request: Request, principal: Caller, office_code: str, body: CallRequest
) -> TicketPublic | None:
    """Call the next number to a window (green channel first); null when nobody waits."""
    c = container_of(request)
    with c.uow() as uow:
        ticket = hall.call_next(uow, c.clock, principal, office_code[:32], body.window)
    return _ticket(ticket) if ticket else None
