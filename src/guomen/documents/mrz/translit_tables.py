"""Transliteration tables for names in the MRZ (upper-case source characters).

* Latin: ICAO Doc 9303 Part 3, section 6 A, "Transliteration of multinational Latin-based
  characters", recommended column (Ä→AE, Å→AA, Ö→OE, Ü→UE, ß→SS, Þ→TH, Æ→AE, Ø→OE, Œ→OE, Ĳ→IJ;
  other diacritics dropped). The optional forms (AXX, NXX, UXX …) are not used.
* Cyrillic: Doc 9303 Part 3, section 6 B (the language-neutral column; e.g. Г→G, Х→KH, Ц→TS,
  Щ→SHCH, Ъ→IE, Ь omitted, Ю→IU, Я→IA). Checked against the Russian extract of the table
  published with Russian passport rules and the interscript ICAO maps. Ћ→C and Ќ→K could not be
  confirmed from the sources available and follow the table as we recall it.
* Arabic: Doc 9303 Part 3, section 6 C (reversible scheme, ``X`` marks letters without a one-
  letter Latin equivalent), checked against the interscript ICAO 9303 map for the letters below.
  TEH MARBUTA (ة) is given as XTA: the map we could check gives P, which would collide with
  PEH (پ), so the entry is marked unverified. SHADDA is not in the verified table and is dropped.
* Greek: Doc 9303 has no Greek table; Greek passports use ELOT 743, whose one-letter mapping is
  used here (Η→I, Θ→TH, Υ→Y, Χ→CH, Ψ→PS, Ω→O), with the digraphs in ``GREEK_DIGRAPHS``.
"""

from __future__ import annotations


def _expand(groups: dict[str, str]) -> dict[str, str]:
    """``{"ÁÀÂ": "A"}`` → ``{"Á": "A", "À": "A", "Â": "A"}``."""
    return {char: target for chars, target in groups.items() for char in chars}


LATIN: dict[str, str] = _expand(
    {
        "ÁÀÂÃĂĀĄ": "A",
        "Ä": "AE",
        "Å": "AA",
        "Æ": "AE",
        "ÇĆĈĊČ": "C",
        "ĎĐÐ": "D",
        "ÉÈÊËĚĖĒĘĔ": "E",
        "ĜĞĠĢ": "G",
        "ĤĦ": "H",
        "ÍÌÎÏİĨĪĬĮ": "I",
        "Ĳ": "IJ",
        "Ĵ": "J",
        "Ķ": "K",
        "ĹĻĽĿŁ": "L",
        "ŃŅŇÑŊ": "N",
        "ÓÒÔÕŌŎŐ": "O",
        "ÖØŒ": "OE",
        "ŔŖŘ": "R",
        "ŚŜŞŠ": "S",
        "ẞ": "SS",
        "ŢŤŦ": "T",
        "Þ": "TH",
        "ÚÙÛŨŪŬŮŰŲ": "U",
        "Ü": "UE",
        "Ŵ": "W",
        "ÝŶŸ": "Y",
        "ŹŻŽ": "Z",
    }
)

CYRILLIC: dict[str, str] = {
    "А": "A",
    "Б": "B",
    "В": "V",
    "Г": "G",
    "Ґ": "G",
    "Д": "D",
    "Ђ": "D",
    "Ѓ": "G",
    "Е": "E",
    "Ё": "E",
    "Є": "IE",
    "Ж": "ZH",
    "З": "Z",
    "Ѕ": "DZ",
    "И": "I",
    "І": "I",
    "Ї": "I",
    "Й": "I",
    "Ј": "J",
    "К": "K",
    "Л": "L",
    "Љ": "LJ",
    "М": "M",
    "Н": "N",
    "Њ": "NJ",
    "О": "O",
    "П": "P",
    "Р": "R",
    "С": "S",
    "Т": "T",
    "Ћ": "C",
    "Ќ": "K",
    "У": "U",
    "Ў": "U",
    "Ф": "F",
    "Х": "KH",
    "Ц": "TS",
    "Ч": "CH",
    "Џ": "DZ",
    "Ш": "SH",
    "Щ": "SHCH",
    "Ъ": "IE",
    "Ы": "Y",
    "Ь": "",
    "Э": "E",
    "Ю": "IU",
    "Я": "IA",
    "Ѫ": "U",
}

