"""UN consolidated list XML importer: good records, bad records, hostile and broken files."""

from __future__ import annotations

import io
from datetime import date

import pytest

from guomen.people.model import Sex
from guomen.screening.importers import ImportFailed, ImportResult, Severity, import_un_xml
from guomen.screening.model import DatePrecision, DocumentKind, ListType, NameKind, Subject

PERSON = """
<INDIVIDUAL>
  <DATAID>6908114</DATAID>
  <FIRST_NAME>THORAYA</FIRST_NAME>
  <SECOND_NAME>BARZAN</SECOND_NAME>
  <THIRD_NAME>IBRAHIM</THIRD_NAME>
  <FOURTH_NAME>HASAN AL-TIKRITI</FOURTH_NAME>
  <UN_LIST_TYPE>Iraq</UN_LIST_TYPE>
  <REFERENCE_NUMBER>IQi.067</REFERENCE_NUMBER>
  <LISTED_ON>2004-04-07</LISTED_ON>
  <GENDER>Female</GENDER>
  <NAME_ORIGINAL_SCRIPT>ثريا برزان إبراهيم حسن التكريتي</NAME_ORIGINAL_SCRIPT>
  <COMMENTS1>Daughter of Barzan.</COMMENTS1>
  <NATIONALITY><VALUE>Iraq</VALUE><VALUE>Atlantis</VALUE></NATIONALITY>
  <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Thuraya al-Tikriti</ALIAS_NAME>
    <DATE_OF_BIRTH>1981-02-03</DATE_OF_BIRTH></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Umm Ali</ALIAS_NAME></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1980-12-19</DATE>
  </INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1979</YEAR>
  </INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1973</FROM_YEAR>
    <TO_YEAR>1974</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>Nov. 1975</NOTE>
  </INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>
    <NOTE>30-35 years old</NOTE></INDIVIDUAL_DATE_OF_BIRTH>
  <INDIVIDUAL_PLACE_OF_BIRTH><CITY>Tikrit</CITY><COUNTRY>Iraq</COUNTRY>
  </INDIVIDUAL_PLACE_OF_BIRTH>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>
    <NUMBER>CAR diplomatic passport no. D00000898</NUMBER>
    <ISSUING_COUNTRY>Central African Republic</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>
  <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>National Identification Number</TYPE_OF_DOCUMENT>
    <NUMBER>OB 0243318</NUMBER><COUNTRY_OF_ISSUE>Germany</COUNTRY_OF_ISSUE>
  </INDIVIDUAL_DOCUMENT>
</INDIVIDUAL>"""

ENTITY = """
<ENTITY>
  <DATAID>6908028</DATAID>
  <FIRST_NAME>M23</FIRST_NAME>
  <UN_LIST_TYPE>DRC</UN_LIST_TYPE>
  <REFERENCE_NUMBER>CDe.006</REFERENCE_NUMBER>
  <LISTED_ON>2012-12-31</LISTED_ON>
  <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Mouvement du 23 mars</ALIAS_NAME>
  </ENTITY_ALIAS>
  <ENTITY_ADDRESS><CITY>Goma</CITY><COUNTRY>Democratic Republic of the Congo</COUNTRY>
  </ENTITY_ADDRESS>
</ENTITY>"""


def _xml(individuals: str = PERSON, entities: str = ENTITY) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated="2026-02-27">\n'
        f"<INDIVIDUALS>{individuals}</INDIVIDUALS>\n<ENTITIES>{entities}</ENTITIES>\n"
        "</CONSOLIDATED_LIST>\n"
    ).encode()


def _person(**tags: str) -> str:
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in tags.items())
    return f"<INDIVIDUAL>{body}</INDIVIDUAL>"


def _load(data: bytes) -> ImportResult:
    run = import_un_xml(io.BytesIO(data), list_id="un-sc", list_type=ListType.WATCH)
    return run.collect()


class TestGoodRecords:
    def test_a_person_with_every_field(self) -> None:
        result = _load(_xml())
        person = result.entries[0]
        assert person.entry_id == "un-6908114"
        assert person.source_id == "6908114"
        assert person.subject is Subject.PERSON
        assert person.primary_name == "THORAYA BARZAN IBRAHIM HASAN AL-TIKRITI"
        kinds = {n.text: (n.kind, n.script) for n in person.names[1:]}
        assert kinds == {
            "ثريا برزان إبراهيم حسن التكريتي": (NameKind.ORIGINAL_SCRIPT, "Arab"),
            "Thuraya al-Tikriti": (NameKind.ALIAS, "Latn"),
            "Umm Ali": (NameKind.WEAK_ALIAS, "Latn"),
        }
        assert person.sex is Sex.FEMALE
        assert person.nationalities == ("IRQ",)
        assert person.valid_from == date(2004, 4, 7)
        assert person.birth_places == ("Tikrit, Iraq",)
        assert "IQi.067" in person.notes

    def test_birth_dates_exact_year_range_month_and_alias_date(self) -> None:
        dates = [str(d) for d in _load(_xml()).entries[0].birth_dates]
        assert dates == ["1980-12-19", "1979~", "1973/1974", "1975-11", "1981-02-03"]

    def test_documents_with_issuing_state(self) -> None:
        docs = _load(_xml()).entries[0].documents
        assert [(d.kind, d.number, d.issuing_state) for d in docs] == [
            (DocumentKind.PASSPORT, "D00000898", "CAF"),
            (DocumentKind.NATIONAL_ID, "OB 0243318", "D"),  # ICAO writes Germany as D
        ]

    def test_an_entity(self) -> None:
        entity = _load(_xml()).entries[1]
        assert entity.subject is Subject.ORGANIZATION
        assert [n.text for n in entity.names] == ["M23", "Mouvement du 23 mars"]
        assert entity.addresses == ("Goma, Democratic Republic of the Congo",)
        assert entity.birth_dates == ()

    def test_unknown_country_and_unreadable_date_are_warnings(self) -> None:
        result = _load(_xml())
        assert result.ok
        warnings = {(p.field, p.record, p.line) for p in result.of(Severity.WARNING)}
        assert warnings == {("nationality", 1, 4), ("birth_date", 1, 4)}
        assert "Atlantis" in " ".join(str(p) for p in result.of(Severity.WARNING))

    def test_a_bounded_between_range_has_range_precision(self) -> None:
        dates = _load(_xml()).entries[0].birth_dates
        assert dates[2].precision is DatePrecision.RANGE


