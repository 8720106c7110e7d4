"""Undoable operations and copies with fresh guids."""

from __future__ import annotations

import math

import pytest

from editor.formats import dump_native, load_pretix
from editor.model import (
    Category,
    Change,
    RowLabelling,
    SeatNumbering,
    duplicate,
    duplicate_all,
    make_block,
    make_round_table,
    make_row,
    regenerate_row,
)
from editor.model import operations as ops

from .sample_plans import built_document, current_plan


@pytest.fixture
def doc():
    return load_pretix(current_plan())


def listen(doc) -> list[tuple[str, int]]:
    seen: list[tuple[str, int]] = []
    doc.changed.append(lambda kind, objects: seen.append((kind, len(objects))))
    return seen


def test_move_seats_and_undo(doc) -> None:
    seen = listen(doc)
    before = dump_native(doc)
    edit = ops.move_seats(doc, ["a1", "a2"], 5, -2.5)
    seat = doc.find_seat("a1").seat
    assert (seat.x, seat.y) == (5, -2.5)
    assert seen == [(Change.SEATS_MOVED, 2)]
    edit.undo()
    assert dump_native(doc) == before
    assert seen[-1] == (Change.SEATS_MOVED, 2)
    edit.redo()
    assert (seat.x, seat.y) == (5, -2.5) and len(seen) == 3
    with pytest.raises(KeyError):
        ops.move_seats(doc, ["nope"], 1, 1)


def test_set_category_only_to_declared_categories(doc) -> None:
    edit = ops.set_category(doc, ["a1", "c5"], "Back")
    assert doc.find_seat("a1").seat.category == "Back"
    edit.undo()
    assert doc.find_seat("a1").seat.category == "Front" and doc.find_seat("c5").seat.category == "Back"
    with pytest.raises(ValueError):
        ops.set_category(doc, ["a1"], "VIP")


def test_accessibility_and_companions(doc) -> None:
    e1 = ops.set_accessibility(doc, ["a1"], wheelchair=True, restricted_view=True)
    e2 = ops.pair_companion(doc, "a2", "a1")
    record = {r.guid: r for r in doc.iter_seats()}
    assert record["a1"].wheelchair and record["a1"].restricted_view and record["a2"].companion_of == "a1"
    with pytest.raises(ValueError):
        ops.pair_companion(doc, "a3", "b1")  # b1 is no wheelchair place
    e2.undo()
    e1.undo()
    assert not doc.find_seat("a1").seat.wheelchair and doc.find_seat("a2").seat.companion_of is None


def test_add_and_remove_rows_zones_areas_restore_order(doc) -> None:
    before = dump_native(doc)
    zone = doc.zones[0]
    row = make_row((0, 100), seat_count=3, row_number="C", category="Back")
    add = ops.add_row(doc, zone, row)
    assert doc.find_seat(row.seats[0].guid) is not None
    removal = ops.remove(doc, [zone.rows[0], doc.zones[1], zone.areas[2], doc.categories[2]])
    assert [r.row_number for r in zone.rows] == ["B", "C"] and len(doc.zones) == 1
    assert doc.find_seat("a1") is None and doc.find_seat("c1") is None
    removal.undo()
    add.undo()
    assert dump_native(doc) == before
    with pytest.raises(ValueError):
        ops.remove(doc, [row])  # no longer in the plan


def test_redo_puts_back_exactly_what_the_operation_did(doc) -> None:
    row = make_row((0, 100), seat_count=3, row_number="C", category="Back")
    add = ops.add_row(doc, doc.zones[0], row)
    resize = ops.resize_row(doc, row, 5)
    after = dump_native(doc)
    resize.undo()
    add.undo()
    add.redo()
    resize.redo()
    # The two seats the resize created come back with the same guids, not new ones.
    assert dump_native(doc) == after
    removal = ops.remove(doc, [row.seats[1], doc.zones[1]])
    after = dump_native(doc)
    removal.undo()
    removal.redo()
    assert dump_native(doc) == after


def test_renumber_and_relabel(doc) -> None:
    row_b = doc.zones[0].rows[1]
    edit = ops.renumber_row(doc, row_b, SeatNumbering(direction="rtl", start=101))
    # Row B is listed right to left; numbers follow the seats' places, not the file's order.
    assert {s.guid: s.number for s in row_b.seats} == {"b1": "103", "b2": "102", "b3": "101"}
    edit.undo()
    assert {s.guid: s.number for s in row_b.seats} == {"b1": "1", "b2": "2", "b3": "3"}
    zone = doc.zones[0]
    edit = ops.relabel_rows(doc, zone.rows, RowLabelling(style="numbers", start=10), zone)
    assert [r.row_number for r in zone.rows] == ["10", "11"] and zone.row_labelling is not None
    assert {r.guid for r in doc.iter_seats()} >= {"a1", "b1"}  # guids untouched
    edit.undo()
    assert [r.row_number for r in zone.rows] == ["A", "B"] and zone.row_labelling is None


def test_set_curvature_on_several_rows_keeps_guids_and_undoes(doc) -> None:
    seen = listen(doc)
    zone = doc.zones[0]
    rows = [make_row((0, 200), seat_count=8, spacing=26, row_number="D", category="Back"),
            make_row((0, 240), seat_count=9, spacing=26, row_number="E", category="Back")]
    ops.add_rows(doc, zone, rows)
    before = dump_native(doc)
    guids = [[s.guid for s in r.seats] for r in rows]
    edit = ops.set_curvature(doc, rows, 40)
    assert [[s.guid for s in r.seats] for r in rows] == guids
    assert all(r.geometry.curvature == 40 for r in rows)
    assert rows[0].seats[4].y > 0
    assert seen[-1] == (Change.ROWS_CHANGED, 2)
    edit.undo()
    assert dump_native(doc) == before
    # Imported rows (no geometry) can be bent too.
    ops.set_curvature(doc, [zone.rows[0]], 10)
    assert [s.guid for s in zone.rows[0].seats] == ["a1", "a2", "a3"]


