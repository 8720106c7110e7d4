"""A plan as a picture: ``render_image(doc, width)`` → ``QImage``, ``render_png(doc, path, width)``.

Uses QtGui only (no widgets), and the very painting code of the canvas: areas, seats by category colour
with their marks (numbers when they are large enough, dots when they are tiny), row numbers, and a header
with the plan's name and its categories. A ``QGuiApplication`` is created when there is none (headless:
the offscreen platform).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter, QPen

from editor.model.document import SeatingDocument

from .docseats import DocumentSeats
from .look import Look, paint_symbol
from .paint import area_path, paint_areas, paint_row_labels, paint_seats

MAX_SIDE = 32000  # QImage and QPainter stay well-behaved below this many pixels a side
MIN_WIDTH = 16


class RenderError(ValueError):
    """The plan cannot be drawn (nothing in it, or an image size out of range)."""


def ensure_gui_app() -> QGuiApplication:
    """The running ``QGuiApplication`` (or ``QApplication``), else a new one; without a display on
    Linux the offscreen platform is used."""
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([sys.argv[0] if sys.argv else "render"])
    return app  # type: ignore[return-value]


def content_rect(doc: SeatingDocument, seats: DocumentSeats) -> QRectF:
    """The page (0, 0, width, height) united with everything drawn, so nothing falls off the picture."""
    rect = QRectF(0, 0, max(doc.width, 1.0), max(doc.height, 1.0))
    b = seats.store.bounds()
    if b is not None:
        rect = rect.united(QRectF(b[0], b[1], b[2] - b[0], b[3] - b[1]))
    for zone, area in doc.iter_areas():
        zx, zy = (zone.x, zone.y) if zone is not None else (0.0, 0.0)
        rect = rect.united(area_path(area, zx, zy).boundingRect())
    return rect


def render_image(doc: SeatingDocument, width: int = 4000, *, header: bool = True,
                 background: str = "#ffffff") -> QImage:
    """The plan drawn ``width`` pixels wide (the height follows the plan's proportions)."""
    if not isinstance(width, int) or not MIN_WIDTH <= width <= MAX_SIDE:
        raise RenderError(f"The width must be a whole number of pixels from {MIN_WIDTH} to {MAX_SIDE}, not {width!r}.")
    ensure_gui_app()
    seats = DocumentSeats()
    seats.attach(doc)
    rect = content_rect(doc, seats)
    if not (rect.width() > 0 and rect.height() > 0):
        raise RenderError("The plan has no extent to draw.")
    margin = max(8, round(width * 0.015))
    scale = (width - 2 * margin) / rect.width()
    categories = [(c.name, seats.colour_of(c.name) or "#9aa4ae") for c in doc.categories]
    head = _header_height(width, categories) if header else 0
    height = round(rect.height() * scale) + 2 * margin + head
    if height > MAX_SIDE:
        raise RenderError(f"The plan is too tall to draw {width} px wide ({height} px high); "
                          f"ask for a smaller width.")
    image = QImage(width, max(height, 1), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    if header:
        _paint_header(p, doc.name, categories, width, head, margin)
    p.translate(margin, margin + head)
    p.scale(scale, scale)
    p.translate(-rect.left(), -rect.top())
    areas = [((z.x, z.y) if z is not None else (0.0, 0.0), a) for z, a in doc.iter_areas()]
    paint_areas(p, [(zx, zy, a) for (zx, zy), a in areas], rect)
    paint_seats(p, seats.store, rect)
    paint_row_labels(p, seats.row_labels(), rect, seats.store.typical_radius())
    p.end()
    return image


def render_png(doc: SeatingDocument, path: str | os.PathLike[str], width: int = 4000) -> None:
    """Write the plan as a PNG file ``width`` pixels wide."""
    image = render_image(doc, width)
    target = Path(path)
    if not image.save(str(target), "PNG"):  # type: ignore[call-overload]  # the stub says bytes; PySide wants str
        raise OSError(f"Cannot write {target}.")


def _header_font(width: int) -> tuple[QFont, QFont]:
    base = max(10.0, min(width / 90, 44.0))
    title = QFont()
    title.setPixelSize(round(base * 1.3))
    title.setWeight(QFont.Weight.DemiBold)
    small = QFont()
    small.setPixelSize(round(base))
    return title, small


def _header_height(width: int, categories: list[tuple[str, str]]) -> int:
    title, small = _header_font(width)
    return round(QFontMetricsF(title).height() * 1.2 + QFontMetricsF(small).height() * 1.8)


def _paint_header(p: QPainter, name: str, categories: list[tuple[str, str]], width: int, head: int,
                  margin: int) -> None:
    title, small = _header_font(width)
    fm_title = QFontMetricsF(title)
    fm = QFontMetricsF(small)
    p.save()
    p.setFont(title)
    p.setPen(QColor("#1f2328"))
    y = margin * 0.6 + fm_title.ascent()
    p.drawText(QPointF(margin, y), name or "Seating plan")
    p.setFont(small)
    x = float(margin)
    cy = margin * 0.6 + fm_title.height() * 1.2 + fm.height() * 0.7
    r = fm.height() * 0.32
    for cat, colour in categories:
        paint_symbol(p, x + r, cy, r, Look(colour))
        p.setFont(small)
        p.setPen(QColor("#32383f"))
        p.drawText(QPointF(x + 2 * r + r * 0.8, cy + fm.ascent() * 0.35), cat)
        x += 2 * r + r * 0.8 + fm.horizontalAdvance(cat) + 2.5 * r
        if x > width - margin * 4:
            break
    pen = QPen(QColor("#dfe3e8"), max(1.0, width / 2000))
    p.setPen(pen)
    p.drawLine(QPointF(margin, head - 2), QPointF(width - margin, head - 2))
    p.restore()
