"""The demo hall shipped in resources/demo: a believable theatre that validates cleanly."""

from __future__ import annotations

import json
import math
from collections import Counter
from importlib import resources

import jsonschema

from editor.formats import dump_native, dump_pretix, load_any, load_pretix
from editor.model import validate
from tests.tools.make_demo_hall import build

from .sample_plans import schema


def hall_text(name: str = "hall.json") -> str:
    return resources.files("resources.demo").joinpath(name).read_text("utf-8")


def test_demo_hall_is_a_current_pretix_plan_without_faults() -> None:
    data = json.loads(hall_text())
    jsonschema.validate(data, schema())
    doc = load_pretix(data)
    assert doc.source_format == "pretix"
    assert validate(doc) == []
    assert 550 <= doc.seat_count() <= 650


def test_demo_hall_looks_like_a_theatre() -> None:
    doc = load_any(hall_text())
    assert [z.name for z in doc.zones] == ["Stalls", "Balcony", "Boxes"]
    colours = [c.color for c in doc.categories]
    assert 3 <= len(colours) <= 4 and len(set(colours)) == len(colours)
    stalls, balcony, boxes = doc.zones
    assert len(stalls.rows) == 14 and not {"I", "O"} & {r.row_number for r in stalls.rows}
    assert 5 <= len(balcony.rows) <= 6
    assert all(4 <= len(r.seats) <= 6 for r in boxes.rows) and len(boxes.rows) >= 3
    # The balcony is an arc: the middle of a row lies well below its ends.
    row = balcony.rows[0]
    ys = [s.y for s in row.seats]
    assert max(ys) - min(ys) > 60
    # The stalls have a centre aisle: one gap wider than the rest in every row.
    for r in stalls.rows:
        gaps = sorted(math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(r.seats, r.seats[1:], strict=False))
        assert gaps[-1] > 1.8 * gaps[0]
    # Every seat reads well: labels set, a category, and the stage is the focal point.
    assert all(r.row_label and r.seat_label for z in doc.zones for r in z.rows)
    assert all(rec.label.count(",") == 2 for rec in doc.iter_seats())
    stage = [a for a in stalls.areas if a.text is not None and a.text.text == "Stage"]
    assert len(stage) == 1 and doc.focal_point == stage[0].centre()
    assert Counter(rec.category for rec in doc.iter_seats()).keys() == {c.name for c in doc.categories}


def test_native_demo_hall_keeps_accessibility() -> None:
    doc = load_any(hall_text("hall.native.json"))
    records = list(doc.iter_seats())
    wheelchair = {r.guid for r in records if r.wheelchair}
    companions = [r for r in records if r.companion_of]
    assert len(wheelchair) >= 2 and {r.companion_of for r in companions} == wheelchair
    assert validate(doc) == []
    # Same hall as the pretix file, apart from what pretix cannot hold.
    assert dump_pretix(doc) == json.loads(hall_text())


def test_committed_files_match_the_generator() -> None:
    doc = build()
    assert dump_pretix(doc) == json.loads(hall_text())
    assert dump_native(doc) == json.loads(hall_text("hall.native.json"))
