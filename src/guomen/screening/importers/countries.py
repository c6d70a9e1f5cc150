"""Country names and codes as the lists write them → ICAO alpha-3 as printed in MRZs.

pycountry knows ISO 3166-1 names and codes; the lists also use their own short forms ("Korea,
North", "Iran (Islamic Republic of)", "Burma"), listed below. ISO DEU becomes ICAO ``D``.
Unknown names give None: the importer reports them and keeps the record.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# ISO 3166-1 code → the code ICAO Doc 9303 prints instead.
_ISO_TO_ICAO = {"DEU": "D"}
# Codes ICAO uses that ISO 3166-1 lacks (see reference/data/icao_codes.yaml).
_ICAO_ONLY = {
    "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "EUE", "UNO", "UNA", "UNK",
    "XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
    "XXA", "XXB", "XXC", "XXX", "ANT", "NTZ", "UTO",
}  # fmt: skip
# Names used by the UN, OFAC and OpenSanctions that pycountry does not match exactly.
_ALIASES = {
    "korea, north": "PRK",
    "north korea": "PRK",
    "korea, south": "KOR",
    "south korea": "KOR",
    "iran (islamic republic of)": "IRN",
    "iran": "IRN",
    "russia": "RUS",
    "turkey": "TUR",
    "burma": "MMR",
    "congo, democratic republic of the": "COD",
    "congo, republic of the": "COG",
    "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD",
    "state of palestine": "PSE",
    "palestine": "PSE",
    "palestinian": "PSE",
    "west bank": "PSE",
    "gaza": "PSE",
    "macau": "MAC",
    "kosovo": "RKS",
    "macedonia": "MKD",
    "macedonia, the former yugoslav republic of": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "cote d'ivoire": "CIV",
    "ivory coast": "CIV",
    "cape verde": "CPV",
    "swaziland": "SWZ",
    "vatican": "VAT",
    "holy see": "VAT",
    "great britain": "GBR",
    "united kingdom": "GBR",
    "uk": "GBR",
    "united states": "USA",
    "usa": "USA",
    "bosnia-herzegovina": "BIH",
    "brunei": "BRN",
    "czech republic": "CZE",
    "taiwan": "TWN",
    "hong kong": "HKG",
    "germany": "D",
}
# OpenSanctions codes that are not countries of today (su = Soviet Union, zz = global ...).
_NOT_A_STATE = {"su", "suhh", "csxx", "yucs", "ddde", "zz", "eu", "xk"}


@lru_cache(maxsize=4096)
def to_icao(value: str, *, codes: bool = True) -> str | None:
    """ICAO alpha-3 for a country name, an alpha-2 or alpha-3 code, or None if unknown.

    With ``codes=False`` only names count: a list that writes names means "not available" by
    ``na``, not Namibia."""
    text = re.sub(r"\s+", " ", value).strip().strip(".").strip()
    if not text or len(text) > 100:
        return None
    folded = text.casefold()
    if not codes and len(text) <= 3:
        return _ALIASES.get(folded)
    if folded == "xk":
        return "RKS"
    if folded in _NOT_A_STATE:
        return None
    if text.upper() in _ICAO_ONLY:
        return text.upper()
    found = _ALIASES.get(folded) or _ALIASES.get(folded.removeprefix("the "))
    if found:
        return found
    return _pycountry(text) or _pycountry(text.removeprefix("The ").removeprefix("the "))


def _pycountry(text: str) -> str | None:
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    code = str(country.alpha_3)
    return _ISO_TO_ICAO.get(code, code)


def is_icao_code(code: str) -> bool:
    """Whether ``code`` is an ICAO nationality code as an MRZ prints it (CHN, HKG, D, GBN ...)."""
    if code in _ICAO_ONLY:
        return True
    if len(code) != 3 or code != code.upper():
        return False
    return code not in _ISO_TO_ICAO and pycountry.countries.get(alpha_3=code) is not None
