"""An order in full for the Orders area: its event, customer, seller, payments and journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database


@dataclass(frozen=True)
class PaymentLine:
    provider: str
    status: str
    amount: Decimal
    tendered: Decimal | None
    created_at: datetime
    provider_payment_id: str | None


@dataclass(frozen=True)
class JournalLine:
    at: datetime
    action: str
    actor: str
    station: str
    data: dict[str, Any]


@dataclass(frozen=True)
class OrderExtras:
    """What an order's detail pane shows besides ``orders.get_order``: the event, the customer, who sold
    it, its payments and its journal (the ``order_log`` entries of the order, oldest first)."""

    event_name: str
    event_starts_at: datetime
    customer_name: str
    customer_email: str | None
    customer_phone: str | None
    station: str
    seller: str
    paid_at: datetime | None
    payments: tuple[PaymentLine, ...]
    journal: tuple[JournalLine, ...]


def order_extras(db: Database, actor: Actor, order_id: int, *, journal_limit: int = 100) -> OrderExtras:
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        head = conn.execute(
            text(
                "SELECT e.name AS event_name, e.starts_at, o.station, o.paid_at, "
                "coalesce(c.name, '') AS cname, c.email, c.phone, "
                "coalesce(nullif(u.display_name, ''), u.username, '') AS seller "
                "FROM orders o JOIN event e ON e.tenant_id = o.tenant_id AND e.id = o.event_id "
                "LEFT JOIN customer c ON c.tenant_id = o.tenant_id AND c.id = o.customer_id "
                "LEFT JOIN staff_user u ON u.tenant_id = o.tenant_id AND u.id = o.user_id "
                "WHERE o.tenant_id = :t AND o.id = :o"
            ),
            {"t": actor.tenant_id, "o": int(order_id)},
        ).one_or_none()
        if head is None:
            raise NotFound(f"No order {order_id}.")
        payments = tuple(
            PaymentLine(r.provider, str(r.status), r.amount, r.tendered, r.created_at, r.provider_payment_id)
            for r in conn.execute(
                text(
                    "SELECT provider, status, amount, tendered, created_at, provider_payment_id FROM payment "
                    "WHERE tenant_id = :t AND order_id = :o ORDER BY id"
                ),
                {"t": actor.tenant_id, "o": int(order_id)},
            )
        )
        journal = tuple(
            JournalLine(r.created_at, r.action, r.actor, r.station, dict(r.data or {}))
            for r in conn.execute(
                text(
                    "SELECT created_at, action, actor, station, data FROM order_log "
                    "WHERE tenant_id = :t AND order_id = :o ORDER BY created_at, id LIMIT :n"
                ),
                {"t": actor.tenant_id, "o": int(order_id), "n": journal_limit},
            )
        )
    return OrderExtras(
        head.event_name,
        head.starts_at,
        head.cname,
        head.email,
        head.phone,
        head.station,
        head.seller,
        head.paid_at,
        payments,
        journal,
    )
