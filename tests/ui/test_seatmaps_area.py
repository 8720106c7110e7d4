"""The Seatmaps area as a venue manager uses it: open the demo hall, give a seat another category in the
editor, save (the published version stays, a draft version 2 appears), publish, move tonight's event to it;
then a version without a sold seat is refused and the dialog lists the seat. Also: the unsaved-changes
guard, import and export through the file dialogs."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QMessageBox

from boxoffice_desktop.ui.kit.asking import choice_button
from boxoffice_desktop.ui.seatmaps.dialogs import MoveEventDialog, RemapRefusedDialog
from boxoffice_desktop.ui.seatmaps.page import SeatmapsPage
from tests.ui.conftest import open_area, show_active

pytestmark = [pytest.mark.gui, pytest.mark.db]


@pytest.fixture
def manager(session_factory):
    return session_factory("map-desk", "manager", background=False)


@pytest.fixture
def page(qtbot, manager, idle):
    # The active window: the editor's shortcuts and the canvas' focus need it.
    p = open_area(qtbot, SeatmapsPage(manager), idle, timeout=30_000)
    yield p
    idle()


def click(qtbot, widget, pos=None, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, modifier, pos if pos is not None else widget.rect().center())


def answer(qtbot, page, key: str) -> None:
    """Click the button ``key`` of the question the page is asking."""
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox) and page.dialog.isVisible(), timeout=5000)
    click(qtbot, choice_button(page.dialog, key))


def seat_guid(doc, zone: str, row: str, number: str) -> str:
    for rec in doc.iter_seats():
        if (rec.zone, rec.row, rec.number) == (zone, row, number):
            return rec.guid
    raise LookupError((zone, row, number))


def pick_seat(qtbot, page, guid: str) -> None:
    """Alt+click selects one seat on the canvas."""
    canvas = page.editor.canvas
    if not page.isActiveWindow():  # after a dialog closed (the offscreen platform has no window manager)
        with qtbot.waitActive(page):
            page.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus, timeout=3000)
    click(qtbot, canvas.viewport(), canvas.seat_view_pos(guid).toPoint(), Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.editor.controller.selection.seats == {guid}, timeout=3000)


def open_version(qtbot, page, version: int, idle) -> None:
    assert page.select_where(lambda r: r.name == "Main Hall" and r.version == version)
    click(qtbot, page.open_button)
    qtbot.waitUntil(
        lambda: page.editing and page.current is not None and page.current.version == version, timeout=20_000
    )
    idle()


def tonight(bo):
    return next(e for e in bo.events() if e.name == "The Nutcracker")


def test_edit_save_publish_move_and_a_refused_move(qtbot, page, manager, idle, artifacts_dir, qtmodeltester):
    qtmodeltester.check(page.model)
    rows = page.model.rows()
    assert [(r.name, r.version, r.status) for r in rows] == [("Main Hall", 1, "published")]
    assert {e.name for e in rows[0].events} == {"The Nutcracker", "Swan Lake"}
    assert page.preview is not None and page.preview.seatmap_id == rows[0].id
    page.grab().save(str(artifacts_dir / "seatmaps-library.png"))

    # -- open version 1, give Stalls A1 the second category ("Stalls B") with the key 2 --------------
    open_version(qtbot, page, 1, idle)
    editor = page.editor
    doc = editor.document()
    assert "published" in page.editor_note.text().lower() and "version 2" in page.editor_note.text()
    guid = seat_guid(doc, "Stalls", "A", "1")
    pick_seat(qtbot, page, guid)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_2)
    qtbot.waitUntil(editor.is_modified, timeout=3000)
    assert doc.find_seat(guid).seat.category == "Stalls B"
    assert page.unsaved_label.isVisible()
    assert page.save_button.text() == "Save as version 2"

    # -- save over the published version: asked first, then a draft version 2 ------------------------
    click(qtbot, page.save_button)
    answer(qtbot, page, "save")
    qtbot.waitUntil(lambda: page.current.version == 2, timeout=20_000)
    idle()
    assert page.current.status == "draft" and not editor.is_modified()
    assert "version 2, a draft" in page.editor_message.text()
    assert "Version 1 stays published" in page.editor_message.text()
    versions = {(m.version, m.status) for m in manager.seatmaps()}
    assert versions == {(1, "published"), (2, "draft")}
    assert {(r.version, r.status) for r in page.model.rows()} == versions
    page.grab().save(str(artifacts_dir / "seatmaps-editor-draft.png"))

    # -- publish: the editor's check, a question, the service ----------------------------------------
    click(qtbot, page.publish_editor_button)
    answer(qtbot, page, "publish")
    qtbot.waitUntil(lambda: page.current.status == "published", timeout=20_000)
    idle()
    assert "is published" in page.editor_message.text()
    v2 = page.current

    # -- move tonight's event to version 2 -----------------------------------------------------------
    assert page.editor_move_button.isEnabled()
    click(qtbot, page.editor_move_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, MoveEventDialog), timeout=5000)
    dialog = page.dialog
    assert dialog.list.count() == 2
    assert dialog.select_event(tonight(manager).id)
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: "now uses version 2" in page.editor_message.text(), timeout=20_000)
    idle()
    event = tonight(manager)
    assert event.seatmap_id == v2.id
    seat = next(s for s in manager.seats(event.id) if s.guid == guid)
    assert seat.category == "Stalls B"

    # -- sell a seat tonight, then a version without it is refused, with the seat listed --------------
    if manager.current_shift() is None:
        manager.open_shift(Decimal("0"))
    sold_guid = seat_guid(doc, "Stalls", "P", "1")
    sold = next(s for s in manager.seats(event.id) if s.guid == sold_guid)
    hold = manager.hold(event.id, [sold.id])
    manager.sell(hold.id, payment_method="cash")

    pick_seat(qtbot, page, sold_guid)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: doc.find_seat(sold_guid) is None, timeout=3000)
    click(qtbot, page.save_button)
    answer(qtbot, page, "save")
    qtbot.waitUntil(lambda: page.current.version == 3, timeout=20_000)
    idle()
    click(qtbot, page.publish_editor_button)
    answer(qtbot, page, "publish")
    qtbot.waitUntil(lambda: page.current.status == "published", timeout=20_000)
    idle()
    click(qtbot, page.editor_move_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, MoveEventDialog), timeout=5000)
    assert page.dialog.select_event(event.id)
    click(qtbot, page.dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, RemapRefusedDialog), timeout=20_000)
    idle()
    refused = page.dialog
    assert refused.isVisible()
    assert refused.seats and any(sold.label in line for line in refused.texts())
    assert any("no longer in the plan" in line.lower() for line in refused.texts())
    assert "stays on version 2" in page.editor_message.text()
    refused.grab().save(str(artifacts_dir / "seatmaps-move-refused.png"))
    page.grab().save(str(artifacts_dir / "seatmaps-editor-refused.png"))
    assert tonight(manager).seatmap_id == v2.id, "a refused move changes nothing"
    click(qtbot, refused.ok_button)
    qtbot.waitUntil(lambda: not refused.isVisible(), timeout=3000)


def test_leaving_with_unsaved_changes_asks(qtbot, page, idle):
    open_version(qtbot, page, 1, idle)
    editor = page.editor
    doc = editor.document()
    guid = seat_guid(doc, "Balcony", "1", "1")
    pick_seat(qtbot, page, guid)
    qtbot.keyClick(editor.canvas, Qt.Key.Key_3)
    qtbot.waitUntil(editor.is_modified, timeout=3000)

    click(qtbot, page.back_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, QMessageBox) and page.dialog.isVisible(), timeout=5000)
    assert page.dialog.textFormat() == Qt.TextFormat.PlainText  # it names the map as it was typed
    answer(qtbot, page, "cancel")
    assert page.editing and editor.is_modified()

    click(qtbot, page.back_button)
    answer(qtbot, page, "discard")
    qtbot.waitUntil(lambda: not page.editing, timeout=3000)
    qtbot.waitUntil(page.is_settled, timeout=20_000)
    idle()
    assert not editor.is_modified()


def test_import_and_export_through_file_dialogs(qtbot, page, manager, idle, tmp_path):
    from boxoffice_desktop.services.demo import demo_hall_plan

    plan = demo_hall_plan()
    plan["name"] = "Studio"
    source = tmp_path / "studio.json"
    source.write_text(json.dumps(plan), encoding="utf-8")

    def choose(path) -> None:
        """Go to the folder, type the file name, press Enter (as a person does in the dialog)."""
        qtbot.waitUntil(lambda: isinstance(page.dialog, QFileDialog) and page.dialog.isVisible(), timeout=5000)
        dialog = page.dialog
        dialog.setDirectory(str(path.parent))
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        field.clear()
        qtbot.keyClicks(field, path.name)
        popup = QApplication.activePopupWidget()
        if popup is not None:  # the completer's list takes the keys while it is up
            qtbot.keyClick(popup, Qt.Key.Key_Escape)
        qtbot.keyClick(field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=5000)

    click(qtbot, page.import_button)
    choose(source)
    qtbot.waitUntil(lambda: "Imported" in page.message.text(), timeout=30_000)
    idle()
    assert page.selected().name == "Studio" and page.selected().published
    assert "Studio" in {m.name for m in manager.seatmaps()}

    for key, suffix in (("pretix", "json"), ("svg", "svg"), ("png", "png")):
        target = tmp_path / f"out-{key}.{suffix}"
        next(a for a in page.export_menu.actions() if a.objectName() == f"export-{key}").trigger()
        choose(target)
        qtbot.waitUntil(lambda t=target: f"to {t}" in page.message.text(), timeout=30_000)
        idle()
        assert target.stat().st_size > 100
    assert json.loads((tmp_path / "out-pretix.json").read_text())["categories"]
    assert (tmp_path / "out-svg.svg").read_text().lstrip().startswith(("<svg", "<?xml"))
    assert (tmp_path / "out-png.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_main_window_asks_before_leaving_unsaved_work(qtbot, session_factory, idle):
    from boxoffice_desktop.ui.main_window import MainWindow

    bo = session_factory("map-desk-2", "manager")
    window = MainWindow(bo)
    show_active(qtbot, window)
    click(qtbot, window.nav_buttons["seatmaps"])
    page = window.pages["seatmaps"]
    qtbot.waitUntil(page.is_settled, timeout=30_000)
    idle()
    open_version(qtbot, page, page.model.rows()[0].version, idle)
    doc = page.editor.document()
    pick_seat(qtbot, page, seat_guid(doc, "Balcony", "2", "2"))
    qtbot.keyClick(page.editor.canvas, Qt.Key.Key_4)
    qtbot.waitUntil(page.editor.is_modified, timeout=3000)

    click(qtbot, window.nav_buttons["orders"])
    answer(qtbot, page, "cancel")
    assert window.current_area == "seatmaps" and window.nav_buttons["seatmaps"].isChecked()

    click(qtbot, window.nav_buttons["orders"])
    answer(qtbot, page, "discard")
    qtbot.waitUntil(lambda: window.current_area == "orders", timeout=5000)
    assert not page.editor.is_modified() and not page.editing
    idle()
    window.shutdown()
    idle()


def test_a_new_category_asks_for_prices_when_an_event_moves(qtbot, page, manager, db, idle, artifacts_dir):
    from boxoffice_desktop.services.events import event_prices
    from boxoffice_desktop.ui.seatmaps.dialogs import PricesDialog

    newest = max((r for r in page.model.rows() if r.name == "Main Hall" and r.published), key=lambda r: r.version)
    open_version(qtbot, page, newest.version, idle)
    editor = page.editor
    click(qtbot, editor.categories.add_button)
    doc = editor.document()
    new_category = doc.categories[-1].name
    guid = seat_guid(doc, "Balcony", "3", "3")
    pick_seat(qtbot, page, guid)
    qtbot.keyClick(editor.canvas, getattr(Qt.Key, f"Key_{len(doc.categories)}"))
    qtbot.waitUntil(lambda: doc.find_seat(guid).seat.category == new_category, timeout=3000)

    click(qtbot, page.publish_editor_button)  # unsaved: saved as the next version and published at once
    answer(qtbot, page, "publish")
    qtbot.waitUntil(lambda: page.current.version > newest.version and page.current.published, timeout=20_000)
    idle()
    click(qtbot, page.editor_move_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, MoveEventDialog), timeout=5000)
    swan = next(e for e in manager.events() if e.name == "Swan Lake")
    assert page.dialog.select_event(swan.id)
    click(qtbot, page.dialog.ok_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, PricesDialog), timeout=20_000)
    prices = page.dialog
    assert prices.categories == [new_category]
    click(qtbot, prices.ok_button)  # no full price yet: refused in the dialog
    assert prices.isVisible() and "full price" in prices.error.text()
    prices.grab().save(str(artifacts_dir / "seatmaps-prices-refused.png"))
    qtbot.keyClicks(prices.fields[(new_category, "full")], "1800")
    qtbot.keyClicks(prices.fields[(new_category, "concession")], "1350.50")
    prices.grab().save(str(artifacts_dir / "seatmaps-prices.png"))
    click(qtbot, prices.ok_button)
    qtbot.waitUntil(lambda: "now uses version" in page.editor_message.text(), timeout=20_000)
    idle()
    table = event_prices(db, manager.actor, swan.id)
    assert table[(new_category, "full")] == 1800
    assert str(table[(new_category, "concession")]) == "1350.50"
    assert next(e for e in manager.events() if e.id == swan.id).seatmap_id == page.current.id


def test_a_new_map_is_drawn_and_saved_as_a_draft(qtbot, page, manager, idle, artifacts_dir):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtTest import QTest

    from boxoffice_desktop.ui.seatmaps.dialogs import NewMapDialog

    click(qtbot, page.new_button)
    qtbot.waitUntil(lambda: isinstance(page.dialog, NewMapDialog) and page.dialog.isVisible(), timeout=5000)
    dialog = page.dialog
    click(qtbot, dialog.ok_button)  # no name yet
    assert dialog.isVisible() and "name" in dialog.error.text()
    dialog.grab().save(str(artifacts_dir / "seatmaps-new-map-refused.png"))
    qtbot.keyClicks(dialog.name_edit, "Main Hall")
    click(qtbot, dialog.ok_button)  # taken
    assert dialog.isVisible() and "already" in dialog.error.text()
    dialog.name_edit.selectAll()
    qtbot.keyClicks(dialog.name_edit, "Chamber Hall")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: page.editing and page.current is None, timeout=5000)
    assert page.editor_title.text() == "Chamber Hall" and page.editor_status_pill.text() == "Not saved yet"
    assert not page.save_button.isEnabled()

    # -- draw one row with the row tool: R, then a drag ------------------------------------------------
    canvas = page.editor.canvas
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus, timeout=3000)
    qtbot.keyClick(canvas, Qt.Key.Key_R)
    start, end = canvas.mapFromScene(QPointF(300, 400)), canvas.mapFromScene(QPointF(900, 400))
    viewport = canvas.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for k in range(1, 7):
        QTest.mouseMove(viewport, QPoint(start.x() + (end.x() - start.x()) * k // 6, start.y()))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    qtbot.waitUntil(lambda: page.editor.document().seat_count() > 10, timeout=3000)
    assert page.save_button.isEnabled()
    # The editor's panels follow on the next turn of the event loop: let them, for the picture.
    qtbot.waitUntil(lambda: page.editor.properties.widget().findChild(QLabel, "PanelHeader").text().startswith("1 row"))
    page.grab().save(str(artifacts_dir / "seatmaps-new-map.png"))

    click(qtbot, page.save_button)  # a new map: no question, version 1 as a draft
    qtbot.waitUntil(lambda: page.current is not None, timeout=20_000)
    idle()
    assert (page.current.name, page.current.version, page.current.status) == ("Chamber Hall", 1, "draft")
    stored = {(m.name, m.version, m.status) for m in manager.seatmaps()}
    assert ("Chamber Hall", 1, "draft") in stored
    click(qtbot, page.back_button)
    qtbot.waitUntil(lambda: not page.editing and page.is_settled(), timeout=20_000)
    idle()
    assert page.selected().name == "Chamber Hall"
    assert page.publish_button.isVisible() and not page.move_button.isVisible()
    page.grab().save(str(artifacts_dir / "seatmaps-library-versions.png"))


def test_names_people_typed_show_as_plain_text_in_tooltips():
    from boxoffice_desktop.ui.seatmaps.library import plain_tip

    assert plain_tip("Swan Lake — Fri 11 Dec 19:00\nGala — Today 19:00") == (
        "Swan Lake — Fri 11 Dec 19:00\nGala — Today 19:00"
    )
    tip = plain_tip("<b>Gala</b> — Today 19:00")
    assert "&lt;b&gt;Gala&lt;/b&gt;" in tip and "<b>" not in tip
