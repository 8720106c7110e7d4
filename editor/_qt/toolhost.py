"""What a tool may ask of the canvas it works on: the :class:`ToolHost` protocol.

The editor's canvas (``editor_canvas.EditorCanvas``) implements it; the tools (``tools``) know nothing else
of the canvas, so the canvas imports the tools and never the other way round. A tool changes the plan only
through the controller's intents (``host.ctl``), one undo command per finished gesture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple, Protocol

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QTransform

from editor.model.elements import Area

from .controller import EditorController, Selection

Handle = Literal["rotate", "end"]


class Hit(NamedTuple):
    """What lies under a point: a seat (by guid) or an area; seats win over areas."""

    kind: Literal["seat", "area"]
    guid: str = ""
    area: Area | None = None


class BlockSize(NamedTuple):
    """What the block dialog asks: rows, seats per row, seat and row spacing, curve (degrees)."""

    rows: int
    seats: int
    h_spacing: float
    v_spacing: float
    curvature: float


@dataclass
class NewSeats:
    """The sizes new seats and rows get (the "New seats" section of the properties panel edits them)."""

    spacing: float = 26.0
    row_spacing: float = 32.0
    radius: float = 10.0


class ToolHost(Protocol):
    """See the module docstring."""

    @property
    def ctl(self) -> EditorController:
        """The plan, its selection and every intent (each one undo command)."""
        ...

    @property
    def new_seats(self) -> NewSeats: ...

    # -- positions ----------------------------------------------------------------------------------
    def to_view(self, scene: QPointF) -> QPointF:
        """Viewport pixels of a plan point (a tool's tags are drawn in pixels)."""
        ...

    def scale_factor(self) -> float:
        """Viewport pixels per plan unit."""
        ...

    def snap_point(self, pos: QPointF, modifiers: Qt.KeyboardModifier, *, force: bool = False) -> QPointF:
        """``pos`` on the grid when snapping is on (Shift inverts it for the gesture)."""
        ...

    def cursor_pos(self) -> QPointF:
        """Where the mouse was last seen, in plan coordinates."""
        ...

    # -- what is where ------------------------------------------------------------------------------
    def hit(self, pos: QPointF) -> Hit | None: ...

    def handle_at(self, view_pos: QPointF) -> Handle | None:
        """The selection handle under a viewport point: "rotate", "end" (a row's end) or None."""
        ...

    def band_selection(self, rect: QRectF) -> Selection:
        """What a marquee over ``rect`` (plan coordinates) selects."""
        ...

    def hover_at(self, pos: QPointF) -> None:
        """Mark what lies under ``pos``."""
        ...

    # -- the preview --------------------------------------------------------------------------------
    def update_preview(self) -> None:
        """Repaint the overlay the tools draw on (their ``paint``)."""
        ...

    def hide_selection(self, hidden: bool) -> None:
        """Leave the selected seats out of the plan while their ghost is dragged."""
        ...

    def paint_selection_ghost(self, p: QPainter, transform: QTransform) -> None:
        """The selected seats and areas drawn through ``transform`` (a drag, a turn), half transparent."""
        ...

    # -- the view -----------------------------------------------------------------------------------
    def start_pan(self, view_pos: QPointF) -> None: ...

    def pan_to(self, view_pos: QPointF) -> None: ...

    def end_pan(self) -> None:
        """Stop panning; the tool's cursor comes back."""
        ...

    # -- talking to the user ------------------------------------------------------------------------------
    def status_changed(self) -> None:
        """The tool's status line (``status()``) changed."""
        ...

    def focus_property(self, name: str) -> None:
        """Put the keyboard into a field of the properties panel (a new label's text)."""
        ...

    def ask_block(self) -> BlockSize | None:
        """The block dialog; None when it was cancelled."""
        ...
