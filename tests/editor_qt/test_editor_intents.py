"""Every editing intent end to end, through the panels' fields and the editor's actions: each change is one
undo command, each refusal a message and no command; undoing everything gives the plan back as it was
loaded and redoing everything the plan as it was edited, with the same guids."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QPushButton

from editor.formats import dump_native
from editor.model import categories, make_long_table, make_round_table, make_standing_area, zones
from editor.model.geometry import Box

pytestmark = pytest.mark.gui


def snapshot(doc) -> str:
    return json.dumps(dump_native(doc), sort_keys=True)


@pytest.fixture
def session(qtbot, editor, demo_doc):
    """The demo hall with a zone of tables and a standing area, ready to edit; a helper that checks each step."""
    editor.load(demo_doc)
    ctl = editor.controller
    zone = demo_doc.zones[1]
    round_row, round_area = make_round_table((300, 900), seat_count=8, table_number="1", category="Box")
    long_row, long_area = make_long_table((700, 900), seats_per_side=4, end_seats=1, table_number="2",
                                          category="Box")
    standing = make_standing_area((1000, 850), width=200, height=100, capacity=60)
    ctl.add_rows([round_row, long_row], [round_area, long_area, standing], text="Tables", zone=zone)
    ctl.stack.clear()
    messages: list[str] = []
    ctl.message.connect(messages.append)

    class Session:
        doc = demo_doc
        start = snapshot(demo_doc)

        def __init__(self) -> None:
            self.editor, self.ctl, self.messages = editor, ctl, messages
            self.tables = (round_row, long_row)

        def field(self, name: str):
            qtbot.wait(5)
            editor.properties.refresh()
            return editor.properties.fields[name]

        def step(self, action, text: str | None = None, *, refused: str | None = None) -> None:
            """``action`` makes one command named ``text`` (or, ``refused``, a message and none)."""
            count = ctl.stack.count()
            messages.clear()
            before = snapshot(self.doc)
            action()
            qtbot.wait(5)
            if refused is not None:
                assert ctl.stack.count() == count and snapshot(self.doc) == before
                assert messages and refused in messages[-1]
                return
            assert not messages, messages
            assert ctl.stack.count() == count + 1 and ctl.stack.undoText() == text
            assert snapshot(self.doc) != before

    return Session()


def test_every_intent_is_one_command_and_all_undo_and_redo(qtbot, session) -> None:
    s, ctl, doc = session, session.ctl, session.doc
    stalls, balcony, boxes = doc.zones
    rows = list(stalls.rows)  # the stalls' rows (some change zone on the way)
    round_row, long_row = s.tables

    def select(*rows, areas=(), seats=()):
        guids = [x.guid for r in rows for x in r.seats] + [x.guid for x in seats]
        ctl.set_selection(ctl.expand(guids, areas, scope="seat" if seats else "row"))

    def text(name: str, value: str):
        def put() -> None:
            f = s.field(name)
            f.setText(value)
            f.editingFinished.emit()
        return put

    def number(name: str, value: float):
        return lambda: s.field(name).setValue(value)

    def choose(name: str, index: int):
        def put() -> None:
            f = s.field(name)
            f.setCurrentIndex(index)
            f.activated.emit(index)
        return put

    # The plan, the zone.
    ctl.clear_selection()
    s.step(text("plan-name", "Renamed hall"), "Rename plan")
    s.step(number("plan-width", 2000), "Plan size")
    s.step(number("focal-x", 650), "Set focal point")
    s.step(lambda: ctl.set_focal_point(None), "Set focal point")
    ctl.set_scope("zone")
    ctl.select_zone(balcony)
    s.step(text("zone-id", "gallery"), "Zone id")
    s.step(text("zone-name", "Gallery"), "Rename zone")
    ctl.set_scope("row")
    s.step(ctl.add_empty_zone, "Add zone")
    s.step(lambda: ctl.make_zone(Box(200, 150, 1200, 335)), "Add zone Zone 2")
    s.step(lambda: ctl.move_rows_to_zone([boxes.rows[0]], balcony), "Move to zone Gallery")
    # Arranging.
    select(rows[8], boxes.rows[1], areas=(boxes.areas[1],))
    for how in ("left", "hcentre", "right", "top", "vcentre", "bottom"):
        s.step(lambda h=how: ctl.align(h), "Align")
    select(rows[8], rows[9], boxes.rows[1], boxes.rows[2])
    s.step(lambda: ctl.distribute("h"), "Distribute")
    s.step(lambda: ctl.rotate_selection(30), "Rotate 30°")
    s.step(lambda: ctl.flip_selection(False), "Flip")
    s.step(lambda: ctl.move_selection(5, 5), "Move")
    s.step(ctl.duplicate_selection, "Duplicate")
    s.step(ctl.delete_selection, "Delete")
    select(rows[10])
    s.step(lambda: ctl.align("left"), refused="two or more")
    s.step(lambda: ctl.distribute("v"), refused="three or more")
    # A row from the properties.
    row = rows[10]
    select(row)
    s.step(text("row-number", "Q"), "Rename row")
    s.step(text("row-template", "R %s"), "Row text")
    s.step(choose("row-number-position", 2), "Row label position")
    s.step(number("seat-count", 40), "Seats in row")
    select(row)  # the new seats were not selected: the row again
    s.step(number("spacing", 27), "Set spacing")
    s.step(number("curvature", 20), "Set curve")
    s.step(number("angle", 5), "Set angle")
    s.step(text("gaps", "4, 9"), "Set gaps")
    select(row)
    s.step(text("gaps", "x"), refused="separated by commas")
    s.step(choose("direction", 1), "Renumber")
    s.step(number("start", 101), "Renumber")
    s.step(choose("zone", 1), "Move to zone Gallery")
    assert row in balcony.rows
    select(rows[11], rows[12])
    s.editor.properties.refresh()
    s.editor.properties.fields["label-style"].setCurrentIndex(1)
    s.editor.properties.fields["label-start"].setText("30")
    relabel = s.editor.properties.widget().findChild(QPushButton, "relabel")
    s.step(relabel.click, "Relabel rows")
    assert [r.row_number for r in rows[11:13]] == ["30", "31"]
    # Seats.
    a, b, c = row.seats[:3]
    select(seats=[a])
    s.step(lambda: ctl.set_accessibility(wheelchair=True), "Change accessibility")
    select(seats=[a, b])
    s.step(ctl.pair_companion, "Pair companion seat")
    s.step(ctl.unpair_companions, "Unpair companion seat")
    select(seats=[a, b, c])
    s.step(ctl.pair_companion, refused="one wheelchair place")
    s.step(lambda: ctl.set_seat_attributes(radius=12.0), "Change radius")
    select(seats=[c])
    s.step(text("seat-number", "99"), "Change number")
    # Categories.
    s.step(lambda: ctl.add_category(), "Add category Category 5")
    s.step(lambda: ctl.assign_category("Category 5"), "Set category Category 5")
    ctl.clear_selection()
    s.step(lambda: ctl.assign_category("Box"), refused="Select seats or rows")
    s.step(lambda: ctl.rename_category("Category 5", "Gallery seats"), "Rename category Category 5")
    s.step(lambda: ctl.rename_category("Gallery seats", "Box"), refused="already exists")
    s.step(lambda: ctl.apply("Colour of Box", categories.recolour_category, "Box", "#123456"), "Colour of Box")
    s.step(lambda: ctl.apply("Delete category Gallery seats", categories.remove_category, "Gallery seats"),
           refused="give them another category first")
    # Tables.
    select(round_row)
    s.step(number("chairs", 10), "Change table")
    s.step(text("table-gaps", "1, 3"), "Empty places")
    s.step(text("table-gaps", "40"), refused="has places 1 to 10")
    s.step(text("table-number", "T9"), "Rename table")
    select(long_row)
    s.step(number("per-side", 6), "Change table")
    s.step(number("end-seats", 2), "Change table")
    # Shapes.
    stage = stalls.areas[0]
    ctl.set_selection(ctl.expand([], [stage]))
    s.step(text("area-name", "Main stage"), "Rename")
    s.step(text("text", "SCENE"), "Change text")
    s.step(number("text-size", 30), "Change text")
    s.step(number("width", 333), "Size")
    s.step(number("rotation", 10), "Rotate")
    standing = next(a for _, a in doc.iter_areas() if a.kind == "standing")
    ctl.set_selection(ctl.expand([], [standing]))
    s.step(number("capacity", 77), "Capacity")
    s.step(lambda: ctl.set_attributes([stage, standing], "Fill colour", color="#ff00ff"), "Fill colour")
    s.step(lambda: ctl.apply("Rename zone", zones.rename_zone, balcony, "Upper"), "Rename zone")

    # Undo everything: the plan as loaded; redo everything: the plan as edited.
    edited = snapshot(doc)
    n = ctl.stack.count()
    for _ in range(n):
        ctl.stack.undo()
    assert snapshot(doc) == s.start
    for _ in range(n):
        ctl.stack.redo()
    assert snapshot(doc) == edited