ARABIC: dict[str, str] = {
    "\u0621": "XE",  # ء hamza
    "\u0622": "XAA",  # آ alef with madda
    "\u0623": "XAE",  # أ alef with hamza above
    "\u0624": "U",  # ؤ waw with hamza
    "\u0625": "I",  # إ alef with hamza below
    "\u0626": "XI",  # ئ yeh with hamza
    "\u0627": "A",  # ا alef
    "\u0628": "B",  # ب beh
    "\u0629": "XTA",  # ة teh marbuta (unverified, see module docstring)
    "\u062a": "T",  # ت teh
    "\u062b": "XTH",  # ث theh
    "\u062c": "J",  # ج jeem
    "\u062d": "XH",  # ح hah
    "\u062e": "XKH",  # خ khah
    "\u062f": "D",  # د dal
    "\u0630": "XDH",  # ذ thal
    "\u0631": "R",  # ر reh
    "\u0632": "Z",  # ز zain
    "\u0633": "S",  # س seen
    "\u0634": "XSH",  # ش sheen
    "\u0635": "XSS",  # ص sad
    "\u0636": "XDZ",  # ض dad
    "\u0637": "XTT",  # ط tah
    "\u0638": "XZZ",  # ظ zah
    "\u0639": "E",  # ع ain
    "\u063a": "G",  # غ ghain
    "\u0641": "F",  # ف feh
    "\u0642": "Q",  # ق qaf
    "\u0643": "K",  # ك kaf
    "\u0644": "L",  # ل lam
    "\u0645": "M",  # م meem
    "\u0646": "N",  # ن noon
    "\u0647": "H",  # ه heh
    "\u0648": "W",  # و waw
    "\u0649": "XAY",  # ى alef maksura
    "\u064a": "Y",  # ي yeh
    "\u064b": "F",  # fathatan
    "\u064c": "N",  # dammatan
    "\u064d": "K",  # kasratan
    "\u064e": "A",  # fatha
    "\u064f": "U",  # damma
    "\u0650": "I",  # kasra
    "\u0651": "",  # shadda (not in the verified table: dropped)
    "\u0652": "O",  # sukun
    "\u0670": "",  # superscript alef
    "\u0671": "XXA",  # alef wasla
    "\u067e": "P",  # پ peh
    "\u0686": "XC",  # چ tcheh
    "\u0698": "XJ",  # ژ jeh
    "\u06a9": "XKK",  # ک keheh
    "\u06af": "XGG",  # گ gaf
    "\u06cc": "XYA",  # ی farsi yeh
}

GREEK: dict[str, str] = {
    "Α": "A",
    "Β": "V",
    "Γ": "G",
    "Δ": "D",
    "Ε": "E",
    "Ζ": "Z",
    "Η": "I",
    "Θ": "TH",
    "Ι": "I",
    "Κ": "K",
    "Λ": "L",
    "Μ": "M",
    "Ν": "N",
    "Ξ": "X",
    "Ο": "O",
    "Π": "P",
    "Ρ": "R",
    "Σ": "S",
    "Τ": "T",
    "Υ": "Y",
    "Φ": "F",
    "Χ": "CH",
    "Ψ": "PS",
    "Ω": "O",
}

# ELOT 743 digraphs, applied before single letters. ΑΥ/ΕΥ become AV/EV, or AF/EF before a
# voiceless consonant or at the end of a word (see ``GREEK_VOICELESS``).
GREEK_DIGRAPHS: dict[str, str] = {
    "ΟΥ": "OU",
    "ΓΓ": "NG",
    "ΓΞ": "NX",
    "ΓΧ": "NCH",
}
GREEK_UPSILON_DIPHTHONGS: dict[str, str] = {"ΑΥ": "A", "ΕΥ": "E", "ΗΥ": "I"}
GREEK_VOICELESS = frozenset("ΘΚΞΠΣΤΦΧΨ")
