"""QR codes (segno): painted module by module for print (sharp at any resolution), or as a PNG pixmap for
the screen (the payment link a customer scans with a phone)."""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

INK = QColor("#111111")


@lru_cache(maxsize=64)
def qr_matrix(data: str, error: str = "m") -> tuple[tuple[bool, ...], ...]:
    """The dark modules of ``data``'s QR code, without the quiet zone."""
    code = segno.make(data, error=error, micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def paint_qr(p: QPainter, rect: QRectF, data: str, *, border: int = 2, colour: QColor = INK) -> None:
    """The QR code of ``data`` filling the square ``rect`` (quiet zone of ``border`` modules inside it)."""
    matrix = qr_matrix(data)
    n = len(matrix) + 2 * border
    side = min(rect.width(), rect.height())
    module = side / n
    x0 = rect.left() + (rect.width() - side) / 2 + border * module
    y0 = rect.top() + (rect.height() - side) / 2 + border * module
    p.save()
    # Axis-aligned modules without anti-aliasing: edges land on device pixels, no seams between modules.
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRect(QRectF(rect.left() + (rect.width() - side) / 2, rect.top() + (rect.height() - side) / 2, side, side))
    p.setBrush(colour)
    # Runs of dark modules along each row: fewer rectangles, no hairline gaps between neighbours.
    for r, row in enumerate(matrix):
        c = 0
        width = len(row)
        while c < width:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < width and row[c]:
                c += 1
            p.drawRect(QRectF(x0 + start * module, y0 + r * module, (c - start) * module, module))
    p.restore()


def qr_png(data: str, *, scale: int = 8, border: int = 2) -> bytes:
    """The QR code as PNG bytes (what segno writes)."""
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()


def qr_pixmap(data: str, size: int) -> QPixmap:
    """segno -> PNG bytes -> QPixmap, scaled (without smoothing: modules stay crisp) to ``size`` pixels."""
    pixmap = QPixmap()
    pixmap.loadFromData(qr_png(data, scale=max(2, size // 40)), "PNG")
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
