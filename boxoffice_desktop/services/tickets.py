"""Tickets: what is printed for each sold seat, its signed code, reprints, and checks at the door.

Signing and checking are Qt-free (``ticket_codes``); printing lives in the UI. A ticket's code names the
tenant and carries a serial: a reprint makes a new serial, so the old paper no longer admits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, text

from boxoffice_desktop.errors import BoxOfficeError, NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.journal import log_action
from boxoffice_desktop.services.tenant_config import ticket_signing_key
from boxoffice_desktop.services.tenants import TenantInfo, find_tenant
from boxoffice_desktop.services.ticket_codes import (
    InvalidTicket,
    TicketClaims,
    parse_ticket,
    sign_ticket,
    verify_ticket,
)
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
WHERE i.tenant_id = :t AND {where} AND i.state = 'sold'
ORDER BY i.id
"""


def _tickets(conn: Connection, tenant: TenantInfo, key: bytes, where: str, params: dict) -> list[Ticket]:
    out = []
    for r in conn.execute(text(_TICKET_SQL.format(where=where)), {"t": tenant.id, **params}):
        code = sign_ticket(tenant.slug, key, TicketClaims(r.order_code, r.item_id, r.event_id, r.guid, r.serial))
        out.append(
            Ticket(
                r.item_id,
                r.order_id,
                r.order_code,
                code,
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
        )
    return out


def order_tickets(db: Database, actor: Actor, order_id: int) -> list[Ticket]:
    """The tickets of a paid order, one per sold seat."""
    require(actor, Permission.VIEW_ORDERS)
    tenant = find_tenant(db, actor.tenant_slug)
    key = ticket_signing_key(db, actor.tenant_id)
    with db.connection(actor.tenant_id) as conn:
        status = conn.execute(
            text("SELECT status FROM orders WHERE tenant_id = :t AND id = :o"), {"t": actor.tenant_id, "o": order_id}
        ).scalar()
        if status is None:
            raise NotFound(f"No order {order_id}.")
        if status not in ("PAID", "PARTIALLY_REFUNDED"):
            raise BoxOfficeError(f"Order {order_id} is {status.lower()}: it has no tickets to print.")
        return _tickets(conn, tenant, key, "i.order_id = :o", {"o": order_id})


def reissue_ticket(db: Database, actor: Actor, item_id: int) -> Ticket:
    """A new code for a seat (lost or spoiled paper): the old code is void from now on."""
    require(actor, Permission.SELL)
    tenant = find_tenant(db, actor.tenant_slug)
    key = ticket_signing_key(db, actor.tenant_id)
    with db.connection(actor.tenant_id) as conn:
        row = conn.execute(
            text(
                "UPDATE order_item SET ticket_serial = ticket_serial + 1 "
                "WHERE tenant_id = :t AND id = :i AND state = 'sold' RETURNING order_id, event_id, ticket_serial"
            ),
            {"t": actor.tenant_id, "i": item_id},
        ).one_or_none()
        if row is None:
            raise NotFound(f"No sold ticket {item_id}.")
        log_action(
            conn,
            actor,
            "ticket.reissued",
            order_id=row.order_id,
            event_id=row.event_id,
            data={"item": item_id, "serial": row.ticket_serial, "voids": row.ticket_serial - 1},
        )
        (ticket,) = _tickets(conn, tenant, key, "i.id = :i", {"i": item_id})
        return ticket


def verify_ticket_code(db: Database, code: str, *, tenant_slug: str | None = None) -> TicketCheck:
    """Check a scanned code: its signature with its tenant's key, then that it is still the seat's
    current ticket. ``tenant_slug``: refuse codes of any other organisation."""
    try:
        parsed = parse_ticket(code)
    except InvalidTicket as exc:
        return TicketCheck("invalid", str(exc))
    if tenant_slug is not None and parsed.tenant_slug != tenant_slug:
        return TicketCheck("invalid", "This ticket belongs to another organisation.")
    try:
        tenant = find_tenant(db, parsed.tenant_slug)
    except NotFound:
        return TicketCheck("invalid", f"Unknown organisation {parsed.tenant_slug!r} in the code.")
    try:
        claims = verify_ticket(code, ticket_signing_key(db, tenant.id))
    except InvalidTicket as exc:
        return TicketCheck("invalid", str(exc))
    with db.connection(tenant.id) as conn:
        row = conn.execute(
            text(
                "SELECT i.state, i.ticket_serial, i.event_id, o.code, o.status, s.label, e.name FROM order_item i "
                "JOIN orders o ON o.tenant_id = i.tenant_id AND o.id = i.order_id "
                "JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id "
                "JOIN event e ON e.tenant_id = i.tenant_id AND e.id = i.event_id "
                "WHERE i.tenant_id = :t AND i.id = :i"
            ),
            {"t": tenant.id, "i": claims.order_item_id},
        ).one_or_none()
    if row is None or row.code != claims.order_code or row.event_id != claims.event_id:
        return TicketCheck("invalid", "The code is signed but names no ticket of ours.")
    where = dict(order_code=row.code, label=row.label, event_name=row.name, item_id=claims.order_item_id)
    if row.state != "sold":
        return TicketCheck("void", f"This ticket was {row.state} (order {row.code}).", **where)
    if claims.serial != row.ticket_serial:
        return TicketCheck(
            "void", f"This ticket was reprinted; only the newest print admits (order {row.code}).", **where
        )
    return TicketCheck("valid", f"{row.name}: {row.label} (order {row.code}).", **where)
