"""Reason codes of entitlement answers: stable identifiers with an English explanation each.

Codes never change meaning once released; new situations get new codes. Each explanation ends
with the title(s) of the source(s) the rule rests on, filled in by :func:`explain`.
"""

from __future__ import annotations

DOCUMENT_EXPIRED = "ENT_DOCUMENT_EXPIRED"
DOCUMENT_NOT_ACCEPTED = "ENT_DOCUMENT_NOT_ACCEPTED"
DOCUMENT_ENTITLES = "ENT_DOCUMENT_ENTITLES"
ENDORSEMENT_MISSING = "ENT_ENDORSEMENT_MISSING"
ENDORSEMENT_WRONG_DESTINATION = "ENT_ENDORSEMENT_WRONG_DESTINATION"
ENDORSEMENT_KIND_NOT_IN_FORCE = "ENT_ENDORSEMENT_KIND_NOT_IN_FORCE"
ENDORSEMENT_NOT_YET_VALID = "ENT_ENDORSEMENT_NOT_YET_VALID"
ENDORSEMENT_EXPIRED = "ENT_ENDORSEMENT_EXPIRED"
ENDORSEMENT_NO_TRIPS_LEFT = "ENT_ENDORSEMENT_NO_TRIPS_LEFT"
ENDORSEMENT_VALID = "ENT_ENDORSEMENT_VALID"
VISA_KIND_UNKNOWN = "ENT_VISA_KIND_UNKNOWN"
PORT_VISA = "ENT_PORT_VISA"
PERMISSION_NOT_FOR_NATIONALITY = "ENT_PERMISSION_NOT_FOR_NATIONALITY"
VISA_NOT_YET_VALID = "ENT_VISA_NOT_YET_VALID"
VISA_EXPIRED = "ENT_VISA_EXPIRED"
VISA_NO_ENTRIES_LEFT = "ENT_VISA_NO_ENTRIES_LEFT"
VISA_STAY_UNKNOWN = "ENT_VISA_STAY_UNKNOWN"
VISA_VALID = "ENT_VISA_VALID"
APEC_CARD_VALID = "ENT_APEC_CARD_VALID"
RESIDENCE_PERMIT_VALID = "ENT_RESIDENCE_PERMIT_VALID"
VISA_FREE_MUTUAL = "ENT_VISA_FREE_MUTUAL"
VISA_FREE_UNILATERAL = "ENT_VISA_FREE_UNILATERAL"
VISA_NOT_REQUIRED = "ENT_VISA_NOT_REQUIRED"
VISA_REQUIRED = "ENT_VISA_REQUIRED"
TRANSIT_240H = "ENT_TRANSIT_240H"
TRANSIT_NATIONALITY_NOT_ELIGIBLE = "ENT_TRANSIT_NATIONALITY_NOT_ELIGIBLE"
TRANSIT_PORT_NOT_DESIGNATED = "ENT_TRANSIT_PORT_NOT_DESIGNATED"
TRANSIT_NO_ONWARD_TICKET = "ENT_TRANSIT_NO_ONWARD_TICKET"
TRANSIT_ONWARD_NOT_THIRD = "ENT_TRANSIT_ONWARD_NOT_THIRD"
TRANSIT_ROUTE_UNKNOWN = "ENT_TRANSIT_ROUTE_UNKNOWN"
TRANSIT_ONWARD_TOO_LATE = "ENT_TRANSIT_ONWARD_TOO_LATE"

TEXTS: dict[str, str] = {
    DOCUMENT_EXPIRED: "The travel document expired on {expires}; it allows no crossing.",
    DOCUMENT_NOT_ACCEPTED: ("No rule in force accepts a {kind} for the {crossing} of a {holder}."),
    DOCUMENT_ENTITLES: "The {kind} entitles its holder to this {crossing}.",
    ENDORSEMENT_MISSING: "Leaving with this permit needs a valid endorsement; none was shown.",
    ENDORSEMENT_WRONG_DESTINATION: (
        "The endorsement is for {destination}, but the traveller is going to {going_to}."
    ),
    ENDORSEMENT_KIND_NOT_IN_FORCE: (
        "Endorsements of kind {kind} for {destination} are not issued or honoured on this date."
    ),
    ENDORSEMENT_NOT_YET_VALID: "The endorsement is valid only from {valid_from}.",
    ENDORSEMENT_EXPIRED: "The endorsement expired on {valid_until}.",
    ENDORSEMENT_NO_TRIPS_LEFT: "The endorsement has no trips left.",
    ENDORSEMENT_VALID: (
        "Valid endorsement {kind} for {destination}: one trip is used, stay {stay}."
    ),
    VISA_KIND_UNKNOWN: "No rule in force covers a visa of kind {kind}.",
    PORT_VISA: "A port visa is issued at the port case by case; an officer must decide.",
    PERMISSION_NOT_FOR_NATIONALITY: "A {kind} does not replace a visa for {nationality}.",
    VISA_NOT_YET_VALID: "The {kind} is valid only from {valid_from}.",
    VISA_EXPIRED: "The {kind} expired on {valid_until}.",
    VISA_NO_ENTRIES_LEFT: "The visa has no entries left.",
    VISA_STAY_UNKNOWN: "The permitted stay of the {kind} is not known; an officer must read it.",
    VISA_VALID: "Valid visa (category {category}): stay of {days} days per entry.",
    APEC_CARD_VALID: "Valid APEC Business Travel Card pre-cleared for China: stay of {days} days.",
    RESIDENCE_PERMIT_VALID: "Valid residence permit: entries allowed until {valid_until}.",
    VISA_FREE_MUTUAL: (
        "Nationality {nationality} is visa-exempt under a mutual agreement: up to {days} days, "
        "until {until}."
    ),
    VISA_FREE_UNILATERAL: (
        "Nationality {nationality} is visa-exempt under China's unilateral policy: up to {days} "
        "days, until {until}."
    ),
    VISA_NOT_REQUIRED: "No visa is required for this nationality: up to {days} days.",
    VISA_REQUIRED: (
        "Nationality {nationality} needs a visa and no exemption applies on this date."
    ),
    TRANSIT_240H: (
        "240-hour visa-free transit: {hours} hours, until {until}, within the permitted regions."
    ),
    TRANSIT_NATIONALITY_NOT_ELIGIBLE: (
        "Nationality {nationality} is not eligible for 240-hour visa-free transit on this date."
    ),
    TRANSIT_PORT_NOT_DESIGNATED: (
        "Port {port} is not designated for 240-hour visa-free transit on this date."
    ),
    TRANSIT_NO_ONWARD_TICKET: (
        "240-hour transit needs a confirmed onward ticket with a date to a third country or region."
    ),
    TRANSIT_ONWARD_NOT_THIRD: (
        "Onward destination {onward} is not a third country or region (from {arriving})."
    ),
    TRANSIT_ROUTE_UNKNOWN: (
        "The place the traveller arrived from is unknown, so transit cannot be checked."
    ),
    TRANSIT_ONWARD_TOO_LATE: (
        "The onward departure on {departure} is outside the transit stay, which ends on {until}."
    ),
}


def explain(code: str, source_titles: str, **values: object) -> str:
    """The English sentence for ``code`` with its values, ending with the source title(s)."""
    text = TEXTS[code].format(**values)
    return f"{text} Source: {source_titles}." if source_titles else text
