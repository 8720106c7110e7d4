"""The plain objects a seating plan is made of: categories, zones, rows, seats and areas.

Coordinates follow pretix: a seat's position is relative to its row, a row's to its zone, a zone's to
the plan; areas are placed relative to their zone. ``y`` grows downwards (screen space). Positions are
stored as two plain numbers rather than point objects so that 100,000 seats cost little memory and load
fast; every class uses ``__slots__``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from .numbering import RowLabelling, SeatNumbering


class Point(NamedTuple):
    """A point in plan coordinates; a plain ``(x, y)`` tuple is accepted wherever one is taken."""

    x: float
    y: float


XY = tuple[float, float]  # a Point or any pair of numbers

ROW_KINDS = ("straight", "curved", "table", "free")
AREA_SHAPES = ("rectangle", "ellipse", "circle", "polygon", "text")
# What an area means to the editor; pretix only knows shapes, so ``kind`` lives in the native format.
AREA_KINDS = ("shape", "label", "standing", "table")
ROW_NUMBER_POSITIONS = ("start", "end", "both", None)
DEFAULT_SEAT_RADIUS = 10
DEFAULT_TEXT_SIZE = 16


@dataclass(slots=True, eq=False)
class Category:
    """A seat category (what an event prices); ``color`` is a hex string such as ``#1f77b4``.
    Like every object the editor tracks, compared and hashed by identity."""

    name: str
    color: str | None = None


@dataclass(slots=True, eq=False)
class Seat:
    """One sellable seat.

    ``guid`` is its identity for sales across versions and never changes; ``number`` is what people read
    and may change. ``x``/``y`` are relative to the row. ``companion_of`` is the guid of the wheelchair
    place this companion seat pairs with. Compared by identity (``eq=False``): two seats are never the
    same seat because their fields agree.
    """

    guid: str
    number: str
    x: float = 0.0
    y: float = 0.0
    category: str = ""
    radius: float = DEFAULT_SEAT_RADIUS
    uuid: str | None = None
    start_direction: str | None = None
    wheelchair: bool = False
    companion_of: str | None = None
    restricted_view: bool = False

    @property
    def position(self) -> Point:
        return Point(self.x, self.y)


@dataclass(slots=True)
class RowGeometry:
    """How the editor drew a row, so it can be edited again (more seats, another curve or spacing).

    The row's own position is the start point; seats are laid out from there along ``angle`` (degrees,
    clockwise on screen) with ``spacing`` between neighbours, bent by ``curvature`` (degrees of arc
    covered by the row; 0 is straight, positive bows the middle away from the stage, i.e. towards +y
    before rotation). ``seat_count`` counts positions including ``skipped`` ones (aisles, gaps at a
    table). Tables (``kind == "table"``) are centred on the row position and numbered clockwise.
    """

    kind: str = "straight"
    seat_count: int = 0
    spacing: float = 26.0
    curvature: float = 0.0
    angle: float = 0.0
    skipped: tuple[int, ...] = ()
    numbering: SeatNumbering = field(default_factory=SeatNumbering)
    table_shape: str | None = None  # "round" | "long" when kind == "table"
    seats_per_side: int = 0  # long tables: chairs along each long side
    end_seats: int = 0  # long tables: chairs at each short end

    def __post_init__(self) -> None:
        if self.kind not in ROW_KINDS:
            raise ValueError(f"row kind must be one of {', '.join(ROW_KINDS)}, not {self.kind!r}")


@dataclass(slots=True, eq=False)
class Row:
    """A row of seats (or the chairs of one table).

    ``row_number`` identifies the row; ``row_label`` and ``seat_label`` are optional pretix templates
    for people (``%s`` stands for the row number and the seat number). ``geometry`` is None for rows
    imported from files that only know seat positions.
    """

    row_number: str
    seats: list[Seat] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0
    row_label: str | None = None
    seat_label: str | None = None
    uuid: str = ""
    row_number_position: str | None = None
    geometry: RowGeometry | None = None

    @property
    def position(self) -> Point:
        return Point(self.x, self.y)

    @property
    def start(self) -> Point:
        """The row's start handle (zone coordinates): the row's position."""
        return Point(self.x, self.y)

    @property
    def end(self) -> Point:
        """The row's end handle (zone coordinates): the last position along its drawing direction."""
        g = self.geometry
        if g is not None and g.kind != "table" and g.seat_count > 1:
            # Chord of the arc (or the straight row) turned by the row's angle.
            length = (g.seat_count - 1) * g.spacing
            theta = math.radians(g.curvature)
            chord = length if abs(theta) < 1e-9 else 2 * (length / theta) * math.sin(theta / 2)
            a = math.radians(g.angle)
            return Point(self.x + chord * math.cos(a), self.y + chord * math.sin(a))
        if self.seats:
            last = self.seats[-1]
            return Point(self.x + last.x, self.y + last.y)
        return Point(self.x, self.y)


@dataclass(slots=True)
class AreaText:
    """Text drawn with an area; ``x``/``y`` are relative to the area's position (pretix's ``text``)."""

    text: str
    x: float = 0.0
    y: float = 0.0
    color: str | None = None
    size: float | None = None  # None: pretix's default of 16


@dataclass(slots=True, eq=False)
class Area:
    """A shape that is not a seat: stage, bar, aisle, a label, a standing area, a table outline.

    Geometry per ``shape`` (as in pretix): rectangle ``width``/``height`` with ``x``/``y`` its top-left
    corner; circle ``radius`` and ellipse ``radius_x``/``radius_y`` centred on ``x``/``y``; polygon
    ``points`` relative to ``x``/``y``; text has only ``text``. ``rotation`` is in degrees clockwise about
    ``x``/``y``. ``kind``, ``capacity`` (standing areas), ``name`` and ``row_uuid`` (the row of chairs a
    table outline belongs to) are editor facts that only the native format keeps.
    """

    shape: str = "rectangle"
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    radius: float = 0.0
    radius_x: float = 0.0
    radius_y: float = 0.0
    points: list[XY] = field(default_factory=list)
    rotation: float = 0.0
    color: str | None = None
    border_color: str | None = None
    text: AreaText | None = None
    uuid: str | None = None
    kind: str = "shape"
    capacity: int | None = None
    name: str = ""
    row_uuid: str | None = None

    @property
    def position(self) -> Point:
        return Point(self.x, self.y)

    def centre(self) -> Point:
        """The visual centre of the shape (relative to the zone), rotation included."""
        if self.shape == "rectangle":
            dx, dy = self.width / 2, self.height / 2
        elif self.shape == "polygon" and self.points:
            dx = sum(p[0] for p in self.points) / len(self.points)
            dy = sum(p[1] for p in self.points) / len(self.points)
        elif self.shape == "text" and self.text is not None:
            dx, dy = self.text.x, self.text.y
        else:
            dx = dy = 0.0
        if self.rotation and (dx or dy):
            r = math.radians(self.rotation)
            dx, dy = dx * math.cos(r) - dy * math.sin(r), dx * math.sin(r) + dy * math.cos(r)
        return Point(self.x + dx, self.y + dy)


@dataclass(slots=True, eq=False)
class Zone:
    """A part of the house with its own numbering: stalls, balcony, boxes."""

    name: str
    x: float = 0.0
    y: float = 0.0
    rows: list[Row] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    zone_id: str | None = None
    uuid: str = ""
    row_labelling: RowLabelling | None = None  # how the editor labelled its rows; kept in native

    @property
    def position(self) -> Point:
        return Point(self.x, self.y)
