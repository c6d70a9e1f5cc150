"""Every fact names a source, every assumption is written down, and the package is pure."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import guomen.documents.chinese as chinese
from guomen.documents.chinese import ASSUMPTIONS, NUMBER_FORMATS, SOURCES

PACKAGE_DIR = Path(chinese.__file__).parent


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_chinese_document_modules_import_only_the_standard_library_and_guomen() -> None:
    allowed = set(sys.stdlib_module_names) | {"guomen", "__future__"}
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        outside = _imported_roots(path) - allowed
        assert not outside, f"{path.name} imports {sorted(outside)}"


def test_number_formats_name_known_sources() -> None:
    assert {fmt.source for fmt in NUMBER_FORMATS} <= set(SOURCES)


def test_assumptions_are_unique_and_every_cited_assumption_exists() -> None:
    keys = [item.key for item in ASSUMPTIONS]
    assert len(keys) == len(set(keys))
    cited: set[str] = set()
    for path in PACKAGE_DIR.glob("*.py"):
        cited.update(
            re.findall(r"assumption[s]? ``?([a-z_]+)``?", path.read_text(encoding="utf-8"))
        )
    assert cited, "the modules cite their assumptions"
    assert cited <= set(keys), sorted(cited - set(keys))


def test_sources_and_assumptions_are_complete_sentences() -> None:
    for source in SOURCES.values():
        assert source.title and source.where
    for item in ASSUMPTIONS:
        assert item.text.endswith(".")
