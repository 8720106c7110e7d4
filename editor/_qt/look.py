"""How a seat looks: its state marks, drawn once per look and size into a cached sprite.

Seat states are told apart by shape and mark as well as by colour, for colour-blind staff:

=============  ==============================================================
free           the category's colour (the seat number inside when close up)
mine           dark, with a white check (in this station's cart)
pending        the category's colour, lighter, with a dashed dark ring (being held or released)
held           light grey with a dark dot (held at another station)
sold           grey with a white cross
blocked        white with a grey slash (nobody sells it)
house          white, ringed in the category's colour, with a small square (box office only)
uncategorised  white with a dashed grey outline and a question mark (editor: no category yet)
=============  ==============================================================

Flags, whatever the state: a wheelchair place is a rounded square instead of a circle, a companion seat
has a white inner ring, a seat with a restricted view a small dark corner triangle.

Painting one symbol per seat with ``QPainter`` primitives costs several microseconds; blitting a
pre-rendered pixmap costs a fraction of one, so seats are drawn from :class:`SpriteCache` (one pixmap per
look, size and label).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

FREE = "free"
MINE = "mine"
PENDING = "pending"
HELD = "held"
SOLD = "sold"
BLOCKED = "blocked"
HOUSE = "house"
UNCATEGORISED = "uncategorised"
STATES = (FREE, MINE, PENDING, HELD, SOLD, BLOCKED, HOUSE, UNCATEGORISED)

INK = QColor("#1f2328")
WHITE = QColor("#ffffff")
HELD_FILL = QColor("#c8cdd3")
HELD_MARK = QColor("#2d333b")
SOLD_FILL = QColor("#8c959f")
BLOCKED_LINE = QColor("#8c959f")
UNCATEGORISED_LINE = QColor("#6e7781")
RESTRICTED_MARK = QColor("#1f2328")
SELECTION = QColor("#1f6feb")
HOVER = QColor("#0a3069")
FAULT = QColor("#cf222e")

# Colours for categories declared without one (distinct for the common colour blindnesses).
PALETTE = ("#3b7dd8", "#e08a1e", "#2e9e6a", "#b24fa8", "#d14a4a", "#7a8a1f", "#1f9bb0", "#8a5a2b")
NO_COLOUR = "#9aa4ae"


class Look(NamedTuple):
    """Everything that decides a seat's pixels except its size and label."""

    fill: str = NO_COLOUR  # the category's colour, "#rrggbb"
    state: str = FREE
    wheelchair: bool = False
    companion: bool = False
    restricted: bool = False


def category_colour(name: str | None, declared: dict[str, str | None], index: int | None = None) -> str:
    """The colour of a category: its own, else one of :data:`PALETTE` by its place, else grey."""
    colour = declared.get(name or "")
    if colour and QColor(colour).isValid():
        return QColor(colour).name()
    if index is not None:
        return PALETTE[index % len(PALETTE)]
    return NO_COLOUR


def dot_colour(look: Look) -> QColor:
    """The colour of a seat drawn as a dot from afar."""
    state = look.state
    if state == FREE:
        return QColor(look.fill)
    if state == MINE:
        return INK
    if state == PENDING:
        return QColor(look.fill).lighter(130)
    if state == HELD:
        return QColor("#a9b0b8")
    if state == SOLD:
        return SOLD_FILL
    if state == BLOCKED:
        return QColor("#d0d5db")
    if state == HOUSE:
        return QColor(look.fill).lighter(150)
    return QColor("#d0d5db")


def _ink_for(fill: QColor) -> QColor:
    """White or dark text, whichever reads better on ``fill``."""
    r, g, b = fill.redF(), fill.greenF(), fill.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return INK if luminance > 0.6 else WHITE


def seat_path(cx: float, cy: float, r: float, wheelchair: bool) -> QPainterPath:
    path = QPainterPath()
    rect = QRectF(cx - r, cy - r, 2 * r, 2 * r)
    if wheelchair:
        path.addRoundedRect(rect, r * 0.38, r * 0.38)
    else:
        path.addEllipse(rect)
    return path


