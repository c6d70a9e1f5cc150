"""The officer console (前台) and the secondary-inspection queue (后台), server-rendered.

Console: choose the port (remembered in a cookie) and lane, scan or paste the MRZ (or pick a
demo traveller in demo mode), ``POST /clearance/assess`` shows every check of
:func:`guomen.clearance.services.assess_traveller` and the officer decides with one key
(``POST /clearance/decide``); the confirmation leads to the next traveller in one keystroke.
Back office: the referral queue, one referral with its outcome form, overstayers and the
nationwide movement history. Keyboard shortcuts live in ``static/console.js``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from guomen.adapters.db.uow import SqlUnitOfWork
from guomen.audit.services import event_for
from guomen.bootstrap import Container
from guomen.clearance import services
from guomen.clearance.model import Decision, Direction, Lane, ReferralOutcome, ReferralStatus
from guomen.clearance.ports import StoreDown
from guomen.clearance.reasons import CATALOG
from guomen.demo.travellers import demo_travellers
from guomen.documents.chinese import read_document
from guomen.entitlement.model import Endorsement, Itinerary, Visa
from guomen.identity.model import Principal
from guomen.identity.policy import Action, authorize, can, needs_purpose
from guomen.reference.model import Port
from guomen.shared.errors import (
    GuomenError,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    ValidationFailed,
)
from guomen.shared.ids import new_id
from guomen.web.auth import authenticate, container_of
from guomen.web.render import render

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(authenticate)]
Short = Annotated[str, Form(max_length=200)]
Long = Annotated[str, Form(max_length=4000)]
QText = Annotated[str, Query(max_length=200)]

PORT_COOKIE = "guomen_console_port"
LANE_COOKIE = "guomen_console_lane"
MAX_MRZ_INPUT = 200  # three lines of 30 to 44 characters with separators
MAX_LANE = 16
REFER_REASONS = ("document", "identity", "watchlist", "entitlement", "stay", "other")
HISTORY_SHOWN = 5

# Service error codes → the console's own (translated) message.
MESSAGES = {
    "mrz_invalid": "The MRZ is not valid: scan it again or type it carefully.",
    "mrz_too_large": "The MRZ is too long: at most three lines of 30 to 44 characters.",
    "unknown_port": "Unknown port: choose one of your ports.",
    "unknown_lane": "Lane: up to 16 letters, digits or '-'.",
    "reason_required": "Write the reason: a refusal, or clearing despite findings, needs one.",
    "refusal_needs_officer": "Only an officer with the right to refuse may refuse.",
    "idempotency_conflict": "This traveller was already decided; start with the next traveller.",
    "referral_closed": "This referral is already closed.",
    "mrz_control": "The MRZ contains control characters: scan it again.",
    "control_characters": "Control characters are not allowed.",
    "mrz_missing": "Scan or paste the MRZ.",
}


# --- the officer's place: port and lane ---------------------------------------------------------


def _ports(c: Container, principal: Principal) -> list[Port]:
    geography = c.geography()
    with c.uow() as uow:
        ports = uow.reference.ports()
    return sorted(
        (p for p in ports if geography.covers(principal.scope, p.code)), key=lambda p: p.code
    )


@dataclass(frozen=True, slots=True)
class Place:
    port: str
    lane: str
    ports: list[Port]  # the ports in the officer's scope
    known: frozenset[str] = frozenset()  # every port code


def _place(request: Request, principal: Principal, port: str = "", lane: str = "") -> Place:
    ports = _ports(container_of(request), principal)
    codes = {p.code for p in ports}
    chosen = (port or request.cookies.get(PORT_COOKIE, "")).strip().upper()[:32]
    if not port and chosen not in codes:
        chosen = ports[0].code if ports else ""
    lane = (lane or request.cookies.get(LANE_COOKIE, "") or "C01").strip().upper()
    known = frozenset(container_of(request).geography().station_of_port)
    return Place(chosen, lane[:64], ports, known)


def _remember(request: Request, response: Response, place: Place) -> Response:
    secure = container_of(request).settings.cookie_secure
    for name, value in ((PORT_COOKIE, place.port), (LANE_COOKIE, place.lane)):
        if value and _plain(value, 32):
            response.set_cookie(
                name, value, max_age=30 * 86400, samesite="strict", httponly=True, secure=secure
            )
    return response


def _plain(value: str, limit: int) -> bool:
    return 0 < len(value) <= limit and all(c.isascii() and (c.isalnum() or c == "-") for c in value)


def _console_user(principal: Principal) -> None:
    authorize(principal, Action.CLEAR_TRAVELLER)
    if principal.kind != "user":
        raise PermissionDenied("the console is for officers", code="not_an_officer")


def _status(request: Request) -> object:
    return services.clearance_status(container_of(request).clearance())


# --- demo travellers (demo mode only) -------------------------------------------------------------


def demo_mode(c: Container) -> bool:
    return c.settings.demo or c.settings.environment == "development"


# --- the console form ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsoleForm:
    """Everything the console form sends (strings as typed; parsed by :func:`_command`)."""

    mrz: str = ""
    direction: str = "entry"
    port: str = ""
    lane: str = ""
    purpose: str = ""
    transport: str = ""
    arriving_from: str = ""
    onward_destination: str = ""
    onward_departure: str = ""
    visa_kind: str = ""
    visa_category: str = ""
    visa_from: str = ""
    visa_until: str = ""
    visa_entries: str = ""
    visa_stay: str = ""
    endorsement_destination: str = ""
    endorsement_kind: str = ""
    endorsement_from: str = ""
    endorsement_until: str = ""
    endorsement_trips: str = ""
    endorsement_stay: str = ""
    key: str = ""

    @property
    def has_extras(self) -> bool:
        return any(
            (
                self.visa_kind,
                self.endorsement_destination,
                self.endorsement_kind,
                self.onward_destination,
            )
        )

    def hidden(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "key"}


async def _form(request: Request) -> ConsoleForm:
    data = await request.form()
    fields = ConsoleForm.__dataclass_fields__
    values: dict[str, str] = {}
    for name in fields:
        raw = data.get(name)
        if isinstance(raw, str):
            values[name] = raw[:100_000] if name == "mrz" else raw[:200]
    return ConsoleForm(**values)


def _control(text: str) -> bool:
    return any((ord(ch) < 32 and ch not in "\r\n\t") or 127 <= ord(ch) < 160 for ch in text)


def _mrz_lines(text: str) -> tuple[str, ...]:
    if len(text) > MAX_MRZ_INPUT:
        raise ValidationFailed(
            f"the MRZ is too long ({len(text)} characters)", code="mrz_too_large"
        )
    if _control(text):
        raise ValidationFailed("the MRZ contains control characters", code="mrz_control")
    lines = tuple(line.strip().upper() for line in text.splitlines() if line.strip())
    if not lines:
        raise ValidationFailed("scan or paste the MRZ", code="mrz_missing")
    return lines


def _day(text: str, what: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(f"{what}: not a date (YYYY-MM-DD)", code="bad_date") from None


def _count(text: str, what: str) -> int | None:
    if not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) > 4:
        raise ValidationFailed(f"{what}: a whole number", code="bad_number")
    return int(text.strip())


def _code(text: str) -> str:
    value = text.strip().upper()
    if len(value) > 3 or not all(ch.isascii() and ch.isalpha() for ch in value):
        raise ValidationFailed("a country or region is a code of 1-3 letters", code="bad_code")
    return value


def _command(form: ConsoleForm, place: Place) -> services.ClearTraveller:
    if form.direction not in ("entry", "exit"):
        raise ValidationFailed("direction: entry or exit", code="bad_direction")
    if place.port not in place.known:
        raise NotFound(f"unknown port {place.port!r}", code="unknown_port")
    if place.port not in {p.code for p in place.ports}:
        raise PermissionDenied(f"port {place.port} is outside your data scope")
    if _control(form.lane + form.transport + form.purpose):
        raise ValidationFailed("control characters are not allowed", code="control_characters")
    itinerary = None
    if form.transport or form.arriving_from or form.onward_destination or form.onward_departure:
        itinerary = Itinerary(
            arriving_from=_code(form.arriving_from),
            onward_destination=_code(form.onward_destination),
            onward_departure=_day(form.onward_departure, "onward departure"),
            transport=form.transport.strip()[:40],
        )
    visa = None
    if form.visa_kind.strip():
        visa = Visa(
            kind=form.visa_kind.strip()[:32],
            category=form.visa_category.strip().upper()[:8],
            valid_from=_day(form.visa_from, "visa valid from"),
            valid_until=_day(form.visa_until, "visa valid until"),
            entries_left=_count(form.visa_entries, "visa entries left"),
            stay_days=_count(form.visa_stay, "visa stay days"),
        )
    endorsement = None
    if form.endorsement_destination.strip() or form.endorsement_kind.strip():
        endorsement = Endorsement(
            destination=_code(form.endorsement_destination),
            kind=form.endorsement_kind.strip().upper()[:2],
            valid_from=_day(form.endorsement_from, "endorsement valid from"),
            valid_until=_day(form.endorsement_until, "endorsement valid until"),
            trips_left=_count(form.endorsement_trips, "endorsement trips"),
            stay_days=_count(form.endorsement_stay, "endorsement stay days"),
        )
    return services.ClearTraveller(
        document=services.TravellerDocument(mrz_lines=_mrz_lines(form.mrz)),
        direction=Direction(form.direction),
        port_code=place.port,
        lane=Lane.COUNTER,
        lane_id=place.lane,
        itinerary=itinerary,
        visa=visa,
        endorsement=endorsement,
        idempotency_key=form.key[:128],
        purpose=form.purpose.strip()[:200],
    )


def _message(exc: GuomenError) -> str:
    return MESSAGES.get(exc.code, exc.message)


def _console(
    request: Request,
    principal: Principal,
    place: Place,
    form: ConsoleForm,
    status: int = 200,
    **context: object,
) -> Response:
    c = container_of(request)
    demo = (
        demo_travellers(c.uow, c.clock, principal)
        if demo_mode(c) and "assessment" not in context
        else []
    )
    base: dict[str, object] = {
        "form": form,
        "place": place,
        "clearance_status": _status(request),
        "demo": demo,
        "error": "",
        "assessment": None,
        "checks": None,
        "history": None,
        "needs_purpose": needs_purpose(principal),
        "purpose": form.purpose,
        "can_refuse": can(principal, Action.REFUSE_TRAVELLER),
        "refer_reasons": REFER_REASONS,
        "catalog": CATALOG,
        "key": new_id(),
    }
    base.update(context)
    response = render(
        request, "clearance_console.html", base, principal=principal, status_code=status
    )
    return _remember(request, response, place)


@router.get("/clearance")
def console(
    request: Request,
    principal: Caller,
    port: QText = "",
    lane: QText = "",
    demo: QText = "",
    purpose: QText = "",
) -> Response:
    _console_user(principal)
    place = _place(request, principal, port, lane)
    if port and place.port not in {p.code for p in place.ports}:
        raise NotFound(f"unknown port {port!r}: choose one of your ports", code="unknown_port")
    if not _plain(place.lane, MAX_LANE):
        raise ValidationFailed(MESSAGES["unknown_lane"], code="unknown_lane")
    form = ConsoleForm(port=place.port, lane=place.lane, purpose=purpose)
    c = container_of(request)
    if demo and demo_mode(c):
        travellers = demo_travellers(c.uow, c.clock, principal)
        chosen = next((d for d in travellers if d.key == demo), None)
        if chosen is not None:
            form = replace(
                form,
                mrz="\n".join(chosen.mrz),
                direction=chosen.direction.value,
                **chosen.endorsement,
            )
    return _console(request, principal, place, form)


def _reject(
    request: Request,
    principal: Principal,
    place: Place,
    form: ConsoleForm,
    exc: GuomenError,
    **context: object,
) -> Response:
    if exc.status in (401, 403) or exc.status >= 500:
        raise exc
    return _console(
        request, principal, place, form, status=exc.status, error=_message(exc), **context
    )


def _decide_env(request: Request) -> services.ClearanceEnvironment:
    return container_of(request).clearance()


def _previous(
    request: Request, principal: Principal, person_id: str, purpose: str
) -> list[object] | None:
    """The holder's last movements, nationwide (READ_STAYS; audited by the service)."""
    if not person_id or not can(principal, Action.READ_STAYS):
        return None
    c = container_of(request)
    query = services.HistoryQuery(person_id=person_id, limit=HISTORY_SHOWN)
    try:
        with c.uow() as uow:
            found = services.movement_history(
                uow, _finder(c), c.clock, principal, query, purpose=purpose
            )
    except GuomenError:
        return None
    return list(found)


