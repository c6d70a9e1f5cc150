"""State codes known to the MRZ engine (the default for ``known_states``).

ISO 3166-1 alpha-3 country codes, plus the codes ICAO Doc 9303 Part 3 (section 5, Tables A-D)
adds for MRZs: ``D`` for Germany, the British nationality codes, United Nations and other
issuing organisations, stateless persons and refugees, the EU and Kosovo (RKS).
Specimen codes such as ``UTO`` (Utopia) are deliberately absent: they are reported as unknown, a
warning only.
"""

from __future__ import annotations

from collections.abc import Callable


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


ISO_3166_ALPHA3: frozenset[str] = _codes(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA
    BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN
    CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU
    EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB
    GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL
    ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO
    LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR
    MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER
    PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM
    SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK
    TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR VNM
    VUT WLF WSM YEM ZAF ZMB ZWE
    """
)

ICAO_SPECIAL_CODES: frozenset[str] = frozenset(
    {
        "D",  # Germany (Doc 9303 Part 3: "D" rather than "DEU" in the MRZ)
        "GBD",  # British Overseas Territories Citizen
        "GBN",  # British National (Overseas)
        "GBO",  # British Overseas Citizen
        "GBP",  # British Protected Person
        "GBS",  # British Subject
        "UNO",  # United Nations Organization or one of its officials
        "UNA",  # specialized agency of the United Nations
        "UNK",  # resident of Kosovo, document issued by UNMIK
        "XXA",  # stateless person (1954 Convention)
        "XXB",  # refugee (1951 Convention)
        "XXC",  # refugee (other than XXB)
        "XXX",  # person of unspecified nationality
        "EUE",  # European Union
        "XOM",  # Sovereign Military Order of Malta
        "XPO",  # INTERPOL
        "XES",  # Organization of Eastern Caribbean States
        "XMP",  # International Organization for Migration
        "XDC",  # Southern African Development Community
        "XBA",  # African Development Bank
        "XIM",  # African Export-Import Bank
        "XCC",  # Caribbean Community (CARICOM)
        "XCE",  # Council of Europe
        "XCO",  # Common Market for Eastern and Southern Africa
        "XEC",  # Economic Community of West African States
        "RKS",  # Kosovo
    }
)

SPECIMEN_CODES: frozenset[str] = frozenset({"UTO", "UTS"})

KNOWN_STATES: frozenset[str] = ISO_3166_ALPHA3 | ICAO_SPECIAL_CODES

StateLookup = Callable[[str], bool]


def state_lookup(known: StateLookup | frozenset[str] | None = None) -> StateLookup:
    """A predicate for known state codes from a set, a callable, or the built-in default."""
    if known is None:
        return KNOWN_STATES.__contains__
    if isinstance(known, frozenset):
        return known.__contains__
    return known
