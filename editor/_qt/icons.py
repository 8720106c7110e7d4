"""The editor's icons, drawn with ``QPainter`` (no files to ship, crisp at any device pixel ratio)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

INK = QColor("#32383f")
ACCENT = QColor("#1f6feb")
MUTED = QColor("#8c959f")
SIZE = 20

_cache: dict[tuple[str, str], QIcon] = {}


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon called ``name`` (see ``_ICONS``), drawn at 1x and 2x."""
    key = (name, colour or "")
    found = _cache.get(key)
    if found is not None:
        return found
    draw = _ICONS[name]
    result = QIcon()
    for dpr in (1.0, 2.0):
        pm = QPixmap(round(SIZE * dpr), round(SIZE * dpr))
        pm.setDevicePixelRatio(dpr)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = QColor(colour) if colour else INK
        p.setPen(QPen(ink, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
        p.setBrush(Qt.BrushStyle.NoBrush)
        draw(p, ink)
        p.end()
        result.addPixmap(pm)
    _cache[key] = result
    return result


def _dot(p: QPainter, x: float, y: float, r: float = 2.2, colour: QColor | None = None) -> None:
    p.save()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour or ACCENT)
    p.drawEllipse(QPointF(x, y), r, r)
    p.restore()


def _select(p: QPainter, ink: QColor) -> None:
    path = QPainterPath()
    path.moveTo(5, 3)
    path.lineTo(5, 16)
    path.lineTo(8.5, 12.5)
    path.lineTo(11, 17.5)
    path.lineTo(13, 16.5)
    path.lineTo(10.6, 11.6)
    path.lineTo(15.5, 11.5)
    path.closeSubpath()
    p.setBrush(ink)
    p.drawPath(path)


def _hand(p: QPainter, ink: QColor) -> None:
    path = QPainterPath()
    path.moveTo(6, 11)
    path.lineTo(6, 5.5)
    path.moveTo(8.5, 10)
    path.lineTo(8.5, 3.5)
    path.moveTo(11, 10)
    path.lineTo(11, 4)
    path.moveTo(13.5, 10.5)
    path.lineTo(13.5, 6)
    p.drawPath(path)
    body = QPainterPath()
    body.moveTo(6, 10)
    body.cubicTo(5, 13, 5, 15, 8, 17.5)
    body.lineTo(13, 17.5)
    body.cubicTo(15, 15.5, 15, 13, 13.5, 10)
    p.drawPath(body)


def _row(p: QPainter, ink: QColor) -> None:
    for i in range(5):
        _dot(p, 2.5 + i * 3.75, 10)


def _curved(p: QPainter, ink: QColor) -> None:
    for i in range(5):
        a = math.radians(-60 + i * 30)
        _dot(p, 10 + 8 * math.sin(a), 2.5 + 9 * math.cos(a))


def _block(p: QPainter, ink: QColor) -> None:
    for r in range(3):
        for c in range(4):
            _dot(p, 3.5 + c * 4.3, 5 + r * 5, 1.8)


def _zone(p: QPainter, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.4, Qt.PenStyle.DashLine))
    p.drawRoundedRect(QRectF(2.5, 3.5, 15, 13), 2, 2)
    for c in range(3):
        _dot(p, 6.5 + c * 3.5, 10, 1.5)


