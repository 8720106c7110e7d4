"""Write a deterministic 100,000-seat pretix plan (current generation) for benchmarks.

    python tests/benchmarks/make_big_plan.py /tmp/big.json [--seats 100000]

Four zones side by side, each 50 rows of 500 seats: two zones of straight rows, two of curved rows
(each row an arc about a common centre, like a large arena). Written with plain dicts and math so the
file does not depend on the model it is used to measure.
"""

from __future__ import annotations

import argparse
import json
import math
import uuid

NAMESPACE = uuid.UUID("0b7e2f4e-9a6c-4c1e-8d3f-5a2b1c0d9e8f")
SPACING = 24
ROW_GAP = 30
RADIUS = 10
CENTRE_DISTANCE = 12000  # curved rows: distance of the first row from its centre


def _uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(map(str, parts))))


def _straight(zi: int, ri: int, seats: int, category: str) -> dict:
    return {
        "row_number": str(ri + 1),
        "row_label": None,
        "seat_label": None,
        "uuid": _uuid("row", zi, ri),
        "row_number_position": "both",
        "position": {"x": 0, "y": ri * ROW_GAP},
        "seats": [
            {
                "seat_guid": f"z{zi}-r{ri + 1}-s{si + 1}",
                "seat_number": str(si + 1),
                "uuid": _uuid("seat", zi, ri, si),
                "radius": RADIUS,
                "position": {"x": si * SPACING, "y": 0},
                "category": category,
            }
            for si in range(seats)
        ],
    }


def _curved(zi: int, ri: int, seats: int, category: str, centre_distance: float) -> dict:
    # Seats on a circle about (width/2, -centre_distance), spaced SPACING along the arc.
    radius = centre_distance + ri * ROW_GAP
    width = (seats - 1) * SPACING
    step = SPACING / radius
    first = -step * (seats - 1) / 2
    cx = width / 2
    out = _straight(zi, ri, seats, category)
    for si, seat in enumerate(out["seats"]):
        a = first + si * step
        seat["position"] = {
            "x": round(cx + radius * math.sin(a), 2),
            "y": round(-centre_distance + radius * math.cos(a), 2),
        }
    out["position"] = {"x": 0, "y": 0}
    return out


def make_plan(total: int = 100_000) -> dict:
    zones = []
    rows_per_zone = 50
    per_zone = total // 4
    seats_per_row = per_zone // rows_per_zone
    zone_width = seats_per_row * SPACING + 200
    categories = [
        {"name": "Front", "color": "#d62728"},
        {"name": "Middle", "color": "#1f77b4"},
        {"name": "Back", "color": "#2ca02c"},
    ]
    for zi in range(4):
        curved = zi % 2 == 1
        rows = []
        for ri in range(rows_per_zone):
            cat = categories[min(ri * 3 // rows_per_zone, 2)]["name"]
            if curved:
                rows.append(_curved(zi, ri, seats_per_row, cat, CENTRE_DISTANCE))
            else:
                rows.append(_straight(zi, ri, seats_per_row, cat))
        zones.append(
            {
                "name": f"Block {zi + 1}",
                "zone_id": f"block{zi + 1}",
                "uuid": _uuid("zone", zi),
                # Curved rows rise towards their ends: their zones sit lower to stay inside the plan.
                "position": {"x": 50 + zi * zone_width, "y": 1800 if curved else 300},
                "rows": rows,
                "areas": [],
            }
        )
    width = 4 * zone_width + 100
    zones[0]["areas"].append(
        {
            "shape": "rectangle",
            "uuid": _uuid("stage"),
            "position": {"x": width / 2 - 50 - 1000, "y": -250},
            "rotation": 0,
            "color": "#444444",
            "rectangle": {"width": 2000, "height": 150},
            "text": {"text": "Stage", "position": {"x": 1000, "y": 75}, "color": "#ffffff", "size": 48},
        }
    )
    return {
        "name": f"Benchmark arena ({total} seats)",
        "categories": categories,
        "zones": zones,
        "size": {"width": int(width), "height": 1800 + rows_per_zone * ROW_GAP + 100},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--seats", type=int, default=100_000)
    args = parser.parse_args()
    plan = make_plan(args.seats)
    with open(args.path, "w", encoding="utf-8") as fh:
        json.dump(plan, fh, separators=(",", ":"))
    count = sum(len(r["seats"]) for z in plan["zones"] for r in z["rows"])
    print(f"wrote {count} seats to {args.path}")


if __name__ == "__main__":
    main()
