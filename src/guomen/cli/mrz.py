"""`guomen mrz`: check, make and read machine-readable zones (ICAO Doc 9303).

`check` and `make` work offline (no database): they are the tools officers and integrators
use to test readers and documents."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer

from guomen.cli.common import fail, user_errors
from guomen.documents.mrz import MrzFieldError, MrzFields, generate_mrz, parse_mrz, repair_ocr
from guomen.documents.mrz.formats import MrzFormat

app = typer.Typer(help="Machine-readable zones (ICAO Doc 9303).", no_args_is_help=True)
MAX_STDIN = 64 * 1024 * 1024


def _check(lines: Any, today: date, strict: bool) -> dict[str, Any]:
    result = parse_mrz(lines, today=today) if strict else repair_ocr(lines, today=today)
    return result.to_dict()


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


@app.command()
@user_errors
def check(
    jsonl: bool = typer.Option(False, "--jsonl", help='One {"id": …, "mrz_lines": […]} per line.'),
    strict: bool = typer.Option(False, "--strict", help="No OCR repair: check the text as given."),
    today: str | None = typer.Option(None, help="Reference date YYYY-MM-DD for expiry."),
) -> None:
    """Read one MRZ from stdin and print {valid, format, fields, errors, warnings, corrections}."""
    ref = _today(today)
    if not jsonl:
        text = sys.stdin.read(MAX_STDIN)
        typer.echo(_dump(_check(text, ref, strict)))
        return
    for number, raw in enumerate(sys.stdin, start=1):
        if not raw.strip():
            continue
        typer.echo(_dump(_jsonl_line(raw, number, ref, strict)))


def _jsonl_line(raw: str, number: int, today: date, strict: bool) -> dict[str, Any]:
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        return {"id": None, "line": number, "error": f"not JSON: {exc.msg}"}
    if not isinstance(item, dict) or not isinstance(item.get("mrz_lines"), list | str):
        return {"id": None, "line": number, "error": 'expected {"id": ..., "mrz_lines": [...]}'}
    result = _check(item["mrz_lines"], today, strict)
    return {"id": item.get("id"), **result}


def _today(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"--today must be YYYY-MM-DD, not {text!r}") from None


@app.command()
@user_errors
def make(
    format_: str = typer.Option("TD3", "--format", help="TD1, TD2, TD3, MRV-A or MRV-B."),
    fields_json: str | None = typer.Option(None, "--json", help="All fields as a JSON object."),
    document_code: str = typer.Option("P", "--document-code"),
    issuing_state: str = typer.Option("", "--issuing-state"),
    surname: str = typer.Option("", "--surname"),
    given_names: str = typer.Option("", "--given-names"),
    document_number: str = typer.Option("", "--document-number"),
    nationality: str = typer.Option("", "--nationality"),
    birth_date: str = typer.Option("", "--birth-date", help="YYYY-MM-DD"),
    sex: str = typer.Option("", "--sex", help="M, F, X or empty"),
    expiry_date: str = typer.Option("", "--expiry-date", help="YYYY-MM-DD"),
    optional_data: str = typer.Option("", "--optional-data"),
) -> None:
    """Print the MRZ lines for the given fields (names are transliterated per Doc 9303)."""
    values: dict[str, Any] = {
        "document_code": document_code,
        "issuing_state": issuing_state,
        "surname": surname,
        "given_names": given_names,
        "document_number": document_number,
        "nationality": nationality,
        "birth_date": birth_date,
        "sex": sex,
        "expiry_date": expiry_date,
        "optional_data": optional_data,
    }
    if fields_json is not None:
        values.update(_json_fields(fields_json))
    if format_ not in {f.value for f in MrzFormat}:
        raise fail(f"--format must be one of {', '.join(f.value for f in MrzFormat)}")
    generated = generate_mrz(_fields(values), format_)
    for line in generated.lines:
        typer.echo(line)
    if generated.name_truncated:
        typer.echo("note: the name was truncated to fit", err=True)


def _json_fields(text: str) -> dict[str, Any]:
    source = Path(text[1:]).read_text(encoding="utf-8") if text.startswith("@") else text
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise fail(f"--json is not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise fail("--json must be a JSON object of MRZ fields")
    return data


def _fields(v: dict[str, Any]) -> MrzFields:
    def day(name: str) -> date | None:
        raw = v.get(name) or ""
        try:
            return date.fromisoformat(str(raw)) if raw else None
        except ValueError:
            raise fail(f"{name} must be YYYY-MM-DD, not {raw!r}") from None

    try:
        return MrzFields(
            document_code=str(v.get("document_code") or "P"),
            issuing_state=str(v.get("issuing_state", "")),
            surname=str(v.get("surname", "")),
            given_names=str(v.get("given_names", "")),
            document_number=str(v.get("document_number", "")),
            nationality=str(v.get("nationality", "")),
            birth_date=day("birth_date"),
            sex=str(v.get("sex", "")),
            expiry_date=day("expiry_date"),
            optional_data=str(v.get("optional_data", "")),
            optional_data_2=str(v.get("optional_data_2", "")),
        )
    except (TypeError, MrzFieldError) as exc:
        raise fail(str(exc)) from None


@app.command()
@user_errors
def read(
    photo: Path = typer.Argument(..., help="A photo or scan of the data page."),
    today: str | None = typer.Option(None, help="Reference date YYYY-MM-DD for expiry."),
) -> None:
    """Find and read the MRZ in a photo; prints the same JSON as `check`."""
    from guomen.adapters.ocr import TesseractMrzReader
    from guomen.documents.photo import read_mrz_from_photo

    if not photo.is_file():
        raise fail(f"{photo} is not a file")
    result = read_mrz_from_photo(TesseractMrzReader(), photo.read_bytes(), today=_today(today))
    typer.echo(_dump(result.to_dict()))
