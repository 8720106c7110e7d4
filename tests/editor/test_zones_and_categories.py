"""Zones and categories as the editor changes them, without Qt: the zone new rows go to, placing new rows,
a zone drawn around rows, rows moved between zones where they stand in the hall, renaming; categories added,
renamed, recoloured, deleted and given to seats."""

from __future__ import annotations

import pytest

from editor.model import SeatingDocument, make_block, make_round_table
from editor.model import categories as cat
from editor.model import zones as zn
from editor.model.geometry import Box
from editor.model.selection import linked_areas

from .editing import absolute, banquet_hall, demo_hall, snapshot, undo_redo_exactly


def places(doc: SeatingDocument, rows) -> list[float]:
    """Where the rows' seats stand in the hall, as x, y, x, y ..."""
    return [v for r in rows for s in r.seats for v in absolute(doc, s.guid)]


# -- zones ----------------------------------------------------------------------------------------------------
def test_zone_names_and_the_zone_new_rows_go_to() -> None:
    doc = demo_hall()
    assert zn.unique_zone_name(doc, "Zone") == "Zone 1"
    assert zn.unique_zone_name(doc, "Stalls") == "Stalls 1" and zn.unique_zone_name(doc, "Foyer") == "Foyer"
    balcony = doc.zones[1]
    assert zn.target_zone(doc, balcony) == (balcony, [])
    assert zn.target_zone(doc, zn.new_zone(doc)) == (doc.zones[0], []), "a zone no longer in the plan"
    empty = SeatingDocument()
    floor, edits = zn.target_zone(empty, None)
    assert floor.name == "Floor" and empty.zones == [floor] and floor.row_labelling.skip_letters == ("I", "O")
    edits[0].undo()
    assert empty.zones == []


def test_new_rows_and_areas_are_placed_in_their_zone() -> None:
    doc = demo_hall()
    balcony = doc.zones[1]
    block = make_block((300, 900), rows=2, seats_per_row=4)
    row, outline = make_round_table((900, 1000), seat_count=6)
    before = snapshot(doc)
    edits = zn.place(doc, balcony, [*block, row], [outline])
    assert balcony.rows[-3:] == [*block, row] and balcony.areas[-1] is outline
    assert absolute(doc, block[0].seats[0].guid) == pytest.approx((300, 900)), "plan coordinates kept"
    assert (outline.x + balcony.x, outline.y + balcony.y) == (900, 1000)
    undo_redo_exactly(doc, before, edits)


def test_a_zone_drawn_around_rows_takes_them_where_they_stand() -> None:
    doc = banquet_hall()
    stalls = doc.zones[0]
    front = stalls.rows[:4]
    box = Box(200, 150, 1200, 335)
    assert [r for _, r in zn.rows_inside(doc, box)] == front
    hall = places(doc, front)
    zone = zn.new_zone(doc, None, box.left, box.top)
    before = snapshot(doc)
    edits = zn.make_zone(doc, zone, box)
    assert doc.zones[-1] is zone and zone.name == "Zone 1" and (zone.x, zone.y) == (200, 150)
    assert zone.rows == front and stalls.rows[0] is not front[0]
    assert places(doc, front) == pytest.approx(hall)
    undo_redo_exactly(doc, before, edits)
    nothing = zn.new_zone(doc, "Empty", 5000, 5000)
    assert len(zn.make_zone(doc, nothing, Box(5000, 5000, 5010, 5010))) == 1, "a zone with no rows inside"


def test_rows_move_between_zones_with_their_table_outlines() -> None:
    doc = banquet_hall()
    stalls, balcony, boxes, tables = doc.zones
    box_row = boxes.rows[0]
    table = tables.rows[0]
    (outline,) = linked_areas(doc, table)
    hall = places(doc, [box_row, table])
    outline_at = (outline.x + tables.x, outline.y + tables.y)
    before = snapshot(doc)
    edits = zn.move_rows_to_zone(doc, [box_row, table], balcony)
    assert balcony.rows[-2:] == [box_row, table] and box_row not in boxes.rows and table not in tables.rows
    assert outline in balcony.areas and outline not in tables.areas
    assert places(doc, [box_row, table]) == pytest.approx(hall), "they stay where they stand in the hall"
    assert (outline.x + balcony.x, outline.y + balcony.y) == pytest.approx(outline_at)
    undo_redo_exactly(doc, before, edits)
    assert zn.move_rows_to_zone(doc, [balcony.rows[0]], balcony) == [], "already there"


def test_renaming_a_zone() -> None:
    doc = demo_hall()
    zone = doc.zones[1]
    before = snapshot(doc)
    edits = zn.rename_zone(doc, zone, "  Gallery ")
    assert zone.name == "Gallery"
    undo_redo_exactly(doc, before, edits)
    assert zn.rename_zone(doc, zone, "Gallery") == [] and zn.rename_zone(doc, zone, "  ") == []


# -- categories ------------------------------------------------------------------------------------------------
def test_new_categories_get_a_free_name_and_an_unused_colour() -> None:
    doc = demo_hall()
    used = [c.color for c in doc.categories]
    palette = [used[0], "#123456", "#654321"]
    fresh = cat.new_category(doc, palette=palette)
    assert (fresh.name, fresh.color) == ("Category 5", "#123456")
    assert cat.new_category(doc, "VIP", "#ff0000").color == "#ff0000"
    assert cat.new_category(doc).color is None, "no palette, no colour"


def test_renaming_recolouring_and_deleting_categories() -> None:
    doc = demo_hall()
    counts = cat.category_counts(doc)
    assert sum(counts.values()) == doc.seat_count() and counts["Box"] == 20
    before = snapshot(doc)
    edits = cat.rename_category(doc, "Box", " Loge ")
    assert doc.category("Loge") is not None and cat.category_counts(doc)["Loge"] == 20
    edits += cat.recolour_category(doc, "Loge", "#abcdef")
    assert doc.category("Loge").color == "#abcdef"
    undo_redo_exactly(doc, before, edits)
    assert cat.rename_category(doc, "Loge", "Loge") == [] and cat.recolour_category(doc, "Nope", "#000") == []
    with pytest.raises(ValueError, match="already exists"):
        cat.rename_category(doc, "Loge", "Balcony")
    with pytest.raises(ValueError, match="20 seats use category 'Loge': give them another category first"):
        cat.remove_category(doc, "Loge")
    from editor.model import operations as ops

    spare = cat.new_category(doc, "Spare")
    ops.add_category(doc, spare)
    before = snapshot(doc)
    edits = cat.remove_category(doc, "Spare")
    assert doc.category("Spare") is None
    undo_redo_exactly(doc, before, edits)
    assert cat.remove_category(doc, "Nope") == []


def test_giving_seats_a_category() -> None:
    doc = demo_hall()
    row = doc.zones[0].rows[0]
    guids = {s.guid for s in row.seats}
    before = snapshot(doc)
    edits = cat.assign_category(doc, guids, "Box")
    assert {s.category for s in row.seats} == {"Box"}
    undo_redo_exactly(doc, before, edits)
    with pytest.raises(ValueError, match="Select seats or rows"):
        cat.assign_category(doc, set(), "Box")
    with pytest.raises(ValueError, match="not declared"):
        cat.assign_category(doc, guids, "VIP")
