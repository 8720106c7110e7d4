"""The whole application in one process: start (finding the server is a job), sign in as the staff member's
own login, sales, sign out (the session's own connections close)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from boxoffice_desktop.ui.app import AppController, AppOptions

pytestmark = [pytest.mark.gui, pytest.mark.db]


def connections_of(db, login: str) -> int:
    """How many server connections the login role has open (a superuser's look, bypassing nothing else)."""
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE usename = :u"), {"u": login}).scalar_one()


@pytest.fixture
def controller(qapp, db_url, demo, station_settings):
    c = AppController(
        qapp, AppOptions(database_url=db_url, tenant=demo.slug, station="till-app"), settings=station_settings
    )
    yield c
    c.shutdown()


def test_start_sign_in_and_sign_out(qtbot, controller, db, demo, idle):
    controller.start()
    login = controller.login
    assert login.isVisible()
    assert login.message.text() == "Starting…"  # shown at once: the database opens in the background
    qtbot.waitUntil(lambda: login.ready, timeout=30_000)
    assert login.sign_in_button.isEnabled()

    login.user_edit.setText("cashier")
    qtbot.keyClicks(login.password_edit, "demo")
    qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30_000)
    window = controller.main_window
    assert window.isVisible() and not login.isVisible()
    assert window.current_area == "sales"
    assert window.bo.station == "till-app"
    assert window.bo.actor.login == f"{demo.slug}.cashier"  # signed in as the cashier's own login role
    assert controller.target is not None and not hasattr(controller, "db")
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    bo = window.bo
    assert connections_of(db, bo.actor.login) > 0

    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert login.isVisible()
    assert controller.main_window is None
    assert login.password_edit.text() == ""
    assert login.user_edit.text() == "cashier"  # remembered for this organisation
    idle()  # the session closes as a job
    assert not bo._feed.running
    # The session's own database closed with it: the cashier has no connection left.
    qtbot.waitUntil(lambda: connections_of(db, bo.actor.login) == 0, timeout=10_000)


def test_unreachable_server_is_one_line_in_the_window(qtbot, qapp, station_settings):
    """A configured server is not contacted before signing in (there is nobody to be yet): its absence is the
    sign-in's one line, and the window stays ready for another try."""
    c = AppController(
        qapp,
        AppOptions(database_url="postgresql://nobody@127.0.0.1:1/nothing", tenant="riverside", station="till-x"),
        settings=station_settings,
    )
    try:
        c.start()
        qtbot.waitUntil(lambda: c.login.ready, timeout=30_000)
        login = c.login
        login.user_edit.setText("maria")
        qtbot.keyClicks(login.password_edit, "secret")
        with qtbot.waitSignal(login.signInFailed, timeout=30_000) as failed:
            qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
        line = login.message.text()
        assert failed.args == [line] and login.message.kind == "error"
        assert line.startswith("Cannot reach the database at postgresql://nobody@127.0.0.1:1/nothing")
        assert "\n" not in line and "Traceback" not in line and "secret" not in line
        assert login.sign_in_button.isEnabled() and not login.retry_button.isVisible()
        assert c.main_window is None
    finally:
        c.shutdown()


def test_start_failure_is_one_line_with_a_retry(qtbot, qapp, station_settings, tmp_path, monkeypatch):
    """The embedded server cannot start (its data folder is a file): one line, and Try again."""
    monkeypatch.delenv("BOXOFFICE_DATABASE_URL", raising=False)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    c = AppController(qapp, AppOptions(data_dir=blocker, station="till-y"), settings=station_settings)
    try:
        c.start()
        qtbot.waitUntil(lambda: c.login.message.kind == "error", timeout=30_000)
        line = c.login.message.text()
        assert line and "\n" not in line and "Traceback" not in line
        assert not c.login.sign_in_button.isEnabled()
        assert c.login.retry_button.isVisible()
        qtbot.mouseClick(c.login.retry_button, Qt.MouseButton.LeftButton)
        assert c.login.message.text() == "Starting the local database…" and not c.login.retry_button.isVisible()
        qtbot.waitUntil(lambda: c.login.message.kind == "error", timeout=30_000)
        assert c.login.retry_button.isVisible()
    finally:
        c.shutdown()
