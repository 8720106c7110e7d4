"""Arranging without Qt: the boxes things take up, then move, align, distribute, rotate, flip, duplicate and
delete on mixed selections (whole rows, curved rows, loose seats, tables, shapes of every kind, whole zones),
each undone and redone exactly."""

from __future__ import annotations

import math

import pytest

from editor.model import Area, AreaText, regenerate_row, validate
from editor.model import arrange as ar
from editor.model import selection as sel
from editor.model.geometry import Box, area_box, seats_box, seats_reaching, union
from editor.model.selection import Selection

from .editing import absolute, banquet_hall, demo_hall, snapshot, undo, undo_redo_exactly


def width(text: str, size: float) -> float:
    return 10.0 * len(text)  # a font of our own: every letter 10 wide


def guids(*rows) -> frozenset[str]:
    return frozenset(s.guid for r in rows for s in r.seats)


def mixed_selection(doc) -> Selection:
    """Two curved rows of the stalls, three loose seats of the balcony, the round table with its outline, a
    box row, the rotated ellipse, the polygon and the text label."""
    stalls, balcony, boxes, tables = doc.zones
    return Selection(guids(*stalls.rows[3:5], boxes.rows[0], tables.rows[0])
                     | {s.guid for s in balcony.rows[2].seats[5:8]},
                     (tables.areas[0], doc.areas[0], doc.areas[1], doc.areas[3]))


def mixed(doc, *, expand_zones: bool = False):
    return sel.units(doc, mixed_selection(doc), "row", expand_zones=expand_zones)


def seats_of(units) -> list[str]:
    return [s.guid for u in units if u.row is not None for s in (u.row.seats if u.kind == "row" else [u.seat])]


def assert_laid_out_by_their_geometry(rows) -> None:
    """Laying a row out again from its geometry puts its seats where they are (curved rows stay curved
    rows); the demo hall's file rounds positions to 0.01."""
    for row in rows:
        again = regenerate_row(row)
        assert [(p.x, p.y) for p in again.seats] == [(pytest.approx(p.x, abs=0.01), pytest.approx(p.y, abs=0.01))
                                                     for p in row.seats]


# -- measuring ------------------------------------------------------------------------------------------
def test_boxes_of_shapes_seats_and_labels() -> None:
    assert area_box(Area("rectangle", 10, 20, width=30, height=40)) == Box(10, 20, 40, 60)
    turned = area_box(Area("rectangle", 10, 20, width=30, height=40, rotation=90), 100, 0)
    assert turned == pytest.approx(Box(70, 20, 110, 50)), "a rectangle turns about its corner"
    assert area_box(Area("circle", 0, 0, radius=5, rotation=33)) == pytest.approx(Box(-5, -5, 5, 5))
    assert area_box(Area("ellipse", 0, 0, radius_x=60, radius_y=30, rotation=90)) == pytest.approx(
        Box(-30, -60, 30, 60))
    assert area_box(Area("polygon", 5, 5, points=[(0, 0), (10, -4), (3, 8)])) == Box(5, 1, 15, 13)
    label = Area("text", 100, 100, text=AreaText("EXIT", 0, 0, size=20))
    assert area_box(label, text_width=width) == pytest.approx(Box(78, 87, 122, 113))
    assert area_box(Area("text", 50, 50)) == Box(44, 44, 56, 56), "nothing to show: a small square"
    assert seats_box([(0, 0, 10), (100, 5, 5)]) == Box(-10, -10, 105, 10)
    assert seats_box([]) is None and seats_box([(3, 3, 0)]) is None
    assert union([None, Box(0, 0, 0, 0), Box(1, 1, 2, 2), Box(-1, 0, 0, 5)]) == Box(-1, 0, 2, 5)
    assert Box(0, 0, 10, 10).contains(10, 0) and not Box(0, 0, 10, 10).contains(10.5, 0)
    assert not Box(0, 0, 0, 10).contains(0, 5), "a box without width holds nothing"


