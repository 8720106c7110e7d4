"""The seatmap document model, free of Qt and of the database (standard library only).

Import from here: ``from editor.model import SeatingDocument, Zone, Row, Seat, validate, ...``;
the operations live in ``editor.model.operations`` (``from editor.model import operations as ops``) and
the editing modules beside it (``from editor.model import arrange, selection``).

- ``elements``: Category, Zone, Row (+ RowGeometry), Seat, Area (+ AreaText), Point.
- ``document``: SeatingDocument (change notification, lookups, ``iter_seats()`` → SeatRecord).
- ``geometry``: generators for rows, curved rows, blocks, tables, standing areas; row regeneration; the
  boxes things take up (``Box``, ``area_box``).
- ``numbering``: row labels, seat numbers, pretix ``%s`` label templates.
- ``operations``: undoable edits (each returns an ``Edit``; ``field_edit`` is their common shape).
- the editor's editing, each operation returning the ``Edit`` s it applied (one ``QUndoCommand`` wraps
  them): ``selection`` (the selection, its scope, expand/combine, its units), ``arrange`` (move, align,
  distribute, rotate, flip, duplicate, delete), ``rows`` (row labels, renumbering, gaps, seat attributes,
  companions, tables), ``zones`` (the zone new rows go to, a zone around rows, rows between zones),
  ``categories``.
- ``copying``: ``duplicate`` with fresh guids.
- ``validation``: ``validate(doc) -> list[Fault]``; ``faults``: Fault and PlanError.
- ``focal``: the stage centre that best-available measures from.
"""

from .copying import duplicate, duplicate_all
from .document import STRUCTURAL, Change, SeatingDocument, SeatRecord, SeatRef, row_ordinals
from .elements import (
    AREA_KINDS,
    AREA_SHAPES,
    DEFAULT_SEAT_RADIUS,
    DEFAULT_TEXT_SIZE,
    ROW_KINDS,
    XY,
    Area,
    AreaText,
    Category,
    Point,
    Row,
    RowGeometry,
    Seat,
    Zone,
)
from .faults import ERROR, WARNING, Fault, PlanError
from .focal import derive_focal_point, is_stage
from .geometry import (
    RowLayout,
    arc_positions,
    concentric_row,
    curvature_for_radius,
    infer_geometry,
    make_block,
    make_long_table,
    make_round_table,
    make_row,
    make_standing_area,
    regenerate_row,
    round_table_radius,
    straight_positions,
)
from .ids import new_id, seeded_ids
from .numbering import (
    SKIP_I_O,
    RowLabelling,
    SeatNumbering,
    render_template,
    row_labels,
    row_text,
    seat_name,
    seat_numbers,
    seat_text,
)
from .validation import validate

__all__ = [
    "AREA_KINDS", "AREA_SHAPES", "DEFAULT_SEAT_RADIUS", "DEFAULT_TEXT_SIZE", "ERROR", "ROW_KINDS",
    "SKIP_I_O", "STRUCTURAL", "WARNING", "XY",
    "Area", "AreaText", "Category", "Change", "Fault", "PlanError", "Point", "Row", "RowGeometry",
    "RowLabelling", "RowLayout", "Seat", "SeatNumbering", "SeatRecord", "SeatRef", "SeatingDocument", "Zone",
    "arc_positions", "concentric_row", "curvature_for_radius", "derive_focal_point", "duplicate",
    "duplicate_all", "infer_geometry", "is_stage", "make_block", "make_long_table", "make_round_table",
    "make_row", "make_standing_area", "new_id", "regenerate_row", "render_template", "round_table_radius",
    "row_labels", "row_ordinals", "row_text", "seat_name", "seat_numbers", "seat_text", "seeded_ids",
    "straight_positions", "validate",
]
