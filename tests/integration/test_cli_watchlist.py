"""`guomen watchlist`: the operator's contract for lists — create, import a file as a version
(`--format`, `--list`), approve under four eyes, and a clear refusal that stores nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from guomen.adapters.db import migrate
from guomen.cli.main import app
from support import TESTDATA

HEADER = "entry_id,list_type,name,aliases,birth_date,sex,nationality,document_numbers,notes\n"
GOOD = HEADER + (
    "E1,wanted,ZHANG San,Zhang Sanfeng|张三,1970-05-03,M,CHN,passport:E12345678:CHN,fraud\n"
    "E2,wanted,LI Si,,1980,F,CHN|HKG,,\n"
)
OFAC_UN = TESTDATA / "namematch" / "watchlists" / "ofac_un"


@pytest.fixture
def run(tmp_path: Path, database_url: str):
    migrate.upgrade(database_url)
    env = {"GUOMEN_VAR_DIR": str(tmp_path), "GUOMEN_DATABASE_URL": database_url}

    def invoke(*args: str):
        return CliRunner().invoke(app, list(args), env=env)

    return invoke


def create(run, list_id: str = "CN-WANTED", kind: str = "wanted") -> None:
    created = run(
        "watchlist",
        "create",
        list_id,
        "--name",
        "公安部通缉",
        "--type",
        kind,
        "--authority",
        "公安部",
        "--legal-basis",
        "刑事诉讼法",
    )
    assert created.exit_code == 0, created.output


def write(tmp_path: Path, body: str, name: str = "list.csv") -> str:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return str(path)


def version_id(output: str) -> str:
    found = re.search(r"version id: ([0-9a-f]{32})", output)
    assert found, output
    return found.group(1)


def test_create_import_approve_and_show(run, tmp_path: Path) -> None:
    create(run)
    imported = run(
        "watchlist", "import", "--format", "csv", "--list", "CN-WANTED", write(tmp_path, GOOD),
        "--author", "wang",
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    assert "read 2 entries from list.csv" in imported.output
    assert "proposed version 1 of CN-WANTED: 2 added, 0 changed, 0 removed" in imported.output
    vid = version_id(imported.output)
    changes = run("watchlist", "changes", vid)
    assert "added\tE1" in changes.output and "ZHANG" not in changes.output

    own = run("watchlist", "approve", vid, "--by", "wang")
    assert own.exit_code == 2
    assert "author" in own.output and "Traceback" not in own.output
    approved = run("watchlist", "approve", vid, "--by", "li")
    assert approved.exit_code == 0, approved.output
    assert "approved version 1 of CN-WANTED by li" in approved.output

    versions = run("watchlist", "versions", "CN-WANTED")
    assert f"1\t{vid}\tapproved\tproposed by wang" in versions.output
    shown = run("watchlist", "show", "CN-WANTED")
    assert "entries: 2 on the list, 2 in force today" in shown.output
    assert "ZHANG" not in shown.output  # no personal data unless asked for
    listed = run("watchlist", "show", "CN-WANTED", "--limit", "1", "--purpose", "spot check")
    assert "E1\tZHANG San\t1970-05-03\tCHN" in listed.output
    assert "E2" not in listed.output
    assert "CN-WANTED" in run("watchlist", "list").output
    assert "intact" in run("audit", "verify").output


def test_an_edited_file_is_proposed_with_its_diff(run, tmp_path: Path) -> None:
    create(run)
    first = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
                write(tmp_path, GOOD), "--author", "wang")  # fmt: skip
    run("watchlist", "approve", version_id(first.output), "--by", "li")
    edited = GOOD.replace("fraud", "fraud; armed") + "E3,wanted,WANG Wu,,1975,M,CHN,,\n"
    second = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
                 write(tmp_path, edited.replace("E2,wanted,LI Si,,1980,F,CHN|HKG,,\n", "")),
                 "--author", "wang")  # fmt: skip
    assert second.exit_code == 0, second.output
    assert "proposed version 2 of CN-WANTED: 1 added, 1 changed, 1 removed" in second.output
    assert "changed fields: notes 1" in second.output
    same = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
               write(tmp_path, GOOD), "--author", "zhao")  # fmt: skip
    assert same.exit_code == 2 and "waiting for approval" in same.output
    rejected = run("watchlist", "reject", version_id(second.output), "--by", "li",
                   "--comment", "wrong file")  # fmt: skip
    assert rejected.exit_code == 0, rejected.output
    assert "rejected version 2 of CN-WANTED by li" in rejected.output
    assert "no changes" in run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
                               write(tmp_path, GOOD)).output  # fmt: skip


def test_a_bad_file_is_refused_with_line_numbers_and_nothing_is_stored(run, tmp_path: Path) -> None:
    create(run)
    bad = write(tmp_path, GOOD + "E3,wanted,,,1970,M,CHN,,\nE4,wanted,ZHAO Liu,,19x0,F,CHN,,\n")
    refused = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED", bad)
    assert refused.exit_code == 2
    assert "line 4" in refused.output and "line 5" in refused.output
    assert "2 problems (errors and fatal), nothing imported; --skip-bad" in refused.output
    assert "has no versions yet" in run("watchlist", "versions", "CN-WANTED").output
    assert "entries: 0 on the list" in run("watchlist", "show", "CN-WANTED").output

    kept = run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED", bad, "--skip-bad")
    assert kept.exit_code == 0, kept.output
    assert "read 2 entries from list.csv (0 warnings, 2 bad records skipped)" in kept.output
    assert "2 added" in kept.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv", "--list", "NOPE"], "no watchlist 'NOPE'"),
        (["--format", "pdf", "--list", "CN-WANTED"], "pdf"),
    ],
)
def test_user_errors_exit_2(run, tmp_path: Path, args: list[str], message: str) -> None:
    create(run)
    result = run("watchlist", "import", *args, write(tmp_path, GOOD))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert run("watchlist", "import", "--format", "csv", "--list", "CN-WANTED",
               str(tmp_path / "missing.csv")).exit_code == 2  # fmt: skip
    assert run("watchlist", "approve", "0" * 32, "--by", "li").exit_code == 2
    duplicate = run("watchlist", "create", "CN-WANTED", "--name", "x", "--type", "watch",
                    "--authority", "x", "--legal-basis", "x")  # fmt: skip
    assert duplicate.exit_code == 2 and "already exists" in duplicate.output


def test_the_real_un_and_ofac_lists_import_through_the_cli(run) -> None:
    un, sdn = OFAC_UN / "UN_consolidated.xml", OFAC_UN / "sdn.csv"
    if not (un.exists() and sdn.exists()):
        pytest.skip(f"watchlist test data not found at {OFAC_UN}")
    create(run, "UN-SC", "deny_entry")
    create(run, "OFAC-SDN", "watch")
    for fmt, path, list_id, count in (
        ("un-xml", un, "UN-SC", 1003),
        ("ofac-sdn", sdn, "OFAC-SDN", 7379),
    ):
        imported = run("watchlist", "import", "--format", fmt, "--list", list_id, str(path),
                       "--author", "wang")  # fmt: skip
        assert imported.exit_code == 0, imported.output
        assert f"proposed version 1 of {list_id}: {count} added" in imported.output
        approved = run("watchlist", "approve", version_id(imported.output), "--by", "li")
        assert approved.exit_code == 0, approved.output
        shown = run("watchlist", "show", list_id)
        assert f"entries: {count} on the list, {count} in force today" in shown.output
