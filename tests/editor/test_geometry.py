"""Seat layout generators and editing drawn rows."""

from __future__ import annotations

import math

import pytest

from editor.model import (
    Row,
    SeatNumbering,
    arc_positions,
    concentric_row,
    curvature_for_radius,
    infer_geometry,
    make_block,
    make_long_table,
    make_round_table,
    make_row,
    make_standing_area,
    regenerate_row,
    round_table_radius,
    seeded_ids,
)


def gaps(points) -> list[float]:
    return [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]


def test_straight_row() -> None:
    row = make_row((100, 50), seat_count=5, spacing=30, row_number="A", category="Main")
    assert [(s.x, s.y) for s in row.seats] == [(0, 0), (30, 0), (60, 0), (90, 0), (120, 0)]
    assert [s.number for s in row.seats] == ["1", "2", "3", "4", "5"]
    assert row.position == (100, 50) and row.end == (220, 0 + 50)
    assert row.geometry is not None and row.geometry.kind == "straight"
    assert len({s.guid for s in row.seats}) == 5 and all(s.category == "Main" for s in row.seats)


def test_row_from_an_end_point_fills_the_length() -> None:
    row = make_row((0, 0), end=(0, 100), spacing=25)
    assert len(row.seats) == 5
    assert row.seats[-1].x == pytest.approx(0, abs=1e-9) and row.seats[-1].y == pytest.approx(100)


def test_curvature_zero_is_straight_and_arcs_keep_the_spacing() -> None:
    assert arc_positions(4, 20, 0) == [(0, 0), (20, 0), (40, 0), (60, 0)]
    pts = arc_positions(11, 30, 60)
    # Seats are spaced along the arc: the chords between neighbours are all equal, a little under 30.
    assert all(g == pytest.approx(gaps(pts)[0]) for g in gaps(pts))
    step = math.radians(60) / 10
    assert gaps(pts)[0] == pytest.approx(2 * (300 / math.radians(60)) * math.sin(step / 2))
    # Symmetric, both ends on the x axis, the middle bowed towards +y (away from a stage above).
    assert pts[0] == (0, 0) and pts[-1][1] == pytest.approx(0, abs=1e-9)
    assert pts[5][1] > 0 and pts[5][0] == pytest.approx(pts[-1][0] / 2)
    assert arc_positions(11, 30, -60)[5][1] == pytest.approx(-pts[5][1])


def test_concentric_rows_lie_on_their_circle() -> None:
    centre = (500, -400)
    row = concentric_row(centre, 600, seat_count=21, spacing=28)
    for s in row.seats:
        assert math.dist(centre, (row.x + s.x, row.y + s.y)) == pytest.approx(600)
    middle = row.seats[10]
    assert row.x + middle.x == pytest.approx(500) and row.y + middle.y == pytest.approx(200)
    assert row.geometry is not None
    assert row.geometry.curvature == pytest.approx(curvature_for_radius(21, 28, 600))


def test_aisles_are_skipped_positions_without_numbers() -> None:
    row = make_row((0, 0), seat_count=7, spacing=10, skipped=[3])
    assert [s.x for s in row.seats] == [0, 10, 20, 40, 50, 60]
    assert [s.number for s in row.seats] == ["1", "2", "3", "4", "5", "6"]


def test_block_of_rows() -> None:
    rows = make_block((10, 20), rows=3, seats_per_row=4, h_spacing=25, v_spacing=35)
    assert [r.row_number for r in rows] == ["A", "B", "C"]
    assert [(r.x, r.y) for r in rows] == [(10, 20), (10, 55), (10, 90)]
    assert all(len(r.seats) == 4 for r in rows)
    turned = make_block((0, 0), rows=2, seats_per_row=2, v_spacing=30, angle=90)
    assert (turned[1].x, turned[1].y) == (pytest.approx(-30), pytest.approx(0, abs=1e-9))


def test_round_table_numbered_clockwise_with_a_gap() -> None:
    row, area = make_round_table((200, 200), seat_count=8, skipped=[2], spacing=30, table_number="T4")
    assert [s.number for s in row.seats] == [str(i) for i in range(1, 8)]
    first, second = row.seats[0], row.seats[1]
    assert first.x == pytest.approx(0, abs=1e-9) and first.y < 0  # twelve o'clock
    assert second.x > 0  # then clockwise on screen: to the right
    ring = round_table_radius(8, 30)
    assert all(math.hypot(s.x, s.y) == pytest.approx(ring) for s in row.seats)
    assert ring == pytest.approx(8 * 30 / (2 * math.pi))
    assert area.shape == "circle" and area.kind == "table" and area.row_uuid == row.uuid
    assert area.position == (200, 200) and area.radius < ring
    assert row.geometry is not None and row.geometry.kind == "table"
    # More chairs, bigger table.
    assert round_table_radius(12, 30) > ring


