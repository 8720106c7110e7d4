"""The login window against a real database: wrong password, unknown organisation, the right password,
and what a cashier may not open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.ui.login import LoginWindow
from boxoffice_desktop.ui.main_window import MainWindow

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def login(qtbot, db, demo, station_settings):
    window = LoginWindow(station_settings, station="till-login", tenant=demo.slug)
    qtbot.addWidget(window)
    window.show()
    assert not window.sign_in_button.isEnabled()  # "Starting…" until the database is there
    window.set_database(db)
    yield window


@pytest.fixture
def signed_in_sessions():
    sessions: list = []
    yield sessions
    for bo in sessions:
        bo.close()


def type_credentials(qtbot, window, user: str, password: str) -> None:
    window.user_edit.clear()
    qtbot.keyClicks(window.user_edit, user)
    window.password_edit.clear()
    qtbot.keyClicks(window.password_edit, password)


def test_wrong_password_shows_one_calm_line_and_stays(qtbot, login, artifacts_dir, idle):
    type_credentials(qtbot, login, "manager", "not-the-password")
    signed: list = []
    login.signedIn.connect(signed.append)
    with qtbot.waitSignal(login.signInFailed, timeout=20_000) as failed:
        qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    assert failed.args == ["Wrong user name or password."]
    assert login.message.isVisible() and login.message.kind == "error"
    assert login.message.text() == "Wrong user name or password."
    assert login.isVisible() and signed == []
    assert login.sign_in_button.isEnabled()
    idle()
    login.grab().save(str(artifacts_dir / "login-wrong-password.png"))


def test_unknown_organisation(qtbot, login):
    login.tenant_edit.setText("no-such-venue")
    type_credentials(qtbot, login, "admin", "demo")
    with qtbot.waitSignal(login.signInFailed, timeout=20_000) as failed:
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Return)
    assert failed.args == ["Unknown tenant 'no-such-venue'."]
    assert login.isVisible()


def test_empty_fields_are_asked_for_without_a_job(qtbot, login):
    login.user_edit.clear()
    login.password_edit.clear()
    qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    assert login.message.text() == "Please enter your user name."
    assert not login.busy


def test_right_password_opens_the_main_window(qtbot, login, station_settings, signed_in_sessions, artifacts_dir, idle):
    type_credentials(qtbot, login, "admin", "demo")
    with qtbot.waitSignal(login.signedIn, timeout=20_000) as signed:
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Enter)  # the keypad's Enter signs in too
    bo = signed.args[0]
    signed_in_sessions.append(bo)
    assert bo.actor.username == "admin" and bo.station == "till-login"
    assert bo.feed().running  # the feed and the sweeper start at login
    assert station_settings.last_tenant == "demo"
    assert station_settings.last_user("demo") == "admin"
    assert station_settings.branding("demo").accent == "#b3261e"
    assert login.password_edit.text() == ""

    window = MainWindow(bo)
    qtbot.addWidget(window)
    window.show()
    assert "Demo Theatre" in window.windowTitle()
    assert window.org_name.text() == "Demo Theatre"
    assert window.current_area == "sales"
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    idle()
    window.grab().save(str(artifacts_dir / "main-after-login.png"))
    window.shutdown()


def test_cashier_may_not_open_seatmaps_or_reports(qtbot, login, signed_in_sessions, artifacts_dir):
    type_credentials(qtbot, login, "cashier", "demo")
    with qtbot.waitSignal(login.signedIn, timeout=20_000) as signed:
        qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    bo = signed.args[0]
    signed_in_sessions.append(bo)
    window = MainWindow(bo)
    qtbot.addWidget(window)
    window.show()
    seatmaps = window.nav_buttons["seatmaps"]
    reports = window.nav_buttons["reports"]
    assert not seatmaps.isEnabled() and not reports.isEnabled()
    assert "A cashier may not edit seatmaps" in seatmaps.toolTip()
    assert "A cashier may not see reports" in reports.toolTip()
    for key in ("sales", "orders", "settings"):
        assert window.nav_buttons[key].isEnabled()
    assert window.role_label.text().startswith("Cashier")
    # Neither a click nor the shortcut gets there.
    login.hide()  # as the application does
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.mouseClick(seatmaps, Qt.MouseButton.LeftButton)
    assert window.current_area == "sales"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area == "sales"
    assert "may not edit seatmaps" in window.status_label.text()
    qtbot.waitUntil(window.is_settled, timeout=30_000)
    window.grab().save(str(artifacts_dir / "main-cashier.png"))
    window.shutdown()


def test_remembered_branding_is_worn_before_the_database_answers(qtbot, station_settings):
    from boxoffice_desktop.ui.theme import Branding

    station_settings.remember_branding(
        Branding.from_mapping({"slug": "opera", "display_name": "City Opera", "accent": "#0b6e4f"})
    )
    station_settings.last_tenant = "opera"
    window = LoginWindow(station_settings, station="till-x")
    qtbot.addWidget(window)
    assert window.tenant_edit.text() == "opera"
    assert window.org_title.text() == "City Opera"
    assert "City Opera" in window.windowTitle()
    assert window.message.text() == "Starting…"
    assert not window.sign_in_button.isEnabled()


def test_locked_account_says_so(qtbot, login):
    messages: list[str] = []
    login.signInFailed.connect(messages.append)
    for _ in range(6):
        type_credentials(qtbot, login, "accountant", "wrong-password")
        with qtbot.waitSignal(login.signInFailed, timeout=20_000):
            qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    assert messages[4] == "Wrong password. The account is now locked for 5 minutes."
    assert messages[5].startswith("This account is locked after 5 wrong passwords")
    assert login.message.text() == messages[5]
    assert "\n" not in messages[5]
