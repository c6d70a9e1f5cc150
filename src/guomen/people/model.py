"""A person as the platform knows them. Every field but id, sex and nationality is personal
data that the storage adapter encrypts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"
    UNSPECIFIED = "X"


@dataclass(slots=True)
class Person:
    id: str
    surname: str  # Latin script as in the MRZ (pinyin for Chinese citizens)
    given_names: str
    sex: Sex
    birth_date: date
    nationality: str  # ICAO alpha-3
    name_local: str | None = None  # e.g. 陈大文
    id_number: str | None = None  # resident identity number, for Chinese citizens
    phone: str | None = None
    address: str | None = None
    created_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.surname}, {self.given_names}".strip(", ")
