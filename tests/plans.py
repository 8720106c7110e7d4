"""Seating plans for tests, written in the pretix format (the product's exchange format)."""

from __future__ import annotations

import string
from typing import Any


def grid_plan(
    rows: int = 4,
    seats_per_row: int = 10,
    *,
    categories: tuple[str, ...] = ("Front", "Back"),
    name: str = "Test hall",
    guid_prefix: str = "s",
) -> dict[str, Any]:
    """A rectangular hall: the first half of the rows in the first category, the rest in the last."""
    zone_rows = []
    for r in range(rows):
        label = string.ascii_uppercase[r % 26] * (1 + r // 26)
        category = categories[0] if r < max(1, rows // 2) else categories[-1]
        zone_rows.append(
            {
                "row_number": label,
                "position": {"x": 0, "y": 40 + r * 30},
                "seats": [
                    {
                        "seat_guid": f"{guid_prefix}-{label}-{n}",
                        "seat_number": str(n),
                        "position": {"x": 40 + (n - 1) * 30, "y": 0},
                        "category": category,
                    }
                    for n in range(1, seats_per_row + 1)
                ],
            }
        )
    return {
        "name": name,
        "categories": [
            {"name": c, "color": "#3366cc" if i == 0 else "#cc6633"} for i, c in enumerate(categories)
        ],
        "zones": [
            {
                "name": "Stalls",
                "zone_id": "stalls",
                "position": {"x": 0, "y": 0},
                "rows": zone_rows,
                "areas": [],
            }
        ],
        "size": {"width": 80 + seats_per_row * 30, "height": 80 + rows * 30},
    }
