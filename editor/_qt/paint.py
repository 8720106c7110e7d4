"""Painting a seat layer, row labels and areas with one ``QPainter`` (used by the canvas items and by the
PNG renderer alike, so the picture on screen and the exported one agree).

Levels of detail, by a seat's diameter on the device:

- under :data:`DOT_LIMIT` pixels: dots, one ``drawPoints`` call per look and block of the grid;
- from there: one pre-rendered sprite per seat (a pixmap blit), for the seats in the exposed rectangle;
- from :data:`NUMBER_LIMIT`: the sprites carry the seat numbers.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from editor.model.elements import DEFAULT_TEXT_SIZE, Area

from .look import FREE, SPRITES, UNCATEGORISED, SpriteCache, dot_colour
from .store import SeatStore

DOT_LIMIT = 4.0  # px: below this seats are dots
NUMBER_LIMIT = 13.0  # px: from this diameter seat numbers are drawn inside free seats
ROW_LABEL_LIMIT = 5.0  # px: row labels from this seat diameter
ROW_TEXT = QColor("#57606a")


def device_scale(p: QPainter) -> tuple[float, float, float, bool]:
    """(scale, dx, dy, plain) of the painter's world transform; ``plain`` when it only scales and moves."""
    t = p.worldTransform()
    scaling_only = t.type().value <= QTransform.TransformationType.TxScale.value
    plain = scaling_only and abs(t.m11() - t.m22()) < 1e-6 * abs(t.m11())
    return t.m11(), t.dx(), t.dy(), plain


def paint_seats(
    p: QPainter,
    store: SeatStore,
    exposed: QRectF,
    *,
    numbers: bool = True,
    hidden: Collection[int] = (),
    sprites: SpriteCache = SPRITES,
) -> int:
    """Draw the seats of ``store`` that touch ``exposed`` (scene coordinates); returns how many were drawn
    one by one (0 when drawn as dots)."""
    if not store.count:
        return 0
    s, ox, oy, plain = device_scale(p)
    typical = 2 * store.typical_radius() * s
    x0, y0, x1, y1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
    if typical < DOT_LIMIT:
        _paint_dots(p, store, x0, y0, x1, y1, typical)
        return 0
    slots = store.query_rect(x0, y0, x1, y1)
    if not plain:
        _paint_transformed(p, store, slots, hidden)
        return len(slots)
    xs, ys, rs, looks_of, labels = store.xs, store.ys, store.rs, store.look, store.labels
    looks = store.looks
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    draw = p.drawPixmap
    get = sprites.get
    p.save()
    p.resetTransform()
    # Sprites by (look, diameter, label); most seats share a few, so remember them for this paint.
    local: dict[tuple[int, float, str], tuple[QPixmap, float]] = {}
    show_numbers = numbers and typical >= NUMBER_LIMIT
    for i in slots:
        if hidden and i in hidden:
            continue
        d = 2 * rs[i] * s
        lk = looks_of[i]
        if show_numbers and d >= NUMBER_LIMIT:
            look = looks[lk]
            label = labels[i] if look.state in (FREE, UNCATEGORISED) else ""
        else:
            label = ""
        key = (lk, d, label)
        sprite = local.get(key)
        if sprite is None:
            sprite = local[key] = get(looks[lk], d, label, dpr)
        pixmap, half = sprite
        draw(QPointF(round(xs[i] * s + ox - half), round(ys[i] * s + oy - half)), pixmap)
    p.restore()
    return len(slots)


def _paint_dots(p: QPainter, store: SeatStore, x0: float, y0: float, x1: float, y1: float, d: float) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, d >= 1.5)
    pens: dict[int, QPen] = {}
    width = max(1.0, d)
    cap = Qt.PenCapStyle.RoundCap if d >= 2.5 else Qt.PenCapStyle.SquareCap
    looks = store.looks
    for polys in store.dot_blocks(x0, y0, x1, y1):
        for lk, poly in polys:
            pen = pens.get(lk)
            if pen is None:
                pen = pens[lk] = QPen(dot_colour(looks[lk]), width, Qt.PenStyle.SolidLine, cap)
                pen.setCosmetic(True)
            p.setPen(pen)
            p.drawPoints(poly)
    p.restore()


