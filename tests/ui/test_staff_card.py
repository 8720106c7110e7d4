"""The Staff card of Settings, driven as an administrator would: the list with each person's login role,
adding a cashier who can then sign in, a role change, a new password, disabling (their session ends, the
login window says so) and enabling again; the server's refusals shown as its one line; and a manager who
neither sees the card nor gets past the server."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QWidget
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boxoffice_desktop.errors import AuthenticationFailed, BoxOfficeError, PermissionDenied
from boxoffice_desktop.services import staff as staff_svc
from boxoffice_desktop.services.staff import DISABLED_LOGIN
from boxoffice_desktop.ui.kit.asking import choice_button
from boxoffice_desktop.ui.settings_page import SettingsPage
from boxoffice_desktop.ui.staff_card import StaffCard
from sync.schema.enums import StaffRole
from tests.staff import sign_in
from tests.ui.conftest import open_area, wrong_passwords_refused
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def page(qtbot, session_factory, station_settings, idle) -> SettingsPage:
    admin = session_factory("office-s", "admin", background=False)
    return open_area(qtbot, SettingsPage(admin, station_settings=station_settings), idle, timeout=20_000)


@pytest.fixture
def card(page) -> StaffCard:
    assert page.staff_card is not None
    return page.staff_card


def click(qtbot, widget) -> None:
    assert widget.isEnabled(), f"{widget.objectName()} is disabled: {widget.toolTip()}"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def click_row(qtbot, card: StaffCard, username: str) -> None:
    table = card.table
    model = table.model()
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data() == username:
            table.scrollTo(index)
            qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
            assert card.selected_username() == username
            return
    raise AssertionError(f"{username} is not in the list")


def row_of(card: StaffCard, username: str) -> list[str]:
    model = card.table.model()
    for row in range(model.rowCount()):
        if model.index(row, 0).data() == username:
            return [model.index(row, c).data() for c in range(model.columnCount())]
    raise AssertionError(f"{username} is not in the list")


def settled(qtbot, card: StaffCard, idle) -> str:
    qtbot.waitUntil(card.is_settled, timeout=20_000)
    idle()
    return card.message.text()


def add_person(
    qtbot, card: StaffCard, idle, username: str, role: str, password: str, again: str | None = None, display: str = ""
) -> str:
    for edit in (card.new_username, card.new_display_name, card.new_password, card.new_again):
        edit.clear()
    qtbot.keyClicks(card.new_username, username)
    qtbot.keyClicks(card.new_display_name, display)
    card.new_role.setCurrentIndex(card.new_role.findData(role))
    qtbot.keyClicks(card.new_password, password)
    qtbot.keyClicks(card.new_again, password if again is None else again)
    click(qtbot, card.add_button)
    return settled(qtbot, card, idle)


def test_the_list_shows_everyone_with_their_login(qtbot, page, card, demo, idle, artifacts_dir):
    names = [row[0] for row in (row_of(card, u) for u in ("accountant", "admin", "cashier", "manager"))]
    assert names == ["accountant", "admin", "cashier", "manager"]
    assert row_of(card, "cashier") == ["cashier", "Cashier", "Cashier", f"{demo.slug}.cashier", "Active"]
    assert row_of(card, "admin")[2] == "Administrator"
    assert card.count_pill.text().endswith("people")
    # One's own account: no role change, no disabling (the server refuses it too); a new password is fine.
    click_row(qtbot, card, "admin")
    assert "(you)" in card.selected_label.text()
    assert not card.change_role_button.isEnabled() and not card.disable_button.isEnabled()
    assert "Nobody changes their own role" in card.disable_button.toolTip()
    click_row(qtbot, card, "cashier")
    assert card.change_role_button.isEnabled() and card.disable_button.text() == "Disable"
    assert card.role_combo.currentData() == "cashier"
    shoot(card, artifacts_dir / "settings-staff-card.png")
    page.findChild(QScrollArea).ensureWidgetVisible(card, 0, 40)
    shoot(page, artifacts_dir / "settings-staff-page.png")


def test_an_admin_adds_a_cashier_who_can_then_sign_in(qtbot, card, db, demo, idle, artifacts_dir):
    # Manners before the round trip: two different passwords never leave the card.
    line = add_person(qtbot, card, idle, "maria", "cashier", "river-1", again="river-2")
    assert line == "The two passwords differ; type them again." and card.message.kind == "error"
    assert card.new_password.text() == "" and card.new_again.text() == ""

    # The server's (and the service's) refusals, one line each.
    assert add_person(qtbot, card, idle, "cashier", "cashier", "river-1") == (
        "A user named 'cashier' already exists in this organisation."
    )
    assert add_person(qtbot, card, idle, "maria", "cashier", "abc") == "The password needs at least 4 characters."

    # A display name that looks like markup is shown as typed.
    line = add_person(qtbot, card, idle, "maria", "cashier", "river-1", display="<b>Maria</b> Ivanova")
    assert card.message.kind == "ok", line
    assert line == f"<b>Maria</b> Ivanova added: they sign in to {demo.slug} as maria."
    assert card.message.textFormat() == Qt.TextFormat.PlainText
    assert row_of(card, "maria") == ["maria", "<b>Maria</b> Ivanova", "Cashier", f"{demo.slug}.maria", "Active"]
    assert card.selected_username() == "maria"
    assert card.new_username.text() == "" and card.new_password.text() == ""
    shown = card.findChild(QLabel, "SelectedStaff")
    assert shown.text().startswith("<b>Maria</b> Ivanova") and shown.textFormat() == Qt.TextFormat.PlainText
    shoot(card, artifacts_dir / "settings-staff-added.png")

    # She signs in as her own login role, a cashier, with the password the admin typed.
    with sign_in(db.target, demo.slug, "maria", station="till-m", password="river-1") as maria:
        assert maria.actor.role == StaffRole.CASHIER and maria.actor.login == f"{demo.slug}.maria"
        assert maria.actor.display_name == "<b>Maria</b> Ivanova"
    # The journal names the administrator's login as the one who did it.
    with db.engine.connect() as conn:
        actor = conn.execute(
            text("SELECT actor FROM order_log WHERE action = 'staff.created' AND data->>'username' = 'maria'")
        ).scalar_one()
    assert actor == f"{demo.slug}.admin"


def test_a_role_change_and_a_new_password(qtbot, card, db, demo, idle):
    assert card.message.kind != "error"
    add_person(qtbot, card, idle, "pavel", "cashier", "first-pass")
    click_row(qtbot, card, "pavel")
    card.role_combo.setCurrentIndex(card.role_combo.findData("manager"))
    click(qtbot, card.change_role_button)
    line = settled(qtbot, card, idle)
    assert card.message.kind == "ok" and line.startswith("pavel is now a manager")
    assert row_of(card, "pavel")[2] == "Manager" and card.selected_username() == "pavel"

    qtbot.keyClicks(card.reset_password, "second-pass")
    qtbot.keyClicks(card.reset_again, "second-pass")
    click(qtbot, card.reset_button)
    assert card.reset_password.text() == "" and card.reset_again.text() == ""  # gone from the fields at once
    line = settled(qtbot, card, idle)
    assert card.message.kind == "ok" and line.startswith("New password set for pavel")

    with sign_in(db.target, demo.slug, "pavel", password="second-pass") as pavel:
        assert pavel.actor.role == StaffRole.MANAGER  # the server says so
    if wrong_passwords_refused(db, demo):
        with pytest.raises(AuthenticationFailed):
            sign_in(db.target, demo.slug, "pavel", password="first-pass")


def test_disabling_ends_the_session_and_the_login_says_so(qtbot, card, db, demo, idle, artifacts_dir):
    add_person(qtbot, card, idle, "lena", "cashier", "lena-pass")
    lena = sign_in(db.target, demo.slug, "lena", station="till-l", password="lena-pass")
    try:
        assert lena.events()  # an open connection of hers
        click_row(qtbot, card, "lena")
        click(qtbot, card.disable_button)
        box = card.dialog
        assert isinstance(box, QMessageBox) and box.isVisible() and box.text() == "Disable lena?"
        shoot(box, artifacts_dir / "settings-staff-disable.png")
        qtbot.mouseClick(choice_button(box, "disable"), Qt.MouseButton.LeftButton)
        line = settled(qtbot, card, idle)
        assert card.message.kind == "ok", line
        assert line.startswith("lena can no longer sign in")
        assert line == "lena can no longer sign in; their open session ended."
        assert row_of(card, "lena")[4] == "Disabled"
        assert card.disable_button.text() == "Enable"
        with pytest.raises(BoxOfficeError):
            lena.events()  # her connection is gone, and she cannot make a new one
    finally:
        lena.close()
    with pytest.raises(AuthenticationFailed, match=DISABLED_LOGIN):
        sign_in(db.target, demo.slug, "lena", password="lena-pass")
    shoot(card, artifacts_dir / "settings-staff-disabled.png")

    click(qtbot, card.disable_button)  # "Enable"
    line = settled(qtbot, card, idle)
    assert line == "lena may sign in again." and row_of(card, "lena")[4] == "Active"
    with sign_in(db.target, demo.slug, "lena", password="lena-pass") as again:
        assert again.actor.username == "lena"


def test_the_card_reads_the_list_again_when_the_area_opens(qtbot, page, card, admin, demo, idle):
    admin.create_user(demo.slug, "olga", "accountant", "olga-pass")
    page.activate()
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    assert row_of(card, "olga")[2] == "Accountant"


def test_a_manager_neither_sees_the_card_nor_gets_past_the_server(qtbot, session_factory, idle):
    manager = session_factory("office-m", "manager", background=False)
    page = open_area(qtbot, SettingsPage(manager), idle, timeout=20_000)
    assert page.staff_card is None
    assert page.findChild(QWidget, "StaffCard") is None and page.findChild(QWidget, "StaffTable") is None
    with pytest.raises(PermissionDenied):
        staff_svc.create_user(manager.db, manager.actor, "sneaky", "admin", "sneaky-pass")
    # The station's check is only manners: the server refuses the manager's own connection itself.
    with pytest.raises(DBAPIError, match="manage_staff"), manager.db.connection() as conn:
        conn.execute(text("SELECT * FROM bo_staff_create('sneaky', 'admin', '', 'x')"))
    with pytest.raises(DBAPIError, match="manage_staff"), manager.db.connection() as conn:
        conn.execute(text("SELECT bo_staff_disable('admin')"))
