"""Screenshots of the editor and its dialogs for a person to look at (saved into the artifacts folder)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from editor.model import operations as ops
from editor.model.geometry import make_long_table, make_round_table, make_standing_area

pytestmark = pytest.mark.gui


def test_editor_screenshots_of_the_demo_hall(qtbot, editor, demo_doc, artifacts_dir):
    editor.resize(1600, 1000)
    editor.load(demo_doc)
    qtbot.wait(50)
    editor.controller.run_validation()
    editor.grab().save(str(artifacts_dir / "editor-demo-hall.png"))

    # Zoomed in on the stalls, with seat numbers.
    editor.canvas.zoom_to(2.2, QPointF(520, 330))
    qtbot.wait(20)
    editor.grab().save(str(artifacts_dir / "editor-demo-hall-zoomed.png"))

    # A curved row selected: its properties.
    editor.canvas.fit()
    row = demo_doc.zones[1].rows[2]
    qtbot.mouseClick(editor.canvas.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.canvas.seat_view_pos(row.seats[4].guid).toPoint())
    qtbot.wait(20)
    assert "curvature" in editor.properties.fields
    editor.grab().save(str(artifacts_dir / "editor-curved-row-properties.png"))

    # Faults in the check list: an unlabelled seat, one without a category; the first one clicked.
    stalls = demo_doc.zones[0].rows
    ops.set_attributes(demo_doc, stalls[4].seats[6], number="")
    ops.set_attributes(demo_doc, stalls[9].seats[3], category="")
    editor.controller.run_validation()
    qtbot.wait(20)
    assert editor.check.list.count() == 2
    item = editor.check.list.item(0)
    qtbot.mouseClick(editor.check.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=editor.check.list.visualItemRect(item).center())
    qtbot.wait(20)
    assert editor.controller.selection.seats == {stalls[4].seats[6].guid}
    editor.grab().save(str(artifacts_dir / "editor-check-list-fault.png"))


def test_editor_screenshot_of_a_banquet_plan_and_the_shortcuts(qtbot, editor, artifacts_dir):
    doc = editor.document()
    zone = doc.zones[0]
    ctl = editor.controller
    rows, areas = [], []
    for n, (x, y) in enumerate([(300, 300), (520, 300), (740, 300), (300, 520), (520, 520), (740, 520)]):
        row, area = make_round_table((x, y), seat_count=8 + 2 * (n % 2), table_number=str(n + 1),
                                     category="Standard")
        rows.append(row)
        areas.append(area)
    row, area = make_long_table((1150, 410), seats_per_side=6, end_seats=1, table_number="Top table",
                                category="Standard")
    rows.append(row)
    areas.append(area)
    ctl.add_rows(rows, areas, text="Tables", zone=zone)
    standing = make_standing_area((200, 700), width=700, height=200, capacity=250, name="Dance floor")
    ctl.add_rows([], [standing], zone=zone)
    editor.canvas.fit()
    qtbot.wait(30)
    editor.grab().save(str(artifacts_dir / "editor-banquet.png"))
    dialog = editor.show_shortcuts()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(artifacts_dir / "editor-shortcuts.png"))
    dialog.close()
