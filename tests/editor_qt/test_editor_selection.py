"""Selecting, moving, turning, duplicating and deleting with real mouse and key events on the demo hall;
one undo command per gesture."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from editor.model import validate

from .conftest import drag, view_point

pytestmark = pytest.mark.gui


@pytest.fixture
def hall(qtbot, editor, demo_doc):
    editor.load(demo_doc)
    editor.activateWindow()
    editor.canvas.setFocus()
    qtbot.wait(20)
    return editor


def seat_pos(editor, seat) -> QPoint:
    return editor.canvas.seat_view_pos(seat.guid).toPoint()


def absolute(doc, seat) -> tuple[float, float]:
    ref = doc.find_seat(seat.guid)
    return (ref.zone.x + ref.row.x + seat.x, ref.zone.y + ref.row.y + seat.y)


def test_click_selects_a_row_shift_click_adds_alt_click_one_seat(qtbot, hall):
    ctl = hall.controller
    vp = hall.canvas.viewport()
    doc = hall.document()
    row_c, row_d = doc.zones[0].rows[2], doc.zones[0].rows[3]
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=seat_pos(hall, row_c.seats[4]))
    assert ctl.selection.seats == {s.guid for s in row_c.seats}
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, seat_pos(hall, row_d.seats[0]))
    assert ctl.selection.seats == {s.guid for s in row_c.seats + row_d.seats}
    assert hall.controller.describe_selection() == f"2 rows · {len(row_c.seats) + len(row_d.seats)} seats"
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, seat_pos(hall, row_c.seats[0]))
    assert ctl.selection.seats == {s.guid for s in row_d.seats}, "shift-click takes a selected row out again"
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.AltModifier, seat_pos(hall, row_c.seats[1]))
    assert ctl.selection.seats == {row_c.seats[1].guid}
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Escape)
    assert not ctl.selection


def test_rubber_band_selects_the_rows_it_covers(qtbot, hall):
    ctl = hall.controller
    canvas = hall.canvas
    doc = hall.document()
    boxes = doc.zones[2]
    # The left boxes: rows 1 and 2 of the Boxes zone, x about 95.
    drag(canvas.viewport(), view_point(canvas, 60, 200), view_point(canvas, 130, 600))
    left = [r for r in boxes.rows if r.x < 200]
    assert ctl.selection.seats == {s.guid for r in left for s in r.seats}
    assert {a.name for a in ctl.selection.areas} == {"Box 1", "Box 2"}
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=view_point(canvas, 700, 1040))
    assert not ctl.selection, "a click on empty space clears the selection"


def test_a_drag_is_one_undo_command(qtbot, hall):
    ctl = hall.controller
    doc = hall.document()
    row = doc.zones[0].rows[5]
    seat = row.seats[3]
    before = [absolute(doc, s) for s in row.seats]
    count = hall.undo_stack.count()
    start = seat_pos(hall, seat)
    scale = hall.canvas.scale_factor()
    end = QPoint(start.x() + round(60 * scale), start.y() + round(20 * scale))
    drag(hall.canvas.viewport(), start, end, steps=12)
    assert hall.undo_stack.count() == count + 1
    after = [absolute(doc, s) for s in row.seats]
    dx, dy = after[0][0] - before[0][0], after[0][1] - before[0][1]
    assert dx == pytest.approx(60, abs=10) and dy == pytest.approx(20, abs=10)
    assert all(a == pytest.approx((b[0] + dx, b[1] + dy)) for a, b in zip(after, before, strict=True))
    assert ctl.selection.seats == {s.guid for s in row.seats}
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert all(absolute(doc, s) == pytest.approx(b) for s, b in zip(row.seats, before, strict=True))


def test_arrow_nudges_merge_into_one_command(qtbot, hall):
    doc = hall.document()
    row = doc.zones[1].rows[0]
    qtbot.mouseClick(hall.canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[2]))
    x0, y0 = row.x, row.y
    count = hall.undo_stack.count()
    for _ in range(5):
        qtbot.keyClick(hall.canvas, Qt.Key.Key_Right)
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert (row.x, row.y) == pytest.approx((x0 + 50 - 1, y0 + 50))
    assert hall.undo_stack.count() == count + 1, "repeated nudges are one step"
    assert hall.undo_stack.undoText() == "Nudge"
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (row.x, row.y) == pytest.approx((x0, y0))
    # Another selection starts a new step.
    qtbot.mouseClick(hall.canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[2]))
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Up)
    other = doc.zones[1].rows[3]
    qtbot.mouseClick(hall.canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, other.seats[2]))
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Up)
    assert hall.undo_stack.count() == count + 2


def test_duplicate_makes_new_guids_and_delete_takes_them_away(qtbot, hall):
    ctl = hall.controller
    doc = hall.document()
    zone = doc.zones[1]
    row = zone.rows[-1]
    qtbot.mouseClick(hall.canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[0]))
    old = {s.guid for z in doc.zones for r in z.rows for s in r.seats}
    qtbot.keyClick(hall.canvas, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    copy = zone.rows[-1]
    assert copy is not row and len(copy.seats) == len(row.seats)
    new = {s.guid for s in copy.seats}
    assert not new & old, "copies get new guids"
    assert copy.row_number == "7" and copy.uuid != row.uuid
    assert ctl.selection.seats == new, "the copy is selected"
    assert [s.number for s in copy.seats] == [s.number for s in row.seats]
    assert not [f for f in validate(doc) if f.is_error]
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Delete)
    assert zone.rows[-1] is row
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s.guid for s in zone.rows[-1].seats} == new, "undo brings the very same guids back"
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert zone.rows[-1] is row
    qtbot.keyClick(hall.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert {s.guid for s in zone.rows[-1].seats} == new


def test_rotate_handle_turns_the_selection_in_one_command(qtbot, hall):
    ctl = hall.controller
    canvas = hall.canvas
    doc = hall.document()
    row = doc.zones[2].rows[0]  # a box: five seats in a vertical line
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[0]))
    handle = canvas._handles()["rotate"]
    centre = ctl.selection_rect().center()
    count = hall.undo_stack.count()
    # Drag the handle (above the centre) round to the right of the centre: +90°.
    target = canvas.mapFromScene(QPointF(centre.x() + 200, centre.y()))
    drag(canvas.viewport(), handle.toPoint(), target, steps=10)
    assert hall.undo_stack.count() == count + 1
    xs = [absolute(doc, s)[0] for s in row.seats]
    ys = [absolute(doc, s)[1] for s in row.seats]
    assert max(ys) - min(ys) == pytest.approx(0, abs=1e-6), "the vertical box row is now horizontal"
    assert max(xs) - min(xs) == pytest.approx(4 * 28, abs=1e-6)
    assert row.geometry.angle % 360 == pytest.approx(180)
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert row.geometry.angle % 360 == pytest.approx(195)
    (box,) = [a for a in doc.zones[2].areas if a.name == "Box 1"]
    assert box.rotation == 0, "only the selection turns"


def test_align_and_distribute(qtbot, hall):
    ctl = hall.controller
    doc = hall.document()
    boxes = doc.zones[2].rows
    ctl.set_selection(ctl.expand([s.guid for r in boxes for s in r.seats], scope="row"))
    qtbot.keyClick(hall.canvas, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    tops = {round(min(absolute(doc, s)[1] for s in r.seats), 6) for r in boxes}
    assert len(tops) == 1
    qtbot.keyClick(hall.canvas, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    lefts = sorted(min(absolute(doc, s)[0] for s in r.seats) for r in boxes)
    gaps = [b - a for a, b in zip(lefts, lefts[1:], strict=False)]
    assert max(gaps) - min(gaps) == pytest.approx(0, abs=1e-6)
    assert hall.undo_stack.undoText() == "Distribute"


def test_the_end_handle_adds_seats_to_a_row(qtbot, hall):
    canvas = hall.canvas
    doc = hall.document()
    row = doc.zones[2].rows[0]
    guids = [s.guid for s in row.seats]
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[0]))
    end = canvas._handles()["end"].toPoint()
    scale = canvas.scale_factor()
    drag(canvas.viewport(), end, QPoint(end.x(), end.y() + round(2 * 28 * scale)), steps=8)
    assert len(row.seats) == 7
    assert [s.guid for s in row.seats[:5]] == guids, "the seats that stay keep their guids"


def test_shortcuts_are_listed_with_f1(qtbot, hall):
    qtbot.keyClick(hall.canvas, Qt.Key.Key_F1)
    dialog = hall._shortcuts_dialog
    assert dialog.isVisible()
    text = " ".join(w.text() for w in dialog.findChildren(type(hall.hint)))
    for words in ("Curved row", "Undo", "Duplicate", "Distribute horizontally", "Nudge", "Publish"):
        assert words in text
    dialog.close()


def test_shapes_drag_and_rows_change_zone_and_gaps(qtbot, hall):
    ctl = hall.controller
    canvas = hall.canvas
    doc = hall.document()
    (stage,) = [a for z, a in doc.iter_areas() if a.name == "Stage"]
    x0, y0 = stage.x, stage.y
    start = view_point(canvas, 520, 70)
    scale = canvas.scale_factor()
    drag(canvas.viewport(), start, QPoint(start.x() + round(40 * scale), start.y()), steps=6)
    assert ctl.selection.areas == (stage,)
    assert (stage.x, stage.y) == pytest.approx((x0 + 40, y0), abs=6)
    assert hall.undo_stack.undoText() == "Move"

    box_row = doc.zones[2].rows[0]
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, box_row.seats[0]))
    before = [absolute(doc, s) for s in box_row.seats]
    qtbot.wait(20)
    zone = hall.properties.fields["zone"]
    zone.setFocus()
    qtbot.keyClick(zone, Qt.Key.Key_Up)  # Boxes -> Balcony
    assert box_row in doc.zones[1].rows and box_row not in doc.zones[2].rows
    assert all(absolute(doc, s) == pytest.approx(b) for s, b in zip(box_row.seats, before, strict=True)), \
        "the row stays where it stands in the hall"

    row = doc.zones[0].rows[0]
    qtbot.mouseClick(canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[0]))
    qtbot.wait(20)
    gaps = hall.properties.fields["gaps"]
    assert gaps.text() == "12"
    gaps.setFocus()
    gaps.selectAll()
    qtbot.keyClicks(gaps, "6, 12")
    qtbot.keyClick(gaps, Qt.Key.Key_Return)
    assert row.geometry.skipped == (5, 11) and len(row.seats) == 22


def test_delete_while_typing_edits_the_field_not_the_plan(qtbot, hall, tmp_path):
    ctl = hall.controller
    doc = hall.document()
    row = doc.zones[0].rows[0]
    qtbot.mouseClick(hall.canvas.viewport(), Qt.MouseButton.LeftButton, pos=seat_pos(hall, row.seats[0]))
    qtbot.wait(20)
    field = hall.properties.fields["row-template"]
    field.setFocus()
    field.setText("Row %s")
    field.setCursorPosition(0)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "ow %s"
    assert row in doc.zones[0].rows and ctl.selection, "Delete in a field deletes a character only"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert row.row_label == "ow %s"

    # Export and tracing, from the editor.
    out = tmp_path / "plan.png"
    hall.export_png(out, width=800)
    from PySide6.QtGui import QImage

    assert QImage(str(out)).width() == 800
    image = QImage(200, 150, QImage.Format.Format_RGB32)
    image.fill(0xFFAAAAAA)
    hall.set_trace_image(image)
    assert hall._trace is not None and hall._trace.zValue() < 0
    hall.set_trace_image(None)
    assert hall._trace is None
