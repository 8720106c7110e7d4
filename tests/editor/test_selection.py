"""The selection algebra without Qt: what a click selects in each scope, Shift+click and marquees combined,
what a selection means (units), and selections that outlive undo."""

from __future__ import annotations

from editor.model import Fault, make_row
from editor.model import operations as ops
from editor.model import selection as sel
from editor.model.selection import PlanPlaces, Selection, Unit

from .editing import banquet_hall, demo_hall


def guids(*rows) -> frozenset[str]:
    return frozenset(s.guid for r in rows for s in r.seats)


def test_a_click_selects_a_seat_its_row_or_its_zone() -> None:
    doc = demo_hall()
    stalls = doc.zones[0]
    row_c = stalls.rows[2]
    seat = row_c.seats[4].guid
    assert sel.expand(doc, [seat], scope="seat") == Selection(frozenset([seat]))
    assert sel.expand(doc, [seat], scope="row").seats == guids(row_c)
    whole = sel.expand(doc, [seat], scope="zone")
    assert whole.seats == guids(*stalls.rows)
    assert whole.areas == tuple(stalls.areas), "the zone's stage and labels come along"
    assert sel.of_zone(doc, stalls) == whole


def test_a_table_outline_brings_its_chairs_and_the_chairs_their_outline() -> None:
    doc = banquet_hall()
    tables = doc.zones[3]
    round_row, outline = tables.rows[0], tables.areas[0]
    by_outline = sel.expand(doc, areas=[outline], scope="row")
    assert by_outline.seats == guids(round_row) and by_outline.areas == (outline,)
    by_chair = sel.expand(doc, [round_row.seats[3].guid], scope="row")
    assert by_chair == by_outline
    assert sel.expand(doc, [round_row.seats[3].guid], scope="seat").areas == (), "one chair alone in seat scope"
    assert sel.linked_areas(doc, round_row) == [outline]
    assert sel.zone_of_area(doc, outline) is tables and sel.zone_of_area(doc, doc.areas[0]) is None


def test_shift_click_adds_and_takes_out_and_marquees_combine() -> None:
    doc = demo_hall()
    row_c, row_d = doc.zones[0].rows[2:4]
    c = sel.expand(doc, [row_c.seats[4].guid])
    d = sel.expand(doc, [row_d.seats[0].guid])
    both = sel.combine(c, d, "toggle")
    assert both.seats == guids(row_c, row_d)
    assert sel.combine(both, c, "toggle").seats == guids(row_d), "Shift+click on a selected row takes it out"
    assert sel.combine(both, c, "add") == both
    assert sel.combine(both, c, "replace") is c
    assert both.covers(c) and not c.covers(both)
    stage = doc.zones[0].areas[0]
    with_stage = sel.combine(both, Selection(areas=(stage,)), "toggle")
    assert with_stage.areas == (stage,) and with_stage.seats == both.seats
    assert sel.combine(with_stage, Selection(areas=(stage,)), "toggle") == both, "an area toggles by itself"
    assert not Selection() and Selection(areas=(stage,))


def test_units_are_zones_rows_seats_and_areas_in_plan_order() -> None:
    doc = banquet_hall()
    stalls, balcony, boxes, tables = doc.zones
    partial = [s.guid for s in balcony.rows[0].seats[:3]]
    chosen = Selection(guids(stalls.rows[1], *boxes.rows, *tables.rows) | frozenset(partial),
                       (doc.areas[0], *boxes.areas, tables.areas[0]))
    units = sel.units(doc, chosen, "row")
    kinds = [(u.kind, u.obj) for u in units]
    assert kinds[0] == ("row", stalls.rows[1])
    assert kinds[1:4] == [("seat", s) for s in balcony.rows[0].seats[:3]]
    assert [k for k, _ in kinds[4:]] == ["row"] * 6 + ["area"] * 5
    table_unit = units[8]
    assert table_unit.row is tables.rows[0] and table_unit.linked == (tables.areas[0],)
    assert [u.obj for u in units[10:]] == [doc.areas[0], *boxes.areas], "an outline a row took is no area unit"
    # In the zone scope a zone selected whole is one unit — unless asked for its rows.
    zone_units = sel.units(doc, chosen, "zone")
    assert ("zone", boxes) in [(u.kind, u.obj) for u in zone_units]
    assert [u.kind for u in sel.units(doc, chosen, "zone", expand_zones=True)] == [u.kind for u in units]
    assert sel.rows_of(units) == [stalls.rows[1], *boxes.rows, *tables.rows]
    assert sel.describe(units, chosen) == "7 rows · 3 seats · 5 shapes"
    assert sel.describe(sel.units(doc, Selection(guids(stalls.rows[0])), "row"),
                        Selection(guids(stalls.rows[0]))) == "1 row · 22 seats"
    assert sel.describe([], Selection()) == "Nothing selected"


def test_the_single_drawn_row_has_an_end_handle() -> None:
    doc = banquet_hall()
    row = doc.zones[0].rows[0]
    one = sel.units(doc, Selection(guids(row)))
    assert sel.single_row(one) == Unit("row", doc.zones[0], row)
    assert sel.single_row(sel.units(doc, Selection(guids(*doc.zones[0].rows[:2])))) is None
    table = doc.zones[3].rows[0]
    assert sel.single_row(sel.units(doc, Selection(guids(table)))) is None, "a table has no end handle"


def test_what_survives_an_undo_and_what_a_fault_selects() -> None:
    doc = demo_hall()
    zone = doc.zones[0]
    extra = make_row((0, 900), seat_count=3, row_number="Z")
    ops.add_row(doc, zone, extra)
    stage = zone.areas[0]
    chosen = Selection(guids(extra, zone.rows[0]), (stage,))
    ops.remove(doc, [extra, stage])
    assert sel.still_there(doc, chosen) == Selection(guids(zone.rows[0]))
    fault = Fault("error", "x", "a row", row_uuids=(zone.rows[1].uuid,))
    assert sel.of_fault(doc, fault).seats == guids(zone.rows[1])
    seat_fault = Fault("error", "x", "two seats", seat_guids=(zone.rows[1].seats[0].guid, "gone"))
    assert sel.of_fault(doc, seat_fault).seats == {zone.rows[1].seats[0].guid}
    everything = sel.everything(doc)
    assert len(everything.seats) == doc.seat_count() and len(everything.areas) == len(list(doc.iter_areas()))


def test_a_guid_given_twice_counts_in_both_rows() -> None:
    doc = demo_hall()
    a, b = doc.zones[0].rows[:2]
    b.seats[0].guid = a.seats[0].guid  # a broken file: validation reports it; selecting must not crash
    doc.invalidate()
    places = PlanPlaces(doc)
    assert [row for _, row in places.rows_of([a.seats[0].guid])] == [a, b]
    assert a.seats[0].guid in places and "nope" not in places
    units = sel.units(doc, Selection(frozenset([a.seats[0].guid])), places=places)
    assert [u.seat for u in units] == [a.seats[0], b.seats[0]]