def test_unit_boxes_cover_zones_rows_with_outlines_seats_and_areas() -> None:
    doc = banquet_hall()
    units = mixed(doc)
    table = next(u for u in units if u.row is doc.zones[3].rows[0])
    box = ar.unit_box(table)
    outline = area_box(doc.zones[3].areas[0], doc.zones[3].x, doc.zones[3].y)
    assert box is not None and box.left <= outline.left and box.right >= outline.right
    seat_unit = next(u for u in units if u.kind == "seat")
    x, y = absolute(doc, seat_unit.seat.guid)
    assert ar.unit_box(seat_unit) == Box(x - 10, y - 10, x + 10, y + 10)
    whole = ar.units_box(units, width)
    assert whole is not None and all(whole.left <= b.left and b.right <= whole.right
                                     for b in (ar.unit_box(u, width) for u in units) if b is not None)
    boxes_zone = sel.units(doc, sel.of_zone(doc, doc.zones[2]), "zone")
    assert [u.kind for u in boxes_zone] == ["zone"]
    assert ar.unit_box(boxes_zone[0]) == union(area_box(a) for a in doc.zones[2].areas)


# -- align and distribute ---------------------------------------------------------------------------------
@pytest.mark.parametrize("how", ar.ALIGNMENTS)
def test_align_lines_up_a_mixed_selection(how: str) -> None:
    doc = banquet_hall()
    before = snapshot(doc)
    units = mixed(doc)
    edits = ar.align(doc, units, how, width)
    boxes = [ar.unit_box(u, width) for u in units]
    edge = {"left": lambda b: b.left, "right": lambda b: b.right, "top": lambda b: b.top,
            "bottom": lambda b: b.bottom, "hcentre": lambda b: b.centre.x, "vcentre": lambda b: b.centre.y}[how]
    assert max(map(edge, boxes)) - min(map(edge, boxes)) == pytest.approx(0, abs=1e-6)
    assert_laid_out_by_their_geometry(sel.rows_of(units))
    undo_redo_exactly(doc, before, edits)


def test_align_top_then_distribute_the_boxes() -> None:
    doc = demo_hall()
    boxes = doc.zones[2].rows
    units = sel.units(doc, Selection(guids(*boxes)), "row")
    ar.align(doc, units, "top")
    tops = {round(min(absolute(doc, s.guid)[1] for s in r.seats), 6) for r in boxes}
    assert len(tops) == 1
    before = snapshot(doc)
    edits = ar.distribute(doc, units, "h")
    lefts = sorted(min(absolute(doc, s.guid)[0] for s in r.seats) for r in boxes)
    gaps = [b - a for a, b in zip(lefts, lefts[1:], strict=False)]
    assert max(gaps) - min(gaps) == pytest.approx(0, abs=1e-6)
    undo_redo_exactly(doc, before, edits)


@pytest.mark.parametrize("axis", ["h", "v"])
def test_distribute_leaves_the_outermost_and_evens_the_gaps(axis: str) -> None:
    doc = banquet_hall()
    units = mixed(doc)
    before = [ar.unit_box(u, width) for u in units]
    order = sorted(range(len(units)), key=lambda k: before[k].centre[0 if axis == "h" else 1])
    ar.distribute(doc, units, axis, width)
    after = [ar.unit_box(u, width) for u in units]
    for k in (order[0], order[-1]):
        assert after[k] == pytest.approx(before[k]), "the outermost stay where they are"
    if axis == "h":
        gaps = [after[b].left - after[a].right for a, b in zip(order, order[1:], strict=False)]
    else:
        gaps = [after[b].top - after[a].bottom for a, b in zip(order, order[1:], strict=False)]
    assert max(gaps) - min(gaps) == pytest.approx(0, abs=1e-6)


def test_too_few_things_to_arrange_are_refused_in_words() -> None:
    doc = demo_hall()
    one = sel.units(doc, Selection(guids(doc.zones[0].rows[0])))
    with pytest.raises(ValueError, match="two or more"):
        ar.align(doc, one, "left")
    with pytest.raises(ValueError, match="three or more"):
        ar.distribute(doc, one * 2, "h")
    with pytest.raises(ValueError, match="alignment"):
        ar.align(doc, one * 2, "middle")  # type: ignore[arg-type]


