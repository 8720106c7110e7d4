"""Rows, seats and tables as the editor changes them, without Qt: the labels new rows get, relabelling front to
back, renumbering, gaps, seat attributes and companions, a table's chairs, empty places and number."""

from __future__ import annotations

import pytest

from editor.model import RowLabelling, SeatNumbering, Zone, make_row, validate
from editor.model import rows as rw
from editor.model.selection import linked_areas

from .editing import banquet_hall, demo_hall, snapshot, undo_redo_exactly


# -- labels -----------------------------------------------------------------------------------------------
def test_new_rows_continue_the_zones_labels() -> None:
    doc = demo_hall()
    stalls, balcony = doc.zones[0], doc.zones[1]
    assert rw.next_row_label(balcony) == "7"
    assert rw.next_row_label(stalls) == "Q", "after P, with I and O left out"
    assert rw.next_row_label(stalls, after="C") == "Q", "the next free label after C"
    assert rw.next_row_labels(stalls, 3) == ["Q", "R", "S"]
    assert rw.next_row_labels(None, 3) == ["A", "B", "C"], "no zone yet: letters without I and O"
    plain = Zone("Plain", rows=[make_row((0, 0), seat_count=2, row_number="A")])
    assert rw.next_row_labels(plain, 2) == ["B", "C"]


def test_relabel_runs_front_to_back_and_is_remembered_on_the_zone() -> None:
    doc = demo_hall()
    stalls = doc.zones[0]
    back_first = list(reversed(stalls.rows[:4]))
    assert rw.front_to_back(doc, back_first) == stalls.rows[:4], "nearest the focal point first"
    guids = [s.guid for r in stalls.rows for s in r.seats]
    before = snapshot(doc)
    edits = rw.relabel(doc, back_first, RowLabelling(style="numbers", start=20))
    assert [r.row_number for r in stalls.rows[:4]] == ["20", "21", "22", "23"]
    assert stalls.row_labelling == RowLabelling(style="numbers", start=20)
    assert [s.guid for r in stalls.rows for s in r.seats] == guids, "labels change, guids never"
    undo_redo_exactly(doc, before, edits)
    spread = [stalls.rows[0], doc.zones[1].rows[0]]
    assert rw.common_zone(doc, spread) is None and rw.common_zone(doc, stalls.rows[:2]) is stalls
    zone_scheme = doc.zones[1].row_labelling
    rw.relabel(doc, spread, RowLabelling(start="K"))
    assert [r.row_number for r in spread] == ["K", "L"] and doc.zones[1].row_labelling == zone_scheme
    with pytest.raises(ValueError, match="cannot start letter rows"):
        rw.relabel(doc, spread, RowLabelling(start="??"))
    assert rw.relabel(doc, [], RowLabelling()) == []


def test_renumbering_rows_from_the_shown_scheme() -> None:
    doc = demo_hall()
    rows = doc.zones[0].rows[:2]
    assert rw.numbering_of(rows) == rows[0].geometry.numbering
    before = snapshot(doc)
    edits = rw.renumber(doc, rows, SeatNumbering(direction="rtl", mode="odd", start=101, prefix="L"))
    assert [s.number for s in rows[0].seats][:3] == ["L143", "L141", "L139"]
    assert rows[1].geometry.numbering.start == 101
    undo_redo_exactly(doc, before, edits)
    assert rw.numbering_of([]) == SeatNumbering()


def test_gaps_are_typed_from_one_and_the_row_grows_to_keep_its_seats() -> None:
    doc = demo_hall()
    row = doc.zones[0].rows[0]
    assert row.geometry.skipped == (11,)
    guids = [s.guid for s in row.seats]
    before = snapshot(doc)
    edits = rw.set_gaps(doc, row, "6, 12")
    assert row.geometry.skipped == (5, 11) and len(row.seats) == 22
    assert [s.guid for s in row.seats] == guids
    undo_redo_exactly(doc, before, edits)
    with pytest.raises(ValueError, match="separated by commas"):
        rw.set_gaps(doc, row, "x")
    with pytest.raises(ValueError, match="count from 1"):
        rw.set_gaps(doc, row, "0")
    assert rw.parse_places("3; 1, 3,") == [0, 2]
    assert rw.spacing_of(row) == 28.0


