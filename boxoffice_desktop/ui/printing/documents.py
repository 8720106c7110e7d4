"""Receipts and shift reports: small HTML documents (``QTextDocument``) that print, save as PDF and render
to images alike. Every value is escaped: names and reasons are typed by people."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from boxoffice_desktop.ui.money import format_money
from boxoffice_desktop.ui.printing.tickets import PrintError, local_time

METHOD_WORDS = {"cash": "Cash", "card": "Card", "yookassa": "YooKassa (online)", "mock": "Training (mock)"}
RECEIPT_WIDTH_MM = 80.0
LOGICAL_DPI = 96.0

_STYLE = """
body { font-family: 'DejaVu Sans', 'Segoe UI', sans-serif; color: #1f2328; font-size: 10pt; }
h1 { font-size: 15pt; margin: 0 0 2pt 0; }
h2 { font-size: 12pt; margin: 8pt 0 3pt 0; }
.muted { color: #57606a; }
.small { font-size: 8.5pt; color: #57606a; }
.big { font-size: 14pt; font-weight: bold; }
td { padding: 2pt 4pt; }
td.num { text-align: right; white-space: nowrap; }
tr.total td { border-top: 1px solid #8c959f; font-weight: bold; }
.over { color: #1e5b2c; font-weight: bold; }
.short { color: #8c1d18; font-weight: bold; }
"""


def method_words(method: str) -> str:
    return METHOD_WORDS.get(method, method.capitalize())


def when_words(value: datetime | None) -> str:
    if value is None:
        return "—"
    d = local_time(value)
    return f"{d:%a} {d.day} {d:%b} {d.year}, {d:%H:%M}"


@dataclass(frozen=True)
class ReceiptData:
    organisation: str
    order: Any  # services.orders.OrderInfo
    event_name: str
    starts_at: datetime | None
    currency: str
    station: str
    cashier: str
    footer: str = ""


def receipt_html(data: ReceiptData) -> str:
    o = data.order
    def money(value: Decimal | None) -> str:
        return escape(format_money(value, data.currency))

    rows = "".join(
        f"<tr><td>{escape(i.label)}<br><span class='small'>{escape(i.category)} · {escape(i.price_type)}</span></td>"
        f"<td class='num'>{money(i.price)}</td></tr>"
        for i in o.items
    )
    paid = [f"<tr class='total'><td>Total</td><td class='num'>{money(o.total)}</td></tr>"]
    paid.append(f"<tr><td>Paid by</td><td class='num'>{escape(method_words(o.payment_method))}</td></tr>")
    if o.tendered is not None:
        paid.append(f"<tr><td>Tendered</td><td class='num'>{money(o.tendered)}</td></tr>")
        paid.append(f"<tr><td><b>Change</b></td><td class='num'><b>{money(o.change)}</b></td></tr>")
    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        f"<h1 align='center'>{escape(data.organisation)}</h1>"
        f"<p align='center' class='muted'>Receipt · order <b>{escape(o.code)}</b></p>"
        f"<p><b>{escape(data.event_name)}</b><br><span class='muted'>{escape(when_words(data.starts_at))}</span></p>"
        f"<table width='100%' cellspacing='0'>{rows}{''.join(paid)}</table>"
        f"<p class='small'>{escape(when_words(o.created_at))} · station {escape(data.station)} · "
        f"{escape(data.cashier)}</p>"
        + (f"<p class='small' align='center'>{escape(data.footer)}</p>" if data.footer else "")
        + "<p align='center' class='muted'>Thank you</p></body></html>"
    )


def report_title(report: Any) -> str:
    return f"{'Z' if report.kind == 'Z' else 'X'} report · shift {report.shift_id}"


def report_rows(report: Any, currency: str) -> list[tuple[str, str, str]]:
    """(caption, value, css class) lines of an X or Z report, as shown on screen and on paper."""
    def money(value: Decimal | None) -> str:
        return format_money(value, currency)

    rows = [
        ("Station", report.station, ""),
        ("Cashier", report.cashier, ""),
        ("Opened", when_words(report.opened_at), ""),
    ]
    if report.closed_at is not None:
        rows.append(("Closed", when_words(report.closed_at), ""))
    rows.append(("Opening float", money(report.opening_float), ""))
    for method, amount in sorted(report.totals.items()):
        rows.append((f"Sales: {method_words(method)}", money(amount), ""))
    if not report.totals:
        rows.append(("Sales", "none yet", "muted"))
    rows.append(("Orders · tickets", f"{report.orders} · {report.tickets}", ""))
    if report.refunds:
        rows.append(("Cash refunds", money(report.refunds), ""))
    rows.append(
        (
            "Expected in the drawer",
            money(report.expected_cash) if report.expected_cash is not None else "hidden (blind count)",
            "" if report.expected_cash is not None else "muted",
        )
    )
    if report.counted_cash is not None:
        rows.append(("Counted", money(report.counted_cash), ""))
    if report.difference is not None:
        diff: Decimal = report.difference
        kind = "" if diff == 0 else ("over" if diff > 0 else "short")
        words = "exact" if diff == 0 else f"{money(abs(diff))} {'over' if diff > 0 else 'short'}"
        rows.append(("Difference", words, kind))
        if report.difference_reason:
            rows.append(("Reason", report.difference_reason, ""))
    return rows


def report_html(report: Any, organisation: str, currency: str) -> str:
    lines = "".join(
        f"<tr><td class='muted'>{escape(caption)}</td><td class='num {css}'>{escape(value)}</td></tr>"
        for caption, value, css in report_rows(report, currency)
    )
    state = "The shift is closed." if report.kind == "Z" else "A look at the open shift; it stays open."
    return (
        f"<html><head><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(organisation)}</h1>"
        f"<h2>{escape(report_title(report))}</h2><p class='muted'>{escape(state)}</p>"
        f"<table width='100%' cellspacing='0'>{lines}</table>"
        f"<p class='small'>Printed {escape(when_words(datetime.now().astimezone()))}</p></body></html>"
    )


def document(html: str, width_px: float | None = None) -> QTextDocument:
    doc = QTextDocument()
    doc.setDocumentMargin(12)
    doc.setHtml(html)
    if width_px is not None:
        doc.setTextWidth(width_px)
    return doc


def render_html_image(html: str, width: int = 700) -> QImage:
    doc = document(html, width)
    height = int(doc.size().height()) + 1
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("#ffffff"))
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    doc.drawContents(p, QRectF(0, 0, width, height))
    p.end()
    return image


def print_html(printer: QPrinter, html: str, *, receipt: bool = False) -> None:
    """One document, one job. ``receipt``: a PDF gets an 80 mm wide page as long as the receipt."""
    margin_mm = 3.0
    if receipt and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        probe = document(html, (RECEIPT_WIDTH_MM - 2 * margin_mm) / 25.4 * LOGICAL_DPI)
        height_mm = max(60.0, probe.size().height() / LOGICAL_DPI * 25.4 + 2 * margin_mm + 2)
        size = QPageSize(QSizeF(RECEIPT_WIDTH_MM, height_mm), QPageSize.Unit.Millimeter, "Receipt")
        margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
        printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter))
    # A document with a page size of its own is printed as laid out (no extra 2 cm margins), page by page,
    # scaled from logical pixels to the printer.
    resolution = printer.resolution()
    area = printer.pageLayout().paintRectPixels(resolution)
    doc = document(html)
    doc.setPageSize(QSizeF(area.width() * LOGICAL_DPI / resolution, area.height() * LOGICAL_DPI / resolution))
    doc.print_(printer)
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintError("The printer reported an error; nothing may have been printed.")


def plain_lines(rows: Sequence[tuple[str, str, str]]) -> str:
    width = max((len(c) for c, _, _ in rows), default=0)
    return "\n".join(f"{c.ljust(width)}  {v}" for c, v, _ in rows)
