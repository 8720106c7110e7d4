"""Online sales (YooKassa, or the mock provider for training): a PENDING order whose seats stay held
while the customer pays, then PAID, CANCELLED or EXPIRED by what the provider says.

The rules the flow keeps (see ../shared/payments/yookassa.md):
- the Idempotence-Key is stored with the Payment row, and the request's exact arguments with it, BEFORE
  the first request; every retry, now or after a restart, sends the same key and the same body;
- no database transaction stays open across a network call;
- 500, 202, timeouts and dropped connections mean "unknown": retry with the same key, or fetch; only a
  fetched status is the truth;
- a payment that succeeds after its seats were lost is accepted when the seats are still free, otherwise
  the order keeps its money with ``needs_refund`` set and a journal entry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, text

from boxoffice_desktop.errors import (
    BoxOfficeError,
    ConfigurationError,
    HoldExpired,
    InvalidInput,
    NotFound,
    PaymentError,
)
from boxoffice_desktop.services.context import Actor, Permission, require
from boxoffice_desktop.services.dberrors import domain_errors
from boxoffice_desktop.services.journal import log_action
from boxoffice_desktop.services.orders import OrderInfo, create_order, load_order
from boxoffice_desktop.services.payments import (
    MockPaymentProvider,
    OnlinePaymentProvider,
    OutcomeUnknown,
    PaymentResult,
    ProviderRejected,
    YooKassaClient,
    build_receipt,
    call_with_retries,
    create_payment_reliably,
    new_idempotence_key,
)
from boxoffice_desktop.services.tenant_config import TenantSettings, get_settings, yookassa_credentials
from sync import holds as protocol
from sync.db import Database
from sync.errors import HoldEnded

log = logging.getLogger(__name__)

ONLINE_METHODS = ("yookassa", "mock")
CONFIRMATIONS = ("redirect", "qr")
# At the counter a customer waits: a few quick attempts now, the rest when the payment is next synced.
SALE_ATTEMPTS = 3
RETRY_BASE_DELAY = 0.5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0

_STATUS = {
    "pending": "PENDING",
    "waiting_for_capture": "WAITING_FOR_CAPTURE",
    "succeeded": "SUCCEEDED",
    "canceled": "CANCELED",
}


# providers ----------------------------------------------------------------------------------------------
_providers: dict[tuple[Any, ...], OnlinePaymentProvider] = {}
_providers_lock = threading.Lock()


def forget_providers() -> None:
    """Drop cached clients (after the timeouts or credentials changed in-process)."""
    with _providers_lock:
        _providers.clear()


def provider_for(db: Database, tenant_id: int, method: str, settings: TenantSettings) -> OnlinePaymentProvider:
    """One client per tenant and credentials (each tenant pays into its own shop)."""
    if method == "mock":
        key: tuple[Any, ...] = ("mock", tenant_id)
        with _providers_lock:
            mock = _providers.get(key)
            if mock is None:
                mock = _providers[key] = MockPaymentProvider(settings.mock_scenario)
            assert isinstance(mock, MockPaymentProvider)
            mock.scenario = settings.mock_scenario  # type: ignore[assignment]
            return mock
    creds = yookassa_credentials(db, tenant_id)
    if creds is None:
        raise ConfigurationError(
            "YooKassa is not set up for this organisation: an administrator enters the shop id "
            "and secret key in Settings."
        )
    key = ("yookassa", tenant_id, creds.shop_id, creds.secret_key, creds.api_url)
    with _providers_lock:
        client = _providers.get(key)
        if client is None:
            client = _providers[key] = YooKassaClient(
                creds.shop_id,
                creds.secret_key,
                api_url=creds.api_url,
                connect_timeout=CONNECT_TIMEOUT,
                read_timeout=READ_TIMEOUT,
            )
        return client


# starting a sale ------------------------------------------------------------------------------------------
def start_online_sale(
    db: Database,
    actor: Actor,
    hold_id: int,
    *,
    method: str,
    customer: Mapping[str, Any] | None = None,
    price_types: Mapping[int, str] | None = None,
    confirmation: str = "redirect",
) -> OrderInfo:
    require(actor, Permission.SELL)
    if method not in ONLINE_METHODS:
        raise InvalidInput(f"Unknown online payment method {method!r}.")
    if confirmation not in CONFIRMATIONS:
        raise InvalidInput(f"Unknown confirmation {confirmation!r}: use redirect or qr.")
    settings = get_settings(db, actor.tenant_id)
    provider = provider_for(db, actor.tenant_id, method, settings)
    key = new_idempotence_key()
    # 1. The order, its reserved items, the payment row with its key and request; the seats stay held for
    #    the payment window. One transaction, committed before any request leaves.
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        h = protocol.lock_hold(conn, actor.tenant_id, int(hold_id))
        if h is None:
            raise NotFound(f"No hold {hold_id}.")
        try:
            expires_at = protocol.stretch_hold(
                conn, actor.tenant_id, int(hold_id), int(h["event_id"]), settings.payment_window_minutes * 60
            )
        except HoldEnded:
            raise HoldExpired() from None
        seats = protocol.active_seats(conn, actor.tenant_id, int(hold_id))
        order = create_order(
            conn,
            actor,
            h,
            seats,
            status="PENDING",
            payment_method=method,
            customer=customer,
            price_types=price_types,
            item_state="reserved",
            expires_at=expires_at,
        )
        request = _payment_request(conn, actor, order, customer, settings, confirmation)
        payment_id = conn.execute(
            text(
                "INSERT INTO payment (tenant_id, order_id, provider, status, amount, idempotence_key, details) "
                "VALUES (:t, :o, :p, 'PENDING', :a, :k, CAST(:d AS jsonb)) RETURNING id"
            ),
            {
                "t": actor.tenant_id,
                "o": order.id,
                "p": method,
                "a": order.total,
                "k": key,
                "d": _json({"request": request}),
            },
        ).scalar_one()
        log_action(
            conn,
            actor,
            "order.created",
            order_id=order.id,
            event_id=order.event_id,
            hold_id=int(hold_id),
            data={"code": order.code, "total": order.total, "method": method, "expires_at": expires_at},
        )
    # 2. The request, outside any transaction.
    return _create_at_provider(db, actor, order.id, int(payment_id), provider, key, request)


def _payment_request(
    conn: Connection,
    actor: Actor,
    order: OrderInfo,
    customer: Mapping[str, Any] | None,
    settings: TenantSettings,
    confirmation: str,
) -> dict[str, Any]:
    event = conn.execute(
        text("SELECT name, starts_at FROM event WHERE tenant_id = :t AND id = :e"),
        {"t": actor.tenant_id, "e": order.event_id},
    ).one()
    what = f"{len(order.items)} ticket{'s' if len(order.items) != 1 else ''}"
    description = f"Order {order.code}: {event.name}, {event.starts_at:%d.%m.%Y %H:%M}, {what}"[:128]
    receipt = build_receipt(
        customer_email=(customer or {}).get("email"),
        customer_phone=(customer or {}).get("phone"),
        items=[(f"{event.name}: {item.label}", 1, item.price) for item in order.items],
        vat_code=settings.vat_code,
    )
    return {
        "amount": str(order.total),
        "description": description,
        "metadata": {"order_id": order.id, "order_code": order.code, "tenant": actor.tenant_slug},
        "confirmation": {"type": "qr"}
        if confirmation == "qr"
        else {"type": "redirect", "return_url": settings.return_url},
        "receipt": receipt,
    }


def _request_payment(provider: OnlinePaymentProvider, key: str, request: Mapping[str, Any]) -> PaymentResult:
    """POST the stored request with its stored key: the same body every time, so never a second payment."""
    return create_payment_reliably(
        provider,
        idempotence_key=key,
        amount=Decimal(request["amount"]),
        description=request["description"],
        metadata=request["metadata"],
        confirmation=request["confirmation"],
        receipt=request.get("receipt"),
        attempts=SALE_ATTEMPTS,
        base_delay=RETRY_BASE_DELAY,
    )


def _create_at_provider(
    db: Database,
    actor: Actor,
    order_id: int,
    payment_id: int,
    provider: OnlinePaymentProvider,
    key: str,
    request: Mapping[str, Any],
) -> OrderInfo:
    try:
        result = _request_payment(provider, key, request)
    except ProviderRejected as exc:
        # Refused at the first attempt: nothing exists at the provider. The sale is off, the seats go back.
        _finish_unpaid(db, actor, order_id, payment_id, "CANCELLED", "order.cancelled", reason=str(exc))
        raise PaymentError(f"The payment was refused: {exc}") from exc
    except OutcomeUnknown as exc:
        log.warning("payment %s of order %s: outcome unknown (%s); will ask again", payment_id, order_id, exc)
        with db.connection(actor.tenant_id) as conn:
            log_action(conn, actor, "payment.unknown", order_id=order_id, data={"payment": payment_id, "why": str(exc)})
            return load_order(conn, actor.tenant_id, order_id)
    with db.connection(actor.tenant_id) as conn:
        _store_result(conn, actor, payment_id, result)
        log_action(
            conn,
            actor,
            "payment.created",
            order_id=order_id,
            data={"payment": payment_id, "provider_id": result.id, "status": result.status},
        )
        order = load_order(conn, actor.tenant_id, order_id)
    if result.status != "pending":
        return sync_payment(db, actor, order_id)
    return order


def _store_result(conn: Connection, actor: Actor, payment_id: int, result: PaymentResult) -> None:
    conn.execute(
        text(
            "UPDATE payment SET provider_payment_id = :pid, status = CAST(:st AS payment_status), "
            "confirmation_url = coalesce(:url, confirmation_url), updated_at = clock_timestamp(), "
            "details = details || CAST(:d AS jsonb) WHERE tenant_id = :t AND id = :id"
        ),
        {
            "pid": result.id,
            "st": _STATUS.get(result.status, "PENDING"),
            "url": result.confirmation_url or result.confirmation_data,
            "d": _json(
                {
                    "last_status": result.status,
                    "cancellation": (result.cancellation_details.reason if result.cancellation_details else None),
                }
            ),
            "t": actor.tenant_id,
            "id": payment_id,
        },
    )


# syncing ---------------------------------------------------------------------------------------------------
def sync_payment(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    """Ask the provider and settle the order: PAID, CANCELLED or EXPIRED (or still PENDING)."""
    require(actor, Permission.SELL)
    with db.connection(actor.tenant_id) as conn:
        order = load_order(conn, actor.tenant_id, order_id)
        pay = (
            conn.execute(
                text(
                    "SELECT id, provider, status, idempotence_key, provider_payment_id, details, "
                    "(SELECT expires_at <= clock_timestamp() FROM orders WHERE tenant_id = :t AND id = :o) AS overdue "
                    "FROM payment WHERE tenant_id = :t AND order_id = :o ORDER BY id DESC LIMIT 1"
                ),
                {"t": actor.tenant_id, "o": int(order_id)},
            )
            .mappings()
            .one_or_none()
        )
    if pay is None or pay["provider"] not in ONLINE_METHODS:
        return order
    if pay["status"] in ("SUCCEEDED", "CANCELED") and order.status != "PENDING":
        return order
    provider = provider_for(db, actor.tenant_id, pay["provider"], get_settings(db, actor.tenant_id))
    request = (pay["details"] or {}).get("request") or {}
    try:
        if pay["provider_payment_id"] is None:
            # The creation's outcome was never learnt: ask again with the same key and body.
            result = _request_payment(provider, pay["idempotence_key"], request)
        else:
            result = call_with_retries(
                lambda: provider.get_payment(pay["provider_payment_id"]),
                attempts=SALE_ATTEMPTS,
                base_delay=RETRY_BASE_DELAY,
            )
    except OutcomeUnknown as exc:
        log.warning("payment %s: still unknown (%s)", pay["id"], exc)
        if pay["overdue"] and pay["provider_payment_id"] is None:
            _finish_unpaid(db, actor, order_id, pay["id"], "EXPIRED", "order.expired", reason="provider unreachable")
        return get_order_quietly(db, actor, order_id)
    except ProviderRejected as exc:
        if pay["provider_payment_id"] is None:
            _finish_unpaid(db, actor, order_id, pay["id"], "CANCELLED", "order.cancelled", reason=str(exc))
            return get_order_quietly(db, actor, order_id)
        raise PaymentError(f"The payment provider refused to say how the payment stands: {exc}") from exc
    with db.connection(actor.tenant_id) as conn:
        _store_result(conn, actor, pay["id"], result)
    if result.status == "succeeded":
        return _settle_paid(db, actor, order_id, pay["id"])
    if result.status == "canceled":
        reason = result.cancellation_details.reason if result.cancellation_details else "canceled"
        _finish_unpaid(db, actor, order_id, pay["id"], "CANCELLED", "order.cancelled", reason=reason)
    elif pay["overdue"]:
        _finish_unpaid(db, actor, order_id, pay["id"], "EXPIRED", "order.expired", reason="payment window passed")
    return get_order_quietly(db, actor, order_id)


def get_order_quietly(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    with db.connection(actor.tenant_id) as conn:
        return load_order(conn, actor.tenant_id, order_id)


def _settle_paid(db: Database, actor: Actor, order_id: int, payment_id: int) -> OrderInfo:
    with domain_errors(), db.connection(actor.tenant_id) as conn:
        o = (
            conn.execute(
                text(
                    "SELECT id, status, hold_id, event_id, needs_refund FROM orders WHERE tenant_id = :t AND id = :o "
                    "FOR UPDATE"
                ),
                {"t": actor.tenant_id, "o": order_id},
            )
            .mappings()
            .one()
        )
        conn.execute(
            text(
                "UPDATE payment SET status = 'SUCCEEDED', updated_at = clock_timestamp() "
                "WHERE tenant_id = :t AND id = :id"
            ),
            {"t": actor.tenant_id, "id": payment_id},
        )
        if o["status"] == "PAID" or o["needs_refund"]:
            return load_order(conn, actor.tenant_id, order_id)
        seats = list(
            conn.execute(
                text(
                    "SELECT event_seat_id FROM order_item WHERE tenant_id = :t AND order_id = :o ORDER BY event_seat_id"
                ),
                {"t": actor.tenant_id, "o": order_id},
            ).scalars()
        )
        converted = False
        if o["hold_id"] is not None and protocol.lock_hold(conn, actor.tenant_id, o["hold_id"]) is not None:
            try:
                protocol.convert_hold(conn, actor.tenant_id, o["hold_id"], o["event_id"])
                converted = True
            except HoldEnded:
                converted = False
        if converted or protocol.take_free_seats(conn, actor.tenant_id, o["event_id"], seats):
            conn.execute(
                text("UPDATE order_item SET state = 'sold' WHERE tenant_id = :t AND order_id = :o"),
                {"t": actor.tenant_id, "o": order_id},
            )
            conn.execute(
                text("UPDATE orders SET status = 'PAID', paid_at = clock_timestamp() WHERE tenant_id = :t AND id = :o"),
                {"t": actor.tenant_id, "o": order_id},
            )
            log_action(
                conn,
                actor,
                "order.paid",
                order_id=order_id,
                event_id=o["event_id"],
                hold_id=o["hold_id"],
                data={"payment": payment_id, "seats": seats, "late": not converted},
            )
        else:
            # The money arrived, the seats are gone: keep the money, flag the refund, tell the journal.
            conn.execute(
                text("UPDATE order_item SET state = 'void' WHERE tenant_id = :t AND order_id = :o"),
                {"t": actor.tenant_id, "o": order_id},
            )
            conn.execute(
                text(
                    "UPDATE orders SET needs_refund = true, status = CASE WHEN status = 'PENDING' THEN "
                    "'CANCELLED'::order_status ELSE status END WHERE tenant_id = :t AND id = :o"
                ),
                {"t": actor.tenant_id, "o": order_id},
            )
            log_action(
                conn,
                actor,
                "order.needs_refund",
                order_id=order_id,
                event_id=o["event_id"],
                data={"payment": payment_id, "seats": seats, "why": "paid after its seats were taken"},
            )
        protocol.notify_seats(conn, actor.tenant_id, o["event_id"], seats)
        return load_order(conn, actor.tenant_id, order_id)


def _finish_unpaid(
    db: Database, actor: Actor, order_id: int, payment_id: int, status: str, action: str, *, reason: str
) -> None:
    """The payment will not come: the order ends, its items are void, its seats go back on sale."""
    with db.connection(actor.tenant_id) as conn:
        o = (
            conn.execute(
                text("SELECT status, hold_id, event_id FROM orders WHERE tenant_id = :t AND id = :o FOR UPDATE"),
                {"t": actor.tenant_id, "o": order_id},
            )
            .mappings()
            .one()
        )
        conn.execute(
            text(
                "UPDATE payment SET status = CASE WHEN status = 'SUCCEEDED' THEN status ELSE 'CANCELED' END, "
                "updated_at = clock_timestamp() WHERE tenant_id = :t AND id = :id"
            ),
            {"t": actor.tenant_id, "id": payment_id},
        )
        if o["status"] != "PENDING":
            return
        conn.execute(
            text("UPDATE orders SET status = CAST(:st AS order_status) WHERE tenant_id = :t AND id = :o"),
            {"st": status, "t": actor.tenant_id, "o": order_id},
        )
        conn.execute(
            text("UPDATE order_item SET state = 'void' WHERE tenant_id = :t AND order_id = :o AND state = 'reserved'"),
            {"t": actor.tenant_id, "o": order_id},
        )
        seats: list[int] = []
        if o["hold_id"] is not None:
            protocol.lock_hold(conn, actor.tenant_id, o["hold_id"])
            seats = protocol.end_hold(conn, actor.tenant_id, o["hold_id"], "RELEASED")
        log_action(
            conn,
            actor,
            action,
            order_id=order_id,
            event_id=o["event_id"],
            hold_id=o["hold_id"],
            data={"payment": payment_id, "reason": reason, "seats": seats},
        )
        if seats:
            protocol.notify_seats(conn, actor.tenant_id, o["event_id"], seats)


def _json(data: Any) -> str:
    import json

    return json.dumps(data, default=str)


def cancel_online_order(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    """The customer gave up at the counter: the PENDING order ends and its seats go back on sale.

    A payment still pending at YooKassa cannot be cancelled there (it expires by itself); one waiting for
    capture is cancelled. Should the customer pay anyway, syncing accepts the payment while the seats are
    free, or keeps the money with ``needs_refund``.
    """
    require(actor, Permission.SELL)
    with db.connection(actor.tenant_id) as conn:
        order = load_order(conn, actor.tenant_id, order_id)
        pay = (
            conn.execute(
                text(
                    "SELECT id, provider, status, provider_payment_id FROM payment "
                    "WHERE tenant_id = :t AND order_id = :o "
                    "ORDER BY id DESC LIMIT 1"
                ),
                {"t": actor.tenant_id, "o": int(order_id)},
            )
            .mappings()
            .one_or_none()
        )
    if order.status != "PENDING" or pay is None or pay["provider"] not in ONLINE_METHODS:
        raise BoxOfficeError(f"Order {order.code} is {order.status.lower()}: only a pending online sale is cancelled.")
    if pay["status"] == "WAITING_FOR_CAPTURE" and pay["provider_payment_id"]:
        provider = provider_for(db, actor.tenant_id, pay["provider"], get_settings(db, actor.tenant_id))
        try:
            provider.cancel_payment(pay["provider_payment_id"], new_idempotence_key())
        except (OutcomeUnknown, ProviderRejected) as exc:
            log.warning("cancelling payment %s at the provider: %s", pay["id"], exc)
    _finish_unpaid(
        db, actor, int(order_id), pay["id"], "CANCELLED", "order.cancelled", reason="cancelled at the counter"
    )
    return get_order_quietly(db, actor, int(order_id))


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
