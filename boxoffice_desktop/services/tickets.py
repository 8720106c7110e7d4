"""Tickets: what is printed for each sold seat, its signed code, reprints, and checks at the door.

The server mints and checks the codes (``bo_ticket_codes``, ``bo_ticket_check``) with the tenant's signing
key, which no staff role can read; ``ticket_codes`` only reads a code's parts on the station (to tell
scanner garbage at once) and is the format's reference. Printing lives in the UI. A ticket's code names the
tenant and carries a serial: a reprint makes a new serial, so the old paper no longer admits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, text

from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.tenants import TenantInfo, own_tenant
from boxoffice_desktop.services.ticket_codes import InvalidTicket, parse_ticket
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database


@dataclass(frozen=True)
class Ticket:
    """Everything a ticket shows, with its signed code."""

    item_id: int
    order_id: int
    order_code: str
    code: str
    serial: int
    event_name: str
    starts_at: datetime
    venue: str
    zone: str
    row: str
    number: str
    label: str
    category: str
    price_type: str
    price: Decimal
    organisation: str
    accent: str
    logo_svg: str
    footer: str


@dataclass(frozen=True)
class TicketCheck:
    """The answer at the door: valid (green), void (grey: reprinted, refunded, cancelled) or invalid (red)."""

    status: str  # valid | void | invalid
    message: str
    order_code: str | None = None
    label: str | None = None
    event_name: str | None = None
    item_id: int | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"

    def describe(self) -> str:
        return f"{self.status.upper()}: {self.message}"


_TICKET_SQL = """
SELECT i.id AS item_id, i.order_id, o.code AS order_code, i.ticket_serial AS serial, i.event_id, i.price,
       s.guid, s.zone, s.row, s.number, s.label, s.category, t.label AS ptype_label, t.name AS ptype,
       e.name AS event_name, e.starts_at, v.name AS venue
FROM order_item i
JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id
JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id
JOIN price_type t ON t.tenant_id = i.tenant_id AND t.id = i.price_type_id
JOIN event e ON e.tenant_id = i.tenant_id AND e.id = i.event_id
JOIN seatmap m ON m.tenant_id = e.tenant_id AND m.id = e.seatmap_id
JOIN venue v ON v.tenant_id = m.tenant_id AND v.id = m.venue_id
WHERE i.tenant_id = :t AND i.id = ANY(:ids) AND i.state = 'sold'
ORDER BY i.id
"""

# What the server's ticket check answers, worded for the door (see bo_ticket_check).
_INVALID = {
    "other_tenant": "This ticket belongs to another organisation.",
    "bad_signature": "This ticket code's signature does not match: it was altered, or issued by another organisation.",
    "unknown_ticket": "The code is signed but names no ticket of ours.",
}


def _tickets(conn: Connection, tenant: TenantInfo, codes: dict[int, str]) -> list[Ticket]:
    rows = conn.execute(text(_TICKET_SQL), {"t": tenant.id, "ids": list(codes)})
    return [
        Ticket(
            r.item_id,
            r.order_id,
            r.order_code,
            codes[r.item_id],
            r.serial,
            r.event_name,
            r.starts_at,
            r.venue,
            r.zone,
            r.row,
            r.number,
            r.label,
            r.category,
            r.ptype_label or r.ptype,
            r.price,
            tenant.display_name,
            tenant.brand("accent"),
            tenant.brand("logo_svg"),
            tenant.brand("ticket_footer"),
        )
        for r in rows
    ]


def order_tickets(db: Database, actor: Actor, order_id: int) -> list[Ticket]:
    """The tickets of a paid order, one per sold seat, with the codes the server signed."""
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        codes = {
            int(r.item_id): str(r.code)
            for r in conn.execute(text("SELECT * FROM bo_ticket_codes(:o)"), {"o": order_id})
        }
        return _tickets(conn, own_tenant(conn, actor), codes)


def reissue_ticket(db: Database, actor: Actor, item_id: int) -> Ticket:
    """A new code for a seat (lost or spoiled paper): the old code is void from now on."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        row = conn.execute(text("SELECT * FROM bo_ticket_reissue(:i)"), {"i": item_id}).one()
        (ticket,) = _tickets(conn, own_tenant(conn, actor), {int(row.item_id): str(row.code)})
        return ticket


def check_ticket(db: Database, actor: Actor, code: str) -> TicketCheck:
    """The server's answer for a scanned code: its signature with the tenant's key, then whether it is
    still the seat's current ticket."""
    try:
        parse_ticket(code)  # garbage from the scanner is answered here, without a round trip
    except InvalidTicket as exc:
        return TicketCheck("invalid", str(exc))
    with unit_of_work(db, actor) as conn:
        r = conn.execute(text("SELECT * FROM bo_ticket_check(:c)"), {"c": code}).one()
    if r.status == "invalid":
        return TicketCheck("invalid", _INVALID.get(r.reason, "This is not a valid ticket of ours."))
    where = dict(order_code=r.order_code, label=r.label, event_name=r.event_name, item_id=r.item_id)
    if r.reason == "not_sold":
        return TicketCheck("void", f"This ticket was {r.item_state} (order {r.order_code}).", **where)
    if r.reason == "reprinted":
        return TicketCheck(
            "void", f"This ticket was reprinted; only the newest print admits (order {r.order_code}).", **where
        )
    return TicketCheck("valid", f"{r.event_name}: {r.label} (order {r.order_code}).", **where)
