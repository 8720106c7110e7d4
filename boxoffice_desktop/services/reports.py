"""Sales reports for accountants: the seats sold in a period, and an Excel export of them.

Customer-supplied text (names, e-mails) may start with ``=``, ``+``, ``-`` or ``@``, which a spreadsheet
would run as a formula; every text cell goes through :func:`safe_cell` first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import text

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SaleLine:
    order_code: str
    paid_at: datetime
    event: str
    event_starts_at: datetime
    seat: str
    category: str
    price_type: str
    price: Decimal
    payment_method: str
    station: str
    cashier: str
    customer: str


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would take for a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _period(date_from: date | None, date_to: date | None) -> tuple[datetime, datetime]:
    today = datetime.now().astimezone().date()
    start = date_from or today
    end = date_to or start
    if end < start:
        raise InvalidInput("The period ends before it starts.")
    tz = datetime.now().astimezone().tzinfo
    return datetime.combine(start, time.min, tz), datetime.combine(end + timedelta(days=1), time.min, tz)


def sales(
    db: Database,
    actor: Actor,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    event_id: int | None = None,
) -> list[SaleLine]:
    """Every seat sold and paid in the period (local dates, both ends included), oldest first."""
    start, end = _period(date_from, date_to)
    with unit_of_work(db, actor, Permission.EXPORT_REPORTS) as conn:
        rows = conn.execute(
            text(
                "SELECT o.code, o.paid_at, e.name AS event, e.starts_at, s.label, s.category, "
                "coalesce(nullif(t.label, ''), t.name) AS ptype, i.price, o.payment_method, o.station, "
                "coalesce(u.display_name, u.username, 'owner') AS cashier, "
                "coalesce(nullif(c.name, ''), c.email, c.phone, '') AS customer "
                "FROM order_item i "
                "JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id "
                "JOIN event e ON e.tenant_id = i.tenant_id AND e.id = i.event_id "
                "JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id "
                "JOIN price_type t ON t.tenant_id = i.tenant_id AND t.id = i.price_type_id "
                "LEFT JOIN staff_user u ON u.tenant_id = o.tenant_id AND u.id = o.user_id "
                "LEFT JOIN customer c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id "
                "WHERE i.tenant_id = :t AND i.state = 'sold' AND o.paid_at >= :start AND o.paid_at < :end "
                "AND (CAST(:e AS bigint) IS NULL OR i.event_id = :e) "
                "ORDER BY o.paid_at, o.id, i.id"
            ),
            {"t": actor.tenant_id, "start": start, "end": end, "e": event_id},
        ).all()
    return [SaleLine(*r) for r in rows]


def export_sales_xlsx(
    db: Database,
    actor: Actor,
    path: str | Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    event_id: int | None = None,
) -> int:
    """Write the sales of the period to an Excel workbook (a Sales sheet and a Summary); returns the count."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    lines = sales(db, actor, date_from=date_from, date_to=date_to, event_id=event_id)
    book = Workbook()
    sheet = book.active
    sheet.title = "Sales"
    header = [
        "Order",
        "Paid at",
        "Event",
        "Event date",
        "Seat",
        "Category",
        "Price type",
        "Price",
        "Payment",
        "Station",
        "Cashier",
        "Customer",
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append(
            [
                safe_cell(line.order_code),
                line.paid_at.astimezone().replace(tzinfo=None),
                safe_cell(line.event),
                line.event_starts_at.astimezone().replace(tzinfo=None),
                safe_cell(line.seat),
                safe_cell(line.category),
                safe_cell(line.price_type),
                line.price,
                safe_cell(line.payment_method),
                safe_cell(line.station),
                safe_cell(line.cashier),
                safe_cell(line.customer),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        row[1].number_format = row[3].number_format = "yyyy-mm-dd hh:mm"
        row[7].number_format = "#,##0.00"
    widths = [10, 17, 28, 17, 30, 14, 14, 12, 10, 12, 16, 24]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"

    summary = book.create_sheet("Summary")
    summary.append(["Event", "Payment", "Seats", "Amount"])
    for cell in summary[1]:
        cell.font = Font(bold=True)
    totals: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [0, Decimal("0.00")])
    for line in lines:
        key = (line.event, line.payment_method)
        totals[key][0] += 1
        totals[key][1] += line.price
    for (event, method), (count, amount) in sorted(totals.items()):
        summary.append([safe_cell(event), safe_cell(method), count, amount])
    summary.append(["Total", "", len(lines), sum((line.price for line in lines), Decimal("0.00"))])
    summary[summary.max_row][0].font = Font(bold=True)
    for row in summary.iter_rows(min_row=2):
        row[3].number_format = "#,##0.00"
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["D"].width = 14
    try:
        book.save(str(path))
    except OSError as exc:
        raise InvalidInput(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    return len(lines)
