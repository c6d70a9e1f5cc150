"""`guomen screen batch`: the operator's contract — Q.csv in, R.csv out with exactly the
issue's header, one `none` row for a query without a hit, a clear message with the line
number for a bad row, and exit code 2 (no output) for a file that cannot be used."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from guomen.adapters.db import migrate
from guomen.cli import screen
from guomen.cli.main import app as main_app

RESULT_HEADER = "id,rank,entry_id,list_type,entry_name,score,decision,explanation"
QUERY_HEADER = "id,name,birth_date,nationality,document_number,sex\n"
LIST = (
    "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
    "E1,wanted,陈大文,,1970-05-03,M,HKG,passport:K1234567:HKG,fraud\n"
    "E2,deny_entry,Сергей Иванов,Sergei IVANOV,1980,M,RUS,,\n"
)
QUERIES = QUERY_HEADER + (
    "Q1,CHAN TAI MAN,1970-05-03,HKG,,M\n"
    "Q2,John Smith,,,,\n"
    "Q3,,,,,\n"
    f"Q4,{'A' * 10_000},,,,\n"
    "Q5,Ivanov Sergey,1980-13-01,,,\n"
    "Q6,Sergey Ivanov,1980,RUS,,M\n"
)

root = typer.Typer()
root.add_typer(screen.app, name="screen")  # as cli/main.py registers it


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(root, ["screen", "batch", *args], env=env)


def write(tmp_path: Path, body: str | bytes, name: str) -> str:
    path = tmp_path / name
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return str(path)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def files(tmp_path: Path):
    return write(tmp_path, QUERIES, "q.csv"), write(tmp_path, LIST, "lists.csv"), tmp_path / "r.csv"


def test_batch_against_a_list_file(files, tmp_path: Path) -> None:
    queries, lists, out = files
    result = invoke("--input", queries, "--output", str(out), "--list-file", f"csv:{lists}",
                    env={"GUOMEN_VAR_DIR": str(tmp_path)})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == RESULT_HEADER
    found = rows(out)
    assert [r["id"] for r in found] == ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    q1 = found[0]
    assert (q1["rank"], q1["entry_id"], q1["list_type"], q1["entry_name"], q1["decision"]) == (
        "1", "E1", "wanted", "陈大文", "match",
    )  # fmt: skip
    assert float(q1["score"]) >= 0.9 and "same Chinese reading" in q1["explanation"]
    q2 = found[1]
    assert (q2["rank"], q2["entry_id"], q2["list_type"], q2["entry_name"], q2["score"]) == (
        "0", "", "", "", "",
    )  # fmt: skip
    assert q2["decision"] == "none" and q2["explanation"] == "no candidate on the lists"
    assert found[2]["explanation"] == "not screened: line 4: name is empty"
    assert found[3]["explanation"].startswith("not screened: line 5: ")
    assert "line 6:" in found[4]["explanation"] and found[4]["decision"] == "none"
    assert (found[5]["entry_id"], found[5]["list_type"]) == ("E2", "deny_entry")
    assert {r["decision"] for r in found} <= {"match", "possible", "none"}
    assert "line 4: name is empty" in result.output
    assert "screened 6 rows against 2 entries: 2 match, 0 possible, 3 not screened" in result.output


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("id,name\nQ1,X\n", "line 1: the header must be id,name,birth_date"),
        (
            QUERY_HEADER.encode() + "Q1,陈大文,,,,\n".encode("gb18030"),
            "line 2: the file is not UTF-8",
        ),
        (QUERY_HEADER.encode() + "Q1,陈".encode()[:-1], "line 2: the file is not UTF-8"),
        (b"", "line 1: the header must be"),
    ],
)
def test_an_unusable_query_file_exits_2_without_output(files, tmp_path, body, message) -> None:
    _, lists, out = files
    bad = write(tmp_path, body, "bad.csv")
    result = invoke("--input", bad, "--output", str(out), "--list-file", f"csv:{lists}")
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_bad_list_files_are_refused(files, tmp_path: Path) -> None:
    queries, _, out = files
    broken = write(tmp_path, LIST + "E3,wanted,,,,,,,\n", "bad.csv")
    for spec, message in [
        ("xml:lists.xml", "write FORMAT:PATH"),
        (f"csv:{tmp_path / 'missing.csv'}", "is not a file"),
        (f"csv:{broken}", "cannot be used"),
    ]:
        result = invoke("--input", queries, "--output", str(out), "--list-file", spec)
        assert result.exit_code == 2 and message in result.output, result.output
    assert not out.exists()


def test_batch_against_the_lists_in_the_database(files, tmp_path: Path, database_url) -> None:
    queries, _, out = files
    migrate.upgrade(database_url)
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}

    def run(*args: str):
        result = CliRunner().invoke(main_app, list(args), env=env)
        assert result.exit_code == 0, result.output
        return result.output

    run("watchlist", "create", "CN-WANTED", "--name", "公安部通缉", "--type", "wanted",
        "--authority", "公安部", "--legal-basis", "刑事诉讼法")  # fmt: skip
    wanted_only = LIST.replace("E2,deny_entry", "E2,wanted")
    imported = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
                   write(tmp_path, wanted_only, "w.csv"), "--author", "wang")  # fmt: skip
    before = invoke("--input", queries, "--output", str(out), env=env)
    assert before.exit_code == 0 and "against 0 entries" in before.output  # not yet approved
    assert {r["decision"] for r in rows(out)} == {"none"}

    found = re.search(r"version id: ([0-9a-f]{32})", imported)
    assert found
    run("watchlist", "approve", found.group(1), "--by", "li")
    after = invoke("--input", queries, "--output", str(out), env=env)
    assert after.exit_code == 0, after.output
    first = rows(out)[0]
    assert (first["id"], first["entry_id"], first["decision"]) == ("Q1", "E1", "match")
    trail = run("audit", "export")
    assert '"screening.batch"' in trail and '"watchlist.load_active"' in trail
    assert "陈大文" not in trail and "CHAN" not in trail
