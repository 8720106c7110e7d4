"""The Settings area: YooKassa keys are write-only (typed, stored, never shown again anywhere; a new API
address needs the key again, the server's one line says so), the mock scenario and the payment window reach
the services, branding changes the theme and the header at once, and a cashier sees everything read-only
(and the server refuses them anyway)."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QColorDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QWidget,
)
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from boxoffice_desktop.errors import PermissionDenied
from boxoffice_desktop.services.tenant_config import YOOKASSA_DEFAULT_URL, update_settings, yookassa_credentials
from boxoffice_desktop.services.tenants import find_tenant
from boxoffice_desktop.ui.main_window import MainWindow
from boxoffice_desktop.ui.settings_page import SettingsPage
from tests.ui.conftest import show_active
from tests.ui.shots import shoot

pytestmark = [pytest.mark.gui, pytest.mark.db]

SECRET = "live_Zq8fX2pLm0SecretKeyForTests_77"
SHOP = "506751"


def click(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, widget.rect().center())


def every_text(root) -> str:
    """Every piece of text a person or a screen reader could get from the widgets under ``root``."""
    parts = []
    for widget in [
        root,
        *root.findChildren(QLabel),
        *root.findChildren(QLineEdit),
        *root.findChildren(QAbstractButton),
    ]:
        for getter in ("text", "placeholderText", "toolTip", "accessibleName", "displayText"):
            value = getattr(widget, getter, None)
            if callable(value):
                parts.append(str(value()))
    return "\n".join(parts)


@pytest.fixture
def admin_window(qtbot, session_factory, station_settings, idle):
    bo = session_factory("office-1", "admin")
    window = MainWindow(bo)
    show_active(qtbot, window, (1440, 900))
    window.show_area("settings")
    page = window.pages["settings"]
    page.station_settings = station_settings
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    yield window
    window.shutdown()
    idle()


def test_yookassa_keys_are_write_only_and_payment_settings_reach_the_services(
    qtbot, admin_window, db, demo, idle, artifacts_dir
):
    page: SettingsPage = admin_window.pages["settings"]
    assert page.shop_id.text() == "" and page.secret_key.text() == ""
    assert page.secret_key.echoMode() == QLineEdit.EchoMode.Password

    # -- type the keys and store them ----------------------------------------------------------------
    qtbot.keyClicks(page.shop_id, SHOP)
    qtbot.keyClicks(page.secret_key, SECRET)
    assert SECRET not in page.secret_key.displayText(), "typed, the key shows as dots"
    assert page.save_yookassa_button.isEnabled()
    click(qtbot, page.save_yookassa_button)
    qtbot.waitUntil(lambda: "stored" in page.payments_message.text(), timeout=20_000)
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    bo = admin_window.bo
    creds = yookassa_credentials(bo.db, bo.actor)  # what a seller gets, and nobody else
    assert (creds.shop_id, creds.secret_key, creds.api_url) == (SHOP, SECRET, YOOKASSA_DEFAULT_URL)
    assert SECRET not in repr(creds)

    # -- never shown again: not in any field, label, tooltip or placeholder of the window --------------
    assert page.secret_key.text() == "" and page.shop_id.text() == ""
    assert page.secret_key.placeholderText().startswith("stored")
    assert page.shop_id.placeholderText().startswith("stored")
    assert page.yookassa_state.text().startswith("Set up")
    shown = every_text(admin_window)
    assert SECRET not in shown and SHOP not in shown
    admin_window.grab().save(str(artifacts_dir / "settings-admin.png"))

    # -- a fresh page (after a restart) shows nothing of them either ----------------------------------
    again = SettingsPage(admin_window.bo)
    qtbot.addWidget(again)
    again.activate()
    qtbot.waitUntil(again.is_settled, timeout=20_000)
    idle()
    assert SECRET not in every_text(again) and again.secret_key.text() == ""

    # -- a new shop id alone keeps the key; a new API address without the key is refused ----------------
    qtbot.keyClicks(page.shop_id, "506752")
    assert page.save_yookassa_button.isEnabled()
    click(qtbot, page.save_yookassa_button)
    qtbot.waitUntil(lambda: "stored" in page.payments_message.text() and page.is_settled(), timeout=20_000)
    idle()
    assert yookassa_credentials(bo.db, bo.actor).secret_key == SECRET
    qtbot.keyClicks(page.shop_id, SHOP)
    qtbot.keyClicks(page.api_url, "https://proxy.theatre.example/yookassa/v3/")
    click(qtbot, page.save_yookassa_button)
    qtbot.waitUntil(lambda: page.payments_message.kind == "error", timeout=20_000)
    assert page.payments_message.text() == "A new YooKassa address needs the secret key again."
    idle()
    page.findChild(QScrollArea).ensureWidgetVisible(page.save_yookassa_button, 0, 300)
    shoot(admin_window, artifacts_dir / "settings-yookassa-refused.png")
    assert yookassa_credentials(bo.db, bo.actor).api_url == YOOKASSA_DEFAULT_URL
    page.api_url.clear()
    qtbot.keyClicks(page.api_url, "http://theatre.example/v3/")
    qtbot.keyClicks(page.secret_key, SECRET)
    click(qtbot, page.save_yookassa_button)
    qtbot.waitUntil(
        lambda: page.payments_message.kind == "error" and "https://" in page.payments_message.text(), timeout=20_000
    )
    assert "\n" not in page.payments_message.text()
    idle()
    page.api_url.clear()
    qtbot.keyClicks(page.api_url, "https://proxy.theatre.example/yookassa/v3/")
    qtbot.keyClicks(page.secret_key, SECRET)
    click(qtbot, page.save_yookassa_button)
    qtbot.waitUntil(lambda: "stored" in page.payments_message.text() and page.is_settled(), timeout=20_000)
    idle()
    creds = yookassa_credentials(bo.db, bo.actor)
    assert (creds.shop_id, creds.secret_key) == (SHOP, SECRET)
    assert creds.api_url == "https://proxy.theatre.example/yookassa/v3/"
    assert page.api_url.text() == "" and page.secret_key.text() == ""
    assert SECRET not in every_text(admin_window)

    # -- the mock scenario, the payment window and the return address ---------------------------------
    page.scenario.setFocus()
    target = page.scenario.findData("decline")
    while page.scenario.currentIndex() != target:
        qtbot.keyClick(page.scenario, Qt.Key.Key_Down if page.scenario.currentIndex() < target else Qt.Key.Key_Up)
    page.window_minutes.selectAll()
    qtbot.keyClicks(page.window_minutes, "20")
    page.return_url.selectAll()
    qtbot.keyClicks(page.return_url, "https://theatre.example/thanks")
    click(qtbot, page.save_payments_button)
    qtbot.waitUntil(lambda: page.payments_message.text() == "Payment settings saved.", timeout=20_000)
    idle()
    settings = admin_window.bo.settings()
    assert settings.mock_scenario == "decline"
    assert settings.payment_window_minutes == 20
    assert settings.return_url == "https://theatre.example/thanks"


def test_branding_changes_the_theme_at_once(qtbot, admin_window, db, demo, idle, tmp_path, artifacts_dir):
    page: SettingsPage = admin_window.pages["settings"]
    page.display_name.selectAll()
    qtbot.keyClicks(page.display_name, "Riverside Stage")

    # -- the accent from the colour picker ------------------------------------------------------------
    click(qtbot, page.accent.swatch)
    qtbot.waitUntil(lambda: isinstance(page.accent.dialog, QColorDialog) and page.accent.dialog.isVisible())
    picker = page.accent.dialog
    picker.setCurrentColor(QColor("#0b7a75"))
    ok = picker.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    click(qtbot, ok)
    qtbot.waitUntil(lambda: page.accent.colour == "#0b7a75", timeout=3000)

    # -- a logo from an SVG file ------------------------------------------------------------------------
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<circle cx="5" cy="5" r="5" fill="#0b7a75"/></svg>',
        encoding="utf-8",
    )
    click(qtbot, page.logo_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, QFileDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    dialog.setDirectory(str(tmp_path))
    field = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.keyClicks(field, svg.name)
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)
    assert "circle" in page._logo_svg

    page.ticket_footer.selectAll()
    qtbot.keyClicks(page.ticket_footer, "Riverside Stage · Pier 4")
    click(qtbot, page.save_branding_button)
    qtbot.waitUntil(lambda: page.message.text().startswith("Branding saved"), timeout=20_000)
    idle()

    tenant = find_tenant(db, demo.slug)
    assert tenant.branding["accent"] == "#0b7a75"
    assert tenant.display_name == "Riverside Stage"
    assert tenant.brand("ticket_footer") == "Riverside Stage · Pier 4"
    assert "circle" in tenant.brand("logo_svg")
    assert "#0b7a75" in QApplication.instance().styleSheet(), "the theme follows at once"
    assert admin_window.org_name.text() == "Riverside Stage"
    assert "Riverside Stage" in admin_window.windowTitle()
    assert page.station_settings.branding(demo.slug).accent == "#0b7a75", "the login window wears it next time"
    admin_window.grab().save(str(artifacts_dir / "settings-branding.png"))


def test_a_cashier_sees_read_only(qtbot, session_factory, db, idle, artifacts_dir):
    cashier = session_factory("box-9", "cashier", background=False)
    page = SettingsPage(cashier)
    qtbot.addWidget(page)
    page.resize(1240, 840)
    with qtbot.waitExposed(page):
        page.show()
    page.activate()
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    assert page.findChildren(QLineEdit) == []
    assert page.staff_card is None and page.findChild(QWidget, "StaffTable") is None
    assert not [b for b in page.findChildren(QPushButton) if b.isVisible() and b.isEnabled()]
    assert not page.accent.swatch.isEnabled()
    texts = {lab.text() for lab in page.findChildren(QLabel)}
    assert "read-only" in texts
    assert page.window_value.text().endswith("minutes")
    with pytest.raises(PermissionDenied):
        update_settings(cashier.db, cashier.actor, mock_scenario="pending")
    with pytest.raises(PermissionDenied):
        cashier.configure_yookassa("1", "2")
    # Not only the station's manners: the server refuses the cashier's own connection.
    with pytest.raises(DBAPIError, match="BO010|may not|manage_settings"), cashier.db.connection() as conn:
        conn.execute(text("""SELECT bo_settings_update('{"mock_scenario": "pending"}')"""))
    page.grab().save(str(artifacts_dir / "settings-cashier.png"))


def test_renaming_the_station_is_kept_for_the_next_sign_in(qtbot, session_factory, station_settings, idle):
    admin = session_factory("old-name", "admin", background=False)
    page = SettingsPage(admin, station_settings=station_settings)
    qtbot.addWidget(page)
    with qtbot.waitExposed(page):
        page.show()
    page.activate()
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    assert page.findChild(QLabel, "StationValue").text() == "old-name"
    page.station_name.selectAll()
    qtbot.keyClicks(page.station_name, "box-7")
    click(qtbot, page.save_station_button)
    assert station_settings.station_name == "box-7"
    assert "next sign-in" in page.message.text()
