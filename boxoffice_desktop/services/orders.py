"""Orders: a hold becomes an order; a cash or card sale is PAID at once, in one transaction of the server's
(``bo_sell``: it prices the seats, needs an open shift at the station, converts the hold, records the
payment and journals the sale)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from boxoffice_desktop.errors import NotFound
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.money import to_money
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database

ONLINE_METHODS = ("yookassa", "mock")


@dataclass(frozen=True)
class OrderItemInfo:
    id: int
    seat_id: int
    price: Decimal
    price_type: str
    label: str
    category: str
    state: str


@dataclass(frozen=True)
class OrderInfo:
    id: int
    code: str
    event_id: int
    status: str
    total: Decimal
    payment_method: str
    items: tuple[OrderItemInfo, ...] = field(default_factory=tuple)
    payment_url: str | None = None
    needs_refund: bool = False
    customer_id: int | None = None
    created_at: datetime | None = None
    tendered: Decimal | None = None
    expires_at: datetime | None = None

    @property
    def change(self) -> Decimal | None:
        """Cash to hand back, when the amount tendered was given."""
        return None if self.tendered is None else self.tendered - self.total


def _json(data: Any) -> str | None:
    return None if data is None else json.dumps(data, default=str)


def price_type_map(price_types: Mapping[int, str] | None) -> dict[str, str] | None:
    """{seat id: price type} as the server takes it (JSON object keys are text)."""
    if not price_types:
        return None
    return {str(int(k)): str(v) for k, v in price_types.items()}


def sell(
    db: Database,
    actor: Actor,
    hold_id: int,
    *,
    payment_method: str = "cash",
    customer: Mapping[str, Any] | None = None,
    price_types: Mapping[int, str] | None = None,
    tendered: Any = None,
    confirmation: str = "redirect",
) -> OrderInfo:
    """Cash or card: the live hold becomes a PAID order in one transaction (an open shift is needed).
    YooKassa or mock: a PENDING order whose seats stay held while the customer pays (see online_sales)."""
    if payment_method in ONLINE_METHODS:
        from boxoffice_desktop.services.online_sales import start_online_sale

        return start_online_sale(
            db,
            actor,
            hold_id,
            method=payment_method,
            customer=customer,
            price_types=price_types,
            confirmation=confirmation,
        )
    if tendered is not None:
        tendered = to_money(tendered, what="amount tendered")
    with unit_of_work(db, actor, Permission.SELL) as conn:
        order_id = conn.execute(
            text("SELECT bo_sell(:h, :m, CAST(:c AS jsonb), CAST(:p AS jsonb), :t)"),
            {
                "h": int(hold_id),
                "m": payment_method,
                "c": _json(dict(customer) if customer else None),
                "p": _json(price_type_map(price_types)),
                "t": tendered,
            },
        ).scalar_one()
        return load_order(conn, actor.tenant_id, int(order_id))


def get_order(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    with unit_of_work(db, actor, Permission.VIEW_ORDERS) as conn:
        return load_order(conn, actor.tenant_id, order_id)


def load_order(conn: Connection, tenant_id: int, order_id: int) -> OrderInfo:
    o = (
        conn.execute(
            text(
                "SELECT o.*, p.confirmation_url AS payment_url, p.tendered FROM orders o "
                "LEFT JOIN LATERAL (SELECT confirmation_url, tendered FROM payment p WHERE p.tenant_id = o.tenant_id "
                "  AND p.order_id = o.id ORDER BY p.id DESC LIMIT 1) p ON true "
                "WHERE o.tenant_id = :t AND o.id = :o"
            ),
            {"t": tenant_id, "o": int(order_id)},
        )
        .mappings()
        .one_or_none()
    )
    if o is None:
        raise NotFound(f"No order {order_id}.")
    items = tuple(
        OrderItemInfo(r.id, r.event_seat_id, r.price, r.ptype, r.label, r.category, r.state)
        for r in conn.execute(
            text(
                "SELECT i.id, i.event_seat_id, i.price, i.state, t.name AS ptype, s.label, s.category "
                "FROM order_item i JOIN price_type t ON t.tenant_id = i.tenant_id AND t.id = i.price_type_id "
                "JOIN event_seat s ON s.tenant_id = i.tenant_id AND s.id = i.event_seat_id "
                "WHERE i.tenant_id = :t AND i.order_id = :o ORDER BY i.id"
            ),
            {"t": tenant_id, "o": int(order_id)},
        )
    )
    return OrderInfo(
        o["id"],
        o["code"],
        o["event_id"],
        str(o["status"]),
        o["total"],
        o["payment_method"],
        items,
        o["payment_url"],
        o["needs_refund"],
        o["customer_id"],
        o["created_at"],
        o["tendered"],
        o["expires_at"],
    )
