"""A built wheel carries the migrations, the editor's schema and resources/ (themes, icons, the demo hall)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_the_wheel_carries_migrations_and_resources(tmp_path):
    # With build isolation, as an installer builds it (pip fetches the build backend like any install).
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(tmp_path)],
        check=True, capture_output=True, timeout=600,
    )
    (wheel,) = tmp_path.glob("boxoffice_desktop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "sync/migrations/env.py",
        "sync/migrations/script.py.mako",
        "sync/migrations/versions/0001_initial_schema.py",
        "sync/migrations/versions/0002_seat_hold_protocol.py",
        "editor/formats/native.schema.json",
        "resources/demo/hall.json",
        "resources/demo/logo.svg",
        "resources/themes/light.qss",
    ):
        assert needed in names, needed
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "boxoffice = boxoffice_desktop.cli.app:main" in text
    assert "boxoffice-admin = boxoffice_desktop.cli.admin:main" in text
