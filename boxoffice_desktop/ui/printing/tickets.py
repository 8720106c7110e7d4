"""The printed ticket: 200 x 80 mm, the organisation's colour and logo, the seat in large type, and a stub
with the QR code of the ticket's signed code.

``paint_ticket`` draws one ticket into any rectangle of any paint device (the ticket keeps its aspect);
``print_tickets`` puts a whole order into ONE print job (one ticket per page on a ticket printer, several
per page on A4); ``render_ticket_image`` makes the PNG a person or a test looks at.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QByteArray, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPainterPath, QPen
from PySide6.QtPrintSupport import QPrinter

from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.printing.qr import paint_qr

try:
    from PySide6.QtSvg import QSvgRenderer
except ImportError:  # pragma: no cover - QtSvg ships with PySide6-Essentials
    QSvgRenderer = None  # type: ignore[assignment,misc]

TICKET_MM = QSizeF(200.0, 80.0)
STUB_X = 148.0  # where the stub (QR code) begins
GAP_MM = 6.0  # between tickets on a sheet
FAMILIES = ["Segoe UI", "Inter", "Helvetica Neue", "DejaVu Sans"]
INK = QColor("#1f2328")
MUTED = QColor("#57606a")
FAINT = QColor("#8c959f")
BOX = QColor("#f3f4f6")
EDGE = QColor("#d0d7de")


class PrintError(Exception):
    """The printer could not be used (one line for the cashier)."""


def ticket_page_size() -> QPageSize:
    return QPageSize(TICKET_MM, QPageSize.Unit.Millimeter, "Ticket 200 x 80 mm", QPageSize.SizeMatchPolicy.ExactMatch)


def setup_ticket_printer(printer: QPrinter) -> None:
    """Ticket-sized pages without margins (a ticket printer, or a PDF of tickets)."""
    printer.setPageLayout(QPageLayout(ticket_page_size(), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)


def pdf_printer(path: str, *, ticket_pages: bool = True) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    if ticket_pages:
        setup_ticket_printer(printer)
    return printer


def _font(unit: float, size_mm: float, *, bold: bool = False, spacing: float = 0.0) -> QFont:
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPixelSize(max(1, round(size_mm * unit)))
    if bold:
        font.setWeight(QFont.Weight.Bold)
    if spacing:
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, spacing * unit)
    return font


def _fit(text: str, unit: float, width: float, size_mm: float, min_mm: float, *, bold: bool = True) -> QFont:
    """The largest font from ``size_mm`` down to ``min_mm`` in which ``text`` fits ``width`` (device units)."""
    size = size_mm
    while size > min_mm:
        font = _font(unit, size, bold=bold)
        if QFontMetricsF(font).horizontalAdvance(text) <= width:
            return font
        size -= 0.25
    return _font(unit, min_mm, bold=bold)


def _elide(text: str, font: QFont, width: float) -> str:
    return QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideRight, width)


def _left_line(p: QPainter, box: QRectF, text: str, font: QFont) -> None:
    """One line of ``text`` in ``font``, left-aligned in ``box`` and cut short (…) to its width."""
    p.setFont(font)
    p.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, _elide(text, font, box.width()))


def _colour(value: str, fallback: str) -> QColor:
    colour = QColor(value or "")
    return colour if colour.isValid() else QColor(fallback)


def _text_on(fill: QColor) -> QColor:
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return INK if luminance > 0.6 else QColor("#ffffff")


def local_time(value: datetime) -> datetime:
    return value.astimezone() if value.tzinfo is not None else value


def paint_logo(p: QPainter, rect: QRectF, svg: str) -> bool:
    if not svg or QSvgRenderer is None:
        return False
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        return False
    view = renderer.viewBoxF()
    target = QRectF(rect)
    if view.width() > 0 and view.height() > 0:
        scale = min(rect.width() / view.width(), rect.height() / view.height())
        w, h = view.width() * scale, view.height() * scale
        target = QRectF(rect.center().x() - w / 2, rect.center().y() - h / 2, w, h)
    renderer.render(p, target)
    return True


def seat_parts(ticket: Any) -> list[tuple[str, str]]:
    """(caption, value) boxes: zone, row, seat; what the ticket has of them."""
    parts = []
    if getattr(ticket, "zone", ""):
        parts.append(("SECTION", str(ticket.zone)))
    if getattr(ticket, "row", ""):
        parts.append(("ROW", str(ticket.row)))
    if getattr(ticket, "number", ""):
        parts.append(("SEAT", str(ticket.number)))
    if not parts:
        parts.append(("PLACE", str(ticket.label)))
    return parts


def paint_ticket(p: QPainter, rect: QRectF, ticket: Any, currency: str | None = None) -> None:
    """One ticket into ``rect`` (device units; the ticket keeps its 200:80 aspect, centred)."""
    scale = min(rect.width() / TICKET_MM.width(), rect.height() / TICKET_MM.height())
    ox = rect.left() + (rect.width() - TICKET_MM.width() * scale) / 2
    oy = rect.top() + (rect.height() - TICKET_MM.height() * scale) / 2
    u = scale  # device units per millimetre

    def r(x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(ox + x * u, oy + y * u, w * u, h * u)

    def pt(x: float, y: float) -> QPointF:
        return QPointF(ox + x * u, oy + y * u)

    accent = _colour(ticket.accent, "#1f6feb")
    on_accent = _text_on(accent)
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)

    # The card, with notches where the stub tears off.
    card = QPainterPath()
    card.addRoundedRect(r(0.3, 0.3, 199.4, 79.4), 3 * u, 3 * u)
    for y in (0.0, 80.0):
        notch = QPainterPath()
        notch.addEllipse(pt(STUB_X, y), 3.2 * u, 3.2 * u)
        card = card.subtracted(notch)
    p.setPen(QPen(EDGE, max(1.0, 0.25 * u)))
    p.setBrush(QColor("#ffffff"))
    p.drawPath(card)

    # The band: logo, organisation, and on the stub "ADMIT ONE".
    p.save()
    p.setClipPath(card)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(accent)
    p.drawRect(r(0, 0, 200, 15))
    p.restore()
    logo_box = r(5, 2.5, 10, 10)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ffffff"))
    p.drawRoundedRect(logo_box.adjusted(-0.6 * u, -0.6 * u, 0.6 * u, 0.6 * u), 2 * u, 2 * u)
    if not paint_logo(p, logo_box, ticket.logo_svg or ""):
        p.setPen(accent)
        p.setFont(_font(u, 4.5, bold=True))
        initials = "".join(w[0] for w in str(ticket.organisation).split()[:2]).upper() or "B"
        p.drawText(logo_box, Qt.AlignmentFlag.AlignCenter, initials)
    p.setPen(on_accent)
    _left_line(p, r(19, 0, 90, 15), str(ticket.organisation), _font(u, 4.6, bold=True))
    p.setFont(_font(u, 2.6, bold=True, spacing=0.5))
    p.drawText(r(106, 0, 38, 15), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, "TICKET")
    p.drawText(r(STUB_X + 2, 0, 50, 15), Qt.AlignmentFlag.AlignCenter, "ADMIT ONE")

    # The event.
    p.setPen(INK)
    _left_line(p, r(6, 18, 138, 11), str(ticket.event_name), _fit(str(ticket.event_name), u, 138 * u, 7.2, 4.6))
    when = local_time(ticket.starts_at)
    p.setFont(_font(u, 4.2, bold=True))
    p.drawText(
        r(6, 29.5, 138, 6.5),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        f"{when:%A} {when.day} {when:%B} {when.year}  ·  {when:%H:%M}",
    )
    p.setPen(MUTED)
    _left_line(p, r(6, 36, 138, 5.5), str(ticket.venue), _font(u, 3.4))

    # The seat, large: section, row, seat.
    parts = seat_parts(ticket)
    widths = [2.2 if caption in ("SECTION", "PLACE") else 1.0 for caption, _ in parts]
    total_w = 138.0 - 3.0 * (len(parts) - 1)
    x = 6.0
    for (caption, value), weight in zip(parts, widths, strict=True):
        w = total_w * weight / sum(widths)
        box = r(x, 44, w, 17)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BOX)
        p.drawRoundedRect(box, 2 * u, 2 * u)
        p.setPen(MUTED)
        p.setFont(_font(u, 2.4, bold=True, spacing=0.35))
        p.drawText(r(x + 3, 45.2, w - 6, 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)
        p.setPen(INK)
        _left_line(p, r(x + 3, 49, w - 6, 11), value, _fit(value, u, (w - 6) * u, 7.5, 3.6))
        x += w + 3.0

    # Category and price type, the price.
    p.setPen(INK)
    p.setFont(_font(u, 3.6, bold=True))
    p.drawText(r(6, 63.5, 100, 7), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(ticket.category))
    cat_w = QFontMetricsF(_font(u, 3.6, bold=True)).horizontalAdvance(str(ticket.category)) / u
    p.setPen(MUTED)
    p.setFont(_font(u, 3.6))
    p.drawText(
        r(6 + cat_w + 2, 63.5, 80, 7),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        f"·  {str(ticket.price_type).capitalize()}",
    )
    p.setPen(INK)
    p.setFont(_font(u, 4.6, bold=True))
    p.drawText(
        r(84, 63.5, 60, 7),
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        format_money(ticket.price, currency),
    )
    p.setPen(FAINT)
    _left_line(p, r(6, 72, 138, 5), str(ticket.footer or ""), _font(u, 2.5))

    # The perforation and the stub.
    pen = QPen(EDGE, max(1.0, 0.3 * u), Qt.PenStyle.CustomDashLine)
    pen.setDashPattern([4, 3])
    p.setPen(pen)
    p.drawLine(pt(STUB_X, 16.5), pt(STUB_X, 76.5))
    paint_qr(p, r(STUB_X + 6, 17.5, 40, 40), str(ticket.code), border=1)
    p.setPen(INK)
    p.setFont(_font(u, 3.2, bold=True))
    row, number = getattr(ticket, "row", ""), getattr(ticket, "number", "")
    short = "  ·  ".join(x for x in (f"Row {row}" if row else "", f"Seat {number}" if number else "") if x)
    short = short or str(ticket.label)
    p.drawText(r(STUB_X + 2, 58.5, 50, 5.5), Qt.AlignmentFlag.AlignCenter, short)
    p.setPen(MUTED)
    p.setFont(_font(u, 2.6))
    p.drawText(r(STUB_X + 2, 64, 50, 4.5), Qt.AlignmentFlag.AlignCenter, f"Order {ticket.order_code}")
    serial = int(getattr(ticket, "serial", 0) or 0)
    p.setFont(_font(u, 2.4))
    p.setPen(FAINT)
    p.drawText(
        r(STUB_X + 2, 68.5, 50, 4.5),
        Qt.AlignmentFlag.AlignCenter,
        f"Ticket {ticket.item_id}" + (f"  ·  print {serial}" if serial > 1 else ""),
    )
    p.restore()


def render_ticket_image(ticket: Any, currency: str | None = None, width: int = 1600) -> QImage:
    """The ticket as an image ``width`` pixels wide (about 200 dpi at the default)."""
    height = round(width * TICKET_MM.height() / TICKET_MM.width())
    pad = round(width * 0.02)
    image = QImage(width + 2 * pad, height + 2 * pad, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#eef0f3"))
    p = QPainter(image)
    paint_ticket(p, QRectF(pad, pad, width, height), ticket, currency)
    p.end()
    return image


def paint_sheets(
    begin: Callable[[], QPainter],
    new_page: Callable[[], bool],
    page: QRectF,
    unit: float,
    items: Sequence[Any],
    paint: Callable[[QPainter, QRectF, Any], None],
    aspect: float,
) -> int:
    """Lay ``items`` out on pages of size ``page`` (device units; ``unit``: device units per mm), as many
    per page as fit one under the other at full width; returns the number of pages."""
    item_h = page.width() * aspect
    gap = GAP_MM * unit
    per_page = max(1, int((page.height() + gap + 0.5) // (item_h + gap))) if item_h <= page.height() else 1
    if item_h > page.height():
        item_h = page.height()
    painter = begin()
    pages = 1
    try:
        for i, item in enumerate(items):
            slot = i % per_page
            if i and slot == 0:
                if not new_page():
                    raise PrintError("The printer refused a new page.")
                pages += 1
            top = page.top() + slot * (item_h + gap)
            paint(painter, QRectF(page.left(), top, page.width(), item_h), item)
            if per_page > 1 and slot < per_page - 1 and i < len(items) - 1:
                pen = QPen(EDGE, max(1.0, 0.2 * unit), Qt.PenStyle.DashLine)
                painter.setPen(pen)
                y = top + item_h + gap / 2
                painter.drawLine(QPointF(page.left(), y), QPointF(page.right(), y))
    finally:
        painter.end()
    return pages


def print_tickets(printer: QPrinter, tickets: Sequence[Any], currency: str | None = None) -> int:
    """Every ticket of ``tickets`` in ONE job on ``printer``; returns the number of pages."""
    if not tickets:
        return 0
    resolution = printer.resolution()
    layout = printer.pageLayout()
    full = printer.fullPage()
    area = layout.fullRectPixels(resolution) if full else layout.paintRectPixels(resolution)
    page = QRectF(0, 0, area.width(), area.height())
    unit = resolution / 25.4

    def begin() -> QPainter:
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("The printer could not be started; check that it is on and connected.")
        return painter

    return paint_sheets(
        begin,
        printer.newPage,
        page,
        unit,
        tickets,
        lambda p, rect, t: paint_ticket(p, rect, t, currency),
        TICKET_MM.height() / TICKET_MM.width(),
    )


def pages_in_pdf(data: bytes) -> int:
    """How many pages a PDF written by Qt has (for tests and the "saved" message)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def tickets_per_sheet(page_mm: QSizeF) -> int:
    item_h = page_mm.width() * TICKET_MM.height() / TICKET_MM.width()
    return max(1, math.floor((page_mm.height() + GAP_MM) / (item_h + GAP_MM)))
