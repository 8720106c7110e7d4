"""A built wheel carries the migrations (with the SQL files they read), the editor's schema and resources/
(themes, icons, the demo hall)."""

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
        "sync/migrations/versions/0003_the_database_is_the_gatekeeper.py",
        "editor/formats/native.schema.json",
        "resources/demo/hall.json",
        "resources/demo/logo.svg",
        "resources/themes/light.qss",
        "editor/_qt/editor.qss",
    ):
        assert needed in names, needed
    # The SQL of each migration that keeps its statements in files (0003: the server's functions).
    sql_files = {p.relative_to(REPO).as_posix() for p in (REPO / "sync/migrations/sql").rglob("*.sql")}
    assert {"sync/migrations/sql/0003/01_schema.sql", "sync/migrations/sql/0003/ticket_crypto.sql"} <= sql_files
    missing = sql_files - names
    assert not missing, sorted(missing)
    # Every file the 0003 migration reads is there.
    from importlib import import_module

    for name in import_module("sync.migrations.versions.0003_the_database_is_the_gatekeeper").FILES:
        assert f"sync/migrations/sql/0003/{name}" in names, name
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "boxoffice = boxoffice_desktop.cli.app:main" in text
    assert "boxoffice-admin = boxoffice_desktop.cli.admin:main" in text
