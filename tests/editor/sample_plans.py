"""Plans for the editor's tests: small pretix plans of both generations and a model built in code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from editor.model import (
    Area,
    AreaText,
    Category,
    RowLabelling,
    SeatingDocument,
    SeatNumbering,
    Zone,
    make_block,
    make_long_table,
    make_round_table,
    make_row,
    make_standing_area,
    seeded_ids,
)

DATA = Path(__file__).parent / "data"


def schema(name: str = "pretix-seating-plan.schema.json") -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _seat(guid: str, number: str, x: float, y: float, category: str, **extra: Any) -> dict[str, Any]:
    seat = {"seat_guid": guid, "seat_number": number, "uuid": f"u-{guid}", "radius": 10,
            "position": {"x": x, "y": y}, "category": category}
    seat.update(extra)
    return seat


def current_plan() -> dict[str, Any]:
    """A current-generation plan written the way dump_pretix writes it (every optional key present),
    so ``dump_pretix(load_pretix(plan)) == plan`` must hold exactly."""
    return {
        "name": "Small hall",
        "categories": [{"name": "Front", "color": "#ff0000"}, {"name": "Back", "color": "#0000ff"},
                       {"name": "Unused"}],
        "size": {"width": 600, "height": 500},
        "zones": [
            {
                "name": "Stalls", "zone_id": "stalls", "uuid": "z-stalls", "position": {"x": 50, "y": 100},
                "rows": [
                    {
                        "row_number": "A", "row_label": "Row %s", "seat_label": "Seat %s", "uuid": "r-a",
                        "row_number_position": "both", "position": {"x": 10, "y": 20},
                        "seats": [
                            _seat("a1", "1", 0, 0, "Front", radius=12, start_direction="<"),
                            _seat("a2", "2", 25, 0, "Front"),
                            _seat("a3", "3", 50.5, 1.25, "Front", start_direction=">"),
                        ],
                    },
                    {
                        "row_number": "B", "row_label": None, "seat_label": None, "uuid": "r-b",
                        "row_number_position": None, "position": {"x": 10.5, "y": 50.25},
                        "seats": [
                            _seat("b3", "3", 50, 0, "Back"),  # listed right to left on purpose
                            _seat("b2", "2", 25, 0, "Back"),
                            _seat("b1", "1", 0, 0, "Back"),
                        ],
                    },
                ],
                "areas": [
                    {"shape": "rectangle", "position": {"x": 100, "y": -90}, "rotation": 0,
                     "color": "#333333", "border_color": "#000000", "uuid": "a-stage",
                     "rectangle": {"width": 200, "height": 60},
                     "text": {"text": "Stage", "position": {"x": 100, "y": 30}, "color": "#ffffff",
                              "size": 20}},
                    {"shape": "circle", "position": {"x": 400, "y": 50}, "rotation": 0,
                     "color": "#00ff00", "uuid": "a-pillar", "circle": {"radius": 15}},
                    {"shape": "ellipse", "position": {"x": 420, "y": 150}, "rotation": 30.5,
                     "color": "#abcdef", "uuid": "a-bar", "ellipse": {"radius": {"x": 40, "y": 20}},
                     "text": {"text": "Bar", "position": {"x": 0, "y": 0}}},
                    {"shape": "polygon", "position": {"x": 0, "y": 0}, "rotation": 0,
                     "border_color": "#999999", "uuid": "a-aisle",
                     "polygon": {"points": [{"x": 0, "y": 0}, {"x": 10, "y": 0}, {"x": 10.5, "y": 80}]}},
                    {"shape": "text", "position": {"x": 250, "y": 250}, "rotation": 0, "uuid": "a-exit",
                     "text": {"text": "EXIT", "position": {"x": 0, "y": 0}, "color": "#00aa00", "size": 14}},
                ],
            },
            {
                "name": "Balcony", "zone_id": "balcony", "uuid": "z-balcony", "position": {"x": 0, "y": 300},
                "rows": [
                    {
                        "row_number": "1", "row_label": "Balcony row %s", "seat_label": "Place %s",
                        "uuid": "r-1", "row_number_position": "start", "position": {"x": 100, "y": 0},
                        "seats": [_seat(f"c{i}", str(i), (i - 1) * 24, (i - 3) ** 2 * 2, "Back")
                                  for i in range(1, 6)],
                    },
                ],
                "areas": [],
            },
        ],
    }


def _legacy_row(number: int, y: int) -> dict[str, Any]:
    return {
        "row_number": str(number), "number_of_seats": 3, "seats_spacing": 30, "position": {"x": 0, "y": y},
        "seats": [{"seat_guid": f"old-{number}-{i}", "seat_number": str(i),
                   "position": {"x": (i - 1) * 30, "y": 0}, "category": "Standard"} for i in range(1, 4)],
    }


def legacy_plan() -> dict[str, Any]:
    """An earlier-generation plan: no size, zones with 'displayed', rows with 'number_of_seats' and
    'seats_spacing', flat areas with a text string, integer positions."""
    return {
        "name": "Old hall",
        "categories": [{"name": "Standard", "color": "#888888"}],
        "zones": [
            {
                "name": "Main", "displayed": True, "position": {"x": 20, "y": 40},
                "rows": [_legacy_row(1, 0), _legacy_row(2, 40)],
                "areas": [{"width": 120, "height": 30, "position": {"x": 0, "y": -60}, "rotation": 0,
                           "color": "#222222", "border_color": "#000000", "text": "Bühne"}],
            }
        ],
    }


def built_document() -> SeatingDocument:
    """A document built with the generators, using everything the native format must keep."""
    ids = seeded_ids("tests")
    doc = SeatingDocument(name="Built hall", width=1200.5, height=900,
                          categories=[Category("Main", "#112233"), Category("Tables", None)],
                          focal_point=(600, 40), source_format="native")
    main = Zone("Main", 100, 150, zone_id="main", uuid=ids(),
                row_labelling=RowLabelling(style="letters", start="A", skip_letters=("I", "O"), reverse=True))
    odd = SeatNumbering(mode="odd", start=1, prefix="L")
    main.rows = make_block((0, 0), rows=3, seats_per_row=8, h_spacing=26, v_spacing=32, curvature=20,
                           labelling=main.row_labelling, numbering=odd, category="Main", skipped=[4],
                           seat_label="Seat %s", new_id=ids)
    main.rows.append(make_row((0, 120), seat_count=6, spacing=30, angle=10, row_number="X",
                              numbering=SeatNumbering(direction="rtl", start=101), category="Main",
                              row_label="Extra row", new_id=ids))
    seats = main.rows[0].seats
    seats[0].wheelchair = True
    seats[1].companion_of = seats[0].guid
    seats[2].restricted_view = True
    seats[3].start_direction = "<>"
    seats[4].radius = 12.5
    main.areas.append(make_standing_area((600, 0), width=200, height=100, capacity=150, name="Standing",
                                         new_id=ids))
    tables = Zone("Tables", 100, 500, zone_id=None, uuid=ids())
    round_row, round_area = make_round_table((100, 100), seat_count=8, skipped=[2], table_number="T1",
                                             category="Tables", new_id=ids)
    long_row, long_area = make_long_table((400, 100), seats_per_side=4, end_seats=1, angle=15,
                                          table_number="T2", category="Tables", new_id=ids)
    tables.rows = [round_row, long_row]
    tables.areas = [round_area, long_area]
    doc.zones = [main, tables]
    doc.areas.append(Area("polygon", 10, 10, points=[(0, 0), (50, 0), (25, 40)], color="#eeeeee",
                          uuid=ids(), name="Lobby"))
    doc.areas.append(Area("text", 600, 20, text=AreaText("Stage", 0, 0, "#000000", 30.0), kind="label",
                          uuid=None, name="Stage"))
    return doc
