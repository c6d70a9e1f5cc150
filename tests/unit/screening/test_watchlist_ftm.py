"""FollowTheMoney JSON-lines importer (OpenSanctions data)."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from guomen.people.model import Sex
from guomen.screening.importers import ImportResult, Severity, import_ftm
from guomen.screening.model import DocumentKind, ListType, NameKind


def _person(entity_id: str = "NK-1", **props: list[str]) -> dict[str, Any]:
    base: dict[str, list[str]] = {
        "name": ["Lavrentiy Aleksandrovich ZAKHAROV", "Лаврентий Александрович Захаров"],
        "alias": ["Lavrentii Zakharov"],
        "weakAlias": ["Lavr"],
        "birthDate": ["1999-02-26", "1999"],
        "nationality": ["ru"],
        "citizenship": ["ru", "by"],
        "gender": ["male"],
        "passportNumber": ["089132114"],
        "idNumber": ["TIN: 183111242572"],
        "birthPlace": ["Izhevsk, Russia"],
        "position": ["Director"],
        "notes": ["Disqualified"],
    }
    base.update(props)
    return {
        "id": entity_id,
        "schema": "Person",
        "caption": "Lavrentiy Aleksandrovich ZAKHAROV",
        "properties": base,
    }


def _lines(*entities: dict[str, Any] | str) -> bytes:
    text = "\n".join(e if isinstance(e, str) else json.dumps(e) for e in entities)
    return (text + "\n").encode()


def _load(data: bytes) -> ImportResult:
    return import_ftm(io.BytesIO(data), list_id="os", list_type=ListType.WATCH).collect()


class TestPersons:
    def test_a_person_with_every_field(self) -> None:
        result = _load(_lines(_person()))
        assert result.ok
        (person,) = result.entries
        assert (person.entry_id, person.source_id) == ("NK-1", "NK-1")
        assert [(n.text, n.kind, n.script) for n in person.names] == [
            ("Lavrentiy Aleksandrovich ZAKHAROV", NameKind.PRIMARY, "Latn"),
            ("Лаврентий Александрович Захаров", NameKind.ALIAS, "Cyrl"),
            ("Lavrentii Zakharov", NameKind.ALIAS, "Latn"),
            ("Lavr", NameKind.WEAK_ALIAS, "Latn"),
        ]
        assert [str(d) for d in person.birth_dates] == ["1999-02-26", "1999"]
        assert person.nationalities == ("RUS", "BLR")
        assert person.sex is Sex.MALE
        assert [(d.kind, d.number) for d in person.documents] == [
            (DocumentKind.PASSPORT, "089132114"),
            (DocumentKind.NATIONAL_ID, "183111242572"),
        ]
        assert person.birth_places == ("Izhevsk, Russia",)
        assert person.notes == "Position: Director\nDisqualified"

    def test_other_schemata_are_skipped_not_problems(self) -> None:
        company = {"id": "c1", "schema": "Company", "properties": {"name": ["ACME"]}}
        result = _load(_lines(company, _person(), {"id": "s1", "schema": "Sanction"}))
        assert len(result.entries) == 1
        assert result.skipped == 2
        assert result.problems == ()

    def test_names_from_first_and_last_name_when_there_is_no_name(self) -> None:
        entity = _person(name=[], alias=[], weakAlias=[], firstName=["Ivan"], lastName=["PETROV"])
        assert _load(_lines(entity)).entries[0].primary_name == "Ivan PETROV"

    def test_soviet_union_and_bad_dates_are_warnings(self) -> None:
        result = _load(_lines(_person(nationality=["suhh"], birthDate=["26.02.1999"])))
        assert result.ok
        assert {p.field for p in result.of(Severity.WARNING)} == {"nationality", "birth_date"}


class TestBadInput:
    def test_a_broken_line_is_rejected_with_its_line_number(self) -> None:
        result = _load(_lines(_person("A"), '{"id": "B", "schema": "Person", ', _person("C")))
        assert [e.entry_id for e in result.entries] == ["A", "C"]
        (error,) = result.of(Severity.ERROR)
        assert (error.line, error.record) == (2, 2)
        assert "malformed JSON" in error.reason

    @pytest.mark.parametrize(
        ("entity", "reason"),
        [
            ({"schema": "Person", "properties": {"name": ["X"]}}, "no id"),
            ({"id": "x", "schema": "Person", "properties": []}, "no properties"),
            ({"id": "x", "schema": "Person", "properties": {"name": ["😀"]}}, "emoji"),
            ({"id": "x", "schema": "Person", "properties": {"name": ["A" * 10_000]}}, "10000"),
            ({"id": "x", "schema": "Person", "properties": {}}, "empty"),
            ([1, 2], "not a FollowTheMoney entity"),
        ],
    )
    def test_bad_entities_are_rejected(self, entity: Any, reason: str) -> None:
        result = _load(_lines(_person("A"), json.dumps(entity)))
        (error,) = result.of(Severity.ERROR)
        assert reason in error.reason
        assert error.line == 2

    def test_deep_nesting_is_rejected_not_a_crash(self) -> None:
        result = _load(_lines(_person("A"), "[" * 100_000 + "]" * 100_000))
        assert "malformed JSON" in result.of(Severity.ERROR)[0].reason

    def test_values_of_the_wrong_type_are_dropped(self) -> None:
        result = _load(_lines(_person(gender=[1, "female"], birthPlace="Izhevsk")))  # type: ignore[list-item, arg-type]
        person = result.entries[0]
        assert person.sex is Sex.FEMALE
        assert person.birth_places == ()
        assert len(result.of(Severity.WARNING)) == 2

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b'[{"id": "x", "schema": "Person"}]\n', "JSON array"),
            (b"<?xml version='1.0'?><CONSOLIDATED_LIST/>\n", "line 1 is not JSON"),
            (b'{"name": "no schema"}\n', "not an entity"),
        ],
    )
    def test_a_file_that_is_not_ftm(self, data: bytes, reason: str) -> None:
        run = import_ftm(io.BytesIO(data), list_id="os", list_type=ListType.WATCH)
        assert list(run) == []
        assert run.fatal
        assert "not FollowTheMoney JSON lines" in run.problems[0].reason
        assert reason in run.problems[0].reason
