"""API schemas for MRZ checks and the document registry."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from guomen.documents.registry import RegistryStatus


class MrzCheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mrz_lines: list[str] | str = Field(description="The lines, or one text block.")
    ocr: bool = Field(default=True, description="Repair typical OCR confusions, reported.")


class MrzFieldsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["TD1", "TD2", "TD3", "MRV-A", "MRV-B"] = "TD3"
    document_code: str = Field(default="P", max_length=2)
    issuing_state: str = Field(max_length=3)
    surname: str = Field(max_length=200)
    given_names: str = Field(default="", max_length=200)
    document_number: str = Field(max_length=30)
    nationality: str = Field(max_length=3)
    birth_date: date | None = None
    sex: Literal["M", "F", "X", ""] = ""
    expiry_date: date | None = None
    optional_data: str = Field(default="", max_length=30)
    optional_data_2: str = Field(default="", max_length=30)


class MrzLines(BaseModel):
    lines: list[str]
    name_truncated: bool


class RegistryHitPublic(BaseModel):
    match: str
    kind: Literal["issued", "alert"]
    status: str
    doc_type: str
    source: str | None = None
    expires_on: date | None = None
    reported_on: date | None = None


class RegistryStatusPublic(BaseModel):
    issuing_state: str
    number: str
    status: str
    blocking: bool
    reasons: list[str]
    hits: list[RegistryHitPublic]

    @classmethod
    def of(cls, s: RegistryStatus) -> RegistryStatusPublic:
        hits = []
        for h in s.hits:
            if h.document is not None:
                hits.append(
                    RegistryHitPublic(
                        match=h.match,
                        kind="issued",
                        status=h.document.status,
                        doc_type=h.document.doc_type,
                        expires_on=h.document.expires_on,
                    )
                )
            elif h.alert is not None:
                hits.append(
                    RegistryHitPublic(
                        match=h.match,
                        kind="alert",
                        status=h.alert.status,
                        doc_type=h.alert.doc_type,
                        source=h.alert.source,
                        reported_on=h.alert.reported_on,
                    )
                )
        return cls(
            issuing_state=s.issuing_state,
            number=s.number,
            status=s.status,
            blocking=s.blocking,
            reasons=list(s.reasons),
            hits=hits,
        )


class MrzCheckResponse(BaseModel):
    result: dict[str, Any] = Field(description="valid, format, fields, errors, warnings, ...")
    document: dict[str, Any] | None = Field(
        default=None, description="What the document is: kind, issuer, number format, reasons."
    )
    registry: RegistryStatusPublic | None


class LossReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["lost", "stolen"]
    occurred_on: date | None = None
    place: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)


class Revocation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=500)
    authority: str = Field(min_length=1, max_length=200)


class AlertImportReport(BaseModel):
    batch_id: str
    source: str
    added: int
    skipped: list[dict[str, int | str]]