def _paint_transformed(p: QPainter, store: SeatStore, slots: Iterable[int], hidden: Collection[int]) -> None:
    """Fallback for rotated or sheared painters: symbols painted in scene coordinates."""
    from .look import paint_symbol

    looks = store.looks
    for i in slots:
        if hidden and i in hidden:
            continue
        paint_symbol(p, store.xs[i], store.ys[i], store.rs[i], looks[store.look[i]])


def paint_rings(
    p: QPainter,
    store: SeatStore,
    slots: Collection[int],
    colour: QColor,
    *,
    width: float = 2.0,
    exposed: QRectF | None = None,
    sprites: SpriteCache = SPRITES,
    dots: dict[str, QPolygonF] | None = None,
) -> None:
    """Rings around seats (selection, hover, faults). With many seats and an ``exposed`` rectangle, only the
    seats in view are looked at (``slots`` should then be a set). ``dots``: a dict the caller keeps per
    selection, caching the far-away polygon."""
    s, ox, oy, plain = device_scale(p)
    xs, ys, rs, looks_of, looks = store.xs, store.ys, store.rs, store.look, store.looks
    if exposed is not None:
        x0, y0, x1, y1 = exposed.left(), exposed.top(), exposed.right(), exposed.bottom()
    typical = 2 * store.typical_radius() * s
    if typical < DOT_LIMIT or not plain:
        poly = dots.get("poly") if dots is not None else None
        if poly is None:
            poly = QPolygonF([QPointF(xs[i], ys[i]) for i in slots])
            if dots is not None:
                dots["poly"] = poly
        if not poly.isEmpty():
            pen = QPen(colour, max(2.5, typical + 2.5), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            p.save()
            p.setPen(pen)
            p.drawPoints(poly)
            p.restore()
        return
    if exposed is not None and len(slots) > 64 and isinstance(slots, (set, frozenset)):
        visible = store.query_rect(x0 - 8 / s, y0 - 8 / s, x1 + 8 / s, y1 + 8 / s)
        slots = [i for i in visible if i in slots] if len(visible) < len(slots) else slots
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    p.save()
    p.resetTransform()
    for i in slots:
        x, y = xs[i], ys[i]
        reach = rs[i] + 4
        if exposed is not None and not (x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach):
            continue
        pixmap, half = sprites.ring(2 * rs[i] * s, colour, width, dpr, looks[looks_of[i]].wheelchair)
        p.drawPixmap(QPointF(round(x * s + ox - half), round(y * s + oy - half)), pixmap)
    p.restore()


def paint_ghosts(
    p: QPainter,
    store: SeatStore,
    slots: Sequence[int],
    dx: float,
    dy: float,
    sprites: SpriteCache = SPRITES,
    transform: QTransform | None = None,
) -> None:
    """Seats drawn moved by (dx, dy) (or through ``transform`` in scene coordinates), half transparent:
    the preview while dragging."""
    s, ox, oy, plain = device_scale(p)
    xs, ys, rs, looks_of, looks = store.xs, store.ys, store.rs, store.look, store.looks
    typical = 2 * store.typical_radius() * s
    p.save()
    p.setOpacity(0.75)
    if typical < DOT_LIMIT or not plain:
        groups: dict[int, list[QPointF]] = {}
        for i in slots:
            pt = QPointF(xs[i] + dx, ys[i] + dy)
            if transform is not None:
                pt = transform.map(QPointF(xs[i], ys[i]))
            groups.setdefault(looks_of[i], []).append(pt)
        for lk, pts in groups.items():
            pen = QPen(dot_colour(looks[lk]), max(1.0, typical), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setCosmetic(True)
            p.setPen(pen)
            p.drawPoints(QPolygonF(pts))
        p.restore()
        return
    dpr = p.device().devicePixelRatioF() if p.device() is not None else 1.0
    p.resetTransform()
    for i in slots:
        if transform is not None:
            pt = transform.map(QPointF(xs[i], ys[i]))
            x, y = pt.x(), pt.y()
        else:
            x, y = xs[i] + dx, ys[i] + dy
        pixmap, half = sprites.get(looks[looks_of[i]], 2 * rs[i] * s, "", dpr)
        p.drawPixmap(QPointF(round(x * s + ox - half), round(y * s + oy - half)), pixmap)
    p.restore()


# -- row labels -----------------------------------------------------------------------------------
class RowLabel(tuple[float, float, str]):
    """(x, y, text) in scene coordinates: a row number drawn beside the row's end."""

    __slots__ = ()

    def __new__(cls, x: float, y: float, text: str) -> RowLabel:
        return tuple.__new__(cls, (x, y, text))


def row_label_points(ordered: Sequence[tuple[float, float, float]], text: str, where: str | None) -> list[RowLabel]:
    """Where a row's number goes: one seat further out at the start and/or end of ``ordered`` seats
    ((x, y, r) in scene coordinates, in row order)."""
    if not text or not ordered or where is None:
        return []
    out = []
    ends = []
    if where in ("start", "both"):
        ends.append((ordered[0], ordered[1] if len(ordered) > 1 else None))
    if where in ("end", "both") and (len(ordered) > 1 or where == "end"):
        ends.append((ordered[-1], ordered[-2] if len(ordered) > 1 else None))
    for end, inner in ends:
        if inner is not None:
            ux, uy = end[0] - inner[0], end[1] - inner[1]
            length = math.hypot(ux, uy) or 1.0
            ux, uy = ux / length, uy / length
        else:
            ux, uy = -1.0, 0.0
        gap = end[2] * 2.1
        out.append(RowLabel(end[0] + ux * gap, end[1] + uy * gap, text))
    return out


def paint_row_labels(
    p: QPainter, labels: Iterable[RowLabel], exposed: QRectF, typical_r: float, colour: QColor = ROW_TEXT
) -> None:
    s, ox, oy, plain = device_scale(p)
    d = 2 * typical_r * s
    if d < ROW_LABEL_LIMIT:
        return
    px = max(8.0, min(d * 0.62, 15.0))
    font = QFont()
    font.setPixelSize(round(px))
    font.setWeight(QFont.Weight.DemiBold)
    x0, y0, x1, y1 = exposed.left() - 40, exposed.top() - 40, exposed.right() + 40, exposed.bottom() + 40
    p.save()
    p.setFont(font)
    p.setPen(colour)
    if plain:
        p.resetTransform()
        for x, y, text in labels:
            if x0 <= x <= x1 and y0 <= y <= y1:
                cx, cy = x * s + ox, y * s + oy
                p.drawText(QRectF(cx - 40, cy - px, 80, 2 * px), Qt.AlignmentFlag.AlignCenter, text)
    else:
        inv = 1 / max(s, 1e-9)
        font.setPixelSize(max(1, round(px * inv)))
        p.setFont(font)
        for x, y, text in labels:
            if x0 <= x <= x1 and y0 <= y <= y1:
                p.drawText(
                    QRectF(x - 40 * inv, y - px * inv, 80 * inv, 2 * px * inv), Qt.AlignmentFlag.AlignCenter, text
                )
    p.restore()


# -- areas ----------------------------------------------------------------------------------------
def _add_outline(path: QPainterPath, area: Area, x: float, y: float, *, rounded: bool = False) -> bool:
    """Adds the outline of a rectangle (its corners rounded by 2 when ``rounded``), circle, ellipse or
    polygon area placed at (x, y), unrotated; for any other area adds nothing and gives False."""
    shape = area.shape
    if shape == "rectangle":
        if rounded:
            path.addRoundedRect(QRectF(x, y, area.width, area.height), 2, 2)
        else:
            path.addRect(QRectF(x, y, area.width, area.height))
    elif shape == "circle":
        path.addEllipse(QPointF(x, y), area.radius, area.radius)
    elif shape == "ellipse":
        path.addEllipse(QPointF(x, y), area.radius_x, area.radius_y)
    elif shape == "polygon" and area.points:
        path.addPolygon(QPolygonF([QPointF(x + px, y + py) for px, py in area.points]))
        path.closeSubpath()
    else:
        return False
    return True


def text_width(text: str, size: float) -> float:
    """How wide an area's text is drawn at ``size`` pixels (the model's boxes measure text with it)."""
    font = QFont()
    font.setPixelSize(max(1, round(size)))
    font.setWeight(QFont.Weight.DemiBold)
    return QFontMetricsF(font).horizontalAdvance(text)


def area_path(area: Area, zx: float = 0.0, zy: float = 0.0) -> QPainterPath:
    """The outline of an area in scene coordinates (rotation included); text areas give the text's box."""
    x, y = zx + area.x, zy + area.y
    path = QPainterPath()
    if _add_outline(path, area, x, y):
        pass  # a shape: its outline
    elif area.text is not None and area.text.text:  # a text label: the text's box
        size = area.text.size or DEFAULT_TEXT_SIZE
        w = text_width(area.text.text, size)
        path.addRect(QRectF(x + area.text.x - w / 2 - 2, y + area.text.y - size * 0.65, w + 4, size * 1.3))
    else:  # nothing to see: a small square at its point
        path.addRect(QRectF(x - 6, y - 6, 12, 12))
    if area.rotation:
        t = QTransform()
        t.translate(x, y)
        t.rotate(area.rotation)
        t.translate(-x, -y)
        path = t.map(path)
    return path


def paint_area(
    p: QPainter,
    area: Area,
    zx: float = 0.0,
    zy: float = 0.0,
    *,
    outline_invisible: bool = False,
    standing_hatch: bool = True,
) -> None:
    """One area: its shape filled and outlined by its colours, then its text (centred on its point)."""
    x, y = zx + area.x, zy + area.y
    p.save()
    if area.rotation:
        p.translate(x, y)
        p.rotate(area.rotation)
        p.translate(-x, -y)
    fill = QColor(area.color) if area.color else None
    border = QColor(area.border_color) if area.border_color else None
    shape = area.shape
    if shape != "text":
        local = QPainterPath()
        _add_outline(local, area, x, y, rounded=True)
        pen: QPen | Qt.PenStyle
        if border is not None:
            pen = QPen(border, 2)
        elif outline_invisible and fill is None:
            pen = QPen(QColor("#9aa4ae"), 1, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
        else:
            pen = Qt.PenStyle.NoPen
        p.setPen(pen)
        p.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        p.drawPath(local)
        if area.kind == "standing" and standing_hatch:
            hatch = QBrush(border.lighter(150) if border is not None else QColor("#b6c6d6"), Qt.BrushStyle.BDiagPattern)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(hatch)
            p.drawPath(local)
    t = area.text
    if t is not None and t.text:
        size = t.size or DEFAULT_TEXT_SIZE
        font = QFont()
        font.setPixelSize(max(1, round(size)))
        font.setWeight(QFont.Weight.DemiBold)
        if area.kind in ("label", "shape") and t.text.isupper():
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        p.setFont(font)
        p.setPen(QColor(t.color) if t.color else QColor("#24292f"))
        text = t.text
        if area.kind == "standing" and area.capacity:
            text = f"{t.text}\n{area.capacity} standing"
        lines = text.count("\n") + 1
        box = QRectF(x + t.x - 2000, y + t.y - size * 0.7 * lines, 4000, size * 1.4 * lines)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    p.restore()


def paint_areas(
    p: QPainter,
    areas: Iterable[tuple[float, float, Area]],
    exposed: QRectF | None = None,
    *,
    outline_invisible: bool = False,
) -> None:
    """Areas given as (zone x, zone y, area), in order (later ones on top)."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    for zx, zy, area in areas:
        paint_area(p, area, zx, zy, outline_invisible=outline_invisible)
    p.restore()
