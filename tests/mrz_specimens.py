"""ICAO Doc 9303 specimen MRZs (fictional state Utopia) shared by the MRZ unit tests."""

from __future__ import annotations

from datetime import date

TODAY = date(2025, 6, 1)

# Doc 9303 Part 4 (TD3 passport).
TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
# Doc 9303 Part 5 (TD1 card).
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<",
    "7408122F1204159UTO<<<<<<<<<<<6",
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
)
# Doc 9303 Part 5, document number longer than 9 characters.
TD1_LONG_NUMBER = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)
# Doc 9303 Part 6 (TD2).
TD2 = (
    "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "D231458907UTO7408122F1204159<<<<<<<6",
)
TD2_LONG_NUMBER = (
    "I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<",
    "D23145890<UTO3407127M95071227349<<<8",
)
# Doc 9303 Part 7 (visas).
MRV_A = (
    "VNUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L8988901C4XXX4009078F9612109<<<<<<<<<<<<<<<<",
)
MRV_B = (
    "VNUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
    "L8988901C4XXX4009078F9612109<<<<<<<<",
)
