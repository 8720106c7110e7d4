"""The canvas the editor and the read-only view share: a ``QGraphicsView`` with a handful of layer items
that paint everything themselves (areas, all seats, overlays), zoom about the mouse, panning, fitting,
and an optional grid.

There is no ``QGraphicsItem`` per seat: painting 40,000 Python-painted items costs half a second, one
item that paints them all a few milliseconds.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsScene, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from editor.model.elements import Area

from .paint import RowLabel, paint_areas, paint_row_labels, paint_seats
from .store import SeatStore

log = logging.getLogger(__name__)

MIN_SCALE = 0.002
MAX_SCALE = 40.0
CANVAS_BG = QColor("#eef0f3")
PAPER = QColor("#ffffff")
PAPER_EDGE = QColor("#d5dae0")
GRID_MINOR = QColor("#eef1f4")
GRID_MAJOR = QColor("#dde2e8")


def visible_rect(p: QPainter, exposed: QRectF) -> QRectF:
    """``exposed`` cut to what the painter's device can show (``QGraphicsView.render`` exposes every item
    whole; painting only the visible part keeps that as cheap as a repaint of the screen)."""
    device = p.device()
    if device is None:
        return exposed
    dpr = device.devicePixelRatioF() or 1.0
    box = QRectF(0, 0, device.width() / dpr, device.height() / dpr)
    inverse, ok = p.worldTransform().inverted()
    if not ok:
        return exposed
    return exposed.intersected(inverse.mapRect(box))


class LayerItem(QGraphicsItem):
    """An item that covers the plan and hands its painting to a function (painter, exposed rect)."""

    def __init__(self, paint: Callable[[QPainter, QRectF], None], z: float) -> None:
        super().__init__()
        self._paint = paint
        self._rect = QRectF(-1e5, -1e5, 2e5, 2e5)
        self.setZValue(z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.paint_count = 0
        self.last_exposed = QRectF()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt's name
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        self.paint_count += 1
        exposed = visible_rect(painter, option.exposedRect)
        self.last_exposed = QRectF(exposed)
        try:
            self._paint(painter, exposed)
        except Exception:  # an exception escaping a paint override takes the process down
            log.exception("painting %s failed", type(self).__name__)


class SeatLayer(LayerItem):
    """All seats of a :class:`SeatStore`, with row labels; ``last_drawn`` counts seats drawn one by one
    in the last paint (what a single-seat update costs)."""

    def __init__(self, store: SeatStore, z: float = 10) -> None:
        super().__init__(self._paint_seats, z)
        self.store = store
        self.row_labels: list[RowLabel] = []
        self.numbers = True
        self.hidden: set[int] = set()
        self.last_drawn = 0

    def _paint_seats(self, p: QPainter, exposed: QRectF) -> None:
        self.last_drawn = paint_seats(p, self.store, exposed, numbers=self.numbers, hidden=self.hidden)
        if self.row_labels:
            paint_row_labels(p, self.row_labels, exposed, self.store.typical_radius())


class AreaLayer(LayerItem):
    """The plan's areas (stage, labels, shapes, tables, standing areas), from a provider of
    (zone x, zone y, area) triples."""

    def __init__(self, provider: Callable[[], Iterable[tuple[float, float, Area]]], z: float = 0,
                 outline_invisible: bool = False) -> None:
        super().__init__(self._paint_areas, z)
        self.provider = provider
        self.outline_invisible = outline_invisible

    def _paint_areas(self, p: QPainter, exposed: QRectF) -> None:
        paint_areas(p, self.provider(), exposed, outline_invisible=self.outline_invisible)


class PlanCanvas(QGraphicsView):
    """A zoomable, pannable view of a plan; subclasses add tools and selection.

    ``zoomChanged(float)`` reports the scale (device pixels per plan unit).
    """

    zoomChanged = Signal(float)
    WHEEL_ZOOMS = True  # the editor zooms with Ctrl+wheel and scrolls with the wheel alone

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        scene = QGraphicsScene(self)
        scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setScene(scene)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState
                                  | QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setMouseTracking(True)
        self.setBackgroundBrush(CANVAS_BG)
        self.paper = QRectF()  # the plan's page (0, 0, width, height)
        self.content = QRectF()  # what fit() shows
        self.show_grid = False
        self.grid_size = 10.0
        self._panning: QPointF | None = None
        self._space_down = False
        self._fitted = True

    # -- zoom and pan -----------------------------------------------------------------------------
    def scale_factor(self) -> float:
        return self.transform().m11()

    def set_scene_extent(self, paper: QRectF, content: QRectF) -> None:
        """The plan's page and the rectangle to fit; the scene reaches well beyond both, so the user can
        pan past the edges."""
        self.paper = QRectF(paper)
        self.content = QRectF(content) if not content.isEmpty() else QRectF(paper)
        box = self.paper.united(self.content)
        margin = max(box.width(), box.height(), 200.0)
        self.scene().setSceneRect(box.adjusted(-margin, -margin, margin, margin))

    def fit(self) -> None:
        """Show the whole plan."""
        box = self.content if not self.content.isEmpty() else self.paper
        if box.isEmpty():
            return
        view = self.viewport().rect()
        if view.width() < 10 or view.height() < 10:
            self._fitted = True
            return
        pad = 24
        sx = (view.width() - 2 * pad) / max(box.width(), 1e-6)
        sy = (view.height() - 2 * pad) / max(box.height(), 1e-6)
        s = max(MIN_SCALE, min(MAX_SCALE, min(sx, sy)))
        self._apply_scale(s, box.center())
        self._fitted = True

    def _apply_scale(self, s: float, centre: QPointF) -> None:
        self.resetTransform()
        self.scale(s, s)
        self.centerOn(centre)
        self.zoomChanged.emit(s)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """Zoom keeping the scene point under ``anchor`` (viewport coordinates; default: the centre)."""
        s = self.scale_factor()
        target = max(MIN_SCALE, min(MAX_SCALE, s * factor))
        if abs(target - s) < 1e-12:
            return
        if anchor is None:
            anchor = QPointF(self.viewport().rect().center())
        a = anchor.toPoint()
        before = self.mapToScene(a)
        f = target / s
        self.scale(f, f)
        after = self.mapToScene(a)
        centre = self.mapToScene(self.viewport().rect().center())
        self.centerOn(centre + (before - after))
        self._fitted = False
        self.zoomChanged.emit(target)

    def zoom_to(self, scale: float, centre: QPointF | None = None) -> None:
        self._apply_scale(max(MIN_SCALE, min(MAX_SCALE, scale)),
                          centre if centre is not None else self.mapToScene(self.viewport().rect().center()))
        self._fitted = False

    def centre_on_rect(self, rect: QRectF, *, zoom_in: bool = True) -> None:
        """Centre the view on ``rect``, zooming in or out so it fills a good part of the view."""
        if rect.isNull():
            return
        view = self.viewport().rect()
        s = self.scale_factor()
        if zoom_in and rect.width() > 0 and rect.height() > 0:
            fit = min(view.width() * 0.5 / rect.width(), view.height() * 0.5 / rect.height())
            if fit < s or s < fit * 0.25:
                s = min(fit, 1.8)
        self._apply_scale(max(MIN_SCALE, min(MAX_SCALE, s)), rect.center())
        self._fitted = False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self._fitted:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt's name
        mods = event.modifiers()
        zoom = self.WHEEL_ZOOMS or bool(mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
        if zoom:
            steps = event.angleDelta().y() / 120.0
            if steps:
                self.zoom_by(1.2 ** steps, event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def start_pan(self, pos: QPointF) -> None:
        self._panning = QPointF(pos)
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def pan_to(self, pos: QPointF) -> None:
        if self._panning is None:
            return
        delta = pos - self._panning
        self._panning = QPointF(pos)
        self._scroll_by(delta)
        self._fitted = False

    def _scroll_by(self, delta: QPointF) -> None:
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - round(delta.x()))
        v.setValue(v.value() - round(delta.y()))

    def end_pan(self) -> None:
        self._panning = None
        self.viewport().unsetCursor()

    def is_panning(self) -> bool:
        return self._panning is not None

    def wants_pan(self, event: QMouseEvent) -> bool:
        b = event.button()
        return b == Qt.MouseButton.MiddleButton or (b == Qt.MouseButton.LeftButton and self._space_down)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            if self._panning is None:
                self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    # -- background -------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # type: ignore[override]  # noqa: N802
        painter.fillRect(rect, CANVAS_BG)
        paper = self.paper
        if paper.isEmpty():
            return
        s = self.scale_factor()
        shadow = paper.translated(0, 3 / s)
        painter.fillRect(shadow.intersected(rect.adjusted(-10, -10, 10, 10)), QColor(0, 0, 0, 18))
        painter.fillRect(paper.intersected(rect), PAPER)
        if self.show_grid:
            self._draw_grid(painter, rect.intersected(paper), s)
        pen = QPen(PAPER_EDGE, 1)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(paper)

    def _draw_grid(self, painter: QPainter, rect: QRectF, s: float) -> None:
        if rect.isEmpty():
            return
        step = self.grid_size
        while step * s < 8:  # never denser than 8 px
            step *= 5
        major = step * 5
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for spacing, colour in ((step, GRID_MINOR), (major, GRID_MAJOR)):
            pen = QPen(colour, 1)
            pen.setCosmetic(True)
            painter.setPen(pen)
            x = (rect.left() // spacing) * spacing
            lines = []
            while x <= rect.right():
                if x >= rect.left():
                    lines.append(QLineF(x, rect.top(), x, rect.bottom()))
                x += spacing
            y = (rect.top() // spacing) * spacing
            while y <= rect.bottom():
                if y >= rect.top():
                    lines.append(QLineF(rect.left(), y, rect.right(), y))
                y += spacing
            painter.drawLines(lines)
        painter.restore()

    # -- offscreen rendering (benchmarks, screenshots) ---------------------------------------------
    def render_to_image(self, image: QImage) -> None:
        """Paint what the viewport shows into a ``QImage`` of the viewport's size."""
        p = QPainter(image)
        self.render(p, QRectF(0, 0, image.width(), image.height()), self.viewport().rect())
        p.end()
