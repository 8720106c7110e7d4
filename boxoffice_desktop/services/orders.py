"""Orders: a hold becomes an order; a cash or card sale is PAID at once, in one transaction."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from boxoffice_desktop.errors import HoldExpired, InvalidInput, NotFound, SeatsUnavailable
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.journal import log_action
from boxoffice_desktop.services.money import to_money
from boxoffice_desktop.services.shifts import require_open_shift
from sync import holds as protocol
from sync.db import Database
from sync.errors import HoldEnded

# Crockford's alphabet: no I, L, O, U, so a code read over the phone is not misheard.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
INSTANT_METHODS = ("cash", "card")
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


def new_order_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def _price_table(conn: Connection, tenant_id: int, event_id: int) -> dict[tuple[str, str], tuple[Decimal, int]]:
    return {
        (r.category, r.name): (r.price, r.price_type_id)
        for r in conn.execute(
            text(
                "SELECT p.category, t.name, p.price, p.price_type_id FROM event_price p JOIN price_type t "
                "ON t.tenant_id = p.tenant_id AND t.id = p.price_type_id WHERE p.tenant_id = :t AND p.event_id = :e"
            ),
            {"t": tenant_id, "e": event_id},
        )
    }


def upsert_customer(conn: Connection, actor: Actor, customer: Mapping[str, Any] | None) -> int | None:
    """Find the customer by e-mail or phone, or create one. None: an anonymous counter sale."""
    if not customer:
        return None
    unknown = set(customer) - {"name", "email", "phone"}
    if unknown:
        raise InvalidInput(f"Unknown customer field {sorted(unknown)[0]!r}: use name, email, phone.")
    name = str(customer.get("name") or "").strip()
    email = str(customer.get("email") or "").strip() or None
    phone = str(customer.get("phone") or "").strip() or None
    if email and ("@" not in email or len(email) > 254):
        raise InvalidInput(f"{email!r} is not an e-mail address.")
    if phone and not any(ch.isdigit() for ch in phone):
        raise InvalidInput(f"{phone!r} is not a phone number.")
    if not (name or email or phone):
        return None
    existing = None
    if email:
        existing = conn.execute(
            text("SELECT id FROM customer WHERE tenant_id = :t AND lower(email) = lower(:e) ORDER BY id LIMIT 1"),
            {"t": actor.tenant_id, "e": email},
        ).scalar()
    if existing is None and phone:
        existing = conn.execute(
            text("SELECT id FROM customer WHERE tenant_id = :t AND phone = :p ORDER BY id LIMIT 1"),
            {"t": actor.tenant_id, "p": phone},
        ).scalar()
    if existing is not None:
        conn.execute(
            text(
                "UPDATE customer SET name = CASE WHEN :n <> '' THEN :n ELSE name END, "
                "email = coalesce(:e, email), phone = coalesce(:p, phone) WHERE tenant_id = :t AND id = :id"
            ),
            {"n": name, "e": email, "p": phone, "t": actor.tenant_id, "id": existing},
        )
        return int(existing)
    return int(
        conn.execute(
            text("INSERT INTO customer (tenant_id, name, email, phone) VALUES (:t, :n, :e, :p) RETURNING id"),
            {"t": actor.tenant_id, "n": name, "e": email, "p": phone},
        ).scalar_one()
    )


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
    require(actor, Permission.SELL)
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
    if payment_method not in INSTANT_METHODS:
        known = ", ".join(INSTANT_METHODS + ONLINE_METHODS)
        raise InvalidInput(f"Unknown payment method {payment_method!r}: use {known}.")
    if tendered is not None:
        tendered = to_money(tendered, what="amount tendered")
    try:
        with domain_errors(), db.connection(actor.tenant_id) as conn:
            h = protocol.lock_hold(conn, actor.tenant_id, int(hold_id))
            if h is None:
                raise NotFound(f"No hold {hold_id}.")
            require_open_shift(conn, actor)
            try:
                live = protocol.convert_hold(conn, actor.tenant_id, int(hold_id), int(h["event_id"]))
            except HoldEnded:
                raise HoldExpired() from None
            order = create_order(
                conn,
                actor,
                h,
                live,
                status="PAID",
                payment_method=payment_method,
                customer=customer,
                price_types=price_types,
                item_state="sold",
            )
            _record_instant_payment(conn, actor, order, payment_method, tendered)
            log_action(
                conn,
                actor,
                "order.paid",
                order_id=order.id,
                event_id=order.event_id,
                hold_id=int(hold_id),
                data={"code": order.code, "total": order.total, "method": payment_method, "seats": live},
            )
            protocol.notify_seats(conn, actor.tenant_id, order.event_id, live)
            return replace(order, tendered=tendered)
    except IntegrityError as exc:
        if "uq_order_item_sold_seat" in str(exc):
            # The backstop under the locks: never a double sale, whatever went wrong above it.
            raise SeatsUnavailable([], "A seat of this hold was sold elsewhere; nothing was sold.") from exc
        raise


def create_order(
    conn: Connection,
    actor: Actor,
    hold: dict,
    seat_ids: list[int],
    *,
    status: str,
    payment_method: str,
    customer: Mapping[str, Any] | None,
    price_types: Mapping[int, str] | None,
    item_state: str,
    expires_at: datetime | None = None,
) -> OrderInfo:
    event_id = int(hold["event_id"])
    table = _price_table(conn, actor.tenant_id, event_id)
    chosen = {int(k): v for k, v in (price_types or {}).items()}
    stray = set(chosen) - set(seat_ids)
    if stray:
        raise InvalidInput(f"Seat {sorted(stray)[0]} is not in this hold.")
    seats = conn.execute(
        text("SELECT id, label, category FROM event_seat WHERE tenant_id = :t AND id = ANY(:ids) ORDER BY id"),
        {"t": actor.tenant_id, "ids": seat_ids},
    ).all()
    lines = []
    for seat in seats:
        ptype = chosen.get(seat.id, "full")
        if (seat.category, ptype) not in table:
            raise InvalidInput(f"There is no {ptype!r} price for {seat.category!r} at this event.")
        price, ptype_id = table[(seat.category, ptype)]
        lines.append((seat, ptype, ptype_id, price))
    total = sum((line[3] for line in lines), Decimal("0.00"))
    customer_id = upsert_customer(conn, actor, customer)
    shift_id = conn.execute(
        text("SELECT id FROM cash_shift WHERE tenant_id = :t AND station = :s AND closed_at IS NULL"),
        {"t": actor.tenant_id, "s": actor.station},
    ).scalar()
    code = new_order_code()
    row = conn.execute(
        text(
            "INSERT INTO orders (tenant_id, code, event_id, hold_id, customer_id, status, total, payment_method, "
            "station, user_id, shift_id, paid_at, expires_at) VALUES (:t, :c, :e, :h, :cu, CAST(:st AS order_status), "
            ":tot, :pm, :s, :u, :sh, CASE WHEN :st = 'PAID' THEN clock_timestamp() END, :exp) "
            "RETURNING id, created_at"
        ),
        {
            "t": actor.tenant_id,
            "c": code,
            "e": event_id,
            "h": hold["id"],
            "cu": customer_id,
            "st": status,
            "tot": total,
            "pm": payment_method,
            "s": actor.station,
            "u": actor.user_id,
            "sh": shift_id,
            "exp": expires_at,
        },
    ).one()
    items = []
    for seat, ptype, ptype_id, price in lines:
        item_id = conn.execute(
            text(
                "INSERT INTO order_item (tenant_id, order_id, event_id, event_seat_id, price_type_id, price, state) "
                "VALUES (:t, :o, :e, :s, :p, :pr, :st) RETURNING id"
            ),
            {
                "t": actor.tenant_id,
                "o": row.id,
                "e": event_id,
                "s": seat.id,
                "p": ptype_id,
                "pr": price,
                "st": item_state,
            },
        ).scalar_one()
        items.append(OrderItemInfo(item_id, seat.id, price, ptype, seat.label, seat.category, item_state))
    return OrderInfo(
        row.id,
        code,
        event_id,
        status,
        total,
        payment_method,
        tuple(items),
        customer_id=customer_id,
        created_at=row.created_at,
    )


def _record_instant_payment(
    conn: Connection, actor: Actor, order: OrderInfo, method: str, tendered: Decimal | None
) -> None:
    if tendered is not None and tendered < order.total:
        raise InvalidInput(f"{tendered} tendered is less than the total {order.total}.")
    conn.execute(
        text(
            "INSERT INTO payment (tenant_id, order_id, provider, status, amount, tendered) "
            "VALUES (:t, :o, :p, 'SUCCEEDED', :a, :td)"
        ),
        {"t": actor.tenant_id, "o": order.id, "p": method, "a": order.total, "td": tendered},
    )


def get_order(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    require(actor, Permission.VIEW_ORDERS)
    with db.connection(actor.tenant_id) as conn:
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