# -- turning and mirroring ---------------------------------------------------------------------------------
def test_a_quarter_turn_stands_a_box_row_on_its_side() -> None:
    doc = demo_hall()
    row = doc.zones[2].rows[0]  # five seats in a vertical line
    units = sel.units(doc, Selection(guids(row)))
    box = ar.units_box(units)
    before = snapshot(doc)
    edits = ar.rotate_units(doc, units, 90, box.centre)
    xs = [absolute(doc, s.guid)[0] for s in row.seats]
    ys = [absolute(doc, s.guid)[1] for s in row.seats]
    assert max(ys) - min(ys) == pytest.approx(0, abs=1e-6) and max(xs) - min(xs) == pytest.approx(4 * 28)
    assert row.geometry.angle % 360 == pytest.approx(180)
    assert ar.units_box(units).centre == pytest.approx(box.centre), "it turns about its centre"
    assert doc.zones[2].areas[0].rotation == 0, "only the selection turns"
    undo_redo_exactly(doc, before, edits)
    ar.rotate_units(doc, units, 15, box.centre)
    assert row.geometry.angle % 360 == pytest.approx(195)
    assert ar.rotate_units(doc, units, 0, (0, 0)) == []


def test_rotating_a_mixed_selection_turns_every_part_about_one_point() -> None:
    doc = banquet_hall()
    units = mixed(doc, expand_zones=True)
    centre = (700.0, 800.0)
    places = {g: absolute(doc, g) for g in seats_of(units)}
    areas = [a for u in units for a in ([u.area] if u.area else list(u.linked))]
    rotations = [a.rotation for a in areas]
    before = snapshot(doc)
    edits = ar.rotate_units(doc, units, 30, centre)
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    for guid, (x, y) in places.items():
        dx, dy = x - centre[0], y - centre[1]
        assert absolute(doc, guid) == pytest.approx((centre[0] + dx * c - dy * s, centre[1] + dx * s + dy * c))
    assert [a.rotation for a in areas] == pytest.approx([(r + 30) % 360 for r in rotations])
    assert_laid_out_by_their_geometry(sel.rows_of(units))
    undo_redo_exactly(doc, before, edits)


@pytest.mark.parametrize("horizontal", [True, False])
def test_flipping_twice_puts_everything_back_and_keeps_the_numbers(horizontal: bool) -> None:
    doc = banquet_hall()
    units = mixed(doc)
    numbers = {s.guid: s.number for z in doc.zones for r in z.rows for s in r.seats}
    places = {g: absolute(doc, g) for g in numbers}
    centre = ar.units_box(units, width).centre
    before = snapshot(doc)
    edits = ar.flip_units(doc, units, centre, horizontal=horizontal)
    moved = [g for g in numbers if absolute(doc, g) != pytest.approx(places[g])]
    assert moved and {s.guid: s.number for z in doc.zones for r in z.rows for s in r.seats} == numbers
    stalls_row = doc.zones[0].rows[3]
    mirrored = [absolute(doc, s.guid) for s in stalls_row.seats]
    original = [places[s.guid] for s in stalls_row.seats]
    axis = 0 if horizontal else 1
    assert [2 * centre[axis] - p[axis] for p in original] == pytest.approx([p[axis] for p in mirrored])
    assert stalls_row.geometry.curvature < 0, "a mirrored curve bends the other way"
    undo_redo_exactly(doc, before, edits)
    ar.flip_units(doc, units, centre, horizontal=horizontal)
    assert all(absolute(doc, g) == pytest.approx(places[g], abs=1e-6) for g in numbers)


