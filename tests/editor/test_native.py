"""The native format: lossless round trips, its shipped schema, refused files, and format sniffing."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from editor.formats import dump_native, dump_pretix, load_any, load_native, load_pretix, sniff_format
from editor.model import PlanError

from .sample_plans import built_document, current_plan, legacy_plan


def native_schema() -> dict:
    return json.loads(resources.files("editor.formats").joinpath("native.schema.json").read_text("utf-8"))


def test_round_trip_is_lossless() -> None:
    doc = built_document()
    data = dump_native(doc)
    again = load_native(json.loads(json.dumps(data)))
    assert dump_native(again) == data
    # Spot checks of what only the native format keeps.
    seats = again.zones[0].rows[0].seats
    assert seats[0].wheelchair and seats[1].companion_of == seats[0].guid and seats[2].restricted_view
    assert seats[3].start_direction == "<>" and seats[4].radius == 12.5
    g = again.zones[0].rows[0].geometry
    assert g is not None and (g.kind, g.curvature, g.skipped, g.numbering.mode, g.numbering.prefix) == (
        "curved", 20, (4,), "odd", "L")
    assert again.zones[0].row_labelling == doc.zones[0].row_labelling
    assert again.focal_point == (600, 40)
    standing = again.zones[0].areas[0]
    assert (standing.kind, standing.capacity, standing.name) == ("standing", 150, "Standing")
    table_row, table_area = again.zones[1].rows[0], again.zones[1].areas[0]
    assert table_area.kind == "table" and table_area.row_uuid == table_row.uuid
    assert [a.name for a in again.areas] == ["Lobby", "Stage"]
    assert [tuple(r) for r in again.iter_seats()] == [tuple(r) for r in doc.iter_seats()]


def test_round_trip_of_imported_pretix_plans_is_lossless() -> None:
    for plan in (current_plan(), legacy_plan()):
        doc = load_pretix(plan)
        data = dump_native(doc)
        assert dump_native(load_native(json.dumps(data))) == data
        assert dump_pretix(load_native(data)) == dump_pretix(doc)


@pytest.mark.parametrize("make", [built_document, lambda: load_pretix(current_plan()),
                                  lambda: load_pretix(legacy_plan())], ids=["built", "current", "legacy"])
def test_dump_is_valid_against_the_shipped_schema(make) -> None:
    jsonschema.validate(dump_native(make()), native_schema())


def test_pretix_export_drops_what_pretix_cannot_hold() -> None:
    doc = load_pretix(dump_pretix(built_document()))
    assert not any(r.wheelchair or r.companion_of or r.restricted_view for r in doc.iter_seats())
    assert all(z_row.geometry is None for z in doc.zones for z_row in z.rows)


def refuse(source) -> PlanError:
    with pytest.raises(PlanError) as info:
        load_native(source)
    assert "\n" not in str(info.value)
    return info.value


def test_refuses_other_formats_and_newer_versions() -> None:
    assert refuse(current_plan()).faults[0].code == "wrong-format"
    data = dump_native(built_document())
    data["version"] = 2
    err = refuse(data)
    assert err.faults[0].code == "too-new" and "version 2" in str(err)


def test_structural_faults_name_their_place() -> None:
    data = dump_native(built_document())
    data["zones"][0]["rows"][1]["seats"][2]["x"] = "12"
    data["zones"][0]["rows"][0]["seats"][0]["wheelchair"] = "yes"
    data["zones"][1]["rows"][0]["geometry"]["kind"] = "spiral"
    del data["zones"][1]["areas"][1]["width"]
    err = refuse(data)
    messages = "\n".join(f.message for f in err.faults)
    assert "zones[0].rows[1].seats[2]: 'x' must be a number, not a string ('12')" in messages
    assert "zones[0].rows[0].seats[0]: 'wheelchair' must be true or false, not a string ('yes')" in messages
    assert "zones[1].rows[0].geometry: 'kind' must be one of" in messages
    assert "zones[1].areas[1]: missing 'width'" in messages


def test_content_faults_are_left_to_validation() -> None:
    # A draft may have duplicate guids or undeclared categories; loading it must still work.
    data = dump_native(built_document())
    data["zones"][0]["rows"][0]["seats"][1]["guid"] = data["zones"][0]["rows"][0]["seats"][0]["guid"]
    data["zones"][0]["rows"][0]["seats"][2]["category"] = "Nowhere"
    doc = load_native(data)
    assert doc.seat_count() == built_document().seat_count()


def test_load_any_sniffs_the_format() -> None:
    native = dump_native(built_document())
    assert sniff_format(native) == "native" and sniff_format(current_plan()) == "pretix"
    assert load_any(native).source_format == "native"
    assert load_any(json.dumps(current_plan())).source_format == "pretix"
    assert load_any(legacy_plan()).source_format == "pretix-legacy"
    assert load_any(native, format="native").name == "Built hall"


def test_load_any_refuses_unknown_formats_naming_them() -> None:
    with pytest.raises(PlanError, match="Unknown seatmap format 'seats.io'"):
        load_any({"format": "seats.io", "zones": []})
    with pytest.raises(PlanError, match="Unknown seatmap format 'svg'"):
        load_any(current_plan(), format="svg")
    with pytest.raises(PlanError, match="no seating plan this program knows"):
        load_any({"hello": "world"})
    with pytest.raises(PlanError, match="Expected a pretix plan"):
        load_any(dump_native(built_document()), format="pretix")


def test_demo_hall_native_file_is_valid() -> None:
    text = resources.files("resources.demo").joinpath("hall.native.json").read_text("utf-8")
    jsonschema.validate(json.loads(text), native_schema())