def test_long_table_numbered_clockwise() -> None:
    row, area = make_long_table((0, 0), seats_per_side=3, end_seats=1, spacing=30, table_number="2")
    xs_ys = [(round(s.x), round(s.y)) for s in row.seats]
    top = xs_ys[:3]
    assert [x for x, _ in top] == [-30, 0, 30] and all(y < 0 for _, y in top)
    assert xs_ys[3][0] > 30 and xs_ys[3][1] == 0  # right end
    assert [x for x, _ in xs_ys[4:7]] == [30, 0, -30] and all(y > 0 for _, y in xs_ys[4:7])
    assert xs_ys[7][0] < -30  # left end
    assert (area.width, area.height, area.x, area.y) == (90, 30, -45, -15)


def test_standing_area() -> None:
    area = make_standing_area((0, 0), width=300, height=100, capacity=250, name="Dance floor")
    assert (area.kind, area.capacity, area.name) == ("standing", 250, "Dance floor")
    with pytest.raises(ValueError):
        make_standing_area((0, 0), width=300, height=100, capacity=0)


def test_regenerating_a_curved_row_keeps_guids() -> None:
    row = make_row((0, 0), seat_count=10, spacing=26, curvature=30, category="A", new_id=seeded_ids(1))
    row.seats[3].wheelchair = True
    before = [s.guid for s in row.seats]
    flat = regenerate_row(row, curvature=0)
    assert [s.guid for s in flat.seats] == before
    assert all(s.y == pytest.approx(0, abs=1e-9) for s in flat.seats)
    assert flat.seats[3].wheelchair and flat.geometry.kind == "straight"
    assert row.geometry is not None and row.geometry.curvature == 30  # the row itself is untouched
    longer = regenerate_row(row, seat_count=12)
    assert [s.guid for s in longer.seats][:10] == before
    assert len(set(s.guid for s in longer.seats)) == 12
    assert [s.number for s in longer.seats][-2:] == ["11", "12"] and longer.seats[-1].category == "A"
    shorter = regenerate_row(row, seat_count=6)
    assert [s.guid for s in shorter.seats] == before[:6]


def test_regeneration_renumbers_by_the_scheme_unless_told_not_to() -> None:
    row = make_row((0, 0), seat_count=4, spacing=20)
    row.seats[0].number = "99"
    rtl = regenerate_row(row, numbering=SeatNumbering(direction="rtl"))
    assert [s.number for s in rtl.seats] == ["4", "3", "2", "1"]
    kept = regenerate_row(row, spacing=30, renumber=False)
    assert [s.number for s in kept.seats] == ["99", "2", "3", "4"]
    # Numbers a person typed in survive bending the row; numbers that follow the scheme follow it.
    assert [s.number for s in regenerate_row(row, curvature=20).seats] == ["99", "2", "3", "4"]
    rtl = make_row((0, 0), seat_count=4, spacing=20, numbering=SeatNumbering(direction="rtl"))
    assert [s.number for s in rtl.seats] == ["4", "3", "2", "1"]
    assert [s.number for s in regenerate_row(rtl, seat_count=5).seats] == ["5", "4", "3", "2", "1"]


def test_an_imported_row_gets_its_geometry_inferred() -> None:
    drawn = make_row((50, 60), seat_count=9, spacing=30, curvature=50, angle=20,
                     numbering=SeatNumbering(direction="rtl", start=101))
    # As a file would hold it: no geometry, seats listed in another order, the row origin elsewhere.
    shift = (7, -3)
    seats = list(reversed(drawn.seats))
    for s in seats:
        s.x -= shift[0]
        s.y -= shift[1]
    imported = Row("C", seats, drawn.x + shift[0], drawn.y + shift[1])
    start, g, ordered = infer_geometry(imported)
    assert start == pytest.approx((50, 60))
    assert (g.curvature, g.angle, g.spacing) == (pytest.approx(50), pytest.approx(20), pytest.approx(30))
    assert (g.numbering.direction, g.numbering.start) == ("rtl", 101)
    assert [s.guid for s in ordered] == [s.guid for s in drawn.seats]
    # Straightening it keeps every guid.
    layout = regenerate_row(imported, curvature=0)
    assert [s.guid for s in layout.seats] == [s.guid for s in drawn.seats]
    assert [s.number for s in layout.seats] == [s.number for s in drawn.seats]


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError):
        make_row((0, 0))
    with pytest.raises(ValueError):
        make_row((0, 0), seat_count=0)
    with pytest.raises(ValueError):
        arc_positions(5, 20, 400)
    row = make_row((0, 0), seat_count=3)
    with pytest.raises(ValueError):
        regenerate_row(row, spacing=0)