class TestBadRecords:
    @pytest.mark.parametrize(
        ("first_name", "reason"),
        [
            ("", "empty"),
            ("A" * 10_000, "10000 characters"),
            ("BAD&#x202E;NAME", "control character"),
            ("EMOJI 😀", "emoji"),
        ],
    )
    def test_a_bad_primary_name_rejects_only_its_record(self, first_name: str, reason: str) -> None:
        bad = _person(DATAID="1", FIRST_NAME=first_name)
        result = _load(_xml(individuals=bad + PERSON))
        assert [e.source_id for e in result.entries] == ["6908114", "6908028"]
        (error,) = result.of(Severity.ERROR)
        assert (error.record, error.source_id, error.field) == (1, "1", "name")
        assert reason in error.reason

    def test_a_bad_alias_is_dropped_with_a_warning(self) -> None:
        person = PERSON.replace("Umm Ali", "Umm 😀 Ali")
        result = _load(_xml(individuals=person))
        assert result.ok
        assert "Umm" not in " ".join(n.text for n in result.entries[0].names)
        assert any(p.field == "weak_alias" for p in result.of(Severity.WARNING))

    def test_a_record_without_numeric_id_is_rejected(self) -> None:
        result = _load(_xml(individuals=_person(DATAID="x1", FIRST_NAME="A")))
        assert result.of(Severity.ERROR)[0].field == "DATAID"

    def test_a_repeated_id_is_rejected(self) -> None:
        result = _load(_xml(individuals=PERSON + PERSON))
        (error,) = result.of(Severity.ERROR)
        assert "repeated" in error.reason
        assert error.record == 2


class TestHostileAndBrokenFiles:
    def _fatal(self, data: bytes) -> str:
        run = import_un_xml(io.BytesIO(data), list_id="un-sc", list_type=ListType.WATCH)
        list(run)
        assert run.fatal
        with pytest.raises(ImportFailed) as caught:
            run.check(skip_bad_records=True)  # skipping records cannot save a broken file
        return caught.value.message

    def test_billion_laughs_is_refused(self) -> None:
        bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&lol3;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""
        assert "refused" in self._fatal(bomb)

    def test_external_entity_is_refused(self) -> None:
        xxe = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>
<FIRST_NAME>&secret;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>"""
        message = self._fatal(xxe)
        assert "refused" in message
        assert "root:" not in message

    def test_malformed_xml_gives_its_line(self) -> None:
        data = _xml().replace(b"<GENDER>Female</GENDER>", b"<GENDER>Female</GENDR>")
        run = import_un_xml(io.BytesIO(data), list_id="un-sc", list_type=ListType.WATCH)
        assert list(run) == []
        (fatal,) = run.problems
        assert fatal.severity is Severity.FATAL
        assert fatal.line == 13
        assert "malformed XML" in fatal.reason

    def test_a_truncated_file_fails_even_after_good_records(self) -> None:
        data = _xml()[:-40]
        run = import_un_xml(io.BytesIO(data), list_id="un-sc", list_type=ListType.WATCH)
        assert len(list(run)) == 1  # streamed, but the run says not to commit
        assert run.failed(skip_bad_records=True)

    @pytest.mark.parametrize(
        ("data", "words"),
        [
            (b"", "empty"),
            (b"%PDF-1.7 binary", "does not start with '<'"),
            (b"<html><body>list</body></html>", "root element is <html>"),
            (b"entry_id,list_type,name\n", "does not start with '<'"),
        ],
    )
    def test_a_file_that_is_not_the_un_list(self, data: bytes, words: str) -> None:
        message = self._fatal(data)
        assert "not a UN consolidated list" in message
        assert words in message

    def test_a_gbk_declared_file_is_refused_clearly(self) -> None:
        data = _xml().replace(b'encoding="UTF-8"', b'encoding="GBK"')
        assert "save it as UTF-8" in self._fatal(data)

    def test_utf16_with_its_declaration_is_read(self) -> None:
        text = _xml().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
        assert len(_load(text.encode("utf-16")).entries) == 2

    def test_invalid_utf8_is_malformed(self) -> None:
        data = _xml().replace(b"Tikrit</CITY>", b"Tikr\xff\xfeit</CITY>")
        assert "malformed XML" in self._fatal(data)

    def test_a_missing_file_is_a_clear_error(self, tmp_path: object) -> None:
        run = import_un_xml("/nonexistent/un.xml", list_id="un-sc", list_type=ListType.WATCH)
        list(run)
        assert "cannot open" in run.problems[0].reason

    def test_a_huge_record_stops_the_run(self) -> None:
        many = "".join(
            "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY></INDIVIDUAL_ALIAS>" for _ in range(6000)
        )
        data = _xml(
            individuals=_person(DATAID="1", FIRST_NAME="A").replace(
                "</INDIVIDUAL>", many + "</INDIVIDUAL>"
            )
        )
        assert "more than 10000 elements" in self._fatal(data)