# -- seats ---------------------------------------------------------------------------------------------------
def test_seat_attributes_and_companions() -> None:
    doc = demo_hall()
    a, b, c = doc.zones[0].rows[0].seats[:3]
    before = snapshot(doc)
    edits = rw.set_accessibility(doc, [a.guid], wheelchair=True)
    edits += rw.pair_companion(doc, {a.guid, b.guid})
    assert a.wheelchair and b.companion_of == a.guid
    with pytest.raises(ValueError, match="one wheelchair place and one other seat"):
        rw.pair_companion(doc, {a.guid, b.guid, c.guid})
    edits += rw.unpair_companions(doc, {a.guid, b.guid, c.guid})
    assert b.companion_of is None
    edits += rw.set_seat_attributes(doc, [a.guid, b.guid], radius=12.0)
    edits += rw.set_seat_attributes(doc, [c.guid], number="99")
    assert (a.radius, b.radius, c.number) == (12.0, 12.0, "99")
    undo_redo_exactly(doc, before, edits)
    assert rw.set_seat_attributes(doc, ["gone"], number="1") == [] and rw.set_accessibility(doc, []) == []


# -- tables -------------------------------------------------------------------------------------------------
def test_a_round_tables_chairs_and_outline_change_together() -> None:
    doc = banquet_hall()
    table = doc.zones[3].rows[0]
    (outline,) = linked_areas(doc, table)
    guids = [s.guid for s in table.seats]
    table.seats[2].wheelchair = True
    radius = outline.radius
    before = snapshot(doc)
    edits = rw.set_table_chairs(doc, table, seat_count=10)
    assert len(table.seats) == 10 and [s.guid for s in table.seats[:8]] == guids
    assert table.seats[2].wheelchair and outline.radius > radius
    undo_redo_exactly(doc, before, edits)
    edits = rw.set_table_gaps(doc, table, "1, 3")
    assert table.geometry.skipped == (0, 2) and len(table.seats) == 8
    with pytest.raises(ValueError, match="A table with 10 places has places 1 to 10"):
        rw.set_table_gaps(doc, table, "40")
    with pytest.raises(ValueError, match="separated by commas"):
        rw.set_table_gaps(doc, table, "one")
    assert rw.set_table_chairs(doc, doc.zones[0].rows[0], seat_count=3) == [], "not a table"


def test_a_long_tables_sides_and_ends_resize_its_outline() -> None:
    doc = banquet_hall()
    table = doc.zones[3].rows[1]
    (outline,) = linked_areas(doc, table)
    guids = [s.guid for s in table.seats]
    before = snapshot(doc)
    edits = rw.set_table_chairs(doc, table, seats_per_side=6)
    edits += rw.set_table_chairs(doc, table, end_seats=2)
    assert table.geometry.seats_per_side == 6 and table.geometry.end_seats == 2 and len(table.seats) == 16
    assert [s.guid for s in table.seats[:10]] == guids
    assert (outline.width, outline.height) == (6 * 30, 2 * 30)
    assert (outline.text.x, outline.text.y) == (90, 30), "the number stays in the middle"
    undo_redo_exactly(doc, before, edits)


def test_renaming_a_table_renames_its_outline_and_new_tables_get_free_numbers() -> None:
    doc = banquet_hall()
    table = doc.zones[3].rows[0]
    (outline,) = linked_areas(doc, table)
    assert rw.next_table_number(doc) == "3"
    before = snapshot(doc)
    edits = rw.rename_table(doc, table, " T9 ")
    assert table.row_number == "T9" and outline.text.text == "T9"
    assert rw.next_table_number(doc) == "1"
    assert rw.is_table(table) and not rw.is_table(doc.zones[0].rows[0])
    undo_redo_exactly(doc, before, edits)
    assert not [f for f in validate(doc) if f.is_error]