# -- moving, duplicating, deleting ---------------------------------------------------------------------------
def test_moving_carries_table_outlines_and_moves_loose_seats_in_their_rows() -> None:
    doc = banquet_hall()
    units = mixed(doc)
    places = {g: absolute(doc, g) for g in seats_of(units)}
    outline = doc.zones[3].areas[0]
    x0 = outline.x
    balcony_row = doc.zones[1].rows[2]
    gap = balcony_row.seats[5].x - balcony_row.seats[4].x
    before = snapshot(doc)
    edits = ar.move(doc, units, 13, -7)
    assert all(absolute(doc, g) == pytest.approx((x + 13, y - 7)) for g, (x, y) in places.items())
    assert outline.x == x0 + 13
    assert balcony_row.seats[5].x - balcony_row.seats[4].x == pytest.approx(gap + 13), "within their row"
    undo_redo_exactly(doc, before, edits)
    zone = doc.zones[2]
    ar.move(doc, sel.units(doc, sel.of_zone(doc, zone), "zone"), 5, 5)
    assert (zone.x, zone.y) == (5, 5), "a whole zone moves as the zone"


def test_duplicates_get_new_guids_labels_and_names_and_are_the_new_selection() -> None:
    doc = banquet_hall()
    balcony = doc.zones[1]
    last = balcony.rows[-1]
    units = sel.units(doc, Selection(guids(last)))
    dx, dy = ar.duplicate_offset(ar.units_box(units))
    assert dx == 0 and dy == pytest.approx(ar.units_box(units).height + 12)
    old = {s.guid for z in doc.zones for r in z.rows for s in r.seats}
    before = snapshot(doc)
    edits, copies = ar.duplicate(doc, units, dx, dy)
    copy = balcony.rows[-1]
    assert copy is not last and copy.row_number == "7" and copy.uuid != last.uuid
    assert copies == Selection(guids(copy)) and not copies.seats & old
    assert [s.number for s in copy.seats] == [s.number for s in last.seats]
    assert not [f for f in validate(doc) if f.is_error]
    undo_redo_exactly(doc, before, edits)
    # A zone, a table with its outline, a shape and loose seats at once.
    tables = doc.zones[3]
    chosen = Selection(guids(*doc.zones[2].rows, tables.rows[0]) | {doc.zones[0].rows[0].seats[0].guid},
                       (*doc.zones[2].areas, tables.areas[0], doc.areas[2]))
    edits, copies = ar.duplicate(doc, sel.units(doc, chosen, "zone"), 0, 500)
    assert doc.zones[-1].name == "Boxes copy" and len(doc.zones) == 5
    table_copy = tables.rows[-1]
    (outline_copy,) = [a for a in tables.areas if a.row_uuid == table_copy.uuid]
    assert outline_copy is not tables.areas[0] and outline_copy in copies.areas
    assert len(doc.zones[0].rows[0].seats) == 23 and ar.duplicate_offset(Box(0, 0, 10, 500)) == (40, 40)
    undo(edits)
    assert len(doc.zones) == 4


def test_deleting_a_table_takes_its_outline_and_undo_brings_the_same_guids_back() -> None:
    doc = banquet_hall()
    tables = doc.zones[3]
    table = tables.rows[0]
    chairs = [s.guid for s in table.seats]
    units = sel.units(doc, Selection(guids(table)))  # the chairs alone: the outline goes too
    before = snapshot(doc)
    edits = ar.delete(doc, units)
    assert table not in tables.rows and all(a.row_uuid != table.uuid for a in tables.areas)
    undo(edits)
    assert snapshot(doc) == before and [s.guid for s in tables.rows[0].seats] == chairs
    assert ar.delete(doc, []) == []


def test_the_end_handle_counts_seats_along_the_row() -> None:
    doc = demo_hall()
    boxes = doc.zones[2]
    row = boxes.rows[0]  # downwards, 28 apart
    end = row.end
    assert seats_reaching(row, (boxes.x, boxes.y), (end.x, end.y + 2 * 28)) == 7
    assert seats_reaching(row, (boxes.x, boxes.y), (end.x, end.y - 10 * 28)) == 1
    curved = doc.zones[0].rows[0]
    far = curved.end
    assert seats_reaching(curved, (0, 0), (far.x, far.y)) == len(curved.seats)
