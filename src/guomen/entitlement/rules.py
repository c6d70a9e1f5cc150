"""Whether a traveller is entitled to cross, on which basis and until when: a pure function.

``assess(tables, query)`` reads only the tables and the query. Every answer names the rule that
decided (``basis``), stable reason codes (:mod:`guomen.entitlement.reasons`), one English
sentence per reason citing the source title, the sources, and the tables' version. Stays are
counted as the tables' manifest says (by default from the day after entry).

Order for a foreigner entering: a rule for the document itself (documents.yaml); a visa or what
stands for one (visa, residence permit, APEC card; a port visa goes to an officer); visa-free
entry (mutual agreement or unilateral policy); 240-hour transit (only when an itinerary is
given); otherwise the visa requirement. Everyone else: the rule for their document, holder and
crossing, with the endorsement checks for a mainland resident leaving for Hong Kong, Macao or
Taiwan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from guomen.entitlement import reasons as R  # noqa: N812
from guomen.entitlement.model import (
    Crossing,
    EntitlementAssessment,
    EntitlementQuery,
    Holder,
    Outcome,
)
from guomen.entitlement.rows import DocumentRow, RowInfo
from guomen.entitlement.tables import EntitlementTables


@dataclass
class _Findings:
    """Reasons gathered along the way, each with the source ids it rests on."""

    tables: EntitlementTables
    codes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    source_ids: list[str] = field(default_factory=list)

    def add(self, code: str, info: RowInfo | None = None, **values: object) -> None:
        ids = info.sources if info is not None else ()
        self.codes.append(code)
        self.texts.append(R.explain(code, self.tables.titles(ids), **values))
        self.source_ids.extend(ids)

    def answer(
        self,
        outcome: Outcome,
        basis: str,
        *,
        permitted_until: date | None = None,
        permitted_regions: tuple[str, ...] = (),
        stay_days: int | None = None,
        consumes_trip: bool = False,
        consumes_entry: bool = False,
    ) -> EntitlementAssessment:
        return EntitlementAssessment(
            outcome=outcome,
            basis=basis,
            reason_codes=tuple(self.codes),
            explanations=tuple(self.texts),
            permitted_until=permitted_until,
            permitted_regions=permitted_regions,
            consumes_trip=consumes_trip,
            sources=self.tables.cited(self.source_ids),
            tables_version=self.tables.version,
            stay_days=stay_days,
            consumes_entry=consumes_entry,
        )


def _last_day(found: _Findings, entry: date, days: int) -> date:
    """The last day of a stay of ``days`` days, counted as the manifest says (and cited)."""
    found.source_ids.append(found.tables.stay_counting_source)
    return found.tables.stay_counting.last_day(entry, days)


def assess(tables: EntitlementTables, query: EntitlementQuery) -> EntitlementAssessment:
    """The entitlement of one traveller for one crossing on ``query.on``."""
    found = _Findings(tables)
    if query.document_expires_on < query.on:
        found.add(R.DOCUMENT_EXPIRED, expires=query.document_expires_on.isoformat())
        return found.answer(Outcome.NOT_ENTITLED, "document.validity")
    rule = tables.document_rule(query.holder, query.crossing, query.document_kind, query.on)
    if rule is not None:
        return _by_document(found, query, rule)
    if query.holder is Holder.FOREIGNER and query.crossing is Crossing.ENTRY:
        return _foreigner_entry(found, query)
    found.add(
        R.DOCUMENT_NOT_ACCEPTED,
        kind=query.document_kind,
        holder=query.holder.value,
        crossing=query.crossing.value,
    )
    return found.answer(Outcome.NOT_ENTITLED, "document.not_accepted")


# ----- documents that carry the entitlement themselves -------------------------------------------
def _by_document(
    found: _Findings, query: EntitlementQuery, rule: DocumentRow
) -> EntitlementAssessment:
    if rule.endorsement_required:
        return _endorsed_exit(found, query, rule)
    found.add(
        R.DOCUMENT_ENTITLES, rule.info, kind=query.document_kind, crossing=query.crossing.value
    )
    until = None
    if query.crossing is Crossing.ENTRY and rule.stay_limit_days is not None:
        until = _last_day(found, query.on, rule.stay_limit_days)
    return found.answer(
        Outcome.ENTITLED, rule.id, permitted_until=until, stay_days=rule.stay_limit_days
    )


def _endorsed_exit(
    found: _Findings, query: EntitlementQuery, rule: DocumentRow
) -> EntitlementAssessment:
    e = query.endorsement
    if e is None:
        found.add(R.ENDORSEMENT_MISSING, rule.info)
        return found.answer(Outcome.NOT_ENTITLED, rule.id)
    going_to = query.itinerary.onward_destination if query.itinerary else ""
    if e.destination not in rule.destinations or (going_to and going_to != e.destination):
        found.add(
            R.ENDORSEMENT_WRONG_DESTINATION,
            rule.info,
            destination=e.destination,
            going_to=going_to or "/".join(rule.destinations),
        )
        return found.answer(Outcome.NOT_ENTITLED, rule.id)
    row = found.tables.endorsement(e.destination, e.kind, query.on)
    if row is None:
        found.add(
            R.ENDORSEMENT_KIND_NOT_IN_FORCE, rule.info, kind=e.kind, destination=e.destination
        )
        return found.answer(Outcome.NOT_ENTITLED, rule.id)
    failed = len(found.codes)
    if e.valid_from is not None and query.on < e.valid_from:
        found.add(R.ENDORSEMENT_NOT_YET_VALID, row.info, valid_from=e.valid_from.isoformat())
    if e.valid_until is not None and e.valid_until < query.on:
        found.add(R.ENDORSEMENT_EXPIRED, row.info, valid_until=e.valid_until.isoformat())
    if e.trips_left is not None and e.trips_left <= 0:
        found.add(R.ENDORSEMENT_NO_TRIPS_LEFT, row.info)
    basis = f"endorsement.{e.destination}.{e.kind}"
    if len(found.codes) > failed:
        return found.answer(Outcome.NOT_ENTITLED, basis)
    stay = e.stay_days if e.stay_days is not None else row.stay_days
    found.add(
        R.ENDORSEMENT_VALID,
        row.info,
        kind=f"{e.kind} ({row.name_en})",
        destination=e.destination,
        stay="as approved by the destination" if stay is None else f"{stay} days per trip",
    )
    return found.answer(Outcome.ENTITLED, basis, consumes_trip=True, stay_days=stay)


# ----- foreigners entering ----------------------------------------------------------------------
def _foreigner_entry(found: _Findings, query: EntitlementQuery) -> EntitlementAssessment:
    tables = found.tables
    need = tables.requirement(query.nationality, query.document_kind, query.on)
    if need is None:  # not a document a foreigner may enter with (visas go in passports)
        found.add(
            R.DOCUMENT_NOT_ACCEPTED,
            kind=query.document_kind,
            holder=query.holder.value,
            crossing=query.crossing.value,
        )
        return found.answer(Outcome.NOT_ENTITLED, "document.not_accepted")
    if query.visa is not None:
        answer = _with_visa(found, query)
        if answer is not None:
            return answer
    for attempt in (_visa_free, _transit):
        answer = attempt(found, query)
        if answer is not None:
            return answer
    if not need.visa_required and need.stay_days is not None:
        found.add(R.VISA_NOT_REQUIRED, need.info, days=need.stay_days)
        until = _last_day(found, query.on, need.stay_days)
        return found.answer(
            Outcome.ENTITLED, "visa.not_required", permitted_until=until, stay_days=need.stay_days
        )
    found.add(R.VISA_REQUIRED, need.info, nationality=query.nationality)
    return found.answer(Outcome.NOT_ENTITLED, "visa.required")


def _with_visa(found: _Findings, query: EntitlementQuery) -> EntitlementAssessment | None:
    visa = query.visa
    assert visa is not None
    tables = found.tables
    rule = tables.permission(visa.kind, query.on)
    if rule is None:
        found.add(R.VISA_KIND_UNKNOWN, kind=visa.kind)
        return None
    if rule.needs_officer:
        found.add(R.PORT_VISA, rule.info)
        return found.answer(Outcome.NEEDS_OFFICER, rule.id)
    if rule.nationalities and query.nationality not in rule.nationalities:
        found.add(
            R.PERMISSION_NOT_FOR_NATIONALITY,
            rule.info,
            kind=visa.kind,
            nationality=query.nationality,
        )
        return None
    failed = len(found.codes)
    if visa.valid_from is not None and query.on < visa.valid_from:
        found.add(
            R.VISA_NOT_YET_VALID, rule.info, kind=visa.kind, valid_from=visa.valid_from.isoformat()
        )
    if visa.valid_until is not None and visa.valid_until < query.on:
        found.add(
            R.VISA_EXPIRED, rule.info, kind=visa.kind, valid_until=visa.valid_until.isoformat()
        )
    if visa.entries_left is not None and visa.entries_left <= 0:
        found.add(R.VISA_NO_ENTRIES_LEFT, rule.info)
    if len(found.codes) > failed:
        return None
    if visa.kind == "residence_permit":
        if visa.valid_until is None:
            found.add(R.VISA_STAY_UNKNOWN, rule.info, kind=visa.kind)
            return found.answer(Outcome.NEEDS_OFFICER, rule.id)
        found.add(R.RESIDENCE_PERMIT_VALID, rule.info, valid_until=visa.valid_until.isoformat())
        return found.answer(Outcome.ENTITLED, rule.id, permitted_until=visa.valid_until)
    stay = visa.stay_days if visa.stay_days is not None else rule.stay_days
    if stay is None:
        found.add(R.VISA_STAY_UNKNOWN, rule.info, kind=visa.kind)
        return found.answer(Outcome.NEEDS_OFFICER, rule.id)
    code = R.APEC_CARD_VALID if visa.kind == "apec_card" else R.VISA_VALID
    found.add(code, rule.info, category=visa.category or "-", days=stay)
    return found.answer(
        Outcome.ENTITLED,
        rule.id,
        permitted_until=_last_day(found, query.on, stay),
        stay_days=stay,
        consumes_entry=visa.entries_left is not None,
    )


def _visa_free(found: _Findings, query: EntitlementQuery) -> EntitlementAssessment | None:
    tables = found.tables
    row = tables.visa_free_for(query.nationality, query.document_kind, query.on)
    if row is None:
        return None
    code = R.VISA_FREE_MUTUAL if row.scheme.value == "mutual" else R.VISA_FREE_UNILATERAL
    until = _last_day(found, query.on, row.stay_days)
    found.add(
        code, row.info, nationality=query.nationality, days=row.stay_days, until=until.isoformat()
    )
    return found.answer(
        Outcome.ENTITLED,
        f"visa_free.{row.scheme.value}",
        permitted_until=until,
        stay_days=row.stay_days,
    )


def _transit(found: _Findings, query: EntitlementQuery) -> EntitlementAssessment | None:
    """240-hour transit; only tried, and only explained, when the traveller shows an itinerary."""
    tables = found.tables
    policy = tables.transit_policy_on(query.on)
    trip = query.itinerary
    if policy is None or trip is None:
        return None
    days = policy.hours // 24
    until = tables.stay_counting.last_day(query.on, days)
    failed = len(found.codes)
    nationality = tables.transit_nationality(query.nationality, query.on)
    port = tables.transit_port(query.port_code, query.on)
    if nationality is None:
        found.add(R.TRANSIT_NATIONALITY_NOT_ELIGIBLE, policy.info, nationality=query.nationality)
    if port is None:
        found.add(R.TRANSIT_PORT_NOT_DESIGNATED, policy.info, port=query.port_code)
    if not trip.onward_destination or trip.onward_departure is None:
        found.add(R.TRANSIT_NO_ONWARD_TICKET, policy.info)
    elif trip.onward_destination == "CHN":
        found.add(R.TRANSIT_ONWARD_NOT_THIRD, policy.info, onward="CHN", arriving="-")
    elif not trip.arriving_from:
        found.add(R.TRANSIT_ROUTE_UNKNOWN, policy.info)
    elif trip.onward_destination == trip.arriving_from:
        found.add(
            R.TRANSIT_ONWARD_NOT_THIRD,
            policy.info,
            onward=trip.onward_destination,
            arriving=trip.arriving_from,
        )
    elif trip.onward_departure > until or trip.onward_departure < query.on:
        found.add(
            R.TRANSIT_ONWARD_TOO_LATE,
            policy.info,
            departure=trip.onward_departure.isoformat(),
            until=until.isoformat(),
        )
    if len(found.codes) > failed or nationality is None or port is None:
        return None
    found.source_ids.extend(nationality.info.sources + port.info.sources)
    found.source_ids.append(tables.stay_counting_source)
    regions = tuple(r.label() for r in tables.transit_regions_on(query.on))
    found.add(R.TRANSIT_240H, policy.info, hours=policy.hours, until=until.isoformat())
    return found.answer(
        Outcome.ENTITLED,
        policy.id,
        permitted_until=until,
        permitted_regions=regions,
        stay_days=days,
    )
