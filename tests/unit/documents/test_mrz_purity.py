"""The MRZ engine is pure domain code: standard library and guomen only (house rule 1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import guomen.documents.mrz as mrz_package

PACKAGE_DIR = Path(mrz_package.__file__).parent


def _imported_roots(path: Path) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_mrz_modules_import_only_the_standard_library_and_guomen() -> None:
    allowed = set(sys.stdlib_module_names) | {"guomen", "__future__"}
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        outside = _imported_roots(path) - allowed
        assert not outside, f"{path.name} imports {sorted(outside)}"
