"""validate(): each kind of fault, clean plans, and the overlap check on 100,000 seats."""

from __future__ import annotations

import math

import pytest

from editor.formats import load_pretix
from editor.model import Area, Category, Seat, SeatingDocument, Zone, make_row, make_standing_area, validate
from tests.benchmarks.make_big_plan import make_plan

from .sample_plans import built_document, current_plan


@pytest.fixture
def doc() -> SeatingDocument:
    return load_pretix(current_plan())


def codes(doc: SeatingDocument) -> list[str]:
    return [f.code for f in validate(doc)]


def seat(doc: SeatingDocument, guid: str) -> Seat:
    ref = doc.find_seat(guid)
    assert ref is not None
    return ref.seat


def test_clean_plans_give_no_faults(doc) -> None:
    assert validate(doc) == []
    assert validate(built_document()) == []


def test_duplicate_guid(doc) -> None:
    seat(doc, "c1").guid = "a1"
    faults = validate(doc)
    assert [f.code for f in faults] == ["duplicate-guid"]
    f = faults[0]
    assert f.severity == "error" and f.seat_guids == ("a1",) and f.row_uuids == ("r-1",)
    assert "zone 'Stalls', Row A, seat 1 (guid a1)" in f.message
    assert "zone 'Balcony', Row 1, seat 1 (guid a1)" in f.message


def test_duplicate_label(doc) -> None:
    seat(doc, "a2").number = "1"
    faults = validate(doc)
    assert [f.code for f in faults] == ["duplicate-label"]
    assert faults[0].seat_guids == ("a1", "a2")
    assert "zone 'Stalls', Row A, seat 1" in faults[0].message


def test_same_number_in_another_row_or_zone_is_fine(doc) -> None:
    seat(doc, "c1").number = "1"  # Balcony row 1 seat 1 vs Stalls row A seat 1
    assert validate(doc) == []


def test_unlabelled_seats_are_one_fault_per_row(doc) -> None:
    seat(doc, "a1").number = ""
    seat(doc, "a2").number = "  "
    faults = validate(doc)
    assert [f.code for f in faults] == ["unlabelled-seat"]
    assert faults[0].seat_guids == ("a1", "a2") and faults[0].row_uuids == ("r-a",)
    assert "2 seats have no seat number" in faults[0].message


def test_seats_without_or_with_undeclared_category(doc) -> None:
    seat(doc, "a1").category = ""
    seat(doc, "b1").category = "VIP"
    seat(doc, "b2").category = "VIP"
    faults = validate(doc)
    assert sorted(f.code for f in faults) == ["missing-category", "undeclared-category"]
    undeclared = next(f for f in faults if f.code == "undeclared-category")
    assert "'VIP'" in undeclared.message and set(undeclared.seat_guids) == {"b1", "b2"}
    assert "Row B" in undeclared.message


def test_overlap_is_a_warning_and_seats_on_top_an_error(doc) -> None:
    a1, a2 = seat(doc, "a1"), seat(doc, "a2")
    a2.x = a1.x + 12  # radii 12 and 10: they overlap, but can be told apart
    faults = validate(doc)
    assert [(f.severity, f.code) for f in faults] == [("warning", "overlapping-seats")]
    assert set(faults[0].seat_guids) == {"a1", "a2"} and "12.0 apart" in faults[0].message
    a2.x = a1.x + 0.5
    assert [(f.severity, f.code) for f in validate(doc)] == [("error", "seats-on-top")]
    a2.x, a2.y = a1.x, a1.y
    assert [(f.severity, f.code) for f in validate(doc)] == [("error", "seats-on-top")]


def test_overlap_across_zones_uses_absolute_positions(doc) -> None:
    # c1 sits in the Balcony zone; put it onto b2 in the Stalls.
    b2 = doc.find_seat("b2")
    c1 = doc.find_seat("c1")
    c1.seat.x = b2.zone.x + b2.row.x + b2.seat.x - (c1.zone.x + c1.row.x) + 3
    c1.seat.y = b2.zone.y + b2.row.y + b2.seat.y - (c1.zone.y + c1.row.y)
    faults = validate(doc)
    assert [f.code for f in faults] == ["seats-on-top"] and set(faults[0].seat_guids) == {"b2", "c1"}


def test_companions(doc) -> None:
    seat(doc, "a1").wheelchair = True
    seat(doc, "a2").companion_of = "a1"
    assert validate(doc) == []
    seat(doc, "a3").companion_of = "a1"
    assert [(f.severity, f.code) for f in validate(doc)] == [("warning", "companion-shared")]
    seat(doc, "a3").companion_of = "b1"
    seat(doc, "b2").companion_of = "gone"
    faults = validate(doc)
    assert [f.code for f in faults] == ["companion-without-wheelchair"] * 2
    assert "not a wheelchair place" in faults[0].message and "not in the plan" in faults[1].message


def test_no_seats() -> None:
    assert codes(SeatingDocument(zones=[Zone("Empty")])) == ["no-seats"]


@pytest.mark.parametrize("field, value", [("x", math.nan), ("y", math.inf), ("x", 2e6), ("radius", 0),
                                          ("radius", -5), ("radius", math.nan)])
def test_absurd_seat_values(doc, field: str, value: float) -> None:
    setattr(seat(doc, "b3"), field, value)
    faults = validate(doc)
    assert [f.code for f in faults] == ["absurd-value"] and faults[0].seat_guids == ("b3",)


def test_absurd_plan_zone_and_area_values(doc) -> None:
    doc.width = -1
    doc.zones[1].x = math.nan
    doc.zones[0].areas[0].width = 0
    doc.zones[0].areas.append(Area("polygon", 0, 0, points=[(0, 0), (1, 1)]))
    doc.zones[0].areas.append(make_standing_area((0, 0), width=10, height=10, capacity=5))
    doc.zones[0].areas[-1].capacity = None
    found = codes(doc)
    # The size, the zone (not each of its seats again), the stage's width, the two-point polygon.
    assert found.count("absurd-value") == 4 and "standing-without-capacity" in found


def test_errors_come_before_warnings(doc) -> None:
    seat(doc, "a2").x = seat(doc, "a1").x + 12
    seat(doc, "b1").category = ""
    assert [f.severity for f in validate(doc)] == ["error", "warning"]


def test_the_overlap_check_runs_on_100k_seats() -> None:
    doc = load_pretix(make_plan())
    assert doc.seat_count() == 100_000
    assert validate(doc) == []
    # One seat dropped onto its neighbour and a pile of pasted copies are both found.
    row = doc.zones[2].rows[10]
    row.seats[5].x = row.seats[4].x + 1
    row.seats.extend(Seat(f"pasted-{i}", f"p{i}", 0, 0, "Back") for i in range(2000))
    doc.invalidate()
    faults = validate(doc)
    assert {f.code for f in faults} == {"seats-on-top"}
    pile = next(f for f in faults if len(f.seat_guids) > 2)
    assert len(pile.seat_guids) == 2001  # the copies and the seat already there


def test_overlap_with_one_oversized_seat() -> None:
    zone = Zone("Z", rows=[make_row((0, 0), seat_count=50, spacing=25, row_number="A", category="C")])
    zone.rows[0].seats[10].radius = 200
    doc = SeatingDocument(width=2000, height=500, zones=[zone])
    doc.categories.append(Category("C"))
    faults = [f for f in validate(doc) if f.code in ("overlapping-seats", "seats-on-top")]
    # Overlap below 0.9 x (200 + 10) = 189 apart: seven neighbours 25 apart on either side.
    assert len(faults) == 14
    assert all(zone.rows[0].seats[10].guid in f.seat_guids for f in faults)