def _finder(c: Container) -> Callable[[str, str], str | None]:
    def find(state: str, number: str) -> str | None:
        with c.uow() as uow:
            doc = uow.documents.find(state or "CHN", number)
        return doc.id if doc else None

    return find


@router.post("/clearance/assess")
async def assess(request: Request, principal: Caller) -> Response:
    _console_user(principal)
    form = await _form(request)
    return await run_in_threadpool(_assess_sync, request, principal, form)


def _assess_sync(request: Request, principal: Principal, form: ConsoleForm) -> Response:
    place = _place(request, principal, form.port, form.lane)
    return _assessed(request, principal, place, replace(form, port=place.port, lane=place.lane))


def _assessed(
    request: Request,
    principal: Principal,
    place: Place,
    form: ConsoleForm,
    status: int = 200,
    error: str = "",
) -> Response:
    """Run the checks and show them with the decision buttons (``error``: a decision that
    was not accepted, shown above them)."""
    try:
        cmd = _command(form, place)
        assessment = services.assess_traveller(_decide_env(request), principal, cmd)
    except StoreDown:
        raise ServiceUnavailable("the clearance store is unreachable; try again") from None
    except GuomenError as exc:
        return _reject(request, principal, place, form, exc)
    c = container_of(request)
    checks = read_document(list(cmd.document.mrz_lines), today=c.clock.now().date()).mrz
    person_id = assessment.person.id if assessment.person else ""
    return _console(
        request,
        principal,
        place,
        form,
        assessment=assessment,
        checks=checks,
        history=_previous(request, principal, person_id, form.purpose),
        status=status,
        error=error,
        key=form.key or new_id(),
    )


