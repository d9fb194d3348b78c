"""The README's configuration table names every setting the code reads, with its default."""

from __future__ import annotations

from pathlib import Path

from api.config import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "(empty)"
        assert f"| `{setting.name}` | {default} |" in README, setting.name
