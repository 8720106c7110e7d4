"""The document: the flat seat list for the database, lookups and change notification."""

from __future__ import annotations

import pytest

from editor.formats import load_pretix
from editor.model import (
    Change,
    Row,
    Seat,
    SeatingDocument,
    Zone,
    make_long_table,
    make_round_table,
    make_row,
    row_ordinals,
)

from .sample_plans import current_plan


def test_flat_seats_have_absolute_positions_and_labels() -> None:
    doc = load_pretix(current_plan())
    records = {r.guid: r for r in doc.iter_seats()}
    assert len(records) == doc.seat_count() == 11
    a3 = records["a3"]
    # zone (50, 100) + row (10, 20) + seat (50.5, 1.25)
    assert (a3.x, a3.y) == (110.5, 121.25)
    assert (a3.zone, a3.row, a3.number, a3.category, a3.radius) == ("Stalls", "A", "3", "Front", 10)
    assert (a3.row_label, a3.seat_label, a3.label) == ("Row A", "Seat 3", "Stalls, Row A, Seat 3")
    b1 = records["b1"]
    assert (b1.x, b1.y) == (60.5, 150.25)
    # No templates: pretix's wording.
    assert (b1.row_label, b1.seat_label, b1.label) == ("Row B", "Seat 1", "Stalls, Row B, Seat 1")
    c2 = records["c2"]
    assert (c2.label, c2.x, c2.y) == ("Balcony, Balcony row 1, Place 2", 124, 302)
    assert a3.row_key == "r-a" and c2.row_key == "r-1"
    assert not a3.wheelchair and a3.companion_of is None and not a3.restricted_view


def test_ordinals_follow_the_seats_in_the_hall_not_the_file() -> None:
    doc = load_pretix(current_plan())
    records = {r.guid: r for r in doc.iter_seats()}
    # Row B is listed right to left in the file.
    assert [records[g].ordinal for g in ("b1", "b2", "b3")] == [0, 1, 2]
    assert [records[f"c{i}"].ordinal for i in range(1, 6)] == [0, 1, 2, 3, 4]


def test_ordinals_of_curved_rows_and_tables() -> None:
    curved = make_row((0, 0), seat_count=15, spacing=30, curvature=150)
    scrambled = Row("X", curved.seats[::2] + curved.seats[1::2])
    order = row_ordinals(scrambled)
    by_ordinal = [s for _, s in sorted(zip(order, scrambled.seats, strict=True), key=lambda t: t[0])]
    assert [s.guid for s in by_ordinal] == [s.guid for s in curved.seats]
    table, _ = make_round_table((0, 0), seat_count=6)
    assert row_ordinals(table) == list(range(6))
    # A table read from a file (no geometry) is ordered clockwise round it.
    long_table, _ = make_long_table((0, 0), seats_per_side=4, end_seats=1)
    seats = long_table.seats[3:] + long_table.seats[:3]
    order = row_ordinals(Row("T", seats))
    ordered = [s for _, s in sorted(zip(order, seats, strict=True), key=lambda t: t[0])]
    names = [s.number for s in ordered]
    start = names.index("1")
    assert names[start:] + names[:start] == [str(i) for i in range(1, 11)]


def test_seat_lookup_and_its_cache() -> None:
    doc = load_pretix(current_plan())
    ref = doc.find_seat("c4")
    assert ref is not None and ref.zone.name == "Balcony"
    assert (ref.row.row_number, ref.seat.number) == ("1", "4")
    doc.zones[1].rows[0].seats.append(Seat("new", "6", 0, 0, "Back"))
    doc.invalidate()
    assert doc.find_seat("new") is not None
    assert doc.find_row("r-b") == (doc.zones[0], doc.zones[0].rows[1])


def test_change_notification_reaches_listeners() -> None:
    doc = SeatingDocument()
    seen: list[tuple[str, list]] = []
    doc.changed.append(lambda kind, objects: seen.append((kind, list(objects))))
    doc.notify(Change.DOCUMENT_CHANGED, [doc])
    assert seen == [(Change.DOCUMENT_CHANGED, [doc])]


def test_effective_focal_point() -> None:
    doc = SeatingDocument(width=800, height=600)
    assert doc.effective_focal_point() == (400, 0)
    doc.focal_point = (10, 20)
    point = doc.effective_focal_point()
    assert (point.x, point.y) == (10, 20)


def test_empty_document_bounds_and_counts() -> None:
    doc = SeatingDocument(zones=[Zone("Empty")])
    assert doc.seat_count() == 0 and doc.bounds() is None and list(doc.iter_seats()) == []
    doc.zones[0].rows.append(make_row((10, 10), seat_count=2, spacing=20))
    assert doc.bounds() == pytest.approx((0, 0, 40, 20))