@router.post("/clearance/decide")
async def decide(request: Request, principal: Caller) -> Response:
    _console_user(principal)
    form = await _form(request)
    data = await request.form()
    choice = str(data.get("decision") or "")
    refer_reason = str(data.get("refer_reason") or "")[:40]
    reason = str(data.get("reason") or "")[:4000]
    return await run_in_threadpool(
        _decide_sync, request, principal, form, choice, refer_reason, reason
    )


def _decide_sync(
    request: Request,
    principal: Principal,
    form: ConsoleForm,
    choice: str,
    refer_reason: str,
    reason: str,
) -> Response:
    """Record the officer's decision (one movement) and show the confirmation."""
    place = _place(request, principal, form.port, form.lane)
    form = replace(form, port=place.port, lane=place.lane)
    try:
        if choice not in ("clear", "refer", "refuse"):
            raise ValidationFailed("choose clear, refer or refuse", code="bad_decision")
        if choice == "refer" and refer_reason:
            if refer_reason not in REFER_REASONS:
                raise ValidationFailed("choose a referral reason", code="bad_reason")
            reason = f"[{refer_reason}] {reason}".strip()
        if _control(reason.replace("\t", " ")):
            raise ValidationFailed("control characters are not allowed", code="control_characters")
        cmd = replace(_command(form, place), decision=Decision(choice), reason_text=reason)
        result = services.clear_traveller(_decide_env(request), principal, cmd)
    except StoreDown:
        raise ServiceUnavailable("the decision could not be recorded; try again") from None
    except GuomenError as exc:
        if exc.status in (401, 403) or exc.status >= 500:
            raise
        return _assessed(request, principal, place, form, status=exc.status, error=_message(exc))
    response = render(
        request,
        "clearance_done.html",
        {
            "result": result,
            "place": place,
            "clearance_status": _status(request),
            "catalog": CATALOG,
        },
        principal=principal,
    )
    return _remember(request, response, place)


