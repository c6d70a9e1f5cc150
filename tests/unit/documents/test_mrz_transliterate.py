from __future__ import annotations

import pytest

from guomen.documents.mrz import MrzFieldError, transliterate_name


@pytest.mark.parametrize(
    ("name", "mrz"),
    [
        # Doc 9303 Part 3, Latin table (recommended transliterations)
        ("Müller", "MUELLER"),
        ("Åsa Ängström", "AASA AENGSTROEM"),
        ("Øresund Ærø", "OERESUND AEROE"),
        ("Straße", "STRASSE"),
        ("Þórdís", "THORDIS"),
        ("Œuvre Ĳssel", "OEUVRE IJSSEL"),
        ("José Peña Çelik Łukasz Dvořák", "JOSE PENA CELIK LUKASZ DVORAK"),
        ("Ștefan Țurcanu", "STEFAN TURCANU"),  # base letter when not in the table
        # punctuation (Doc 9303 Part 3, 4.6): hyphen separates, apostrophe is omitted
        ("Jean-Pierre", "JEAN PIERRE"),
        ("O'Brien", "OBRIEN"),
        ("D’Arcy,  Jr.", "DARCY JR"),
        ("  van der   Berg ", "VAN DER BERG"),
        # Cyrillic (Doc 9303 Part 3, Cyrillic table)
        ("Щербаков Юрий", "SHCHERBAKOV IURII"),
        ("Горбачёв Михаил", "GORBACHEV MIKHAIL"),
        ("Цой Объедков Ядвига", "TSOI OBIEEDKOV IADVIGA"),
        ("Жуков Эдуард Ильич", "ZHUKOV EDUARD ILICH"),
        ("Ґалаґан Єва Їжак", "GALAGAN IEVA IZHAK"),
        ("Љубица Његош Џонић", "LJUBITSA NJEGOSH DZONIC"),  # language-neutral column
        # Greek (ELOT 743)
        ("Παπαδόπουλος", "PAPADOPOULOS"),
        ("Ευάγγελος", "EVANGELOS"),
        ("Ευθύμιος", "EFTHYMIOS"),
        ("Χρυσούλα Ψαρρά", "CHRYSOULA PSARRA"),
        ("Θεόδωρος", "THEODOROS"),
        # Arabic (Doc 9303 Part 3, Arabic table: X marks letters without a Latin equivalent)
        ("محمد", "MXHMD"),
        ("عبد الله", "EBD ALLH"),
        ("شريف", "XSHRYF"),
        # already in MRZ form: unchanged
        ("ERIKSSON", "ERIKSSON"),
        ("anna maria", "ANNA MARIA"),
    ],
)
def test_transliteration(name: str, mrz: str) -> None:
    assert transliterate_name(name) == mrz


def test_transliteration_is_idempotent() -> None:
    once = transliterate_name("Ævar Þór Müller-Groß")
    assert transliterate_name(once) == once == "AEVAR THOR MUELLER GROSS"


@pytest.mark.parametrize(
    ("name", "code"), [("王小明", "mrz_untransliterable"), ("Louis 14", "mrz_digit_in_name")]
)
def test_names_that_cannot_be_written(name: str, code: str) -> None:
    with pytest.raises(MrzFieldError) as raised:
        transliterate_name(name, field="surname")
    assert raised.value.code == code
    assert raised.value.field == "surname"