def _round_table(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#e8dcc4"))
    p.drawEllipse(QPointF(10, 10), 4.2, 4.2)
    for i in range(6):
        a = math.radians(i * 60)
        _dot(p, 10 + 7.5 * math.sin(a), 10 - 7.5 * math.cos(a), 1.7)


def _long_table(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#e8dcc4"))
    p.drawRoundedRect(QRectF(4, 7.5, 12, 5), 1, 1)
    for i in range(3):
        _dot(p, 6 + i * 4, 4.2, 1.6)
        _dot(p, 6 + i * 4, 15.8, 1.6)


def _standing(p: QPainter, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.4))
    p.drawRoundedRect(QRectF(2.5, 3.5, 15, 13), 2, 2)
    for x in (7, 13):
        p.setBrush(ink)
        p.drawEllipse(QPointF(x, 7.5), 1.5, 1.5)
        p.drawLine(QPointF(x, 9.5), QPointF(x, 13.5))


def _rect(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#e9ecef"))
    p.drawRect(QRectF(3, 5, 14, 10))


def _ellipse(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#e9ecef"))
    p.drawEllipse(QRectF(2.5, 5, 15, 10))


def _polygon(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#e9ecef"))
    p.drawPolygon(QPolygonF([QPointF(3, 15), QPointF(6, 4), QPointF(15, 3), QPointF(17, 12), QPointF(10, 17)]))


def _text(p: QPainter, ink: QColor) -> None:
    font = QFont()
    font.setPixelSize(15)
    font.setBold(True)
    p.setFont(font)
    p.drawText(QRectF(0, 0, 20, 20), Qt.AlignmentFlag.AlignCenter, "T")


def _stage(p: QPainter, ink: QColor) -> None:
    p.setBrush(QColor("#3d4450"))
    p.setPen(Qt.PenStyle.NoPen)
    p.drawRoundedRect(QRectF(2.5, 3, 15, 6), 1.2, 1.2)
    for i in range(4):
        _dot(p, 4 + i * 4, 13, 1.5)
        _dot(p, 4 + i * 4, 17, 1.5)


def _focal(p: QPainter, ink: QColor) -> None:
    red = QColor("#d1242f")
    p.setPen(QPen(red, 1.6))
    p.drawEllipse(QPointF(10, 10), 5, 5)
    for a, b in (((10, 1.5), (10, 5)), ((10, 15), (10, 18.5)), ((1.5, 10), (5, 10)), ((15, 10), (18.5, 10))):
        p.drawLine(QPointF(*a), QPointF(*b))
    _dot(p, 10, 10, 1.6, red)


def _undo(p: QPainter, ink: QColor) -> None:
    path = QPainterPath()
    path.moveTo(5, 8)
    path.lineTo(13, 8)
    path.cubicTo(17, 8, 17, 15, 13, 15)
    path.lineTo(8, 15)
    p.drawPath(path)
    p.drawPolyline(QPolygonF([QPointF(8, 4.5), QPointF(4.5, 8), QPointF(8, 11.5)]))


def _redo(p: QPainter, ink: QColor) -> None:
    p.translate(20, 0)
    p.scale(-1, 1)
    _undo(p, ink)


def _duplicate(p: QPainter, ink: QColor) -> None:
    p.drawRoundedRect(QRectF(3, 3, 10, 10), 1.5, 1.5)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(QRectF(7, 7, 10, 10), 1.5, 1.5)


def _delete(p: QPainter, ink: QColor) -> None:
    p.drawLine(QPointF(3.5, 5.5), QPointF(16.5, 5.5))
    p.drawLine(QPointF(8, 5.5), QPointF(8.5, 3))
    p.drawLine(QPointF(8.5, 3), QPointF(11.5, 3))
    p.drawLine(QPointF(11.5, 3), QPointF(12, 5.5))
    path = QPainterPath()
    path.moveTo(5, 5.5)
    path.lineTo(6, 17)
    path.lineTo(14, 17)
    path.lineTo(15, 5.5)
    p.drawPath(path)
    p.drawLine(QPointF(8.5, 8.5), QPointF(8.7, 14))
    p.drawLine(QPointF(11.5, 8.5), QPointF(11.3, 14))


def _rotate(p: QPainter, ink: QColor, clockwise: bool = True) -> None:
    if not clockwise:
        p.translate(20, 0)
        p.scale(-1, 1)
    path = QPainterPath()
    path.arcMoveTo(QRectF(4, 4, 12, 12), 160)
    path.arcTo(QRectF(4, 4, 12, 12), 160, -250)
    p.drawPath(path)
    p.drawPolyline(QPolygonF([QPointF(12.5, 1.8), QPointF(15.5, 5), QPointF(11.5, 6.8)]))


def _flip_h(p: QPainter, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.2, Qt.PenStyle.DashLine))
    p.drawLine(QPointF(10, 2), QPointF(10, 18))
    p.setPen(QPen(ink, 1.5))
    p.setBrush(ink)
    p.drawPolygon(QPolygonF([QPointF(8, 5), QPointF(8, 15), QPointF(2.5, 15)]))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolygon(QPolygonF([QPointF(12, 5), QPointF(12, 15), QPointF(17.5, 15)]))


def _flip_v(p: QPainter, ink: QColor) -> None:
    p.translate(20, 0)
    p.rotate(90)
    _flip_h(p, ink)


def _align(kind: str) -> Callable[[QPainter, QColor], None]:
    def draw(p: QPainter, ink: QColor) -> None:
        p.save()
        if kind in ("top", "vcentre", "bottom"):
            p.translate(20, 0)
            p.rotate(90)
        line = {"left": 3, "top": 3, "hcentre": 10, "vcentre": 10, "right": 17, "bottom": 17}[kind]
        p.drawLine(QPointF(line, 2), QPointF(line, 18))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ACCENT)
        if kind in ("left", "top"):
            p.drawRoundedRect(QRectF(5, 4.5, 11, 4), 1, 1)
            p.drawRoundedRect(QRectF(5, 11.5, 7, 4), 1, 1)
        elif kind in ("right", "bottom"):
            p.drawRoundedRect(QRectF(4, 4.5, 11, 4), 1, 1)
            p.drawRoundedRect(QRectF(8, 11.5, 7, 4), 1, 1)
        else:
            p.drawRoundedRect(QRectF(4, 4.5, 12, 4), 1, 1)
            p.drawRoundedRect(QRectF(6.5, 11.5, 7, 4), 1, 1)
        p.restore()

    return draw


def _distribute(axis: str) -> Callable[[QPainter, QColor], None]:
    def draw(p: QPainter, ink: QColor) -> None:
        p.save()
        if axis == "v":
            p.translate(20, 0)
            p.rotate(90)
        p.drawLine(QPointF(2.5, 3), QPointF(2.5, 17))
        p.drawLine(QPointF(17.5, 3), QPointF(17.5, 17))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ACCENT)
        for x in (4.8, 8.6, 12.4):
            p.drawRoundedRect(QRectF(x, 6, 2.8, 8), 0.8, 0.8)
        p.restore()

    return draw


def _zoom(sign: str) -> Callable[[QPainter, QColor], None]:
    def draw(p: QPainter, ink: QColor) -> None:
        p.drawEllipse(QPointF(8.5, 8.5), 5.5, 5.5)
        p.drawLine(QPointF(12.5, 12.5), QPointF(17, 17))
        p.drawLine(QPointF(6, 8.5), QPointF(11, 8.5))
        if sign == "+":
            p.drawLine(QPointF(8.5, 6), QPointF(8.5, 11))

    return draw


def _fit(p: QPainter, ink: QColor) -> None:
    for (x, y), (dx, dy) in (((3, 3), (1, 1)), ((17, 3), (-1, 1)), ((3, 17), (1, -1)), ((17, 17), (-1, -1))):
        p.drawPolyline(QPolygonF([QPointF(x, y + 4 * dy), QPointF(x, y), QPointF(x + 4 * dx, y)]))
    p.drawRect(QRectF(7, 7, 6, 6))


def _grid(p: QPainter, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.2))
    for v in (3, 8, 12, 17):
        p.drawLine(QPointF(v, 2.5), QPointF(v, 17.5))
        p.drawLine(QPointF(2.5, v), QPointF(17.5, v))


