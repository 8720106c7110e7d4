"""Customers (optional at the counter) and finding orders by code, ticket code or customer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import text

from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.orders import OrderInfo, load_order
from boxoffice_desktop.services.ticket_codes import InvalidTicket, parse_ticket
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    name: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class OrderSummary:
    id: int
    code: str
    status: str
    total: Decimal
    payment_method: str
    created_at: datetime
    event_name: str
    event_starts_at: datetime
    customer: str
    seats: int
    station: str
    needs_refund: bool


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_customers(db: Database, actor: Actor, query: str, *, limit: int = 20) -> list[CustomerInfo]:
    """By phone (digits anywhere), e-mail or name; most recent first."""
    q = (query or "").strip()
    if not q:
        return []
    digits = re.sub(r"\D", "", q)
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        rows = conn.execute(
            text(
                "SELECT id, name, email, phone FROM customer WHERE tenant_id = :t AND ("
                " lower(email) LIKE lower(:like) OR lower(name) LIKE lower(:like)"
                " OR (:digits <> '' AND regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE :dlike))"
                " ORDER BY id DESC LIMIT :n"
            ),
            {"t": actor.tenant_id, "like": _like(q), "digits": digits, "dlike": _like(digits), "n": limit},
        ).all()
    return [CustomerInfo(r.id, r.name, r.email, r.phone) for r in rows]


def find_order(db: Database, actor: Actor, code: str) -> OrderInfo:
    """An order by its code, or by a scanned ticket code of one of its seats."""
    value = (code or "").strip()
    item_id = None
    try:
        parsed = parse_ticket(value)
    except InvalidTicket:
        parsed = None
    if parsed is not None:
        if parsed.tenant_slug != actor.tenant_slug:
            raise NotFound("This ticket belongs to another organisation.")
        item_id = parsed.claims.order_item_id
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        if item_id is not None:
            order_id = conn.execute(
                text("SELECT order_id FROM order_item WHERE tenant_id = :t AND id = :i"),
                {"t": actor.tenant_id, "i": item_id},
            ).scalar()
        else:
            order_id = conn.execute(
                text("SELECT id FROM orders WHERE tenant_id = :t AND code = upper(:c)"),
                {"t": actor.tenant_id, "c": value},
            ).scalar()
        if order_id is None:
            raise NotFound(f"No order {value!r}.")
        return load_order(conn, actor.tenant_id, order_id)


def list_orders(
    db: Database, actor: Actor, *, query: str = "", event_id: int | None = None, limit: int = 200
) -> list[OrderSummary]:
    """Recent orders, newest first; ``query`` matches the code, the customer's name, e-mail or phone."""
    q = (query or "").strip()
    digits = re.sub(r"\D", "", q)
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        rows = conn.execute(
            text(
                "SELECT o.id, o.code, o.status, o.total, o.payment_method, o.created_at, o.station, o.needs_refund, "
                "e.name AS event_name, e.starts_at, coalesce(c.name, c.email, c.phone, '') AS customer, "
                "(SELECT count(*) FROM order_item i WHERE i.tenant_id = o.tenant_id AND i.order_id = o.id) AS seats "
                "FROM orders o JOIN event e ON e.tenant_id = o.tenant_id AND e.id = o.event_id "
                "LEFT JOIN customer c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id "
                "WHERE o.tenant_id = :t AND (CAST(:e AS bigint) IS NULL OR o.event_id = :e) AND (:q = '' OR "
                " o.code = upper(:q) OR lower(c.name) LIKE lower(:like) OR lower(c.email) LIKE lower(:like) "
                " OR (length(:digits) >= 5 AND regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g') LIKE :dlike)) "
                "ORDER BY o.created_at DESC, o.id DESC LIMIT :n"
            ),
            {
                "t": actor.tenant_id,
                "e": event_id,
                "q": q,
                "like": _like(q),
                "digits": digits,
                "dlike": _like(digits),
                "n": limit,
            },
        ).all()
    return [
        OrderSummary(
            r.id,
            r.code,
            str(r.status),
            r.total,
            r.payment_method,
            r.created_at,
            r.event_name,
            r.starts_at,
            r.customer,
            int(r.seats),
            r.station,
            r.needs_refund,
        )
        for r in rows
    ]