# --- secondary inspection (后台) ----------------------------------------------------------------


def _names(
    uow: SqlUnitOfWork,
    c: Container,
    principal: Principal,
    person_ids: Sequence[str],
    why: str,
    purpose: str = "",
) -> dict[str, str]:
    """Traveller names for the queue: each person read is audited."""
    names: dict[str, str] = {}
    for person_id in dict.fromkeys(i for i in person_ids if i):
        person = uow.people.get(person_id)
        if person is None:
            continue
        latin = f"{person.surname} {person.given_names}".strip()
        names[person_id] = f"{person.name_local} · {latin}" if person.name_local else latin
        uow.audit.append(
            event_for(
                principal,
                "clearance.read_name",
                object_type="person",
                object_id=person_id,
                purpose=purpose,
                detail={"for": why},
            ),
            c.clock.now(),
        )
    uow.commit()
    return names


@router.get("/clearance/secondary")
def secondary(
    request: Request, principal: Caller, port: QText = "", closed: QText = ""
) -> Response:
    authorize(principal, Action.SECONDARY_INSPECTION)
    c = container_of(request)
    ports = _ports(c, principal)
    chosen = port.strip().upper() or None
    with c.uow() as uow:
        items = services.list_referrals(uow, c.clock, c.geography(), principal, port_code=chosen)
    with c.uow() as uow:
        names = _names(uow, c, principal, [r.person_id for r in items], "secondary queue")
    now = c.clock.now()
    waiting = {r.id: max(0, int((now - r.created_at).total_seconds() // 60)) for r in items}
    return render(
        request,
        "clearance_secondary.html",
        {
            "items": items,
            "names": names,
            "waiting": waiting,
            "ports": ports,
            "port": chosen or "",
            "closed": closed[:64],
            "clearance_status": _status(request),
            "catalog": CATALOG,
        },
        principal=principal,
    )


def _referral_page(
    request: Request, principal: Principal, referral_id: str, status: int = 200, **extra: object
) -> Response:
    c = container_of(request)
    with c.uow() as uow:
        view = services.get_referral(uow, c.clock, c.geography(), principal, referral_id)
    referral = view.referral
    now = c.clock.now()
    context: dict[str, object] = {
        "referral": referral,
        "movement": view.movement,
        "name": view.name,
        "waiting": max(0, int((now - referral.created_at).total_seconds() // 60)),
        "outcomes": [
            o
            for o in ReferralOutcome
            if o is not ReferralOutcome.REFUSED or can(principal, Action.REFUSE_TRAVELLER)
        ],
        "error": "",
        "chosen": "",
        "reason": "",
        "catalog": CATALOG,
        "open": referral.status is ReferralStatus.OPEN,
    }
    context.update(extra)
    return render(
        request, "clearance_referral.html", context, principal=principal, status_code=status
    )


@router.get("/clearance/secondary/{referral_id}")
def referral_page(request: Request, referral_id: str, principal: Caller) -> Response:
    return _referral_page(request, principal, referral_id)


@router.post("/clearance/secondary/{referral_id}/outcome")
def referral_outcome(
    request: Request,
    referral_id: str,
    principal: Caller,
    outcome: Short = "",
    reason: Long = "",
) -> Response:
    authorize(principal, Action.SECONDARY_INSPECTION)
    c = container_of(request)
    try:
        if outcome not in {o.value for o in ReferralOutcome}:
            raise ValidationFailed("choose an outcome", code="bad_outcome")
        if _control(reason.replace("\t", " ")):
            raise ValidationFailed("control characters are not allowed", code="control_characters")
        cmd = services.RecordOutcome(referral_id[:64], ReferralOutcome(outcome), reason)
        with c.uow() as uow:
            services.record_outcome(uow, c.clock, c.geography(), principal, cmd)
    except GuomenError as exc:
        if exc.status in (401, 403, 404) or exc.status >= 500:
            raise
        return _referral_page(
            request,
            principal,
            referral_id,
            status=exc.status,
            error=_message(exc),
            chosen=outcome,
            reason=reason,
        )
    return RedirectResponse(f"/clearance/secondary?closed={referral_id[:64]}", status_code=303)


# --- stays and history ---------------------------------------------------------------------------


@router.get("/clearance/overstayers")
def overstayers(
    request: Request, principal: Caller, purpose: QText = "", on: date | None = None
) -> Response:
    authorize(principal, Action.READ_STAYS, purpose="(form)")
    c = container_of(request)
    day = on or c.clock.now().date()
    context: dict[str, object] = {
        "purpose": purpose,
        "needs_purpose": needs_purpose(principal),
        "on": day,
        "items": None,
        "names": {},
        "error": "",
    }
    if purpose or not needs_purpose(principal):
        try:
            with c.uow() as uow:
                items = services.list_overstayers(
                    uow, c.clock, c.geography(), principal, day, purpose=purpose
                )
            with c.uow() as uow:
                context["names"] = _names(
                    uow, c, principal, [o.person_id for o in items], "overstayers", purpose
                )
            context["items"] = items
        except GuomenError as exc:
            if exc.status >= 500 or exc.status == 403:
                raise
            context["error"] = exc.message
    return render(request, "clearance_overstayers.html", context, principal=principal)


@router.get("/clearance/history")
def history(
    request: Request,
    principal: Caller,
    person_id: Annotated[str, Query(max_length=64)] = "",
    state: Annotated[str, Query(max_length=3)] = "",
    document: Annotated[str, Query(max_length=20)] = "",
    purpose: QText = "",
) -> Response:
    authorize(principal, Action.READ_STAYS, purpose="(form)")
    c = container_of(request)
    context: dict[str, object] = {
        "person_id": person_id,
        "state": state,
        "document": document,
        "purpose": purpose,
        "needs_purpose": needs_purpose(principal),
        "items": None,
        "error": "",
    }
    if person_id.strip() or document.strip():
        try:
            if _control(person_id + state + document + purpose):
                raise ValidationFailed("control characters are not allowed")
            query = services.HistoryQuery(person_id.strip(), state or "CHN", document, 100)
            with c.uow() as uow:
                context["items"] = services.movement_history(
                    uow, _finder(c), c.clock, principal, query, purpose=purpose
                )
        except GuomenError as exc:
            if exc.status >= 500 or exc.status == 403:
                raise
            context["error"] = exc.message
    return render(request, "clearance_history.html", context, principal=principal)
