"""`guomen entitlement`: check, show and try the entitlement tables (no database needed).

Administrators edit a copy of the tables (GUOMEN_ENTITLEMENT_DIR) and run ``check DIR`` before
putting it in use; officers and integrators use ``assess`` to see what the rules answer.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from guomen.cli.common import fail, user_errors
from guomen.config import Settings
from guomen.entitlement.export import assessment_dict, tables_dict
from guomen.entitlement.model import (
    Crossing,
    Endorsement,
    EntitlementQuery,
    Holder,
    Itinerary,
    Visa,
)
from guomen.entitlement.rules import assess as assess_rules
from guomen.entitlement.tables import EntitlementTables, load_tables

app = typer.Typer(
    help="Entitlement tables: visa-free entry, transit, endorsements.", no_args_is_help=True
)

DirArg = typer.Argument(
    None,
    help="Folder with the YAML files (default: GUOMEN_ENTITLEMENT_DIR or the packaged tables).",
)


def _tables(directory: Path | None) -> EntitlementTables:
    return load_tables(directory if directory is not None else Settings().entitlement_dir)


def _day(value: str | None, option: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} must be a date like 2026-12-31, not {value!r}") from None


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


@app.command()
@user_errors
def check(directory: Path | None = DirArg) -> None:
    """Load and check every table; print the version and the row counts."""
    tables = _tables(directory)
    typer.echo(
        f"entitlement tables {tables.version} (as of {tables.as_of}) from {tables.origin}: OK"
    )
    for name, count in tables.counts().items():
        typer.echo(f"  {name:<22} {count}")
    unverified = sum(1 for s in tables.sources if not s.verified)
    if unverified:
        typer.echo(
            f"  note: {unverified} source(s) marked verified: false - check before relying on them"
        )


@app.command()
@user_errors
def show(
    directory: Path | None = DirArg,
    on: str | None = typer.Option(None, help="Only the rows in force on this day (YYYY-MM-DD)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """Print the tables with their periods and sources."""
    data = tables_dict(_tables(directory), _day(on, "--on"))
    if as_json:
        typer.echo(_dump(data))
        return
    typer.echo(
        f"version {data['version']}  as of {data['as_of']}  "
        f"stay counting {data['stay_counting']['rule']}"
    )
    for section, rows in data.items():
        if not isinstance(rows, list):
            continue
        typer.echo(f"\n[{section}] {len(rows)}")
        for row in rows:
            typer.echo("  " + _line(row))


def _line(row: dict[str, Any]) -> str:
    skip = {"sources", "effective_from", "effective_until", "note", "seen_at", "verified"}
    fields = " ".join(
        f"{k}={_short(v)}" for k, v in row.items() if k not in skip and v not in (None, "", [])
    )
    window = ""
    if "effective_from" in row:
        window = f" [{row['effective_from']}..{row['effective_until'] or 'open'}]"
    sources = (
        f" <{','.join(row['sources'])}>"
        if "sources" in row and isinstance(row["sources"], list)
        else ""
    )
    flag = "" if row.get("verified", True) else " (unverified)"
    return f"{fields}{window}{sources}{flag}"


def _short(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


@app.command()
@user_errors
def assess(
    nationality: str = typer.Option(..., help="Alpha-3 code as in the MRZ (FRA, D, USA, CHN ...)."),
    document_kind: str = typer.Option("foreign_passport", help="A guomen DocumentKind value."),
    port: str = typer.Option(..., help="Guomen port code (PEK, PVG, LUOHU ...)."),
    on: str = typer.Option(..., help="Day of the crossing, YYYY-MM-DD."),
    holder: Holder = typer.Option(Holder.FOREIGNER),
    crossing: Crossing = typer.Option(Crossing.ENTRY),
    expires: str | None = typer.Option(
        None, help="Document expiry (default: the day of crossing)."
    ),
    visa_kind: str | None = typer.Option(
        None, help="visa, port_visa, residence_permit, apec_card."
    ),
    visa_category: str = typer.Option("", help="Visa category, e.g. L, M, Z."),
    visa_from: str | None = typer.Option(None),
    visa_until: str | None = typer.Option(None),
    visa_entries_left: int | None = typer.Option(None, min=0),
    visa_stay_days: int | None = typer.Option(None, min=1),
    endorsement: str | None = typer.Option(None, help="DEST:KIND, e.g. HKG:G."),
    endorsement_from: str | None = typer.Option(None),
    endorsement_until: str | None = typer.Option(None),
    trips_left: int | None = typer.Option(None, min=0),
    endorsement_stay_days: int | None = typer.Option(None, min=1),
    arriving_from: str = typer.Option("", help="Country or region of the previous leg."),
    onward_to: str = typer.Option("", help="Country or region of the onward ticket."),
    onward_date: str | None = typer.Option(None, help="Date of the onward ticket."),
    directory: Path | None = typer.Option(None, "--dir", help="Tables folder."),
) -> None:
    """Print what the rules answer for one crossing, as JSON."""
    day = _day(on, "--on")
    assert day is not None
    query = EntitlementQuery(
        crossing=crossing,
        holder=holder,
        nationality=nationality.strip().upper(),
        document_kind=document_kind,
        document_expires_on=_day(expires, "--expires") or day,
        port_code=port.strip().upper(),
        on=day,
        visa=_visa(
            visa_kind, visa_category, visa_from, visa_until, visa_entries_left, visa_stay_days
        ),
        endorsement=_endorsement(
            endorsement, endorsement_from, endorsement_until, trips_left, endorsement_stay_days
        ),
        itinerary=(
            Itinerary(arriving_from.upper(), onward_to.upper(), _day(onward_date, "--onward-date"))
            if arriving_from or onward_to or onward_date
            else None
        ),
    )
    typer.echo(_dump(assessment_dict(assess_rules(_tables(directory), query))))


def _visa(
    kind: str | None,
    category: str,
    start: str | None,
    end: str | None,
    entries: int | None,
    stay: int | None,
) -> Visa | None:
    if kind is None:
        return None
    return Visa(
        kind, category, _day(start, "--visa-from"), _day(end, "--visa-until"), entries, stay
    )


def _endorsement(
    text: str | None, start: str | None, end: str | None, trips: int | None, stay: int | None
) -> Endorsement | None:
    if text is None:
        return None
    destination, sep, kind = text.upper().partition(":")
    if not sep or destination not in {"HKG", "MAC", "TWN"} or not kind:
        raise fail(f"--endorsement must look like HKG:G, MAC:L or TWN:T, not {text!r}")
    return Endorsement(
        destination,
        kind,
        _day(start, "--endorsement-from"),
        _day(end, "--endorsement-until"),
        trips,
        stay,
    )
