"""Applications for exit-entry documents: the entities and value objects (出入境证件办理).

Pure domain code (standard library and ``guomen`` only). Personal data sits in
:class:`ApplicantDetails`; the storage adapter seals it field by field.

Vocabulary: an *application* goes through the :class:`Status` states by *transitions*
(:mod:`guomen.applications.workflow`); an *appointment* books one seat of one *slot* at an
office; a *ticket* is the take-a-number slip of the office hall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from guomen.documents.chinese import Destination, DocumentKind, TripAllowance
from guomen.documents.model import DocumentType
from guomen.people.model import Sex


class ApplicationType(StrEnum):
    """The services an office offers (业务类型)."""

    PASSPORT_FIRST = "passport_first"  # 普通护照 首次申领
    PASSPORT_RENEWAL = "passport_renewal"  # 普通护照 换发 (expiring or full)
    PASSPORT_REPLACEMENT = "passport_replacement"  # 普通护照 补发 (lost or damaged)
    HK_MACAO_PERMIT = "hk_macao_permit"  # 往来港澳通行证 (card, optionally with an endorsement)
    HK_MACAO_ENDORSEMENT = "hk_macao_endorsement"  # 港澳签注 on a valid card
    TAIWAN_PERMIT = "taiwan_permit"  # 往来台湾通行证 (card, optionally with an endorsement)
    TAIWAN_ENDORSEMENT = "taiwan_endorsement"  # 赴台签注 on a valid card
    FOREIGNER_STAY_EXTENSION = "foreigner_stay_extension"  # 外国人停留/居留证件延期

    @property
    def info(self) -> TypeInfo:
        return TYPE_INFO[self]


class ReplacementReason(StrEnum):
    LOST = "lost"  # 遗失 (a loss report revokes the old document at once)
    STOLEN = "stolen"  # 被盗
    DAMAGED = "damaged"  # 损毁


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """What a type issues. ``document_kind``/``document_type``: the document produced (None for
    an endorsement only or a foreigner's permit extension, which produce no new booklet/card).
    ``destination``: where an endorsement takes the holder; ``needs_previous``: the applicant
    names the document being renewed, replaced or endorsed; ``citizens_only``: the applicant
    proves identity with a resident identity number (外国人 use their passport)."""

    code: str
    document_kind: DocumentKind | None
    document_type: DocumentType | None
    destination: Destination | None
    needs_previous: bool
    citizens_only: bool
    endorsement: str  # "none", "optional" or "required"


TYPE_INFO: dict[ApplicationType, TypeInfo] = {
    ApplicationType.PASSPORT_FIRST: TypeInfo(
        "P1", DocumentKind.ORDINARY_PASSPORT, DocumentType.PASSPORT, None, False, True, "none"
    ),
    ApplicationType.PASSPORT_RENEWAL: TypeInfo(
        "P2", DocumentKind.ORDINARY_PASSPORT, DocumentType.PASSPORT, None, True, True, "none"
    ),
    ApplicationType.PASSPORT_REPLACEMENT: TypeInfo(
        "P3", DocumentKind.ORDINARY_PASSPORT, DocumentType.PASSPORT, None, True, True, "none"
    ),
    ApplicationType.HK_MACAO_PERMIT: TypeInfo(
        "HM",
        DocumentKind.HK_MACAO_PERMIT,
        DocumentType.HK_MACAO_PERMIT,
        Destination.HONG_KONG,
        False,
        True,
        "optional",
    ),
    ApplicationType.HK_MACAO_ENDORSEMENT: TypeInfo(
        "HE", None, None, Destination.HONG_KONG, True, True, "required"
    ),
    ApplicationType.TAIWAN_PERMIT: TypeInfo(
        "TW",
        DocumentKind.TAIWAN_PERMIT,
        DocumentType.TAIWAN_PERMIT,
        Destination.TAIWAN,
        False,
        True,
        "optional",
    ),
    ApplicationType.TAIWAN_ENDORSEMENT: TypeInfo(
        "TE", None, None, Destination.TAIWAN, True, True, "required"
    ),
    ApplicationType.FOREIGNER_STAY_EXTENSION: TypeInfo("FX", None, None, None, True, False, "none"),
}


class Status(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交 (online or at a kiosk; not yet taken in)
    PAID = "paid"  # 已缴费
    ON_HOLD = "on_hold"  # 暂缓: a deny-exit list hit at intake; a person decides
    ACCEPTED = "accepted"  # 已受理 (intake)
    REVIEWED = "reviewed"  # 已审核
    APPROVED = "approved"  # 已审批
    REJECTED = "rejected"  # 不予批准 (with a reason the applicant sees)
    IN_PRODUCTION = "in_production"  # 制证中
    ISSUED = "issued"  # 已签发
    COLLECTED = "collected"  # 已领取
    DELIVERED = "delivered"  # 已邮寄送达
    WITHDRAWN = "withdrawn"  # 已撤回


OPEN_STATUSES = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.PAID,
        Status.ON_HOLD,
        Status.ACCEPTED,
        Status.REVIEWED,
        Status.APPROVED,
        Status.IN_PRODUCTION,
    }
)
CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES - {Status.ISSUED}
# Statuses during which the 7-working-day pledge runs (from intake until issue).
DEADLINE_STATUSES = frozenset(
    {Status.ACCEPTED, Status.ON_HOLD, Status.REVIEWED, Status.APPROVED, Status.IN_PRODUCTION}
)


class GreenReason(StrEnum):
    """绿色通道: priority in work queues and in the hall."""

    ELDERLY = "elderly"  # 60 or older, from the identity number's birth date
    DISABLED = "disabled"  # 残疾人
    PREGNANT = "pregnant"  # 孕妇
    URGENT_MEDICAL = "urgent_medical"  # 紧急就医


@dataclass(frozen=True, slots=True)
class EndorsementRequest:
    """签注 asked for: code (G, L, T, S, D, Q for Hong Kong/Macao), validity in months
    (None: as approved, e.g. D) and trips; checked against the standard offerings."""

    code: str
    months: int | None
    trips: TripAllowance
    destination: Destination = Destination.HONG_KONG


@dataclass(frozen=True, slots=True)
class ApplicantDetails:
    """The applicant as written on the form. Personal data, sealed at rest.

    Chinese citizens give their 18-digit resident identity number (its birth date must equal
    ``birth_date``); foreigners give the passport they hold (``foreign_document_number``) and
    their nationality. ``surname``/``given_names``: Latin letters (pinyin for citizens)."""

    surname: str
    given_names: str
    sex: Sex
    birth_date: date
    nationality: str = "CHN"
    name_zh: str = ""
    id_number: str = ""
    foreign_document_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""  # where the applicant lives (户籍/居住地址)
    delivery_address: str = ""  # where to post the document; empty: collect at the office

    @property
    def full_name(self) -> str:
        return f"{self.surname}, {self.given_names}".strip(", ")


@dataclass(slots=True)
class Application:
    id: str
    reference: str  # shown to the applicant, e.g. HM-20261122-7F3A9C
    applicant_id: str  # opaque: the portal's account id, a kiosk session or "counter:<user>"
    app_type: ApplicationType
    office_code: str
    applicant: ApplicantDetails
    status: Status = Status.DRAFT
    person_id: str | None = None
    endorsement: EndorsementRequest | None = None
    replacement_reason: ReplacementReason | None = None
    previous_document_number: str = ""  # the document renewed, replaced or endorsed
    green: tuple[GreenReason, ...] = ()
    fee_fen: int = 0
    currency: str = "CNY"
    payment_ref: str | None = None
    paid_fen: int | None = None
    paid_at: datetime | None = None
    channel: str = "online"  # online, kiosk or counter
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    accepted_at: datetime | None = None
    accepted_by: str = ""  # user id of the intake clerk (four eyes)
    accepted_by_name: str = ""
    due_on: date | None = None  # 7 working days after intake
    decided_at: datetime | None = None
    decided_by: str = ""
    rejection_reason: str = ""  # shown to the applicant
    hold_reason: str = ""  # staff only: why intake put it on hold
    issued_at: datetime | None = None
    issued_document_id: str | None = None
    document_number: str = ""
    mrz: tuple[str, ...] = ()
    closed_at: datetime | None = None
    version: int = 1  # optimistic concurrency: every write checks and bumps it

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_green(self) -> bool:
        return bool(self.green)


@dataclass(frozen=True, slots=True)
class ApplicationEvent:
    """One line of an application's history."""

    id: str
    application_id: str
    at: datetime
    actor: str  # user name, "applicant" or "system:..."
    actor_id: str
    transition: str
    from_status: Status | None
    to_status: Status
    reason: str = ""  # e.g. a rejection reason, a hold reason, a screening reason code
    detail: dict[str, str] = field(default_factory=dict)


class Deadline(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # due within 2 working days
    OVERDUE = "overdue"
    MET = "met"  # issued on time
    MISSED = "missed"  # issued late
    NONE = "none"  # not taken in yet, or closed without issue


# ---------------------------------------------------------------- appointments


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """Appointment settings of one office: seats per slot, slot length, opening hours (local)."""

    office_code: str
    capacity: int = 4
    slot_minutes: int = 30
    opens: str = "09:00"
    closes: str = "17:00"
    lunch: tuple[str, str] | None = ("12:00", "13:30")
    timezone: str = "Asia/Shanghai"
    windows: int = 4  # counters open in the hall (estimated waits)


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    office_code: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Booking:
    id: str
    slot_id: str
    application_id: str
    applicant_id: str
    status: BookingStatus
    created_at: datetime
    cancelled_at: datetime | None = None


# ---------------------------------------------------------------- office hall


class TicketStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    DONE = "done"
    NO_SHOW = "no_show"


@dataclass(frozen=True, slots=True)
class Ticket:
    """A take-a-number slip. ``number`` is what the screen shows (A012; green channel G003);
    no name is ever shown."""

    id: str
    office_code: str
    day: date
    number: str
    seq: int
    green: bool
    status: TicketStatus
    issued_at: datetime
    application_id: str | None = None
    window: str = ""
    called_at: datetime | None = None
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CalendarYear:
    """One year's official working-day arrangement loaded by an administrator (the State
    Council's notice), for years ``chinese-calendar`` does not cover."""

    year: int
    holidays: frozenset[date]  # statutory days off, including weekdays moved off
    workdays: frozenset[date]  # adjusted working days (调休上班), usually weekends
    source: str
    loaded_at: datetime | None = None
    loaded_by: str = ""
