"""The editor's canvas: the shared plan canvas plus tools, hit-testing, selection marks, handles,
snapping and the focal point. It is the tools' :class:`~editor._qt.toolhost.ToolHost`."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from editor.model.elements import Area, Zone
from editor.model.selection import zone_of_area

from . import look as L
from .canvas import AreaLayer, LayerItem, PlanCanvas, SeatLayer
from .controller import EditorController, Selection
from .paint import area_path, paint_ghosts, paint_rings, paint_seats
from .toolhost import BlockSize, Handle, Hit, NewSeats
from .tools import (
    BlockTool,
    FocalTool,
    HandTool,
    PolygonTool,
    RectTool,
    RowTool,
    SelectTool,
    TableTool,
    TextTool,
    Tool,
    ZoneTool,
    focal_marker,
)

HANDLE_PX = 7
ROTATE_OFFSET_PX = 26


class _EditorSeatLayer(SeatLayer):
    def __init__(self, canvas: EditorCanvas) -> None:
        super().__init__(canvas.store)
        self.canvas = canvas

    def _paint_seats(self, p: QPainter, exposed: QRectF) -> None:
        seats = self.canvas.ctl.seats
        seats.sync()
        self.row_labels = seats.row_labels()
        super()._paint_seats(p, exposed)


class EditorCanvas(PlanCanvas):
    """Signals: ``cursorMoved(QPointF)`` (scene position), ``statusChanged()`` (the tool's hint changed),
    ``toolChanged(str)``, ``focusPropertyRequested(str)``."""

    cursorMoved = Signal(QPointF)
    statusChanged = Signal()
    toolChanged = Signal(str)
    focusPropertyRequested = Signal(str)

    WHEEL_ZOOMS = False

    def __init__(self, ctl: EditorController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("EditorCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._ctl = ctl
        self.store = ctl.seats.store
        self.area_layer = AreaLayer(self._areas, 0, outline_invisible=True)
        self.seat_layer = _EditorSeatLayer(self)
        self.overlay = LayerItem(self._paint_overlay, 20)
        for item in (self.area_layer, self.seat_layer, self.overlay):
            self.scene().addItem(item)
        self._new_seats = NewSeats()
        self.show_grid = True
        self.snap = True
        self.grid_size = 10.0
        self.last_scene_pos = QPointF()
        self.hover_slot: int | None = None
        self.hover_area: Area | None = None
        self._sel_cache: tuple[Selection, int, set[int], dict[str, QPolygonF]] | None = None
        self.tools: dict[str, Tool] = {}
        for tool in (SelectTool(self), HandTool(self), RowTool(self), RowTool(self, curved=True), BlockTool(self),
                     ZoneTool(self), TableTool(self, "round"), TableTool(self, "long"), RectTool(self, "standing"),
                     RectTool(self, "rectangle"), RectTool(self, "ellipse"), PolygonTool(self), TextTool(self),
                     RectTool(self, "stage"), FocalTool(self)):
            self.tools[tool.name] = tool
        self.tool: Tool = self.tools["select"]
        self.viewport().setCursor(self.tool.cursor)
        ctl.documentChanged.connect(self._document_changed)
        ctl.documentReplaced.connect(self._document_replaced)
        ctl.selectionChanged.connect(self._selection_changed)
        self._document_replaced()

    @property
    def ctl(self) -> EditorController:
        return self._ctl

    @property
    def new_seats(self) -> NewSeats:
        """The sizes new seats and rows get."""
        return self._new_seats

    # -- the plan -----------------------------------------------------------------------------------
    def _areas(self) -> list[tuple[float, float, Area]]:
        out = []
        for zone, area in self.ctl.doc.iter_areas():
            zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
            out.append((zx, zy, area))
        return out

    def _extent(self) -> None:
        doc = self.ctl.doc
        self.ctl.sync()
        paper = QRectF(0, 0, max(doc.width, 1.0), max(doc.height, 1.0))
        content = QRectF(paper)
        b = self.store.bounds()
        if b is not None:
            content = content.united(QRectF(b[0], b[1], b[2] - b[0], b[3] - b[1]))
        for zx, zy, area in self._areas():
            content = content.united(area_path(area, zx, zy).boundingRect())
        self.set_scene_extent(paper, content)
        rect = self.scene().sceneRect()
        for item in (self.area_layer, self.seat_layer, self.overlay):
            item.set_rect(rect)

    def _document_replaced(self) -> None:
        self.tool.cancel()
        self._extent()
        self.fit()
        self.refresh()

    def _document_changed(self) -> None:
        self._extent()
        self.refresh()

    def refresh(self) -> None:
        self.area_layer.update()
        self.seat_layer.update()
        self.overlay.update()

    def _selection_changed(self) -> None:
        self.overlay.update()
        self.statusChanged.emit()

    # -- tools --------------------------------------------------------------------------------------
    def set_tool(self, name: str) -> None:
        tool = self.tools[name]
        if tool is self.tool:
            return
        self.tool.cancel()
        self.tool = tool
        tool.activate()
        self.viewport().setCursor(tool.cursor)
        self._set_hover(None, None)
        self.overlay.update()
        self.toolChanged.emit(name)
        self.statusChanged.emit()

    # -- what the tools ask (ToolHost) ----------------------------------------------------------------
    def status_changed(self) -> None:
        self.statusChanged.emit()

    def focus_property(self, name: str) -> None:
        self.focusPropertyRequested.emit(name)

    def to_view(self, scene: QPointF) -> QPointF:
        return QPointF(self.mapFromScene(scene))

    def cursor_pos(self) -> QPointF:
        return QPointF(self.last_scene_pos)

    def update_preview(self) -> None:
        self.overlay.update()

    def hide_selection(self, hidden: bool) -> None:
        self.seat_layer.hidden = self.selected_slots() if hidden else set()
        self.seat_layer.update()

    def paint_selection_ghost(self, p: QPainter, transform: QTransform) -> None:
        """The selected seats and areas through ``transform``, half transparent; leaves the dashed pen of the
        outlines set (a tool draws its guides with it)."""
        slots = list(self.selected_slots())
        moved = transform.type() in (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate)
        if moved:
            paint_ghosts(p, self.store, slots, transform.dx(), transform.dy())
        else:
            paint_ghosts(p, self.store, slots, 0, 0, transform=transform)
        pen = QPen(L.SELECTION, 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for zone, area in self.selected_areas():
            zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
            path = area_path(area, zx, zy)
            p.drawPath(path.translated(transform.dx(), transform.dy()) if moved else transform.map(path))

    def end_pan(self) -> None:
        super().end_pan()
        self.viewport().setCursor(self.tool.cursor)

    def snap_point(self, pos: QPointF, modifiers: Qt.KeyboardModifier, *, force: bool = False) -> QPointF:
        """``pos`` on the grid when snapping is on (Shift inverts it for the gesture)."""
        on = self.snap != bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if not on:
            return QPointF(pos)
        g = self.grid_size
        return QPointF(round(pos.x() / g) * g, round(pos.y() / g) * g)

    # -- hit testing --------------------------------------------------------------------------------
    def hit(self, pos: QPointF) -> Hit | None:
        """The seat or the area under a scene position; seats win over areas."""
        self.ctl.sync()
        s = self.scale_factor()
        i = self.store.at(pos.x(), pos.y(), 3 / max(s, 1e-9))
        if i is not None:
            return Hit("seat", guid=str(self.store.keys[i]))
        area = self.area_at(pos)
        if area is not None:
            return Hit("area", area=area)
        return None

    def area_at(self, pos: QPointF) -> Area | None:
        s = self.scale_factor()
        for zx, zy, area in reversed(self._areas()):
            path = area_path(area, zx, zy)
            if area.color or area.shape == "text":
                if path.contains(pos):
                    return area
            else:
                stroker = QPainterPathStroker()
                stroker.setWidth(10 / max(s, 1e-9))
                if stroker.createStroke(path).contains(pos):
                    return area
        return None

    def band_selection(self, rect: QRectF) -> Selection:
        self.ctl.sync()
        store = self.store
        slots = store.query_rect(rect.left(), rect.top(), rect.right(), rect.bottom(), touching=False)
        guids = cast("list[str]", [store.keys[i] for i in slots])  # the editor keys its store by guid
        areas = [a for zx, zy, a in self._areas() if rect.contains(area_path(a, zx, zy).boundingRect())]
        return self.ctl.expand(guids, areas)

    def selected_slots(self) -> set[int]:
        """Store slots of the selected seats (cached per selection and plan version)."""
        ctl = self.ctl
        ctl.sync()
        key = (ctl.selection, ctl.seats.version)
        if self._sel_cache is None or self._sel_cache[0] is not key[0] or self._sel_cache[1] != key[1]:
            self._sel_cache = (*key, set(ctl.seats.slots_for(ctl.selection.seats)), {})
        return self._sel_cache[2]

    def _selection_dots(self) -> dict[str, QPolygonF]:
        self.selected_slots()
        assert self._sel_cache is not None
        return self._sel_cache[3]

    def selected_areas(self) -> list[tuple[Zone | None, Area]]:
        ids = {id(a) for a in self.ctl.selection.areas}
        return [(z, a) for z, a in self.ctl.doc.iter_areas() if id(a) in ids]

    def _handles(self) -> dict[Handle, QPointF]:
        """Handle positions in viewport coordinates (select tool, something selected)."""
        if not isinstance(self.tool, SelectTool) or not self.ctl.selection:
            return {}
        out: dict[Handle, QPointF] = {}
        box = self.ctl.selection_box()
        if box is not None:
            top = self.to_view(QPointF(box.centre.x, box.top))
            out["rotate"] = top - QPointF(0, ROTATE_OFFSET_PX)
        unit = self.ctl.single_row()
        if unit is not None and unit.row is not None and unit.zone is not None:
            end = unit.row.end
            out["end"] = self.to_view(QPointF(unit.zone.x + end.x, unit.zone.y + end.y))
        return out

    def handle_at(self, view_pos: QPointF) -> Handle | None:
        for name, at in self._handles().items():
            if QLineF(at, view_pos).length() <= HANDLE_PX + 3:
                return name
        return None

    # -- hover --------------------------------------------------------------------------------------
    def hover_at(self, pos: QPointF) -> None:
        hit = self.hit(pos)
        slot = self.store.slot_of.get(hit.guid) if hit is not None and hit.kind == "seat" else None
        self._set_hover(slot, hit.area if hit is not None else None)

    def _set_hover(self, slot: int | None, area: Area | None) -> None:
        if slot == self.hover_slot and area is self.hover_area:
            return
        for i in (self.hover_slot, slot):
            if i is not None and i < len(self.store.xs):
                r = self.store.rs[i] * 1.5 + 6 / max(self.scale_factor(), 1e-9)
                self.overlay.update(QRectF(self.store.xs[i] - r, self.store.ys[i] - r, 2 * r, 2 * r))
        if area is not self.hover_area:
            self.overlay.update()
        self.hover_slot, self.hover_area = slot, area

    # -- events -------------------------------------------------------------------------------------
    def _scene(self, event: QMouseEvent) -> QPointF:
        return self.mapToScene(event.position().toPoint())

    def _tool_pos(self, event: QMouseEvent) -> QPointF:
        pos = self._scene(event)
        return self.snap_point(pos, event.modifiers()) if self.tool.snaps else pos

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self.wants_pan(event):
            self.start_pan(event.position())
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.tool.press(self._tool_pos(event), event)
            event.accept()
            return
        if event.button() == Qt.MouseButton.RightButton and self.tool.busy():
            self.tool.cancel()
            self.statusChanged.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        scene = self._scene(event)
        self.last_scene_pos = scene
        self.cursorMoved.emit(scene)
        if self.is_panning():
            self.pan_to(event.position())
            return
        self.tool.move(self._tool_pos(event), event)
        if isinstance(self.tool, SelectTool) and not self.tool.busy():
            handle = self.handle_at(event.position())
            cursor = {"rotate": Qt.CursorShape.CrossCursor, "end": Qt.CursorShape.SizeHorCursor}.get(
                handle or "", Qt.CursorShape.ArrowCursor)
            if handle is None and (self.hover_slot is not None or self.hover_area is not None):
                cursor = Qt.CursorShape.PointingHandCursor
            self.viewport().setCursor(cursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_panning():
            self.end_pan()
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self.tool.release(self._tool_pos(event), event)
            self.statusChanged.emit()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.tool.double_click(self._tool_pos(event), event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        self._set_hover(None, None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if self.tool.key(event):
            event.accept()
            return
        key = event.key()
        mods = event.modifiers()
        if key == Qt.Key.Key_Escape:
            if self.tool.busy():
                self.tool.cancel()
            elif self.tool.name != "select":
                self.set_tool("select")
            else:
                self.ctl.clear_selection()
            self.statusChanged.emit()
            event.accept()
            return
        arrows: dict[int, tuple[int, int]] = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
                                              Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        if key in arrows and self.ctl.selection and not self.tool.busy():
            step = self.grid_size
            if mods & Qt.KeyboardModifier.ShiftModifier:
                step *= 5
            elif mods & Qt.KeyboardModifier.AltModifier:
                step = 1.0
            dx, dy = arrows[key]
            self.ctl.nudge(dx * step, dy * step)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.ctl.selection and not self.tool.busy():
            self.ctl.delete_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- painting -----------------------------------------------------------------------------------
    def _paint_overlay(self, p: QPainter, exposed: QRectF) -> None:
        ctl = self.ctl
        ctl.sync()
        store = self.store
        dragging = isinstance(self.tool, SelectTool) and self.tool.mode in ("drag", "rotate")
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if ctl.selection and not dragging:
            slots = self.selected_slots()
            if slots:
                paint_rings(p, store, slots, L.SELECTION, width=2.2, exposed=exposed, dots=self._selection_dots())
            areas = self.selected_areas()
            if areas:
                pen = QPen(L.SELECTION, 2)
                pen.setCosmetic(True)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                for zone, area in areas:
                    zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
                    p.drawPath(area_path(area, zx, zy))
            self._paint_handles(p)
        if self.hover_slot is not None and not dragging and self.hover_slot < len(store.alive) \
                and store.alive[self.hover_slot]:
            paint_rings(p, store, [self.hover_slot], L.HOVER, width=1.6, exposed=exposed)
        if self.hover_area is not None and not dragging:
            zone = zone_of_area(ctl.doc, self.hover_area)
            pen = QPen(L.HOVER, 1.2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(area_path(self.hover_area, zone.x if zone else 0.0, zone.y if zone else 0.0))
        doc = ctl.doc
        if store.count or doc.focal_point is not None:
            focal = doc.effective_focal_point()
            focal_marker(p, self, QPointF(focal[0], focal[1]), doc.focal_point is not None)
        self.tool.paint(p, exposed)

    def _paint_handles(self, p: QPainter) -> None:
        handles = self._handles()
        if not handles:
            return
        rect = self.ctl.selection_rect()
        p.save()
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.to_view(rect.topLeft()), self.to_view(rect.bottomRight()))
        box = box.adjusted(-6, -6, 6, 6)
        pen = QPen(L.SELECTION, 1, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
        at = handles.get("rotate")
        if at is not None:
            p.setPen(QPen(L.SELECTION, 1))
            p.drawLine(QLineF(QPointF(at.x(), box.top()), at))
            p.setBrush(QColor("#ffffff"))
            p.setPen(QPen(L.SELECTION, 1.6))
            p.drawEllipse(at, HANDLE_PX - 1, HANDLE_PX - 1)
            path = QPainterPath()
            path.arcMoveTo(QRectF(at.x() - 3.5, at.y() - 3.5, 7, 7), 30)
            path.arcTo(QRectF(at.x() - 3.5, at.y() - 3.5, 7, 7), 30, 270)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        end = handles.get("end")
        if end is not None:
            p.setPen(QPen(L.SELECTION, 1.6))
            p.setBrush(QColor("#ffffff"))
            p.drawRect(QRectF(end.x() - HANDLE_PX + 1, end.y() - HANDLE_PX + 1, 2 * HANDLE_PX - 2, 2 * HANDLE_PX - 2))
        p.restore()

    # -- dialogs ------------------------------------------------------------------------------------
    def ask_block(self) -> BlockSize | None:
        """The block dialog: rows, seats per row, horizontal and vertical spacing, curve."""
        dialog = QDialog(self)
        dialog.setWindowTitle("Block of seats")
        form = QFormLayout(dialog)
        rows = QSpinBox(minimum=1, maximum=500, value=5)
        seats = QSpinBox(minimum=1, maximum=2000, value=12)
        h = QDoubleSpinBox(minimum=1, maximum=1000, value=self.new_seats.spacing, decimals=1)
        v = QDoubleSpinBox(minimum=1, maximum=1000, value=self.new_seats.row_spacing, decimals=1)
        curve = QDoubleSpinBox(minimum=-300, maximum=300, value=0, decimals=0, suffix="°")
        form.addRow("Rows", rows)
        form.addRow("Seats per row", seats)
        form.addRow("Seat spacing", h)
        form.addRow("Row spacing", v)
        form.addRow("Curve", curve)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return BlockSize(rows.value(), seats.value(), h.value(), v.value(), curve.value())

    # -- what is under the mouse, for tests and the status bar ---------------------------------------
    def seat_view_pos(self, guid: str) -> QPointF:
        self.ctl.sync()
        i = self.store.slot_of[guid]
        return QPointF(self.mapFromScene(QPointF(self.store.xs[i], self.store.ys[i])))

    def paint_all_seats(self, p: QPainter, rect: QRectF) -> int:
        """Paint every seat in ``rect`` (benchmarks)."""
        self.ctl.sync()
        return paint_seats(p, self.store, rect)
