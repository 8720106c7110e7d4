"""A venue manager's session with the mouse and the keyboard alone: draw a curved row, renumber and relabel
it, give it a category, undo and redo, find a fault through the check list, and publish."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolButton

from .conftest import drag, view_point

pytestmark = pytest.mark.gui


def click(qtbot, widget, pos: QPoint | None = None, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, modifier, pos if pos is not None else widget.rect().center())


def key(qtbot, widget, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget, k, modifier)


def settle(qtbot) -> None:
    qtbot.wait(30)


def focus_canvas(editor):
    """The editor the active window and its canvas focused, ready to draw: (canvas, its viewport, the plan)."""
    editor.activateWindow()
    editor.canvas.setFocus()
    return editor.canvas, editor.canvas.viewport(), editor.document()


def test_curved_row_from_drawing_to_publishing(qtbot, editor, artifacts_dir):
    ctl = editor.controller
    canvas = editor.canvas
    vp = canvas.viewport()
    doc = editor.document()
    assert doc.seat_count() == 0 and [c.name for c in doc.categories] == ["Standard"]
    editor.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(canvas.hasFocus)

    # -- draw: C, drag the chord, move the mouse to bend, Up twice, Enter -------------------------
    key(qtbot, canvas, Qt.Key.Key_C)
    assert canvas.tool.name == "curved-row"
    start, end = view_point(canvas, 400, 500), view_point(canvas, 900, 500)
    drag(vp, start, end)
    assert doc.seat_count() == 0, "a curved row waits for its bend"
    QTest.mouseMove(vp, view_point(canvas, 650, 560))
    key(qtbot, canvas, Qt.Key.Key_Up)
    key(qtbot, canvas, Qt.Key.Key_Up)
    key(qtbot, canvas, Qt.Key.Key_Return)
    settle(qtbot)
    (zone,) = doc.zones
    (row,) = zone.rows
    g = row.geometry
    expected_curve = round(math.degrees(4 * math.atan(2 * 60 / 500))) + 10  # the bend, then 2 × 5°
    assert g.kind == "curved" and g.curvature == pytest.approx(expected_curve)
    theta = math.radians(expected_curve)
    arc = 500 * theta / (2 * math.sin(theta / 2))
    assert len(row.seats) == int(arc / 26 + 0.5) + 1
    assert row.row_number == "A"
    assert [s.number for s in row.seats] == [str(n) for n in range(1, len(row.seats) + 1)]
    assert {s.category for s in row.seats} == {"Standard"}
    first = row.seats[0]
    assert (zone.x + row.x + first.x, zone.y + row.y + first.y) == pytest.approx((400, 500), abs=1e-6)
    assert ctl.describe_selection() == f"1 row · {len(row.seats)} seats", "the new row is selected"
    assert editor.undo_stack.undoText() == "Add curved row"
    guids = [s.guid for s in row.seats]
    commands = editor.undo_stack.count()

    # -- renumber right to left from the properties panel ---------------------------------------
    settle(qtbot)
    direction = editor.properties.fields["direction"]
    direction.setFocus()
    key(qtbot, direction, Qt.Key.Key_Down)
    settle(qtbot)
    n = len(row.seats)
    assert [s.number for s in row.seats] == [str(n - k) for k in range(n)]
    assert [s.guid for s in row.seats] == guids, "labels change, guids never do"

    # -- relabel the row K -----------------------------------------------------------------------
    label = editor.properties.fields["row-number"]
    click(qtbot, label)
    label.selectAll()
    qtbot.keyClicks(label, "K")
    key(qtbot, label, Qt.Key.Key_Return)
    settle(qtbot)
    assert row.row_number == "K"
    assert canvas.tool.name == "curved-row", "typing K in a field is text, not the stage tool's shortcut"

    # -- a second category, given to the row with the key 2 --------------------------------------
    click(qtbot, editor.categories.add_button)
    settle(qtbot)
    assert [c.name for c in doc.categories] == ["Standard", "Category 2"]
    canvas.setFocus()
    key(qtbot, canvas, Qt.Key.Key_2)
    settle(qtbot)
    assert {s.category for s in row.seats} == {"Category 2"}
    assert editor.undo_stack.count() == commands + 4

    # -- undo and redo, checking the model each time --------------------------------------------
    key(qtbot, canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s.category for s in row.seats} == {"Standard"}
    key(qtbot, canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert {s.category for s in row.seats} == {"Category 2"}
    for _ in range(4):  # the category given, the category added, the label, the numbering
        key(qtbot, canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [c.name for c in doc.categories] == ["Standard"]
    assert row.row_number == "A"
    assert [s.number for s in row.seats] == [str(k) for k in range(1, n + 1)]
    assert editor.undo_stack.index() == commands
    for _ in range(4):
        key(qtbot, canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert row.row_number == "K" and [s.number for s in row.seats][0] == str(n)
    assert {s.category for s in row.seats} == {"Category 2"}
    assert [s.guid for s in row.seats] == guids
    key(qtbot, canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # redo beyond the end: nothing

    # -- make a fault: one seat takes its neighbour's number ----------------------------------------
    qtbot.waitUntil(lambda: ctl.validated_version == ctl.seats.version, timeout=3000)
    assert ctl.errors == 0
    third = row.seats[2]
    key(qtbot, canvas, Qt.Key.Key_Escape)  # back to the select tool
    assert canvas.tool.name == "select"
    click(qtbot, vp, canvas.seat_view_pos(third.guid).toPoint(), Qt.KeyboardModifier.AltModifier)
    settle(qtbot)
    assert ctl.selection.seats == {third.guid}
    number = editor.properties.fields["seat-number"]
    click(qtbot, number)
    number.selectAll()
    qtbot.keyClicks(number, row.seats[3].number)
    key(qtbot, number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.errors == 1, timeout=3000)
    assert editor.status_button.text() == "1 error"
    faults = editor.check.list
    assert faults.count() == 1
    item = faults.item(0)
    assert "labelled" in item.text() and "K" in item.text()

    # -- the check list selects the fault's seats -------------------------------------------------
    ctl.clear_selection()
    click(qtbot, faults.viewport(), faults.visualItemRect(item).center())
    settle(qtbot)
    assert ctl.selection.seats == {third.guid, row.seats[3].guid}
    editor.grab().save(str(artifacts_dir / "editor-curved-row-fault.png"))

    # -- publishing is refused with errors, then allowed -----------------------------------------
    publish = editor.top_bar.findChild(QToolButton, "Publish")
    with qtbot.assertNotEmitted(editor.publishRequested):
        click(qtbot, publish)
    assert "refused" in editor.status.currentMessage()
    canvas.setFocus()
    key(qtbot, canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert third.number != row.seats[3].number
    qtbot.waitUntil(lambda: ctl.errors == 0, timeout=3000)
    assert editor.status_button.text() == "No problems"
    with qtbot.waitSignal(editor.publishRequested, timeout=1000):
        click(qtbot, publish)
    assert editor.is_modified()
    editor.mark_saved()
    assert not editor.is_modified()


def test_straight_row_block_and_zone_tools(qtbot, editor):
    ctl = editor.controller
    canvas, vp, doc = focus_canvas(editor)
    key(qtbot, canvas, Qt.Key.Key_R)
    drag(vp, view_point(canvas, 200, 200), view_point(canvas, 460, 200))
    (row,) = doc.zones[0].rows
    assert row.geometry.kind == "straight" and len(row.seats) == 11 and row.row_number == "A"

    key(qtbot, canvas, Qt.Key.Key_B)
    assert canvas.tool.name == "block"
    drag(vp, view_point(canvas, 200, 300), view_point(canvas, 460, 396))
    rows = doc.zones[0].rows[1:]
    assert len(rows) == 4 and all(len(r.seats) == 11 for r in rows)
    assert [r.row_number for r in rows] == ["B", "C", "D", "E"], "labels continue the zone's"
    assert ctl.describe_selection() == "4 rows · 44 seats"

    key(qtbot, canvas, Qt.Key.Key_Z)
    drag(vp, view_point(canvas, 180, 280), view_point(canvas, 500, 420))
    assert [z.name for z in doc.zones] == ["Floor", "Zone 1"]
    assert doc.zones[1].rows == rows, "rows inside the rectangle moved into the new zone"
    first = rows[0].seats[0]
    assert doc.zones[1].x + rows[0].x + first.x == pytest.approx(200)
    key(qtbot, canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(doc.zones) == 1 and len(doc.zones[0].rows) == 5

    key(qtbot, canvas, Qt.Key.Key_Escape)
    assert canvas.tool.name == "select"


def test_tables_standing_area_shapes_text_and_focal_point(qtbot, editor):
    ctl = editor.controller
    canvas, vp, doc = focus_canvas(editor)
    key(qtbot, canvas, Qt.Key.Key_O)
    click(qtbot, vp, view_point(canvas, 300, 300))
    table = doc.zones[0].rows[0]
    assert table.geometry.kind == "table" and len(table.seats) == 8
    (outline,) = [a for a in doc.zones[0].areas if a.row_uuid == table.uuid]
    assert outline.shape == "circle"
    settle(qtbot)
    chairs = editor.properties.fields["chairs"]
    chairs.setFocus()
    chairs.selectAll()
    qtbot.keyClicks(chairs, "10")
    key(qtbot, chairs, Qt.Key.Key_Return)
    assert len(table.seats) == 10
    assert outline.radius > 0

    key(qtbot, canvas, Qt.Key.Key_L)
    click(qtbot, vp, view_point(canvas, 600, 300))
    long_table = doc.zones[0].rows[1]
    assert long_table.geometry.table_shape == "long" and len(long_table.seats) == 10

    key(qtbot, canvas, Qt.Key.Key_S)
    drag(vp, view_point(canvas, 100, 600), view_point(canvas, 400, 800))
    standing = [a for a in doc.zones[0].areas if a.kind == "standing"]
    assert len(standing) == 1 and standing[0].capacity and standing[0].capacity > 50

    key(qtbot, canvas, Qt.Key.Key_K)
    drag(vp, view_point(canvas, 600, 20), view_point(canvas, 1000, 120))
    (stage,) = [a for a in doc.areas if a.name == "Stage"]
    assert doc.effective_focal_point() == pytest.approx((800, 70))

    key(qtbot, canvas, Qt.Key.Key_T)
    click(qtbot, vp, view_point(canvas, 1400, 500))
    settle(qtbot)
    text = editor.properties.fields["text"]
    assert text.hasFocus()
    qtbot.keyClicks(text, "EXIT")
    key(qtbot, text, Qt.Key.Key_Return)
    assert any(a.text is not None and a.text.text == "EXIT" for a in doc.areas)

    canvas.setFocus()
    key(qtbot, canvas, Qt.Key.Key_P)
    for x, y in ((1100, 600), (1300, 600), (1300, 800)):
        click(qtbot, vp, view_point(canvas, x, y))
    key(qtbot, canvas, Qt.Key.Key_Return)
    assert any(a.shape == "polygon" and len(a.points) == 3 for a in doc.areas)

    key(qtbot, canvas, Qt.Key.Key_F)
    click(qtbot, vp, view_point(canvas, 800, 150))
    assert doc.focal_point == pytest.approx((800, 150))
    del stage, ctl


def test_a_polygon_closed_by_double_click(qtbot, editor):
    canvas, vp, doc = focus_canvas(editor)
    key(qtbot, canvas, Qt.Key.Key_P)
    for x, y in ((100, 100), (300, 100), (300, 250)):
        click(qtbot, vp, view_point(canvas, x, y))
    qtbot.mouseDClick(vp, Qt.MouseButton.LeftButton, pos=view_point(canvas, 100, 250))
    polygons = [a for a in doc.areas if a.shape == "polygon"]
    assert len(polygons) == 1 and len(polygons[0].points) == 4
    assert not canvas.tool.busy(), "no new polygon starts after the double-click"
    assert editor.undo_stack.undoText() == "Add polygon"
