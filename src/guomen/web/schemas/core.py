"""API schemas for identity, reference data, records and audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from guomen.audit.model import AuditEntry
from guomen.clearance.model import Movement
from guomen.documents.model import TravelDocument
from guomen.identity.model import ApiToken, Principal, User
from guomen.people.model import Person


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MePublic(BaseModel):
    kind: str
    name: str
    role: str
    scope: str
    port_code: str | None

    @classmethod
    def of(cls, p: Principal) -> MePublic:
        return cls(kind=p.kind, name=p.name, role=p.role, scope=str(p.scope), port_code=p.port_code)


class UserCreate(Strict):
    username: str = Field(min_length=3, max_length=64)
    display_name: str = Field(min_length=1, max_length=128)
    role: str = Field(max_length=32)
    scope: str = Field(max_length=64, examples=["station:ST-LUOHU", "national"])
    password: str = Field(min_length=1, max_length=256)


class UserPublic(BaseModel):
    id: str
    username: str
    display_name: str
    role: str
    scope: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None

    @classmethod
    def of(cls, u: User) -> UserPublic:
        return cls(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            scope=str(u.scope),
            active=u.active,
            locked_until=u.locked_until,
            last_login_at=u.last_login_at,
        )


class TokenCreate(Strict):
    name: str = Field(min_length=1, max_length=128)
    role: Literal["egate_device", "kiosk_device", "service_account"]
    port_code: str | None = Field(default=None, max_length=32)
    scope: str = Field(default="national", max_length=64)
    actions: list[str] | None = Field(default=None, max_length=32)
    valid_days: int | None = Field(default=365, ge=1, le=3650)


class TokenPublic(BaseModel):
    id: str
    name: str
    role: str
    port_code: str | None
    scope: str
    actions: list[str]
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None

    @classmethod
    def of(cls, t: ApiToken) -> TokenPublic:
        return cls(
            id=t.id,
            name=t.name,
            role=t.role,
            port_code=t.port_code,
            scope=str(t.scope),
            actions=sorted(t.actions),
            created_by=t.created_by,
            created_at=t.created_at,
            expires_at=t.expires_at,
            revoked_at=t.revoked_at,
            last_used_at=t.last_used_at,
        )


class TokenIssued(TokenPublic):
    secret: str = Field(description="Shown once. Store it in the device's secret store.")


class DocumentPublic(BaseModel):
    id: str
    doc_type: str
    issuing_state: str
    number: str
    issued_on: date
    expires_on: date
    status: str

    @classmethod
    def of(cls, d: TravelDocument) -> DocumentPublic:
        return cls(
            id=d.id,
            doc_type=d.doc_type,
            issuing_state=d.issuing_state,
            number=d.number,
            issued_on=d.issued_on,
            expires_on=d.expires_on,
            status=d.status,
        )


class PersonPublic(BaseModel):
    id: str
    surname: str
    given_names: str
    name_local: str | None
    sex: str
    birth_date: date
    nationality: str

    @classmethod
    def of(cls, p: Person) -> PersonPublic:
        return cls(
            id=p.id,
            surname=p.surname,
            given_names=p.given_names,
            name_local=p.name_local,
            sex=p.sex,
            birth_date=p.birth_date,
            nationality=p.nationality,
        )


class MovementPublic(BaseModel):
    id: str
    person_id: str
    document_id: str
    port_code: str
    direction: str
    lane: str
    occurred_at: datetime
    decision: str
    reason_codes: list[str]
    operator: str
    traveller_group: str

    @classmethod
    def of(cls, m: Movement) -> MovementPublic:
        return cls(
            id=m.id,
            person_id=m.person_id,
            document_id=m.document_id,
            port_code=m.port_code,
            direction=m.direction,
            lane=m.lane,
            occurred_at=m.occurred_at,
            decision=m.decision,
            reason_codes=list(m.reason_codes),
            operator=m.operator,
            traveller_group=m.traveller_group,
        )


class PersonRecordPublic(BaseModel):
    person: PersonPublic
    documents: list[DocumentPublic]
    recent_movements: list[MovementPublic]


class DocumentHitPublic(BaseModel):
    document: DocumentPublic
    holder: PersonPublic


class AuditEntryPublic(BaseModel):
    seq: int
    at: datetime
    actor: str
    role: str
    action: str
    object_type: str
    object_id: str
    purpose: str
    client: str
    outcome: str
    detail: dict[str, str]
    prev_hash: str
    entry_hash: str

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryPublic:
        ev = e.event
        return cls(
            seq=e.seq,
            at=e.at,
            actor=ev.actor,
            role=ev.role,
            action=ev.action,
            object_type=ev.object_type,
            object_id=ev.object_id,
            purpose=ev.purpose,
            client=ev.client,
            outcome=ev.outcome,
            detail=ev.detail,
            prev_hash=e.prev_hash,
            entry_hash=e.entry_hash,
        )


class ChainReportPublic(BaseModel):
    ok: bool
    checked: int
    broken_at: int | None
    problem: str


class PortPublic(BaseModel):
    code: str
    name_zh: str
    name_en: str
    port_type: str
    station: str
    duty_region: str
    city_zh: str
    timezone: str
    iata: str | None


class CountryPublic(BaseModel):
    code: str
    name_zh: str
    name_en: str
    icao_only: bool


class OfficePublic(BaseModel):
    code: str
    name_zh: str
    name_en: str
    city_zh: str
    province_zh: str
    address_zh: str
