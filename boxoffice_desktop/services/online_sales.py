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

The station talks to the provider (it is handed the shop's key while it sells, never stores it); every
change of the order, its seats and its payment is the server's (``sync/migrations/sql/0003/21_online.sql``),
which keeps the state machines: the amount is the order's, a payment's provider id is set once, a finished
payment does not go back, and an order is PAID only after its payment succeeded.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, RowMapping, text

from boxoffice_desktop.errors import (
    BoxOfficeError,
    ConfigurationError,
    InvalidInput,
    PaymentError,
)
from boxoffice_desktop.services.context import Actor, Permission
from boxoffice_desktop.services.orders import OrderInfo, load_order, price_type_map
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
from boxoffice_desktop.services.payments.mock import SCENARIOS as MOCK_SCENARIOS
from boxoffice_desktop.services.payments.mock import Scenario as MockScenario
from boxoffice_desktop.services.tenant_config import TenantSettings, get_settings, yookassa_credentials
from boxoffice_desktop.services.unit_of_work import unit_of_work
from sync.db import Database

log = logging.getLogger(__name__)

ONLINE_METHODS = ("yookassa", "mock")
CONFIRMATIONS = ("redirect", "qr")
# At the counter a customer waits: a few quick attempts now, the rest when the payment is next synced.
SALE_ATTEMPTS = 3
RETRY_BASE_DELAY = 0.5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0

# providers ----------------------------------------------------------------------------------------------
_providers: dict[tuple[Any, ...], OnlinePaymentProvider] = {}
_providers_lock = threading.Lock()


def forget_providers() -> None:
    """Drop cached clients (after the timeouts or credentials changed in-process)."""
    with _providers_lock:
        _providers.clear()


def provider_for(db: Database, actor: Actor, method: str, settings: TenantSettings) -> OnlinePaymentProvider:
    """One client per tenant and credentials (each tenant pays into its own shop). The credentials come
    from the server to a signed-in seller only, and stay in memory."""
    if method == "mock":
        key: tuple[Any, ...] = ("mock", actor.tenant_id)
        with _providers_lock:
            scenario: MockScenario = next((s for s in MOCK_SCENARIOS if s == settings.mock_scenario), "success")
            mock = _providers.get(key)
            if mock is None:
                mock = _providers[key] = MockPaymentProvider(scenario)
            assert isinstance(mock, MockPaymentProvider)
            mock.scenario = scenario
            return mock
    creds = yookassa_credentials(db, actor)
    if creds is None:
        raise ConfigurationError(
            "YooKassa is not set up for this organisation: an administrator enters the shop id "
            "and secret key in Settings."
        )
    key = ("yookassa", actor.tenant_id, creds.shop_id, creds.secret_key, creds.api_url)
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


def _json(data: Any) -> str | None:
    return None if data is None else json.dumps(data, default=str)


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
    if method not in ONLINE_METHODS:
        raise InvalidInput(f"Unknown online payment method {method!r}.")
    if confirmation not in CONFIRMATIONS:
        raise InvalidInput(f"Unknown confirmation {confirmation!r}: use redirect or qr.")
    settings = get_settings(db, actor)
    provider = provider_for(db, actor, method, settings)
    key = new_idempotence_key()
    # 1. The order, its reserved items, the payment row with its key and request; the seats stay held for
    #    the payment window. One transaction, committed before any request leaves.
    with unit_of_work(db, actor, Permission.SELL) as conn:
        row = conn.execute(
            text(
                "SELECT order_id, payment_id, expires_at FROM "
                "bo_online_start(:h, :m, CAST(:c AS jsonb), CAST(:p AS jsonb), :k)"
            ),
            {
                "h": int(hold_id),
                "m": method,
                "c": _json(dict(customer) if customer else None),
                "p": _json(price_type_map(price_types)),
                "k": key,
            },
        ).one()
        order = load_order(conn, actor.tenant_id, int(row.order_id))
        request = conn.execute(
            text("SELECT bo_payment_request(:p, CAST(:r AS jsonb))"),
            {
                "p": int(row.payment_id),
                "r": _json(_payment_request(conn, actor, order, customer, settings, confirmation)),
            },
        ).scalar_one()
    # 2. The request, outside any transaction.
    return _create_at_provider(db, actor, order.id, int(row.payment_id), provider, key, request)


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
        # The server writes the amount and the order's identity into the stored request itself.
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
        _finish_unpaid(db, actor, order_id, payment_id, "CANCELLED", reason=str(exc))
        raise PaymentError(f"The payment was refused: {exc}") from exc
    except OutcomeUnknown as exc:
        log.warning("payment %s of order %s: outcome unknown (%s); will ask again", payment_id, order_id, exc)
        with unit_of_work(db, actor, Permission.SELL) as conn:
            conn.execute(text("SELECT bo_payment_unknown(:p, :w)"), {"p": payment_id, "w": str(exc)})
            return load_order(conn, actor.tenant_id, order_id)
    with unit_of_work(db, actor, Permission.SELL) as conn:
        _store_result(conn, payment_id, result)
        order = load_order(conn, actor.tenant_id, order_id)
    if result.status != "pending":
        return sync_payment(db, actor, order_id)
    return order


def _store_result(conn: Connection, payment_id: int, result: PaymentResult) -> None:
    conn.execute(
        text("SELECT bo_payment_result(:p, :pid, :st, :amount, :url, :why)"),
        {
            "p": payment_id,
            "pid": result.id,
            "st": result.status,
            "amount": result.amount,
            "url": result.confirmation_url or result.confirmation_data,
            "why": result.cancellation_details.reason if result.cancellation_details else None,
        },
    )


# syncing ---------------------------------------------------------------------------------------------------
def _last_payment(conn: Connection, actor: Actor, order_id: int) -> RowMapping | None:
    return (
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


def sync_payment(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    """Ask the provider and settle the order: PAID, CANCELLED or EXPIRED (or still PENDING)."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        order = load_order(conn, actor.tenant_id, order_id)
        pay = _last_payment(conn, actor, order_id)
    if pay is None or pay["provider"] not in ONLINE_METHODS:
        return order
    if pay["status"] in ("SUCCEEDED", "CANCELED") and order.status != "PENDING":
        return order
    if pay["status"] == "SUCCEEDED":
        # The provider's word is stored already; only the order is left to settle (a crash in between).
        return _settle_paid(db, actor, order_id, pay["id"])
    provider = provider_for(db, actor, pay["provider"], get_settings(db, actor))
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
            _finish_unpaid(db, actor, order_id, pay["id"], "EXPIRED", reason="provider unreachable")
        return get_order_quietly(db, actor, order_id)
    except ProviderRejected as exc:
        if pay["provider_payment_id"] is None:
            _finish_unpaid(db, actor, order_id, pay["id"], "CANCELLED", reason=str(exc))
            return get_order_quietly(db, actor, order_id)
        raise PaymentError(f"The payment provider refused to say how the payment stands: {exc}") from exc
    with unit_of_work(db, actor, Permission.SELL) as conn:
        _store_result(conn, pay["id"], result)
    if result.status == "succeeded":
        return _settle_paid(db, actor, order_id, pay["id"])
    if result.status == "canceled":
        reason = result.cancellation_details.reason if result.cancellation_details else "canceled"
        _finish_unpaid(db, actor, order_id, pay["id"], "CANCELLED", reason=reason)
    elif pay["overdue"]:
        _finish_unpaid(db, actor, order_id, pay["id"], "EXPIRED", reason="payment window passed")
    return get_order_quietly(db, actor, order_id)


def get_order_quietly(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    with unit_of_work(db, actor) as conn:
        return load_order(conn, actor.tenant_id, order_id)


def _settle_paid(db: Database, actor: Actor, order_id: int, payment_id: int) -> OrderInfo:
    """PAID while the seats are the order's (or free again); otherwise the money stays with needs_refund."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        conn.execute(text("SELECT bo_online_paid(:o, :p)"), {"o": order_id, "p": payment_id})
        return load_order(conn, actor.tenant_id, order_id)


def _finish_unpaid(db: Database, actor: Actor, order_id: int, payment_id: int, status: str, *, reason: str) -> None:
    """The payment will not come: the order ends, its items are void, its seats go back on sale."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        conn.execute(
            text("SELECT bo_online_unpaid(:o, :p, :s, :r)"),
            {"o": order_id, "p": payment_id, "s": status, "r": reason},
        )


def cancel_online_order(db: Database, actor: Actor, order_id: int) -> OrderInfo:
    """The customer gave up at the counter: the PENDING order ends and its seats go back on sale.

    A payment still pending at YooKassa cannot be cancelled there (it expires by itself); one waiting for
    capture is cancelled. Should the customer pay anyway, syncing accepts the payment while the seats are
    free, or keeps the money with ``needs_refund``.
    """
    with unit_of_work(db, actor, Permission.SELL) as conn:
        order = load_order(conn, actor.tenant_id, order_id)
        pay = _last_payment(conn, actor, order_id)
    if order.status != "PENDING" or pay is None or pay["provider"] not in ONLINE_METHODS:
        raise BoxOfficeError(f"Order {order.code} is {order.status.lower()}: only a pending online sale is cancelled.")
    if pay["status"] == "WAITING_FOR_CAPTURE" and pay["provider_payment_id"]:
        provider = provider_for(db, actor, pay["provider"], get_settings(db, actor))
        try:
            provider.cancel_payment(pay["provider_payment_id"], new_idempotence_key())
        except (OutcomeUnknown, ProviderRejected) as exc:
            log.warning("cancelling payment %s at the provider: %s", pay["id"], exc)
    _finish_unpaid(db, actor, int(order_id), pay["id"], "CANCELLED", reason="cancelled at the counter")
    return get_order_quietly(db, actor, int(order_id))


def pending_order_holds(db: Database, actor: Actor, event_id: int) -> dict[int, str]:
    """{hold id: order code} of this station's orders on the event still waiting for an online payment:
    their seats stay held, but they are no longer in the cashier's cart."""
    with unit_of_work(db, actor, Permission.SELL) as conn:
        rows = conn.execute(
            text(
                "SELECT hold_id, code FROM orders WHERE tenant_id = :t AND event_id = :e AND status = 'PENDING' "
                "AND hold_id IS NOT NULL AND station = :s"
            ),
            {"t": actor.tenant_id, "e": int(event_id), "s": actor.station},
        ).all()
    return {int(r.hold_id): str(r.code) for r in rows}
