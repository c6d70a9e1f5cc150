"""The 18-digit resident identity number (GB 11643-1999) and its ISO 7064 MOD 11-2 check."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("the first 17 characters must be digits")
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def make_id_number(region: str, birth: date, sequence: int, male: bool) -> str:
    """Region code (6 digits), birth date, 3-digit sequence (odd for men), check character."""
    seq = sequence % 500 * 2 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_character(first17)


def is_valid_id_number(value: str) -> bool:
    text = value.strip().upper()
    if len(text) != 18 or not text[:17].isdigit():
        return False
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return check_character(text[:17]) == text[17]
