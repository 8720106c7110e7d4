"""boxoffice-admin: every command, and errors as one clear line with a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.plans import grid_plan

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]


def admin(*args: str, stdin: str | None = None, env_url: str | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    env.pop("BOXOFFICE_DATABASE_URL", None)
    if env_url:
        env["BOXOFFICE_DATABASE_URL"] = env_url
    return subprocess.run(
        [sys.executable, "-m", "boxoffice_desktop.cli.admin", *args],
        cwd=REPO, input=stdin, capture_output=True, text=True, timeout=120, env=env,
    )


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode != 0, proc
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_db_upgrade_is_idempotent(db_url):
    first = admin("db", "upgrade", "--database-url", db_url)
    assert first.returncode == 0, first.stderr
    assert "schema revision" in first.stdout
    # --database-url before the subcommand works as well.
    second = admin("--database-url", db_url, "db", "upgrade")
    assert second.returncode == 0, second.stderr


def test_tenant_user_seatmap_and_demo(db_url, tmp_path):
    r = admin("tenant", "create", "riverside", "--name", "Riverside Theatre", "--database-url", db_url)
    assert r.returncode == 0, r.stderr
    dup = admin("tenant", "create", "riverside", "--name", "Again", "--database-url", db_url)
    assert "already exists" in one_line_error(dup)

    r = admin("user", "create", "maria", "--tenant", "riverside", "--role", "manager", "--password-stdin",
              "--database-url", db_url, stdin="s3cret-pw\n")
    assert r.returncode == 0, r.stderr
    assert "manager 'maria'" in r.stdout
    bad_role = admin("user", "create", "x", "--tenant", "riverside", "--role", "king", "--password-stdin",
                     "--database-url", db_url, stdin="pw12345\n")
    assert "Unknown role 'king'" in one_line_error(bad_role)
    no_tenant = admin("user", "create", "x", "--tenant", "nowhere", "--role", "cashier", "--password-stdin",
                      "--database-url", db_url, stdin="pw12345\n")
    assert "Unknown tenant 'nowhere'" in one_line_error(no_tenant)

    plan = tmp_path / "hall.json"
    plan.write_text(json.dumps(grid_plan(2, 4)))
    r = admin("seatmap", "import", str(plan), "--tenant", "riverside", "--database-url", db_url)
    assert r.returncode == 0, r.stderr
    seatmap_id = int(r.stdout.split("seatmap ")[1].rstrip(".\n"))
    out = tmp_path / "out.json"
    r = admin("seatmap", "export", str(seatmap_id), "--tenant", "riverside", "--format", "pretix", "-o", str(out),
              "--database-url", db_url)
    assert r.returncode == 0, r.stderr
    assert {s["seat_guid"] for z in json.loads(out.read_text())["zones"] for row in z["rows"] for s in row["seats"]} \
        == {f"s-{r}-{n}" for r in "AB" for n in range(1, 5)}

    broken = tmp_path / "broken.json"
    broken.write_text('{"name": "x", "zones": [')
    err = one_line_error(admin("seatmap", "import", str(broken), "--tenant", "riverside", "--database-url", db_url))
    assert "seatmap cannot be used" in err

    r = admin("demo", "seed", "--database-url", db_url)
    assert r.returncode == 0, r.stderr
    again = admin("demo", "seed", "--database-url", db_url)
    assert again.returncode == 0, again.stderr


def test_the_database_url_may_come_from_the_environment(db_url):
    r = admin("tenant", "list", env_url=db_url)
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize(
    "url, expected",
    [
        ("mysql://root@localhost/x", "Unsupported database URL scheme"),
        ("not a url", "Malformed database URL"),
        ("postgresql://nobody@127.0.0.1:1/nothing", "Cannot reach the database"),
    ],
)
def test_bad_urls_are_one_line(url, expected):
    err = one_line_error(admin("tenant", "list", "--database-url", url))
    assert expected in err


def test_a_wrong_version_database_is_refused(empty_database):
    from sqlalchemy import text

    from sync import migrate
    from sync.db import Database

    db = Database(empty_database)
    migrate.upgrade(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    err = one_line_error(admin("tenant", "list", "--database-url", empty_database.libpq_dsn))
    assert "newer than this program" in err


def test_usage_errors_are_one_line():
    err = one_line_error(admin("tenant", "create"))
    assert "error:" in err


def test_validate_and_render_work_on_files_alone(tmp_path):
    good = admin("seatmap", "validate", str(REPO / "resources/demo/hall.json"), env_url="postgresql://nobody@/none")
    assert good.returncode == 0 and "604 seats" in good.stdout, good.stderr
    plan = grid_plan(2, 3)
    plan["zones"][0]["rows"][1]["seats"][2]["category"] = "Gallery"
    bad_file = tmp_path / "bad.json"
    bad_file.write_text(json.dumps(plan))
    bad = admin("seatmap", "validate", str(bad_file))
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "Gallery" in bad.stderr and "s-B-3" in bad.stderr
    out = tmp_path / "hall.png"
    r = admin("seatmap", "render", str(REPO / "resources/demo/hall.json"), "-o", str(out), "--width", "800")
    assert r.returncode == 0, r.stderr
    from PySide6.QtGui import QImage

    assert QImage(str(out)).width() == 800
    cut = tmp_path / "cut.json"
    cut.write_text('{"name": "x", "zones": [')
    err = admin("seatmap", "render", str(cut), "-o", str(tmp_path / "x.png"))
    assert err.returncode != 0 and "Traceback" not in err.stderr and "cut off" in err.stderr


def test_an_unwritable_data_folder_is_one_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    r = subprocess.run(
        [sys.executable, "-m", "boxoffice_desktop.cli.admin", "tenant", "list", "--data-dir", str(blocker / "data")],
        cwd=REPO, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in __import__("os").environ.items() if k != "BOXOFFICE_DATABASE_URL"},
    )
    err = one_line_error(r)
    assert "is not writable" in err and "BOXOFFICE_DATA_DIR" in err