def _snap(p: QPainter, ink: QColor) -> None:
    p.setPen(QPen(MUTED, 1.1))
    for v in (4, 10, 16):
        p.drawLine(QPointF(v, 2.5), QPointF(v, 17.5))
        p.drawLine(QPointF(2.5, v), QPointF(17.5, v))
    _dot(p, 10, 10, 3)


def _keyboard(p: QPainter, ink: QColor) -> None:
    p.drawRoundedRect(QRectF(1.8, 5, 16.4, 10.5), 2, 2)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(ink)
    for r, y in enumerate((7.6, 10.2)):
        for i in range(5 - r):
            p.drawRect(QRectF(4.2 + i * 2.6 + r * 1.3, y, 1.4, 1.3))
    p.drawRect(QRectF(6.5, 12.6, 7, 1.3))


def _image(p: QPainter, ink: QColor) -> None:
    p.drawRoundedRect(QRectF(2.5, 4, 15, 12), 1.5, 1.5)
    p.drawPolyline(QPolygonF([QPointF(3.5, 14.5), QPointF(8, 9.5), QPointF(11, 12.5), QPointF(13, 10.5),
                              QPointF(16.5, 14)]))
    _dot(p, 13.5, 7.3, 1.4, ink)


def _export(p: QPainter, ink: QColor) -> None:
    p.drawPolyline(QPolygonF([QPointF(4, 11), QPointF(4, 17), QPointF(16, 17), QPointF(16, 11)]))
    p.drawLine(QPointF(10, 3), QPointF(10, 13))
    p.drawPolyline(QPolygonF([QPointF(6.5, 6.5), QPointF(10, 3), QPointF(13.5, 6.5)]))


