"""ICAO Doc 9303 check digits (Doc 9303 Part 3, section 4.9).

Each character gets a value (digits 0-9 as themselves, A-Z as 10-35, the filler ``<`` as 0); the
values are multiplied by the repeating weights 7, 3, 1 and the check digit is the sum modulo 10.
"""

from __future__ import annotations

_WEIGHTS = (7, 3, 1)
_VALUES: dict[str, int] = {
    **{str(d): d for d in range(10)},
    **{chr(ord("A") + i): 10 + i for i in range(26)},
    "<": 0,
}

MRZ_ALPHABET = frozenset(_VALUES)


def char_value(char: str) -> int:
    """The Doc 9303 value of one MRZ character; ``ValueError`` for anything else."""
    try:
        return _VALUES[char]
    except KeyError:
        raise ValueError(f"not an MRZ character: {char!r}") from None


def compute_check_digit(data: str) -> str:
    """The check digit over ``data`` as a one-character string ``"0"``..``"9"``."""
    total = 0
    for index, char in enumerate(data):
        total += char_value(char) * _WEIGHTS[index % 3]
    return str(total % 10)


def is_computable(data: str) -> bool:
    """True when every character of ``data`` is an MRZ character."""
    return all(char in _VALUES for char in data)


def verify_check_digit(data: str, check: str) -> bool:
    """True when ``check`` is the check digit over ``data`` (False for any non-MRZ character)."""
    if not is_computable(data):
        return False
    return compute_check_digit(data) == check
