"""pretix import and export: round trips, both generations, the current schema, refused plans."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from editor.formats import dump_pretix, load_pretix
from editor.model import PlanError, SeatingDocument

from .sample_plans import built_document, current_plan, legacy_plan, schema


def seat_facts(doc: SeatingDocument) -> dict[str, tuple]:
    return {r.guid: (r.number, r.category, round(r.x, 9), round(r.y, 9)) for r in doc.iter_seats()}


def test_loads_a_current_plan() -> None:
    doc = load_pretix(current_plan())
    assert doc.source_format == "pretix"
    assert doc.name == "Small hall"
    assert doc.size == (600, 500)
    assert [c.name for c in doc.categories] == ["Front", "Back", "Unused"]
    assert doc.categories[2].color is None
    stalls, balcony = doc.zones
    assert (stalls.name, stalls.zone_id, stalls.uuid) == ("Stalls", "stalls", "z-stalls")
    assert stalls.position == (50, 100) and balcony.position.y == 300
    row_a = stalls.rows[0]
    assert (row_a.row_label, row_a.seat_label, row_a.uuid, row_a.row_number_position) == (
        "Row %s", "Seat %s", "r-a", "both")
    first = row_a.seats[0]
    assert (first.guid, first.uuid, first.radius, first.start_direction) == ("a1", "u-a1", 12, "<")
    assert row_a.seats[1].start_direction is None
    assert [a.shape for a in stalls.areas] == ["rectangle", "circle", "ellipse", "polygon", "text"]
    assert stalls.areas[2].radius_x == 40 and stalls.areas[2].rotation == 30.5
    assert stalls.areas[3].points == [(0, 0), (10, 0), (10.5, 80)]
    assert doc.seat_count() == 11


def test_export_gives_back_exactly_what_was_imported() -> None:
    plan = current_plan()
    assert dump_pretix(load_pretix(copy.deepcopy(plan))) == plan


def test_round_trip_keeps_seats_labels_and_metadata() -> None:
    doc = load_pretix(current_plan())
    again = load_pretix(json.dumps(dump_pretix(doc)))
    assert seat_facts(again) == seat_facts(doc)
    for z1, z2 in zip(doc.zones, again.zones, strict=True):
        assert (z1.name, z1.zone_id, z1.uuid) == (z2.name, z2.zone_id, z2.uuid)
        for r1, r2 in zip(z1.rows, z2.rows, strict=True):
            assert (r1.row_number, r1.row_label, r1.seat_label, r1.uuid, r1.row_number_position) == (
                r2.row_number, r2.row_label, r2.seat_label, r2.uuid, r2.row_number_position)
            assert [(s.uuid, s.radius, s.start_direction) for s in r1.seats] == [
                (s.uuid, s.radius, s.start_direction) for s in r2.seats]
        assert dump_pretix(doc)["zones"][0]["areas"] == dump_pretix(again)["zones"][0]["areas"]


@pytest.mark.parametrize("make", [current_plan, legacy_plan], ids=["current", "legacy"])
def test_export_is_valid_against_the_current_schema(make) -> None:
    jsonschema.validate(dump_pretix(load_pretix(make())), schema())


def test_export_of_a_drawn_document_rounds_integer_fields_and_validates() -> None:
    doc = built_document()
    doc.width = 1200.6
    doc.zones[0].rows[0].seats[0].radius = 10.4
    out = dump_pretix(doc)
    jsonschema.validate(out, schema())
    assert out["size"] == {"width": 1201, "height": 900}
    assert out["zones"][0]["rows"][0]["seats"][0]["radius"] == 10
    # The document's free areas land in the first zone, at the same place on the plan.
    lobby = next(a for a in out["zones"][0]["areas"] if a.get("uuid") == doc.areas[0].uuid)
    assert lobby["position"] == {"x": 10 - 100, "y": 10 - 150}
    # Accessibility has no place in pretix.
    text = json.dumps(out)
    assert "wheelchair" not in text and "companion" not in text and "capacity" not in text


def test_export_keeps_absolute_positions_of_a_drawn_document() -> None:
    doc = built_document()
    assert seat_facts(load_pretix(dump_pretix(doc))) == seat_facts(doc)


def test_legacy_plan_is_told_apart_and_converted() -> None:
    doc = load_pretix(legacy_plan())
    assert doc.source_format == "pretix-legacy"
    # No size in the file: derived from what is drawn, with a margin.
    assert doc.size == (190, 140)
    area = doc.zones[0].areas[0]
    assert (area.shape, area.width, area.height, area.color) == ("rectangle", 120, 30, "#222222")
    assert area.text is not None and (area.text.text, area.text.x, area.text.y) == ("Bühne", 60, 15)
    # The legacy editor's seat spacing is kept as row geometry (native format only).
    assert doc.zones[0].rows[0].geometry is not None and doc.zones[0].rows[0].geometry.spacing == 30
    # Rows get stable uuids derived from their place: loading twice gives the same row keys.
    again = load_pretix(legacy_plan())
    assert [r.uuid for r in doc.zones[0].rows] == [r.uuid for r in again.zones[0].rows]
    assert len({r.uuid for r in doc.zones[0].rows}) == 2
    assert seat_facts(load_pretix(dump_pretix(doc))) == seat_facts(doc)


def test_focal_point_comes_from_the_stage_area() -> None:
    doc = load_pretix(current_plan())
    # Stage rectangle at (100, -90) in the zone at (50, 100), 200 x 60: centre (250, 40).
    assert doc.focal_point == (250, 40)
    # The legacy plan's area says "Bühne".
    assert load_pretix(legacy_plan()).focal_point == (80, -5)


def test_focal_point_in_russian_and_without_any_stage() -> None:
    plan = current_plan()
    stage = plan["zones"][0]["areas"][0]
    stage["text"]["text"] = "Сцена"
    assert load_pretix(plan).focal_point == (250, 40)
    stage["text"]["text"] = "Screen 1"
    assert load_pretix(plan).focal_point == (300, 0)  # top centre of a 600-wide plan


def test_sources_text_bytes_and_path(tmp_path) -> None:
    text = json.dumps(current_plan())
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    for source in (text, text.encode("utf-8"), b"\xef\xbb\xbf" + text.encode("utf-8"), path, str(path)):
        assert load_pretix(source).seat_count() == 11


def test_row_number_positions_of_other_tools_are_mapped() -> None:
    plan = current_plan()
    plan["zones"][0]["rows"][0]["row_number_position"] = "left"
    plan["zones"][0]["rows"][1]["row_number_position"] = "right"
    doc = load_pretix(plan)
    assert [r.row_number_position for r in doc.zones[0].rows] == ["start", "end"]


# -- refused plans --------------------------------------------------------------------------------
def refuse(source) -> PlanError:
    with pytest.raises(PlanError) as info:
        load_pretix(source)
    err = info.value
    assert err.faults and "\n" not in str(err)
    assert isinstance(err, ValueError)
    return err


def test_truncated_json_names_line_and_column() -> None:
    text = json.dumps(current_plan(), indent=1)
    err = refuse(text[: len(text) // 2])
    assert err.faults[0].code == "truncated-json"
    assert "line " in str(err) and "column " in str(err)


def test_invalid_json_names_line_and_column() -> None:
    err = refuse('{\n  "name": "x",\n  "zones": [}\n')
    assert err.faults[0].code == "invalid-json"
    assert "line 3, column" in str(err)


def test_empty_and_unreadable_sources(tmp_path) -> None:
    assert refuse(b"").faults[0].code == "empty"
    err = refuse(tmp_path / "missing.json")
    assert err.faults[0].code == "unreadable" and "missing.json" in str(err)


def test_not_an_object() -> None:
    err = refuse("[1, 2]")
    assert err.faults[0].code == "not-an-object" and "a list" in str(err)


def test_missing_seats_names_the_row() -> None:
    plan = current_plan()
    del plan["zones"][1]["rows"][0]["seats"]
    err = refuse(plan)
    assert str(err).startswith("zones[1].rows[0]: missing 'seats'")
    assert "row '1' of zone 'Balcony'" in str(err)


def test_missing_keys_at_every_level() -> None:
    plan = current_plan()
    del plan["name"]
    del plan["zones"][0]["position"]
    del plan["zones"][0]["rows"][0]["seats"][1]["seat_guid"]
    del plan["zones"][0]["rows"][1]["row_number"]
    err = refuse(plan)
    messages = [f.message for f in err.faults]
    assert any(m.startswith("top level: missing 'name'") for m in messages)
    assert any(m.startswith("zones[0]: missing 'position'") for m in messages)
    assert any(m.startswith("zones[0].rows[0].seats[1]: missing 'seat_guid'") for m in messages)
    assert any(m.startswith("zones[0].rows[1]: missing 'row_number'") for m in messages)
    assert str(err).endswith(f"(and {len(err.faults) - 1} more problems)")


def test_wrong_types_name_the_place_and_the_value() -> None:
    plan = current_plan()
    plan["zones"][0]["rows"][0]["seats"][2]["seat_number"] = 3
    plan["zones"][0]["rows"][1]["seats"][0]["position"]["x"] = "50"
    plan["zones"][1]["rows"] = {"not": "a list"}
    err = refuse(plan)
    messages = "\n".join(f.message for f in err.faults)
    assert "zones[0].rows[0].seats[2]: 'seat_number' must be a string, not a number (3)" in messages
    assert "seat guid 'a3' in row 'A' of zone 'Stalls'" in messages
    assert "zones[0].rows[1].seats[0].position: 'x' must be a number, not a string ('50')" in messages
    assert "zones[1]: 'rows' must be a list, not an object" in messages


def test_duplicate_guids_name_both_places() -> None:
    plan = current_plan()
    plan["zones"][1]["rows"][0]["seats"][4]["seat_guid"] = "a2"
    err = refuse(plan)
    fault = err.faults[0]
    assert fault.code == "duplicate-guid" and fault.seat_guids == ("a2",)
    assert fault.message.startswith(
        "zones[1].rows[0].seats[4]: seat guid 'a2' is already used by zones[0].rows[0].seats[1]")


def test_undeclared_category_names_category_seat_row_and_zone() -> None:
    plan = current_plan()
    for seat in plan["zones"][1]["rows"][0]["seats"]:
        seat["category"] = "VIP"
    err = refuse(plan)
    assert len(err.faults) == 1
    message = str(err)
    assert message.startswith("zones[1].rows[0].seats[0]: category 'VIP' is not declared")
    assert "5 seats use it" in message and "seat guid 'c1' in row '1' of zone 'Balcony'" in message


def test_a_plan_without_seats_is_refused() -> None:
    plan = current_plan()
    for zone in plan["zones"]:
        zone["rows"] = []
    err = refuse(plan)
    assert err.faults[0].code == "no-seats"


@pytest.mark.parametrize("value", [1e9, float("inf"), float("nan"), -2e6])
def test_absurd_coordinates_are_refused(value: float) -> None:
    plan = current_plan()
    plan["zones"][0]["rows"][0]["seats"][1]["position"]["y"] = value
    err = refuse(json.dumps(plan))  # JSON text: Python writes NaN and Infinity, as some tools do
    assert err.faults[0].code == "absurd-value"
    assert str(err).startswith("zones[0].rows[0].seats[1]: absurd position")


def test_absurd_zone_position_size_and_radius() -> None:
    plan = current_plan()
    plan["size"]["width"] = 0
    plan["zones"][1]["position"]["x"] = 5e7
    plan["zones"][0]["rows"][0]["seats"][0]["radius"] = -3
    err = refuse(plan)
    messages = "\n".join(f.message for f in err.faults)
    assert "size: 'width' has an absurd value 0" in messages
    assert "zones[1].position: 'x' has an absurd value 50000000.0" in messages
    assert "zones[0].rows[0].seats[0]: absurd radius -3" in messages


def test_bad_areas_are_refused() -> None:
    plan = current_plan()
    areas = plan["zones"][0]["areas"]
    areas[0]["shape"] = "hexagon"
    del areas[1]["circle"]
    areas[2]["text"] = {"text": "Bar"}
    err = refuse(plan)
    messages = "\n".join(f.message for f in err.faults)
    assert "zones[0].areas[0]: 'shape' must be one of" in messages and "'hexagon'" in messages
    assert "zones[0].areas[1]: a circle area needs a 'circle' object" in messages
    assert "zones[0].areas[2].text: missing 'position'" in messages


def test_many_faults_are_counted_in_the_one_line() -> None:
    plan = current_plan()
    for seat in plan["zones"][0]["rows"][0]["seats"]:
        seat["seat_number"] = None
    err = refuse(plan)
    assert len(err.faults) == 3
    assert str(err).endswith("(and 2 more problems)")