def paint_symbol(
    p: QPainter, cx: float, cy: float, r: float, look: Look, label: str = "", font: QFont | None = None
) -> None:
    """One seat symbol centred on (cx, cy) with radius ``r`` (painter units, usually device pixels).

    ``label`` is drawn inside free (and uncategorised) seats when it fits; other states show their mark.
    """
    state = look.state
    fill = QColor(look.fill)
    path = seat_path(cx, cy, r, look.wheelchair)
    edge = max(0.8, r * 0.09)
    mark_width = max(1.1, r * 0.2)
    p.setBrush(Qt.BrushStyle.NoBrush)
    text_colour: QColor | None = None
    if state == FREE:
        p.setPen(QPen(fill.darker(140), edge))
        p.setBrush(fill)
        p.drawPath(path)
        text_colour = _ink_for(fill)
    elif state == MINE:
        p.setPen(QPen(INK, edge))
        p.setBrush(INK)
        p.drawPath(path)
        pen = QPen(WHITE, mark_width * 1.15, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.drawPolyline(
            QPolygonF(
                [
                    QPointF(cx - r * 0.45, cy + r * 0.02),
                    QPointF(cx - r * 0.12, cy + r * 0.36),
                    QPointF(cx + r * 0.48, cy - r * 0.34),
                ]
            )
        )
    elif state == PENDING:
        p.setBrush(fill.lighter(135))
        p.setPen(QPen(INK, max(1.2, r * 0.2), Qt.PenStyle.DashLine))
        p.drawPath(path)
        _centre_dot(p, cx, cy, r * 0.26, INK)
    elif state == HELD:
        p.setPen(QPen(HELD_FILL.darker(125), edge))
        p.setBrush(HELD_FILL)
        p.drawPath(path)
        _centre_dot(p, cx, cy, r * 0.3, HELD_MARK)
    elif state == SOLD:
        p.setPen(QPen(SOLD_FILL.darker(115), edge))
        p.setBrush(SOLD_FILL)
        p.drawPath(path)
        p.setPen(QPen(WHITE, mark_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        d = r * 0.4
        p.drawLine(QPointF(cx - d, cy - d), QPointF(cx + d, cy + d))
        p.drawLine(QPointF(cx - d, cy + d), QPointF(cx + d, cy - d))
    elif state == BLOCKED:
        p.setPen(QPen(BLOCKED_LINE, max(1.0, r * 0.14)))
        p.setBrush(WHITE)
        p.drawPath(path)
        d = r * 0.55
        p.drawLine(QPointF(cx - d, cy + d), QPointF(cx + d, cy - d))
    elif state == HOUSE:
        ring = fill.darker(115)
        p.setPen(QPen(ring, max(1.3, r * 0.2)))
        p.setBrush(WHITE)
        p.drawPath(seat_path(cx, cy, r * 0.92, look.wheelchair))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(ring)
        d = r * 0.3
        p.drawRect(QRectF(cx - d, cy - d, 2 * d, 2 * d))
    else:  # uncategorised
        p.setPen(QPen(UNCATEGORISED_LINE, max(1.0, r * 0.12), Qt.PenStyle.DashLine))
        p.setBrush(WHITE)
        p.drawPath(path)
        text_colour = UNCATEGORISED_LINE
        if not label:
            label = "?"
    if look.companion and r >= 3:
        inner = QPen(WHITE if state not in (BLOCKED, HOUSE, UNCATEGORISED) else INK, max(0.8, r * 0.1))
        p.setPen(inner)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(seat_path(cx, cy, r * 0.72, look.wheelchair))
    if look.restricted and r >= 3:
        p.setPen(QPen(WHITE, max(0.6, r * 0.06)))
        p.setBrush(RESTRICTED_MARK)
        t = r * 0.62
        x0, y0 = cx + r * 0.98, cy - r * 0.98
        p.drawPolygon(QPolygonF([QPointF(x0 - t, y0), QPointF(x0, y0), QPointF(x0, y0 + t)]))
    if label and text_colour is not None and font is not None and r >= 6:
        p.setFont(font)
        p.setPen(text_colour)
        box = QRectF(cx - r, cy - r, 2 * r, 2 * r)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


def _centre_dot(p: QPainter, cx: float, cy: float, d: float, colour: QColor) -> None:
    """A dot of radius ``d`` in ``colour`` on the seat's centre (the pending and held marks)."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawEllipse(QRectF(cx - d, cy - d, 2 * d, 2 * d))


def label_font(r: float, label: str) -> QFont | None:
    """A font that fits ``label`` inside a seat of radius ``r`` pixels, or None when too small to read."""
    if r < 6 or not label:
        return None
    size = r * (1.05 if len(label) <= 2 else 0.82 if len(label) == 3 else 0.62)
    if size < 6.5:
        return None
    font = QFont()
    font.setPixelSize(max(6, round(min(size, 15))))
    font.setWeight(QFont.Weight.DemiBold)
    return font


def _blank(size: int, dpr: float) -> tuple[QPixmap, QPainter]:
    """A transparent square pixmap, ``size`` logical pixels at ``dpr``, and an antialiased painter on it."""
    pixmap = QPixmap(max(1, round(size * dpr)), max(1, round(size * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pixmap, p


def legend_font(base: QFont) -> QFont:
    """The words of a legend: ``base`` at 12 pixels."""
    font = QFont(base)
    font.setPixelSize(12)
    return font


def paint_legend(
    p: QPainter, entries: Iterable[tuple[float, float, Look, str]], r: float, gap: float, font: QFont
) -> None:
    """A legend's entries (x, y, look, words): the seat symbol of radius ``r`` from x, centred on y, and its
    words ``gap`` pixels after it in ``font``."""
    p.setFont(font)
    ascent = p.fontMetrics().ascent()
    for x, y, look, words in entries:
        paint_symbol(p, x + r, y, r, look)
        p.setPen(QColor("#424a53"))
        p.drawText(QPointF(x + 2 * r + gap, y + ascent / 2 - 1), words)


class SpriteCache:
    """Pre-rendered seat pixmaps keyed by (look, diameter in quarter pixels, label, device pixel ratio).

    The cache forgets its oldest sprites past ``limit``; a zoom step makes new sizes, so at most a few
    thousand sprites live at once (numbers close up: one per visible label and look).
    """

    def __init__(self, limit: int = 6000) -> None:
        self._sprites: OrderedDict[tuple[object, ...], tuple[QPixmap, float]] = OrderedDict()
        self.limit = limit

    def clear(self) -> None:
        self._sprites.clear()

    def __len__(self) -> int:
        return len(self._sprites)

    def get(self, look: Look, diameter: float, label: str = "", dpr: float = 1.0) -> tuple[QPixmap, float]:
        """(pixmap, half its logical size): draw it at (centre - half, centre - half)."""
        q = max(1, round(diameter * 4))
        key = (look, q, label, dpr)
        found = self._sprites.get(key)
        if found is not None:
            return found
        made = self._make(look, q / 4, label, dpr)
        self._sprites[key] = made
        if len(self._sprites) > self.limit:
            self._sprites.popitem(last=False)
        return made

    @staticmethod
    def _make(look: Look, diameter: float, label: str, dpr: float) -> tuple[QPixmap, float]:
        r = diameter / 2
        pad = 1.5 + r * 0.12
        size = int(diameter + 2 * pad + 1.999)
        pixmap, p = _blank(size, dpr)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        c = size / 2
        paint_symbol(p, c, c, r, look, label, label_font(r, label))
        p.end()
        return pixmap, c

    def ring(
        self, diameter: float, colour: QColor, width: float = 2.0, dpr: float = 1.0, wheelchair: bool = False
    ) -> tuple[QPixmap, float]:
        """A ring just outside a seat of ``diameter`` (selection, hover, fault marks)."""
        q = max(1, round(diameter * 4))
        key = ("ring", q, colour.rgba(), width, dpr, wheelchair)
        found = self._sprites.get(key)
        if found is not None:
            return found
        r = q / 8 + width / 2 + 1.0
        size = int(2 * r + width + 3.999)
        pixmap, p = _blank(size, dpr)
        p.setPen(QPen(colour, width))
        p.setBrush(Qt.BrushStyle.NoBrush)
        c = size / 2
        p.drawPath(seat_path(c, c, r, wheelchair))
        p.end()
        made = (pixmap, c)
        self._sprites[key] = made
        return made


SPRITES = SpriteCache()
