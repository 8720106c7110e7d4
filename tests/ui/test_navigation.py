"""The main window's areas: Ctrl+1..5 and clicks switch; sign out comes back to the login window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from boxoffice_desktop.ui.kit.placeholder import PlaceholderPage
from boxoffice_desktop.ui.main_window import AREA_KEYS, MainWindow
from tests.ui.conftest import show_active

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def window(qtbot, session_factory):
    bo = session_factory("till-nav", "admin")
    w = MainWindow(bo)
    show_active(qtbot, w)  # window shortcuts need the active window
    yield w
    w.shutdown()


def test_shortcuts_switch_areas(qtbot, window, idle):
    for i, key in enumerate(AREA_KEYS, start=1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{i}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_area == key
        assert window.nav_buttons[key].isChecked()
        assert window.area_title.text() == key.capitalize()
        assert window.windowTitle().startswith(key.capitalize())
    idle()


def test_clicks_switch_areas(qtbot, window, demo, artifacts_dir, idle):
    for key in reversed(AREA_KEYS):
        qtbot.mouseClick(window.nav_buttons[key], Qt.MouseButton.LeftButton)
        assert window.current_area == key
        assert window.stack.currentWidget() is window.pages[key]
    for key in AREA_KEYS:
        assert not isinstance(window.pages[key], PlaceholderPage), f"{key} is still a placeholder"
    qtbot.mouseClick(window.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    page = window.pages["settings"]
    from PySide6.QtWidgets import QLabel, QLineEdit

    texts = {lab.text() for lab in page.findChildren(QLabel)} | {e.text() for e in page.findChildren(QLineEdit)}
    assert {"Demo Theatre", demo.slug, "till-nav", "#b3261e"} <= texts
    idle()
    window.grab().save(str(artifacts_dir / "settings-from-test.png"))


def test_sign_out_asks_once(qtbot, window):
    with qtbot.waitSignal(window.signOutRequested, timeout=5000):
        qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    assert not window.feed_adapter._unsubscribe  # no longer listening
