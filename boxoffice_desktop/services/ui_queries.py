"""Read-only questions the counter screen asks that the other services do not answer (yet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.context import Actor, Permission, require
from sync.db import Database


def pending_order_holds(db: Database, actor: Actor, event_id: int) -> dict[int, str]:
    """{hold id: order code} of this station's orders on the event still waiting for an online payment:
    their seats stay held, but they are no longer in the cashier's cart."""
    require(actor, Permission.SELL)
    with db.connection(actor.tenant_id) as conn:
        rows = conn.execute(
            text(
                "SELECT hold_id, code FROM orders WHERE tenant_id = :t AND event_id = :e AND status = 'PENDING' "
                "AND hold_id IS NOT NULL AND station = :s"
            ),
            {"t": actor.tenant_id, "e": int(event_id), "s": actor.station},
        ).all()
    return {int(r.hold_id): str(r.code) for r in rows}


# --- the Orders area ----------------------------------------------------------------------------------
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
    require(actor, Permission.VIEW_ORDERS)
    with db.connection(actor.tenant_id) as conn:
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


def tenant_overview(db: Database, actor: Actor) -> dict[str, Any]:
    """What the Settings area shows: the organisation (fresh from the database), its business settings, and
    whether the YooKassa credentials are stored — never the secrets themselves."""
    from boxoffice_desktop.services.tenant_config import (
        SECRET_YOOKASSA_KEY,
        SECRET_YOOKASSA_SHOP,
        get_settings,
        has_secret,
    )
    from boxoffice_desktop.services.tenants import find_tenant

    return {
        "tenant": find_tenant(db, actor.tenant_slug),
        "settings": get_settings(db, actor.tenant_id),
        "yookassa_shop_stored": has_secret(db, actor.tenant_id, SECRET_YOOKASSA_SHOP),
        "yookassa_key_stored": has_secret(db, actor.tenant_id, SECRET_YOOKASSA_KEY),
    }
