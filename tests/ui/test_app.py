"""The whole application in one process: start (the database opens as a job), sign in, sales, sign out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.ui.app import AppController, AppOptions

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def controller(qapp, db_url, demo, station_settings):
    c = AppController(
        qapp, AppOptions(database_url=db_url, tenant="demo", station="till-app"), settings=station_settings
    )
    yield c
    c.shutdown()


def test_start_sign_in_and_sign_out(qtbot, controller, idle):
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
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    bo = window.bo

    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert login.isVisible()
    assert controller.main_window is None
    assert login.password_edit.text() == ""
    assert login.user_edit.text() == "cashier"  # remembered for this organisation
    idle()  # the session closes as a job
    assert not bo.feed().running


def test_unreachable_database_is_one_line_in_the_window(qtbot, qapp, station_settings):
    c = AppController(
        qapp,
        AppOptions(database_url="postgresql://nobody@127.0.0.1:1/nothing", station="till-x"),
        settings=station_settings,
    )
    try:
        c.start()
        qtbot.waitUntil(lambda: c.login.message.kind == "error", timeout=30_000)
        text = c.login.message.text()
        assert text.startswith("Cannot reach the database at postgresql://nobody@127.0.0.1:1/nothing")
        assert "\n" not in text and "Traceback" not in text
        assert not c.login.sign_in_button.isEnabled()
        assert c.login.retry_button.isVisible()
        qtbot.mouseClick(c.login.retry_button, Qt.MouseButton.LeftButton)
        assert c.login.message.text() == "Starting…" and not c.login.retry_button.isVisible()
        qtbot.waitUntil(lambda: c.login.message.kind == "error", timeout=30_000)
        assert c.login.retry_button.isVisible()
    finally:
        c.shutdown()