def _save(p: QPainter, ink: QColor) -> None:
    p.drawRoundedRect(QRectF(3, 3, 14, 14), 2, 2)
    p.drawRect(QRectF(6.5, 3, 7, 4.5))
    p.drawRect(QRectF(6, 11, 8, 6))


def _publish(p: QPainter, ink: QColor) -> None:
    p.drawPolyline(QPolygonF([QPointF(4, 10.5), QPointF(8.5, 15), QPointF(16.5, 5)]))


def _check(p: QPainter, ink: QColor) -> None:
    green = QColor("#1a7f37")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(green)
    p.drawEllipse(QPointF(10, 10), 8, 8)
    p.setPen(QPen(QColor("#ffffff"), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    p.drawPolyline(QPolygonF([QPointF(6, 10.3), QPointF(8.8, 13), QPointF(14, 7.2)]))


def _error(p: QPainter, ink: QColor) -> None:
    red = QColor("#cf222e")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(red)
    p.drawEllipse(QPointF(10, 10), 8, 8)
    p.setPen(QPen(QColor("#ffffff"), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(7, 7), QPointF(13, 13))
    p.drawLine(QPointF(13, 7), QPointF(7, 13))


def _warning(p: QPainter, ink: QColor) -> None:
    amber = QColor("#bf8700")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(amber)
    p.drawPolygon(QPolygonF([QPointF(10, 2), QPointF(18.5, 17), QPointF(1.5, 17)]))
    p.setPen(QPen(QColor("#ffffff"), 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawLine(QPointF(10, 7), QPointF(10, 11.5))
    p.drawPoint(QPointF(10, 14.3))


def _plus(p: QPainter, ink: QColor) -> None:
    p.drawLine(QPointF(10, 4), QPointF(10, 16))
    p.drawLine(QPointF(4, 10), QPointF(16, 10))


def _minus(p: QPainter, ink: QColor) -> None:
    p.drawLine(QPointF(4, 10), QPointF(16, 10))


def _wheelchair(p: QPainter, ink: QColor) -> None:
    p.setBrush(ink)
    p.drawEllipse(QPointF(9, 3.5), 1.6, 1.6)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPolyline(QPolygonF([QPointF(9, 6.5), QPointF(9, 11), QPointF(13.5, 11), QPointF(15.5, 16)]))
    path = QPainterPath()
    path.arcMoveTo(QRectF(3, 8.5, 10, 10), 110)
    path.arcTo(QRectF(3, 8.5, 10, 10), 110, 250)
    p.drawPath(path)


_ICONS: dict[str, Callable[[QPainter, QColor], None]] = {
    "select": _select, "hand": _hand, "row": _row, "curved-row": _curved, "block": _block, "zone": _zone,
    "round-table": _round_table, "long-table": _long_table, "standing": _standing, "rectangle": _rect,
    "ellipse": _ellipse, "polygon": _polygon, "text": _text, "stage": _stage, "focal": _focal,
    "undo": _undo, "redo": _redo, "duplicate": _duplicate, "delete": _delete,
    "rotate-cw": _rotate, "rotate-ccw": lambda p, ink: _rotate(p, ink, False),
    "flip-h": _flip_h, "flip-v": _flip_v,
    "align-left": _align("left"), "align-hcentre": _align("hcentre"), "align-right": _align("right"),
    "align-top": _align("top"), "align-vcentre": _align("vcentre"), "align-bottom": _align("bottom"),
    "distribute-h": _distribute("h"), "distribute-v": _distribute("v"),
    "zoom-in": _zoom("+"), "zoom-out": _zoom("-"), "fit": _fit, "grid": _grid, "snap": _snap,
    "keyboard": _keyboard, "image": _image, "export": _export, "save": _save, "publish": _publish,
    "check": _check, "error": _error, "warning": _warning, "plus": _plus, "minus": _minus,
    "wheelchair": _wheelchair,
}
