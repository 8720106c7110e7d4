"""Helpers of the tests of the editor's operations (no Qt): the demo hall with tables and shapes added, the
absolute place of a seat, and taking a list of edits back and doing it again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from editor.formats import dump_native, load_any
from editor.model import (
    Area,
    AreaText,
    SeatingDocument,
    Zone,
    make_long_table,
    make_round_table,
    make_standing_area,
    seeded_ids,
)
from editor.model.operations import Edit

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "hall.native.json"


def demo_hall() -> SeatingDocument:
    """The demo theatre: Stalls (14 curved rows, the stage, labels), Balcony (6 curved rows), Boxes (4
    vertical rows of 5 and their outlines)."""
    return load_any(DEMO)


def banquet_hall() -> SeatingDocument:
    """The demo hall with a zone of tables (round and long, with outlines) and shapes of every kind."""
    doc = demo_hall()
    ids = seeded_ids("banquet")
    zone = Zone("Tables", 100.0, 1100.0, uuid=ids())
    round_row, round_area = make_round_table((100, 100), seat_count=8, table_number="1", category="Box",
                                             new_id=ids)
    long_row, long_area = make_long_table((400, 100), seats_per_side=4, end_seats=1, angle=15,
                                          table_number="2", category="Box", new_id=ids)
    zone.rows = [round_row, long_row]
    zone.areas = [round_area, long_area,
                  make_standing_area((600, 0), width=200, height=120, capacity=80, new_id=ids)]
    doc.zones.append(zone)
    doc.areas += [
        Area("ellipse", 1200, 1200, radius_x=60, radius_y=30, rotation=30, color="#e9ecef", uuid=ids()),
        Area("polygon", 1000, 1300, points=[(0, 0), (80, 0), (40, 60)], color="#e9ecef", uuid=ids()),
        Area("circle", 1300, 1400, radius=25, color="#e9ecef", uuid=ids()),
        Area("text", 900, 1450, text=AreaText("BAR", 0, 0, "#24292f", 20.0), kind="label", uuid=ids()),
    ]
    doc.invalidate()
    return doc


def snapshot(doc: SeatingDocument) -> str:
    return json.dumps(dump_native(doc), sort_keys=True)


def undo(edits: Sequence[Edit]) -> None:
    for edit in reversed(edits):
        edit.undo()


def redo(edits: Sequence[Edit]) -> None:
    for edit in edits:
        edit.redo()


def absolute(doc: SeatingDocument, guid: str) -> tuple[float, float]:
    ref = doc.find_seat(guid)
    assert ref is not None
    return (ref.zone.x + ref.row.x + ref.seat.x, ref.zone.y + ref.row.y + ref.seat.y)


def undo_redo_exactly(doc: SeatingDocument, before: str, edits: Sequence[Edit]) -> None:
    """Undo puts the plan back as it was, redo as the operation left it."""
    after = snapshot(doc)
    undo(edits)
    assert snapshot(doc) == before
    redo(edits)
    assert snapshot(doc) == after
