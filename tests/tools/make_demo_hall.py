"""Generate the demo hall: ``resources/demo/hall.json`` (pretix, current generation) and
``resources/demo/hall.native.json`` (the native format, which also keeps wheelchair places, companion
seats and the editor's row geometry).

    python -m tests.tools.make_demo_hall [--out resources/demo]     (from the repository root)

A theatre of about 600 seats: a stage; stalls of 14 slightly curved rows (A to P without I and O)
with a centre aisle; a balcony of 6 strongly curved rows with two aisles; four boxes of five seats on
the side walls. Deterministic: the same files on every run.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from editor.formats.native import dump_native
from editor.formats.pretix import dump_pretix
from editor.model import (
    SKIP_I_O,
    Area,
    AreaText,
    Category,
    RowLabelling,
    SeatingDocument,
    Zone,
    concentric_row,
    make_row,
    row_labels,
    seeded_ids,
    validate,
)

ROOT = Path(__file__).resolve().parents[2]
SPACING = 28  # between seat centres along a row
ROW_GAP = 34  # between rows
STAGE_CENTRE = (700.0, 95.0)
AISLE_BEARING = 0.2  # radians either side of the middle: where the balcony's aisles run


def build() -> SeatingDocument:
    ids = seeded_ids("boxoffice demo hall v1")
    doc = SeatingDocument(
        name="Demo Theatre",
        width=1400,
        height=1060,
        categories=[
            Category("Stalls A", "#c62828"),
            Category("Stalls B", "#ef6c00"),
            Category("Balcony", "#1565c0"),
            Category("Box", "#6a1b9a"),
        ],
        focal_point=STAGE_CENTRE,
    )

    # -- stalls: rows on arcs about a point far behind the stage, so they curve only slightly ---------
    stalls = Zone("Stalls", 0, 0, zone_id="stalls", uuid=ids(),
                  row_labelling=RowLabelling(style="letters", start="A", skip_letters=SKIP_I_O))
    centre = (700.0, -700.0)
    labels = row_labels(14, stalls.row_labelling)
    for i, label in enumerate(labels):
        seats = 22 + 2 * (i // 2)  # even counts: the centre aisle stays straight
        slots = seats + 1  # one empty place in the middle: the centre aisle
        row = concentric_row(
            centre, 930 + i * ROW_GAP, seat_count=slots, spacing=SPACING, skipped=[slots // 2],
            row_number=label, row_label="Row %s", seat_label="Seat %s",
            category="Stalls A" if i < 7 else "Stalls B", new_id=ids)
        stalls.rows.append(row)
    stalls.areas.append(Area("rectangle", 400, 40, width=600, height=110, color="#5d4037",
                             border_color="#3e2723", text=AreaText("Stage", 300, 55, "#ffffff", 36),
                             uuid=ids(), name="Stage"))
    stalls.areas.append(Area("text", 700, 700, text=AreaText("STALLS", 0, 0, "#9e9e9e", 18), uuid=ids(),
                             kind="label", name="Stalls"))
    for x in (60, 1340):
        stalls.areas.append(Area("text", x, 690, text=AreaText("EXIT", 0, 0, "#2e7d32", 16), uuid=ids(),
                                 kind="label", name="Exit"))
    # Wheelchair places at both ends of the back row, each with its companion seat beside it.
    back = stalls.rows[-1].seats
    for place, companion in ((back[0], back[1]), (back[-1], back[-2])):
        place.wheelchair = True
        companion.companion_of = place.guid
    # The outermost seats of the two front rows look past the stage's side wall.
    for row in stalls.rows[:2]:
        row.seats[0].restricted_view = True
        row.seats[-1].restricted_view = True

    # -- balcony: its own zone, rows on arcs about the stage centre -----------------------------------
    balcony = Zone("Balcony", 0, 600, zone_id="balcony", uuid=ids(),
                   row_labelling=RowLabelling(style="numbers", start=1))
    bcentre = (STAGE_CENTRE[0] - balcony.x, STAGE_CENTRE[1] - balcony.y)
    for i, label in enumerate(row_labels(6, balcony.row_labelling)):
        distance = 700 + i * ROW_GAP
        slots = 29 + 2 * i  # odd: the middle of the row is a seat straight in front of the stage
        # Two aisles at a fixed bearing either side of the middle, so they run straight towards the
        # stage; seat numbers run on across them.
        off = round(AISLE_BEARING * distance / SPACING)
        skipped = [slots // 2 - off, slots // 2 + off]
        row = concentric_row(bcentre, distance, seat_count=slots, spacing=SPACING,
                             skipped=skipped, row_number=label, row_label="Balcony row %s",
                             seat_label="Seat %s", category="Balcony", new_id=ids)
        balcony.rows.append(row)
    balcony.areas.append(Area("text", 700, 400, text=AreaText("BALCONY", 0, 0, "#9e9e9e", 18), uuid=ids(),
                              kind="label", name="Balcony"))

    # -- boxes: five seats each along the side walls, facing the stage ------------------------------
    boxes = Zone("Boxes", 0, 0, zone_id="boxes", uuid=ids())
    for n, (x, y) in enumerate(((95, 250), (95, 430), (1305, 250), (1305, 430)), start=1):
        row = make_row((x, y), seat_count=5, spacing=SPACING, angle=90, row_number=str(n),
                       row_label="Box %s", seat_label="Seat %s", category="Box", row_number_position="start",
                       new_id=ids)
        boxes.rows.append(row)
        boxes.areas.append(Area("rectangle", x - 24, y - 26, width=48, height=4 * SPACING + 52, color=None,
                                border_color="#6a1b9a", uuid=ids(), kind="shape", name=f"Box {n}"))
    doc.zones = [stalls, balcony, boxes]
    # Hundredths of a pixel are plenty; shorter numbers keep the committed files readable.
    for zone in doc.zones:
        for row in zone.rows:
            row.x, row.y = round(row.x, 2), round(row.y, 2)
            for seat in row.seats:
                seat.x, seat.y = round(seat.x, 2), round(seat.y, 2)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "demo")
    args = parser.parse_args()
    doc = build()
    errors = [f for f in validate(doc) if f.is_error]
    if errors:
        raise SystemExit("the demo hall does not validate:\n" + "\n".join(map(str, errors)))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, data in (("hall.json", dump_pretix(doc)), ("hall.native.json", dump_native(doc))):
        path = args.out / name
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    print(f"{doc.seat_count()} seats")


if __name__ == "__main__":
    main()
