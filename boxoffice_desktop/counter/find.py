"""Find and scan: what the top bar's field takes is an order code or a scanned ticket code (a scanner types
it and presses Enter). :func:`lookup` is the blocking job behind it: the server checks a ticket code, and
the order behind a ticket or a code is read with its tickets."""

from __future__ import annotations

import re
from dataclasses import dataclass

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.ticket_codes import InvalidTicket, parse_ticket
from boxoffice_desktop.services.tickets import Ticket, TicketCheck

ORDER_CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{6,12}$", re.IGNORECASE)
STATUS_WORDS = {
    "PAID": "Paid",
    "PENDING": "Waiting for payment",
    "CANCELLED": "Cancelled",
    "EXPIRED": "Expired",
    "PARTIALLY_REFUNDED": "Partly refunded",
    "REFUNDED": "Refunded",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status.title())


@dataclass(frozen=True)
class ScanResult:
    code: str
    check: TicketCheck | None  # for a ticket code
    order: OrderInfo | None
    tickets: tuple[Ticket, ...] = ()
    item_id: int | None = None  # the scanned ticket's order item
    error: str | None = None  # why nothing was found


def looks_like_ticket(code: str) -> tuple[bool, int | None]:
    """Whether ``code`` has a ticket code's shape (not whether it is valid: the server says that), and the
    order item it names."""
    try:
        parsed = parse_ticket(code)
    except InvalidTicket:
        return False, None
    except Exception:  # a garbled scan is simply "not a ticket code"
        return False, None
    return True, int(parsed.claims.order_item_id)


def lookup(bo: BoxOffice, code: str) -> ScanResult:
    """The job: a ticket check and its order, or an order by its code."""
    code = code.strip()
    is_ticket, item_id = looks_like_ticket(code)
    check = None
    if is_ticket or not ORDER_CODE.match(code):
        check = bo.verify_ticket(code)
    order = None
    error = None
    if check is None or check.status != "invalid":
        try:
            order = bo.find_order(code)
        except NotFound as exc:
            error = str(exc)
    tickets: tuple[Ticket, ...] = ()
    if order is not None and order.status in ("PAID", "PARTIALLY_REFUNDED"):
        tickets = tuple(bo.tickets(order.id))
    return ScanResult(code, check, order, tickets, item_id, error)
