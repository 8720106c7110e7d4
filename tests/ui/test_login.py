"""The login window against a real server: signing in is connecting as the staff member's own login role,
so a wrong password, an unknown user and an unknown organisation are the server's one same line; a disabled
account, an unreachable server and a schema of another version are one line each; nothing is read before
signing in (the branding is the station's memory); and what a cashier may not open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from boxoffice_desktop.services.staff import DISABLED_LOGIN, WRONG_LOGIN
from boxoffice_desktop.ui.login import LoginWindow
from boxoffice_desktop.ui.main_window import MainWindow
from boxoffice_desktop.ui.operations import tracker
from sync.config import parse_database_url
from tests.staff import PASSWORD
from tests.ui.conftest import show_active, skip_unless_wrong_passwords_are_refused, wrong_passwords_refused

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def login(qtbot, db, demo, station_settings):
    window = LoginWindow(station_settings, station="till-login", tenant=demo.slug)
    qtbot.addWidget(window)
    window.show()
    assert not window.sign_in_button.isEnabled()  # "Starting…" until the app knows where staff sign in
    window.set_target(db.target)
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


def refused(qtbot, window, *, click: bool = True) -> str:
    """Sign in, expect a refusal; the one line it showed."""
    signed: list = []
    window.signedIn.connect(signed.append)
    with qtbot.waitSignal(window.signInFailed, timeout=20_000) as failed:
        if click:
            qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(window.password_edit, Qt.Key.Key_Return)
    (line,) = failed.args
    assert window.message.isVisible() and window.message.kind == "error"
    assert window.message.text() == line and "\n" not in line and "Traceback" not in line
    assert window.isVisible() and signed == []
    assert window.sign_in_button.isEnabled()
    return line


def test_wrong_password_shows_one_calm_line_and_stays(qtbot, db, demo, login, artifacts_dir, idle):
    skip_unless_wrong_passwords_are_refused(db, demo)
    type_credentials(qtbot, login, "manager", "not-the-password")
    assert refused(qtbot, login) == WRONG_LOGIN == "Wrong organisation, user name or password."
    assert login.password_edit.hasFocus() and login.password_edit.selectedText() == "not-the-password"
    idle()
    login.grab().save(str(artifacts_dir / "login-wrong-password.png"))


def test_unknown_organisation_and_unknown_user_say_the_same(qtbot, login):
    login.tenant_edit.setText("no-such-venue")
    type_credentials(qtbot, login, "admin", "demo")
    assert refused(qtbot, login, click=False) == WRONG_LOGIN
    login.tenant_edit.setText(login.tenant_edit.text())
    type_credentials(qtbot, login, "nobody-here", "demo")
    assert refused(qtbot, login) == WRONG_LOGIN


def test_a_disabled_account_says_so(qtbot, db, demo, admin, login, artifacts_dir, idle):
    admin.create_user(demo.slug, "leaver", "cashier", PASSWORD, display_name="Lee Leaver")
    type_credentials(qtbot, login, "leaver", PASSWORD)
    with qtbot.waitSignal(login.signedIn, timeout=20_000) as signed:
        qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    signed.args[0].close()
    admin.disable_user(demo.slug, "leaver")
    type_credentials(qtbot, login, "leaver", PASSWORD)
    assert refused(qtbot, login) == DISABLED_LOGIN == "This account is disabled; ask an administrator."
    idle()
    login.grab().save(str(artifacts_dir / "login-disabled.png"))
    # Told after the right password only: a wrong one is still the one same line (where the server checks).
    if wrong_passwords_refused(db, demo):
        type_credentials(qtbot, login, "leaver", "not-the-password")
        assert refused(qtbot, login) == WRONG_LOGIN


def test_unreachable_server_is_one_line(qtbot, login):
    login.set_target(parse_database_url("postgresql://nobody@127.0.0.1:1/nothing"))
    type_credentials(qtbot, login, "admin", "demo")
    line = refused(qtbot, login)
    assert line.startswith("Cannot reach the database at postgresql://nobody@127.0.0.1:1/nothing: ")
    assert "demo" not in line.split(": ", 1)[0]  # no password in the address


def test_a_schema_of_another_version_names_the_command(qtbot, db, login):
    with db.engine.connect() as conn:
        head = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0002'"))
        type_credentials(qtbot, login, "admin", "demo")
        line = refused(qtbot, login)
        assert "older than this program" in line and "run 'boxoffice-admin db upgrade'" in line
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})


def test_empty_fields_are_asked_for_without_a_job(qtbot, login):
    login.user_edit.clear()
    login.password_edit.clear()
    qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
    assert login.message.text() == "Please enter your user name."
    assert not login.busy


def test_right_password_opens_the_main_window(
    qtbot, login, demo, station_settings, signed_in_sessions, artifacts_dir, idle
):
    assert login.org_title.text() == "Box Office"  # never signed in here: the program's own look
    type_credentials(qtbot, login, "admin", "demo")
    with qtbot.waitSignal(login.signedIn, timeout=20_000) as signed:
        qtbot.keyClick(login.password_edit, Qt.Key.Key_Enter)  # the keypad's Enter signs in too
    bo = signed.args[0]
    signed_in_sessions.append(bo)
    assert bo.actor.username == "admin" and bo.station == "till-login"
    assert bo.actor.login == f"{demo.slug}.admin"
    assert bo.feed().running  # the feed and the sweeper start at login
    assert station_settings.last_tenant == demo.slug
    assert station_settings.last_user(demo.slug) == "admin"
    # The branding the server showed after signing in, remembered for the login window next time.
    assert station_settings.branding(demo.slug).accent == "#b3261e"
    assert station_settings.branding(demo.slug).display_name == "Demo Theatre"
    assert login.org_title.text() == "Demo Theatre"
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


def test_remembered_branding_is_worn_before_signing_in(qtbot, station_settings):
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


def test_nothing_is_read_before_signing_in(qtbot, db, demo, station_settings):
    """Typing an organisation shows what this station remembers of it, else the program's own look; no job
    asks the server anything (it would tell nobody anything before sign-in anyway)."""
    from boxoffice_desktop.ui.theme import Branding

    station_settings.remember_branding(
        Branding.from_mapping({"slug": "opera", "display_name": "City Opera", "accent": "#0b6e4f"})
    )
    station_settings.set_last_user("opera", "olga")
    window = LoginWindow(station_settings, station="till-y", tenant=demo.slug)
    show_active(qtbot, window)  # Tab moves the focus in the active window only
    window.set_target(db.target)
    assert window.org_title.text() == "Box Office"
    started: list[bool] = []
    tracker().busyChanged.connect(started.append)
    try:
        type_an_organisation(qtbot, window, demo)
    finally:
        tracker().busyChanged.disconnect(started.append)
    assert started == [] and tracker().is_idle()


def type_an_organisation(qtbot, window, demo) -> None:
    window.tenant_edit.setFocus()
    window.tenant_edit.clear()
    qtbot.keyClicks(window.tenant_edit, "opera")
    window.user_edit.clear()
    qtbot.keyClick(window.tenant_edit, Qt.Key.Key_Tab)  # editing finished
    assert window.org_title.text() == "City Opera" and "City Opera" in window.windowTitle()
    assert window.user_edit.text() == "olga"
    window.tenant_edit.setFocus()
    window.tenant_edit.selectAll()
    qtbot.keyClicks(window.tenant_edit, demo.slug)
    qtbot.keyClick(window.tenant_edit, Qt.Key.Key_Tab)
    assert window.org_title.text() == "Box Office"  # not signed in here before: nothing to wear
