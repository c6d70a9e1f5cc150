"""The office hall (接待大厅): take a number, call it to a window, show estimated waits.

Green-channel tickets (G001, …) are called before ordinary ones (A001, …). Waits are
estimated from the service times observed today (called → done); before any is observed, a
default of :data:`DEFAULT_SERVICE_MINUTES`. The hall screen shows ticket numbers and windows
only: never a name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from statistics import median

from guomen.applications.appointments import hours_of
from guomen.applications.model import Ticket, TicketStatus
from guomen.applications.ports import ApplicationsUnitOfWork
from guomen.applications.rules import local_day
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, can
from guomen.shared.clock import Clock
from guomen.shared.errors import Conflict, NotFound, ValidationFailed
from guomen.shared.ids import new_id

DEFAULT_SERVICE_MINUTES = 8.0
MAX_WINDOW = 16
_ATTEMPTS = 5


def _office(uow: ApplicationsUnitOfWork, office_code: str) -> str:
    code = office_code.strip().upper()
    if code not in {o.code for o in uow.apps.offices()}:
        raise NotFound(f"no office {office_code!r}")
    return code


def take_ticket(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    office_code: str,
    *,
    green: bool = False,
    application_id: str | None = None,
) -> Ticket:
    """A number for the queue (the ticket machine is a kiosk; a clerk may also hand one out).
    An application with a green-channel reason always gets a green number."""
    if not can(principal, Action.PROCESS_APPLICATION):
        authorize(principal, Action.SUBMIT_APPLICATION)
    code = _office(uow, office_code)
    if application_id:
        application = uow.apps.applications.get(application_id)
        if application is None:
            raise NotFound("no such application")
        green = green or application.is_green
    now = clock.now()
    day = local_day(now)
    for _ in range(_ATTEMPTS):
        seq = uow.apps.tickets.next_seq(code, day, green)
        ticket = Ticket(
            new_id(),
            code,
            day,
            f"{'G' if green else 'A'}{seq:03d}",
            seq,
            green,
            TicketStatus.WAITING,
            now,
            application_id,
        )
        try:
            uow.apps.tickets.add(ticket)
        except Conflict:
            continue  # another machine took the number at the same moment
        uow.commit()
        return ticket
    raise Conflict("the ticket machine is busy; try again", code="ticket_busy")


def _window(value: str) -> str:
    text = value.strip()
    if not text or len(text) > MAX_WINDOW or not text.isprintable():
        raise ValidationFailed(f"a window is named by 1-{MAX_WINDOW} characters, e.g. 3")
    return text


def call_next(
    uow: ApplicationsUnitOfWork, clock: Clock, principal: Principal, office_code: str, window: str
) -> Ticket | None:
    """Call the next number to ``window``: green channel first, then in order of issue. The
    ticket the window was serving is finished. None when nobody waits."""
    authorize(principal, Action.PROCESS_APPLICATION)
    code, name = _office(uow, office_code), _window(window)
    now = clock.now()
    tickets = uow.apps.tickets.for_day(code, local_day(now))
    for serving in tickets:
        if serving.status is TicketStatus.CALLED and serving.window == name:
            uow.apps.tickets.update(replace(serving, status=TicketStatus.DONE, done_at=now))
    waiting = [t for t in tickets if t.status is TicketStatus.WAITING]
    if not waiting:
        uow.commit()
        return None
    chosen = min(waiting, key=lambda t: (not t.green, t.issued_at, t.seq))
    called = replace(chosen, status=TicketStatus.CALLED, window=name, called_at=now)
    uow.apps.tickets.update(called)
    uow.commit()
    return called


def finish_ticket(
    uow: ApplicationsUnitOfWork,
    clock: Clock,
    principal: Principal,
    ticket_id: str,
    *,
    no_show: bool = False,
) -> Ticket:
    authorize(principal, Action.PROCESS_APPLICATION)
    ticket = uow.apps.tickets.get(ticket_id.strip()[:64])
    if ticket is None:
        raise NotFound("no such ticket")
    if ticket.status is not TicketStatus.CALLED:
        raise Conflict(f"ticket {ticket.number} is {ticket.status.value}, not being served")
    done = replace(
        ticket, status=TicketStatus.NO_SHOW if no_show else TicketStatus.DONE, done_at=clock.now()
    )
    uow.apps.tickets.update(done)
    uow.commit()
    return done


@dataclass(frozen=True, slots=True)
class WaitingTicket:
    number: str
    green: bool
    estimated_minutes: int


@dataclass(frozen=True, slots=True)
class HallBoard:
    """What the hall screen shows: numbers and windows only."""

    office_code: str
    at: datetime
    serving: tuple[tuple[str, str], ...]  # (number, window), latest call first
    waiting: tuple[WaitingTicket, ...]
    service_minutes: float  # median observed today (or the default)
    windows: int
    new_ticket_wait_minutes: int


def service_minutes(tickets: list[Ticket]) -> float:
    observed = [
        (t.done_at - t.called_at).total_seconds() / 60
        for t in tickets
        if t.status is TicketStatus.DONE and t.done_at and t.called_at
    ]
    return round(median(observed), 1) if observed else DEFAULT_SERVICE_MINUTES


def hall_board(uow: ApplicationsUnitOfWork, clock: Clock, office_code: str) -> HallBoard:
    """The hall screen (public: no personal data, so no sign-in)."""
    code = _office(uow, office_code)
    now = clock.now()
    tickets = uow.apps.tickets.for_day(code, local_day(now))
    windows = hours_of(uow, code).windows
    minutes = service_minutes(tickets)
    called = sorted(
        (t for t in tickets if t.status is TicketStatus.CALLED and t.called_at),
        key=lambda t: t.called_at or now,
        reverse=True,
    )
    queue = sorted(
        (t for t in tickets if t.status is TicketStatus.WAITING),
        key=lambda t: (not t.green, t.issued_at, t.seq),
    )
    waiting = tuple(
        WaitingTicket(t.number, t.green, round((i // windows + 1) * minutes))
        for i, t in enumerate(queue)
    )
    return HallBoard(
        code,
        now,
        tuple((t.number, t.window) for t in called[:8]),
        waiting,
        minutes,
        windows,
        round((len(queue) // windows + 1) * minutes),
    )