def test_resize_and_spacing(doc) -> None:
    row = make_row((0, 200), seat_count=5, spacing=20, row_number="D", category="Back")
    ops.add_row(doc, doc.zones[0], row)
    guids = [s.guid for s in row.seats]
    edit = ops.resize_row(doc, row, 7)
    assert [s.guid for s in row.seats][:5] == guids and len(row.seats) == 7
    assert doc.find_seat(row.seats[-1].guid) is not None
    edit.undo()
    assert [s.guid for s in row.seats] == guids
    ops.set_spacing(doc, [row], 30)
    assert row.seats[1].x == pytest.approx(30)


def test_rename_category_follows_seats(doc) -> None:
    edit = ops.rename_category(doc, "Back", "Rear")
    assert doc.category("Rear") is not None and doc.find_seat("b1").seat.category == "Rear"
    edit.undo()
    assert doc.find_seat("b1").seat.category == "Back" and doc.category("Rear") is None
    with pytest.raises(ValueError):
        ops.rename_category(doc, "Back", "Front")
    with pytest.raises(ValueError):
        ops.add_category(doc, Category("Front"))


def test_set_attributes_and_focal_point(doc) -> None:
    zone = doc.zones[0]
    edit = ops.set_attributes(doc, zone, name="Parterre", x=0)
    assert (zone.name, zone.x) == ("Parterre", 0)
    edit.undo()
    assert (zone.name, zone.x) == ("Stalls", 50)
    with pytest.raises(AttributeError):
        ops.set_attributes(doc, zone, colour="red")
    old = doc.focal_point
    edit = ops.set_focal_point(doc, (1, 2))
    assert doc.effective_focal_point().x == 1
    edit.undo()
    assert doc.focal_point == old


def test_move_rows_and_areas(doc) -> None:
    row = doc.zones[0].rows[0]
    area = doc.zones[0].areas[0]
    edit = ops.move(doc, [row, area], 10, 10)
    assert (row.x, area.x) == (20, 110)
    edit.undo()
    assert (row.x, area.x) == (10, 100)


def test_duplicate_gives_fresh_guids_and_uuids() -> None:
    doc = built_document()
    zone = doc.zones[0]
    copy_zone = duplicate(zone, dx=0, dy=500)
    old = {s.guid for r in zone.rows for s in r.seats}
    new = {s.guid for r in copy_zone.rows for s in r.seats}
    assert len(new) == len(old) and not old & new
    assert copy_zone.uuid != zone.uuid and copy_zone.y == zone.y + 500
    assert {r.uuid for r in copy_zone.rows}.isdisjoint({r.uuid for r in zone.rows})
    # The companion in the copy accompanies the copied wheelchair place.
    seats = copy_zone.rows[0].seats
    assert seats[1].companion_of == seats[0].guid and seats[0].wheelchair
    # Numbers and labels are copied as they are; the original is untouched.
    assert [s.number for s in seats] == [s.number for s in zone.rows[0].seats]
    assert zone.rows[0].seats[1].companion_of == zone.rows[0].seats[0].guid


def test_duplicate_a_lone_companion_drops_the_pairing_and_tables_keep_their_link() -> None:
    doc = built_document()
    companion = doc.zones[0].rows[0].seats[1]
    assert duplicate(companion).companion_of is None
    row, area = make_round_table((0, 0), seat_count=4)
    new_row, new_area = duplicate_all([row, area], dx=100)
    assert new_area.row_uuid == new_row.uuid != row.uuid
    assert new_row.x == 100 and new_area.x == 100
    with pytest.raises(TypeError):
        duplicate("not a model object")  # type: ignore[type-var]


@pytest.mark.parametrize("turn", ["rotate", "flip-h", "flip-v"])
def test_rotating_and_flipping_rows_keep_their_geometry_consistent(doc, turn: str) -> None:
    rows = make_block((0, 300), rows=2, seats_per_row=7, curvature=35, angle=10, category="Back")
    ops.add_rows(doc, doc.zones[0], rows)
    guids = [[s.guid for s in r.seats] for r in rows]
    numbers = [[s.number for s in r.seats] for r in rows]
    before = dump_native(doc)
    if turn == "rotate":
        edit = ops.rotate_rows(doc, rows, 90, (0, 300))
        second = rows[1]  # 32 behind the first row at 10 degrees, now turned a quarter clockwise
        assert (second.x, second.y) == (pytest.approx(-32 * math.cos(math.radians(10))),
                                        pytest.approx(300 - 32 * math.sin(math.radians(10))))
    else:
        edit = ops.flip_rows(doc, rows, (100, 300), horizontal=turn == "flip-h")
    assert [[s.guid for s in r.seats] for r in rows] == guids
    assert [[s.number for s in r.seats] for r in rows] == numbers
    # Laying a turned row out again from its geometry puts every seat where it already is.
    for row in rows:
        again = regenerate_row(row)
        assert [(s.x, s.y) for s in again.seats] == [
            (pytest.approx(s.x, abs=1e-6), pytest.approx(s.y, abs=1e-6)) for s in row.seats]
    edit.undo()
    assert dump_native(doc) == before
