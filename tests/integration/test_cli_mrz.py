"""The `guomen mrz` contract: check from stdin (one MRZ, or JSON lines), make, round trip."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from guomen.cli.main import app

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
TD1 = (
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\n"
    "ERIKSSON<<ANNA<MARIA<<<<<<<<<<\n"
)


def run(*args: str, stdin: str = ""):
    return CliRunner().invoke(app, list(args), input=stdin)


def test_check_prints_the_json_contract() -> None:
    result = run("mrz", "check", "--today", "2010-01-01", stdin=TD3)
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert set(out) >= {"valid", "format", "fields", "errors", "warnings", "corrections"}
    assert out["valid"] is True and out["format"] == "TD3"
    assert out["fields"]["birth_date"] == "1974-08-12"
    assert out["fields"]["document_number"] == "L898902C3"
    assert [w["code"] for w in out["warnings"]] == ["unknown_state", "unknown_state"]


def test_check_repairs_ocr_confusions_and_reports_them() -> None:
    misread = TD3.replace("7408122F", "74O8I22F")
    out = json.loads(run("mrz", "check", "--today", "2010-01-01", stdin=misread).output)
    assert out["valid"] is True
    assert {(c["from"], c["to"]) for c in out["corrections"]} == {("O", "0"), ("I", "1")}
    strict = json.loads(run("mrz", "check", "--strict", stdin=misread).output)
    assert strict["valid"] is False


def test_jsonl_keeps_ids_and_survives_bad_lines() -> None:
    lines = [
        json.dumps({"id": "a", "mrz_lines": TD3.split()}),
        json.dumps({"id": 7, "mrz_lines": TD1.split()}),
        "not json",
        json.dumps({"id": "c", "mrz_lines": ["P<<<"]}),
        json.dumps(["no", "object"]),
    ]
    result = run("mrz", "check", "--jsonl", "--today", "2010-01-01", stdin="\n".join(lines))
    assert result.exit_code == 0
    outs = [json.loads(line) for line in result.output.splitlines()]
    assert [o.get("id") for o in outs] == ["a", 7, None, "c", None]
    assert outs[0]["valid"] and outs[1]["valid"] and outs[1]["format"] == "TD1"
    assert "error" in outs[2] and outs[3]["valid"] is False and "error" in outs[4]


def test_garbage_and_empty_input_give_error_codes_not_crashes() -> None:
    for stdin in ("", "\x00\x01\x02", "A" * 1_000_000, "ä" * 88):
        result = run("mrz", "check", stdin=stdin)
        assert result.exit_code == 0
        out = json.loads(result.output)
        assert out["valid"] is False and out["errors"]


def test_make_then_check_round_trips() -> None:
    made = run(
        "mrz",
        "make",
        "--format",
        "TD3",
        "--document-code",
        "PO",
        "--issuing-state",
        "CHN",
        "--surname",
        "CHEN",
        "--given-names",
        "DAWEN",
        "--document-number",
        "E12345678",
        "--nationality",
        "CHN",
        "--birth-date",
        "1985-03-09",
        "--sex",
        "M",
        "--expiry-date",
        "2033-03-08",
    )
    assert made.exit_code == 0, made.output
    lines = made.output.splitlines()
    assert lines[0].startswith("POCHNCHEN<<DAWEN<") and len(lines[1]) == 44
    out = json.loads(run("mrz", "check", "--strict", stdin=made.output).output)
    assert out["valid"] is True
    assert out["fields"]["given_names"] == "DAWEN"


def test_make_with_json_and_transliteration() -> None:
    fields = {
        "issuing_state": "D",
        "surname": "MÜLLER",
        "given_names": "JÜRGEN",
        "document_number": "C01X00T47",
        "nationality": "D",
        "birth_date": "1964-08-12",
        "sex": "M",
        "expiry_date": "2030-10-31",
    }
    made = run("mrz", "make", "--json", json.dumps(fields))
    assert made.exit_code == 0, made.output
    assert made.output.splitlines()[0].startswith("P<D<<MUELLER<<JUERGEN<")


def test_make_rejects_bad_fields_with_exit_2() -> None:
    for args in (
        ["--format", "TD9"],
        ["--json", "{not json"],
        ["--birth-date", "1985-13-01"],
        [
            "--issuing-state",
            "C1N",
            "--surname",
            "X",
            "--document-number",
            "1",
            "--nationality",
            "CHN",
            "--expiry-date",
            "2030-01-01",
        ],
    ):
        result = run("mrz", "make", *args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
