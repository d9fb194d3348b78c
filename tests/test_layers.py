"""The layering holds, as import-linter's contracts in pyproject.toml state it: ``directory``
imports neither ``api`` nor ``search``; ``search`` does not import ``api``; neither loads seeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
PACKAGES = ("directory", "search", "api", "seeds")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_contracts_are_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_an_import_across_a_layer_breaks_a_contract(tmp_path):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("static", "translations", "__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "directory" / "shortcut.py").write_text("from api.problems import ProblemError\n")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    assert "api above search above directory BROKEN" in done.stdout
    assert "directory.shortcut -> api.problems" in done.stdout
