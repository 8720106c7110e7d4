"""The editor's tools: what a press, a drag, a release and a few keys do on the canvas.

Each tool gets positions in scene (plan) coordinates, already snapped to the grid when snapping applies,
draws its own preview in the canvas overlay, and changes the plan only through the controller — one undo
command per finished gesture (a drag is pushed once, on release). A tool knows the canvas only as a
:class:`~editor._qt.toolhost.ToolHost`.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen, QPolygonF, QTransform

from editor.model import selection as sel
from editor.model.elements import Area, AreaText, Row
from editor.model.geometry import (
    Box,
    make_block,
    make_long_table,
    make_round_table,
    make_row,
    make_standing_area,
    regenerate_row,
    seats_reaching,
)
from editor.model.ids import IdFactory, new_id
from editor.model.rows import next_table_number
from editor.model.selection import Selection

from . import look as L
from .paint import paint_area
from .toolhost import ToolHost

DRAG_START_PX = 4
PREVIEW = QColor("#1f6feb")
PREVIEW_FILL = QColor(31, 111, 235, 60)
_NO_ID = lambda: ""  # noqa: E731 - previews need no identities


class Tool:
    """Base class: does nothing; subclasses override what they need."""

    name = "tool"
    label = "Tool"
    hint = ""
    cursor = Qt.CursorShape.CrossCursor
    snaps = True  # positions given to the tool are snapped to the grid

    def __init__(self, host: ToolHost) -> None:
        self.host = host
        self.ctl = host.ctl

    def activate(self) -> None:
        pass

    def cancel(self) -> None:
        """Drop a gesture in progress (Esc, another tool)."""

    def busy(self) -> bool:
        """True while a gesture is in progress (Esc then cancels it rather than leaving the tool)."""
        return False

    def press(self, pos: QPointF, event: QMouseEvent) -> None:
        pass

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        pass

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        pass

    def double_click(self, pos: QPointF, event: QMouseEvent) -> None:
        pass

    def key(self, event: QKeyEvent) -> bool:
        return False

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        pass

    def update(self) -> None:
        self.host.update_preview()

    def status(self) -> str:
        return self.hint


def _pen(colour: QColor = PREVIEW, width: float = 1.5, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)
    return pen


def _label(p: QPainter, host: ToolHost, at: QPointF, text: str) -> None:
    """A small dark tag with white text next to the cursor (device pixels)."""
    p.save()
    p.resetTransform()
    pt = host.to_view(at)
    font = QFont()
    font.setPixelSize(12)
    font.setWeight(QFont.Weight.DemiBold)
    p.setFont(font)
    w = p.fontMetrics().horizontalAdvance(text) + 14
    box = QRectF(pt.x() + 14, pt.y() + 12, w, 22)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(31, 35, 40, 225))
    p.drawRoundedRect(box, 5, 5)
    p.setPen(QColor("#ffffff"))
    p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()


def _preview_seats(p: QPainter, points: list[tuple[float, float]], radius: float) -> None:
    p.save()
    p.setPen(_pen(PREVIEW, 1.2))
    p.setBrush(PREVIEW_FILL)
    for x, y in points:
        p.drawEllipse(QPointF(x, y), radius, radius)
    p.restore()


# -- select ---------------------------------------------------------------------------------------
class SelectTool(Tool):
    name = "select"
    label = "Select"
    hint = (
        "Click to select (Shift adds), drag to move, drag on empty space for a marquee. "
        "Double-click selects one seat. Drag the round handle to rotate."
    )
    cursor = Qt.CursorShape.ArrowCursor
    snaps = False

    def __init__(self, host: ToolHost) -> None:
        super().__init__(host)
        self._reset()

    def _reset(self) -> None:
        self.mode: str | None = None  # "pending" | "drag" | "band" | "rotate" | "end"
        self.press_pos = QPointF()
        self.press_view = QPointF()
        self.current = QPointF()
        self.click_selection: Selection | None = None
        self.band_mode: sel.Mode = "replace"
        self.anchor = QPointF()
        self.delta = QPointF()
        self.angle = 0.0
        self.centre = QPointF()
        self.end_count: int | None = None

    def busy(self) -> bool:
        return self.mode is not None

    def cancel(self) -> None:
        self.host.hide_selection(False)
        self._reset()
        self.update()

    def press(self, pos: QPointF, event: QMouseEvent) -> None:
        host, ctl = self.host, self.ctl
        self.press_pos = QPointF(pos)
        self.press_view = event.position()
        self.current = QPointF(pos)
        handle = host.handle_at(event.position())
        if handle == "rotate":
            self.mode = "rotate"
            self.centre = _point(ctl.selection_box())
            self.angle = 0.0
            return
        if handle == "end":
            self.mode = "end"
            self.end_count = None
            return
        hit = host.hit(pos)
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if hit is None:
            self.mode = "band"
            self.band_mode = "add" if shift else "replace"
            return
        scope: sel.Scope | None = "seat" if event.modifiers() & Qt.KeyboardModifier.AltModifier else None
        clicked = ctl.expand([hit.guid] if hit.kind == "seat" else [], [hit.area] if hit.area else [], scope=scope)
        if shift:
            ctl.set_selection(sel.combine(ctl.selection, clicked, "toggle"))
            self.mode = None
            return
        if not ctl.selection.covers(clicked):
            ctl.set_selection(clicked)
            self.click_selection = None
        else:
            self.click_selection = clicked  # on a plain click (no drag) only this stays selected
        self.mode = "pending"
        box = ctl.selection_box()
        self.anchor = QPointF(box.left, box.top) if box is not None else QPointF(pos)

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        host = self.host
        self.current = QPointF(pos)
        if self.mode == "pending" and (event.position() - self.press_view).manhattanLength() >= DRAG_START_PX:
            self.mode = "drag"
            host.hide_selection(True)
        if self.mode == "drag":
            raw = self.anchor + (pos - self.press_pos)
            target = host.snap_point(raw, event.modifiers(), force=True)
            self.delta = target - self.anchor
            self.update()
        elif self.mode == "band":
            self.update()
        elif self.mode == "rotate":
            a0 = math.atan2(self.press_pos.y() - self.centre.y(), self.press_pos.x() - self.centre.x())
            a1 = math.atan2(pos.y() - self.centre.y(), pos.x() - self.centre.x())
            angle = math.degrees(a1 - a0)
            angle = (angle + 180) % 360 - 180
            step = 1.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 15.0
            if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                angle = round(angle / step) * step
            self.angle = angle
            self.update()
        elif self.mode == "end":
            self.end_count = self._count_for(pos)
            self.update()
        else:
            host.hover_at(pos)

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        host, ctl = self.host, self.ctl
        mode = self.mode
        if mode == "drag":
            host.hide_selection(False)
            dx, dy = self.delta.x(), self.delta.y()
            self._reset()
            self.update()
            if dx or dy:
                ctl.move_selection(dx, dy)
            return
        if mode == "pending" and self.click_selection is not None:
            ctl.set_selection(self.click_selection)
        elif mode == "band":
            rect = QRectF(self.press_pos, pos).normalized()
            if rect.width() * host.scale_factor() > 2 or rect.height() * host.scale_factor() > 2:
                ctl.set_selection(sel.combine(ctl.selection, host.band_selection(rect), self.band_mode))
            elif self.band_mode == "replace":
                ctl.clear_selection()
        elif mode == "rotate":
            angle, centre = self.angle, self.centre
            self._reset()
            self.update()
            if angle:
                ctl.rotate_selection(angle, (centre.x(), centre.y()))
            return
        elif mode == "end":
            count = self.end_count
            unit = ctl.single_row()
            self._reset()
            self.update()
            if unit is not None and unit.row is not None and count is not None and count != len(unit.row.seats):
                ctl.reshape([unit.row], "Resize row", seat_count=count)
            return
        self._reset()
        self.update()

    def double_click(self, pos: QPointF, event: QMouseEvent) -> None:
        hit = self.host.hit(pos)
        if hit is not None and hit.kind == "seat":
            self.ctl.set_selection(Selection(frozenset([hit.guid])))

    def _end_row(self) -> tuple[Row, float, float] | None:
        """The row whose end handle is dragged, and where its zone stands."""
        unit = self.ctl.single_row()
        if unit is None or unit.row is None or unit.zone is None:
            return None
        return unit.row, unit.zone.x, unit.zone.y

    def _count_for(self, pos: QPointF) -> int | None:
        found = self._end_row()
        return None if found is None else seats_reaching(found[0], found[1:], (pos.x(), pos.y()))

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        host = self.host
        if self.mode == "band":
            rect = QRectF(self.press_pos, self.current).normalized()
            p.setPen(_pen(L.SELECTION, 1))
            fill = QColor(L.SELECTION)
            fill.setAlpha(28)
            p.setBrush(fill)
            p.drawRect(rect)
        elif self.mode == "drag":
            host.paint_selection_ghost(p, QTransform.fromTranslate(self.delta.x(), self.delta.y()))
            _label(p, host, self.current, f"Δ {self.delta.x():.0f}, {self.delta.y():.0f}")
        elif self.mode == "rotate":
            t = QTransform()
            t.translate(self.centre.x(), self.centre.y())
            t.rotate(self.angle)
            t.translate(-self.centre.x(), -self.centre.y())
            host.paint_selection_ghost(p, t)
            p.drawLine(QLineF(self.centre, self.current))
            _label(p, host, self.current, f"{self.angle:+.0f}°")
        elif self.mode == "end" and self.end_count is not None:
            found = self._end_row()
            if found is not None:
                row, zx, zy = found
                layout = regenerate_row(row, seat_count=self.end_count, new_id=_NO_ID)
                pts = [(zx + layout.x + s.x, zy + layout.y + s.y) for s in layout.seats]
                _preview_seats(p, pts, row.seats[0].radius if row.seats else 10)
                _label(p, host, self.current, f"{self.end_count} seats")


def _point(box: Box | None) -> QPointF:
    """The centre of a box (the origin for none)."""
    return QPointF() if box is None else QPointF(box.centre.x, box.centre.y)


# -- pan ------------------------------------------------------------------------------------------
class HandTool(Tool):
    name = "hand"
    label = "Pan"
    hint = "Drag to move the view. Space+drag or the middle button pan with any tool."
    cursor = Qt.CursorShape.OpenHandCursor
    snaps = False

    def press(self, pos: QPointF, event: QMouseEvent) -> None:
        self.host.start_pan(event.position())

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        self.host.pan_to(event.position())

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        self.host.end_pan()


# -- rows -----------------------------------------------------------------------------------------
class RowTool(Tool):
    """Straight rows: drag from the first seat to the last. Curved rows (``curved``): drag the chord, then
    move the mouse to bend the row (or Up/Down), and click or press Enter."""

    name = "row"
    label = "Row"
    hint = "Drag from the first seat to the last. Shift toggles snapping to the grid."

    def __init__(self, host: ToolHost, curved: bool = False) -> None:
        super().__init__(host)
        self.curved = curved
        if curved:
            self.name = "curved-row"
            self.label = "Curved row"
            self.hint = (
                "Drag from the first seat to the last, then move the mouse to bend the row "
                "(Up/Down bend by 5°, Shift by 1°) and click or press Enter. Esc cancels."
            )
        self._reset()

    def _reset(self) -> None:
        self.phase: str | None = None  # "drag" | "bend"
        self.start = QPointF()
        self.end = QPointF()
        self.curvature = 0.0

    def busy(self) -> bool:
        return self.phase is not None

    def cancel(self) -> None:
        self._reset()
        self.update()

    def status(self) -> str:
        if self.phase == "bend":
            return (
                f"Curve {self.curvature:.0f}° · {self._count()} seats — click or Enter to place, "
                "Up/Down to bend, Esc to cancel."
            )
        return self.hint

    def _spacing(self) -> float:
        return self.host.new_seats.spacing

    def _count(self) -> int:
        chord = QLineF(self.start, self.end).length()
        theta = math.radians(abs(self.curvature))
        length = chord if theta < 1e-6 else chord * theta / (2 * math.sin(theta / 2))
        return max(1, int(length / self._spacing() + 0.5) + 1)

    def _angle(self) -> float:
        return math.degrees(math.atan2(self.end.y() - self.start.y(), self.end.x() - self.start.x()))

    def _row(self, new_id: IdFactory = _NO_ID) -> Row:
        return make_row(
            (self.start.x(), self.start.y()),
            seat_count=self._count(),
            spacing=self._spacing(),
            curvature=self.curvature,
            angle=self._angle(),
            radius=self.host.new_seats.radius,
            category=self.ctl.category_for_new_seats(),
            new_id=new_id,
        )

    def press(self, pos: QPointF, event: QMouseEvent) -> None:
        if self.phase == "bend":
            self._commit()
            return
        self.phase = "drag"
        self.start = QPointF(pos)
        self.end = QPointF(pos)
        self.curvature = 0.0

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        if self.phase == "drag":
            self.end = self._magnetic(pos)
            self.update()
        elif self.phase == "bend":
            self.curvature = self._curvature_towards(pos)
            self.update()
            self.host.status_changed()

    def _magnetic(self, pos: QPointF) -> QPointF:
        """Near-horizontal or near-vertical rows snap to exactly horizontal or vertical."""
        line = QLineF(self.start, pos)
        angle = line.angle()
        for target in (0, 90, 180, 270, 360):
            if abs(angle - target) < 3 and line.length() > 0:
                line.setAngle(target % 360)
                return line.p2()
        return pos

    def _curvature_towards(self, pos: QPointF) -> float:
        chord = QLineF(self.start, self.end)
        c = chord.length()
        if c < 1e-6:
            return 0.0
        a = math.radians(self._angle())
        dx, dy = pos.x() - (self.start.x() + self.end.x()) / 2, pos.y() - (self.start.y() + self.end.y()) / 2
        h = -dx * math.sin(a) + dy * math.cos(a)  # towards local +y bows the middle away from the stage
        curvature = math.degrees(4 * math.atan(2 * h / c))
        return max(-300.0, min(300.0, round(curvature)))

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        if self.phase != "drag":
            return
        self.end = self._magnetic(pos)
        if QLineF(self.start, self.end).length() < self._spacing() * 0.5:
            self._reset()
            self.update()
            self.ctl.message.emit("Drag from the first seat to the last to draw a row.")
            return
        if self.curved:
            self.phase = "bend"
            self.curvature = 0.0
            self.update()
            self.host.status_changed()
            return
        self._commit()

    def key(self, event: QKeyEvent) -> bool:
        if self.phase != "bend":
            return False
        key = event.key()
        step = 1.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 5.0
        if key == Qt.Key.Key_Up:
            self.curvature = min(300.0, self.curvature + step)
        elif key == Qt.Key.Key_Down:
            self.curvature = max(-300.0, self.curvature - step)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._commit()
            return True
        else:
            return False
        self.update()
        self.host.status_changed()
        return True

    def _commit(self) -> None:
        try:
            row = self._row(new_id)
        except ValueError as exc:
            self.ctl.message.emit(str(exc))
            self._reset()
            return
        row.row_number = self.ctl.new_row_labels(1)[0]
        text = "Add curved row" if self.curvature else "Add row"
        self._reset()
        self.update()
        self.ctl.add_rows([row], text=text)
        self.host.status_changed()

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if self.phase is None:
            return
        if QLineF(self.start, self.end).length() < 1e-6:
            return
        try:
            row = self._row()
        except ValueError:
            return
        pts = [(row.x + s.x, row.y + s.y) for s in row.seats]
        p.setPen(_pen(PREVIEW, 1, Qt.PenStyle.DashLine))
        p.drawLine(QLineF(self.start, self.end))
        _preview_seats(p, pts, self.host.new_seats.radius)
        text = f"{len(pts)} seats"
        if self.phase == "bend" or self.curvature:
            text += f" · curve {self.curvature:.0f}°"
        _label(p, self.host, self.end if self.phase == "drag" else self.host.cursor_pos(), text)


# -- blocks ---------------------------------------------------------------------------------------
class DragTool(Tool):
    """Base of the tools that drag out a rectangle: ``start`` (None while no drag) and ``end`` in scene."""

    def __init__(self, host: ToolHost) -> None:
        super().__init__(host)
        self.start: QPointF | None = None
        self.end = QPointF()

    def busy(self) -> bool:
        return self.start is not None

    def cancel(self) -> None:
        self.start = None
        self.update()

    def press(self, pos: QPointF, event: QMouseEvent) -> None:
        self.start, self.end = QPointF(pos), QPointF(pos)

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        if self.start is not None:
            self.end = QPointF(pos)
            self.update()

    def _end_drag(self, pos: QPointF) -> QRectF | None:
        """On release: the rectangle dragged out (normalised), the drag over; None when there was none."""
        if self.start is None:
            return None
        rect = QRectF(self.start, pos).normalized()
        self.start = None
        self.update()
        return rect


class BlockTool(DragTool):
    name = "block"
    label = "Block of rows"
    hint = "Drag a rectangle: rows × seats follow its size. A click opens the block dialog."

    def _size(self, start: QPointF) -> tuple[int, int]:
        """Rows × seats of the rectangle from ``start`` to the cursor."""
        o = self.host.new_seats
        w = abs(self.end.x() - start.x())
        h = abs(self.end.y() - start.y())
        return int(h / o.row_spacing + 1e-9) + 1, int(w / o.spacing + 1e-9) + 1

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        if self.start is None:
            return
        self.end = QPointF(pos)
        start = self.start
        self.start = None
        self.update()
        o = self.host.new_seats
        if QLineF(start, self.end).length() < o.spacing * 0.5:
            params = self.host.ask_block()
            if params is None:
                return
            rows, seats, h, v, curve = params
            origin = start
        else:
            rows, seats = self._size(start)
            h, v, curve = o.spacing, o.row_spacing, 0.0
            origin = QPointF(min(start.x(), self.end.x()), min(start.y(), self.end.y()))
        self.place(origin, rows, seats, h, v, curve)

    def place(self, origin: QPointF, rows: int, seats: int, h: float, v: float, curve: float = 0.0) -> None:
        try:
            block = make_block(
                (origin.x(), origin.y()),
                rows=rows,
                seats_per_row=seats,
                h_spacing=h,
                v_spacing=v,
                curvature=curve,
                radius=self.host.new_seats.radius,
                category=self.ctl.category_for_new_seats(),
                new_id=new_id,
            )
        except ValueError as exc:
            self.ctl.message.emit(str(exc))
            return
        labels = self.ctl.new_row_labels(len(block))
        for row, label in zip(block, labels, strict=True):
            row.row_number = label
        self.ctl.add_rows(block, text=f"Add block of {len(block)} rows")

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if self.start is None:
            return
        rows, seats = self._size(self.start)
        o = self.host.new_seats
        x0, y0 = min(self.start.x(), self.end.x()), min(self.start.y(), self.end.y())
        pts = [(x0 + c * o.spacing, y0 + r * o.row_spacing) for r in range(rows) for c in range(seats)]
        p.setPen(_pen(PREVIEW, 1, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(self.start, self.end).normalized())
        if len(pts) <= 20000:
            _preview_seats(p, pts, o.radius)
        _label(p, self.host, self.end, f"{rows} rows × {seats} seats")


# -- zones ----------------------------------------------------------------------------------------
class ZoneTool(DragTool):
    name = "zone"
    label = "Zone"
    hint = "Drag a rectangle around rows to make them a zone (a section with its own numbering)."

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        rect = self._end_drag(pos)
        if rect is None:
            return
        if rect.width() < 4 and rect.height() < 4:
            self.ctl.message.emit("Drag a rectangle around the rows of the new zone.")
            return
        self.ctl.make_zone(Box(rect.left(), rect.top(), rect.right(), rect.bottom()))

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if self.start is None:
            return
        p.setPen(_pen(QColor("#8250df"), 1.5, Qt.PenStyle.DashLine))
        p.setBrush(QColor(130, 80, 223, 25))
        p.drawRect(QRectF(self.start, self.end).normalized())


# -- tables ---------------------------------------------------------------------------------------
class TableTool(Tool):
    def __init__(self, host: ToolHost, shape: str = "round") -> None:
        super().__init__(host)
        self.shape = shape
        self.name = f"{shape}-table"
        self.label = "Round table" if shape == "round" else "Long table"
        self.hint = f"Click to place a {self.label.lower()} with its chairs; change the chairs in the properties panel."
        self.at: QPointF | None = None

    def _make(self, centre: QPointF, new_id: IdFactory = _NO_ID) -> tuple[Row, Area]:
        category = self.ctl.category_for_new_seats()
        number = next_table_number(self.ctl.doc)
        if self.shape == "round":
            return make_round_table(
                (centre.x(), centre.y()),
                seat_count=8,
                table_number=number,
                seat_radius=self.host.new_seats.radius,
                category=category,
                new_id=new_id,
            )
        return make_long_table(
            (centre.x(), centre.y()),
            seats_per_side=4,
            end_seats=1,
            table_number=number,
            seat_radius=self.host.new_seats.radius,
            category=category,
            new_id=new_id,
        )

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        self.at = QPointF(pos)
        self.update()

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        row, area = self._make(pos, new_id)
        self.ctl.add_rows([row], [area], text=f"Add {self.label.lower()}")

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if self.at is None:
            return
        row, area = self._make(self.at)
        p.save()
        p.setOpacity(0.55)
        paint_area(p, area)
        p.restore()
        _preview_seats(p, [(row.x + s.x, row.y + s.y) for s in row.seats], self.host.new_seats.radius)


# -- areas ----------------------------------------------------------------------------------------
class RectTool(DragTool):
    """Drag a rectangle for: a standing area, a rectangle, an ellipse, or the stage."""

    def __init__(self, host: ToolHost, kind: str) -> None:
        super().__init__(host)
        self.kind = kind
        self.name = kind
        self.label = {"standing": "Standing area", "rectangle": "Rectangle", "ellipse": "Ellipse", "stage": "Stage"}[
            kind
        ]
        self.hint = {
            "standing": "Drag a rectangle for a standing area; set its capacity in the properties.",
            "rectangle": "Drag a rectangle (aisle, bar, wall).",
            "ellipse": "Drag the box of an ellipse.",
            "stage": "Drag the stage; its centre becomes the focal point unless you set one.",
        }[kind]

    def _area(self, rect: QRectF, new_id: IdFactory = _NO_ID) -> Area:
        x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
        if self.kind == "standing":
            spacing = self.host.new_seats.spacing
            capacity = max(1, round(w * h / (spacing * spacing)))
            return make_standing_area((x, y), width=w, height=h, capacity=capacity, new_id=new_id)
        if self.kind == "ellipse":
            return Area(
                "ellipse",
                x + w / 2,
                y + h / 2,
                radius_x=w / 2,
                radius_y=h / 2,
                color="#e9ecef",
                border_color="#adb5bd",
                uuid=new_id(),
            )
        if self.kind == "stage":
            return Area(
                "rectangle",
                x,
                y,
                width=w,
                height=h,
                color="#3d4450",
                border_color="#24292f",
                text=AreaText("STAGE", w / 2, h / 2, "#ffffff", max(12.0, min(h * 0.35, 48.0))),
                uuid=new_id(),
                name="Stage",
            )
        return Area("rectangle", x, y, width=w, height=h, color="#e9ecef", border_color="#adb5bd", uuid=new_id())

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        rect = self._end_drag(pos)
        if rect is None:
            return
        if rect.width() < 2 or rect.height() < 2:
            self.ctl.message.emit(f"Drag to draw the {self.label.lower()}.")
            return
        area = self._area(rect, new_id)
        if self.kind == "standing":
            self.ctl.add_rows([], [area], text="Add standing area")
        else:
            self.ctl.add_area(area, text=f"Add {self.label.lower()}")

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if self.start is None:
            return
        rect = QRectF(self.start, self.end).normalized()
        if rect.width() < 1 or rect.height() < 1:
            return
        area = self._area(rect)
        p.save()
        p.setOpacity(0.7)
        paint_area(p, area)
        p.restore()
        text = f"{rect.width():.0f} × {rect.height():.0f}"
        if self.kind == "standing":
            text += f" · {area.capacity} people"
        _label(p, self.host, self.end, text)


class PolygonTool(Tool):
    name = "polygon"
    label = "Polygon"
    hint = "Click the corners; double-click or Enter closes the shape, Backspace drops the last corner."

    def __init__(self, host: ToolHost) -> None:
        super().__init__(host)
        self.points: list[QPointF] = []
        self.at = QPointF()
        self._after_double = False

    def busy(self) -> bool:
        return bool(self.points)

    def cancel(self) -> None:
        self.points = []
        self.update()

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        if self._after_double:  # the release that ends a double-click
            self._after_double = False
            return
        if not self.points or QLineF(self.points[-1], pos).length() > 1e-6:
            self.points.append(QPointF(pos))
        self.update()

    def move(self, pos: QPointF, event: QMouseEvent) -> None:
        self.at = QPointF(pos)
        if self.points:
            self.update()

    def double_click(self, pos: QPointF, event: QMouseEvent) -> None:
        if not self.points or QLineF(self.points[-1], pos).length() > 1e-6:
            self.points.append(QPointF(pos))
        self._after_double = True
        self._finish()

    def key(self, event: QKeyEvent) -> bool:
        if not self.points:
            return False
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._finish()
            return True
        if event.key() == Qt.Key.Key_Backspace:
            self.points.pop()
            self.update()
            return True
        return False

    def _finish(self) -> None:
        pts = self.points
        self.points = []
        self.update()
        if len(pts) < 3:
            self.ctl.message.emit("A polygon needs at least three corners.")
            return
        x0, y0 = pts[0].x(), pts[0].y()
        area = Area(
            "polygon",
            x0,
            y0,
            points=[(p.x() - x0, p.y() - y0) for p in pts],
            color="#e9ecef",
            border_color="#adb5bd",
            uuid=new_id(),
        )
        self.ctl.add_area(area, text="Add polygon")

    def paint(self, p: QPainter, exposed: QRectF) -> None:
        if not self.points:
            return
        p.setPen(_pen(PREVIEW, 1.5))
        p.setBrush(PREVIEW_FILL)
        p.drawPolygon(QPolygonF([*self.points, self.at]))


class TextTool(Tool):
    name = "text"
    label = "Text label"
    hint = "Click to place a label (EXIT, BAR, an aisle name); type its text in the properties panel."

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        area = Area(
            "text",
            pos.x(),
            pos.y(),
            text=AreaText("Label", 0.0, 0.0, "#24292f", 16.0),
            uuid=new_id(),
            kind="label",
            name="Label",
        )
        self.ctl.add_area(area, text="Add text")
        self.host.focus_property("text")


class FocalTool(Tool):
    name = "focal"
    label = "Focal point"
    hint = "Click the centre of the stage: best available prefers the seats nearest to it."

    def release(self, pos: QPointF, event: QMouseEvent) -> None:
        self.ctl.set_focal_point((pos.x(), pos.y()))


def focal_marker(p: QPainter, host: ToolHost, point: QPointF, explicit: bool) -> None:
    """The focal point: a small red crosshair (dashed when derived from the stage rather than set)."""
    p.save()
    p.resetTransform()
    c = host.to_view(point)
    colour = QColor(209, 36, 47, 230) if explicit else QColor(209, 36, 47, 150)
    pen = QPen(colour, 1.4, Qt.PenStyle.SolidLine if explicit else Qt.PenStyle.DashLine)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(c, 5.5, 5.5)
    p.setPen(QPen(colour, 1.2))
    p.drawLine(QLineF(c.x() - 9, c.y(), c.x() - 3, c.y()))
    p.drawLine(QLineF(c.x() + 3, c.y(), c.x() + 9, c.y()))
    p.drawLine(QLineF(c.x(), c.y() - 9, c.x(), c.y() - 3))
    p.drawLine(QLineF(c.x(), c.y() + 3, c.x(), c.y() + 9))
    p.restore()
