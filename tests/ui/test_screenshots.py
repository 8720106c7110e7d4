"""``boxoffice --demo --screenshot`` as a person would run it: a real process on an embedded server of its own
data folder (migrated and seeded with the demo by the app itself; the demo's login roles "demo.*" are global
to a server, so never on the shared test server), signing in as the demo administrator through the login
window; one PNG per screen; start and sign-in errors as one line with exit code 2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = [pytest.mark.gui, pytest.mark.db]

SCREENS = ("login", "sales", "seatmaps", "orders", "reports", "settings")
ROOT = Path(__file__).resolve().parents[2]


def run_app(args: list[str], tmp_path: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            # The station's settings and the log go to the test's folder, never the user's.
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "PYTHONPATH": str(ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.pop("BOXOFFICE_DATABASE_URL", None)
    # The console script when the package is installed, else the same entry point through -m.
    script = shutil.which("boxoffice", path=str(Path(sys.executable).parent))
    command = [script] if script else [sys.executable, "-m", "boxoffice_desktop"]
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def colour_variety(path: Path) -> tuple[int, int, int]:
    image = QImage(str(path))
    assert not image.isNull()
    colours = set()
    step = 7
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colours.add(image.pixel(x, y))
    return image.width(), image.height(), len(colours)


@pytest.fixture(scope="module")
def own_data_folder() -> Iterator[Path]:
    """The app's data folder for these runs. Its embedded server is started here as well, so each app
    process joins it instead of starting and stopping one of its own; the first run migrates and seeds."""
    from sync.embedded import start_embedded, stop_embedded

    folder = Path(tempfile.mkdtemp(prefix="boxoffice-test-shots-"))
    start_embedded(folder)
    yield folder
    stop_embedded(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("screen", SCREENS)
def test_screenshot_of_each_screen(screen, own_data_folder, tmp_path, artifacts_dir):
    target = artifacts_dir / f"screen-{screen}.png"
    target.unlink(missing_ok=True)
    done = run_app(
        [
            "--demo",
            "--data-dir",
            str(own_data_folder),
            "--station",
            "box-1",
            "--screenshot",
            str(target),
            "--screen",
            screen,
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert target.exists()
    width, height, variety = colour_variety(target)
    assert (width, height) == (1440, 900)
    assert variety > 40, f"{screen}: only {variety} colours, the screenshot looks blank"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--database-url", "postgresql://nobody@127.0.0.1:1/nothing"], "Cannot reach the database"),
        (["--database-url", "mysql://somewhere/db"], "Unsupported database URL scheme"),
        (["--data-dir", "/proc/boxoffice-cannot-write-here"], "is not writable"),
    ],
    ids=["unreachable", "bad-url", "unwritable-data-folder"],
)
def test_start_errors_are_one_line_and_exit_2(args, expected, tmp_path):
    done = run_app(["--demo", *args, "--screenshot", str(tmp_path / "x.png")], tmp_path, timeout=120)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("boxoffice: error: ")
    assert expected in lines[0]
    assert not (tmp_path / "x.png").exists()


def test_unknown_tenant_on_a_configured_server_is_never_seeded(db, db_url, demo, tmp_path):
    """--demo seeds the embedded server only: on a configured one the organisation stays unknown, and
    signing in to it is the server's one line."""
    from boxoffice_desktop.services.tenants import tenant_exists

    done = run_app(
        [
            "--demo",
            "--tenant",
            "not-seeded-here",
            "--database-url",
            db_url,
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        tmp_path,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "boxoffice: error: Wrong organisation, user name or password."
    assert not tenant_exists(db, "not-seeded-here")
