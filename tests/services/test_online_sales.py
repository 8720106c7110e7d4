"""Online sales against a fake YooKassa (a real HTTP server on 127.0.0.1) and the mock provider:
exactly one payment per sale through every fault, seats held while the customer pays, and the order
settled by what the provider says."""

from __future__ import annotations

import json
import logging
from datetime import UTC
from decimal import Decimal

import pytest
from sqlalchemy import text

from boxoffice_desktop import BoxOfficeError
from boxoffice_desktop.errors import PaymentError
from boxoffice_desktop.services import online_sales
from tests.fakes.yookassa import fake_yookassa

pytestmark = pytest.mark.db


@pytest.fixture
def fake(bo, monkeypatch):
    monkeypatch.setattr(online_sales, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setattr(online_sales, "READ_TIMEOUT", 0.5)
    monkeypatch.setattr(online_sales, "RETRY_BASE_DELAY", 0.05)
    online_sales.forget_providers()
    with fake_yookassa(timeout_delay=1.5) as server:
        bo.configure_yookassa(server.shop_id, server.secret_key, api_url=server.api_url)
        yield server
    online_sales.forget_providers()


def _hold(bo, event_id, n=2, category="Front"):
    ids = [s.id for s in bo.seats(event_id) if s.state == "free" and s.category == category][:n]
    return bo.hold(event_id, ids, ttl_seconds=120), ids


def _states(bo, event_id, ids):
    return {s.id: s.state for s in bo.seats(event_id) if s.id in ids}


def test_a_yookassa_sale_from_link_to_paid(bo, db, tenant, fake, event_id):
    hold, ids = _hold(bo, event_id)
    order = bo.sell(hold.id, payment_method="yookassa", customer={"name": "Olga", "email": "olga@example.test"})
    assert order.status == "PENDING"
    assert len(fake.payments) == 1
    payment = fake.payments[0]
    assert order.payment_url == payment["confirmation"]["confirmation_url"]
    # The request: amounts as decimal strings, the 54-FZ receipt adding up, our order in the metadata.
    body = json.loads(fake.requests_to("POST /payments")[-1].body_text)
    assert body["amount"] == {"value": "200.00", "currency": "RUB"}
    assert body["receipt"]["customer"] == {"email": "olga@example.test"}
    assert sum(Decimal(i["amount"]["value"]) * Decimal(i["quantity"]) for i in body["receipt"]["items"]) == Decimal(
        "200.00"
    )
    assert body["metadata"]["order_code"] == order.code
    # While the customer pays, the seats stay held, for the payment window rather than the hold's time.
    assert set(_states(bo, event_id, ids).values()) == {"held"}
    assert (order.expires_at - hold.expires_at).total_seconds() > 600
    assert bo.sync_payment(order.id).status == "PENDING"
    fake.succeed(payment["id"])
    paid = bo.sync_payment(order.id)
    assert paid.status == "PAID" and not paid.needs_refund
    assert {i.state for i in paid.items} == {"sold"}
    assert set(_states(bo, event_id, ids).values()) == {"sold"}
    assert bo.sync_payment(order.id).status == "PAID"  # idempotent
    assert len(fake.payments) == 1
    tickets = bo.tickets(order.id)
    assert len(tickets) == 2 and all(bo.verify_ticket(t.code).valid for t in tickets)


def test_qr_confirmation_gives_the_qr_data(bo, fake, event_id):
    hold, _ = _hold(bo, event_id, 1)
    order = bo.sell(hold.id, payment_method="yookassa", confirmation="qr")
    assert order.payment_url == fake.payments[0]["confirmation"]["confirmation_data"]


@pytest.mark.parametrize(
    "fault", ["500", "500_after_create", "202_after_create", "timeout", "drop_after_create", "cut_after_create"]
)
def test_exactly_one_payment_through_unknown_outcomes(bo, fake, event_id, fault):
    hold, _ = _hold(bo, event_id, 1)
    fake.fail_next("POST /payments", fault)
    order = bo.sell(hold.id, payment_method="yookassa")
    assert order.status == "PENDING" and order.payment_url
    assert len(fake.payments) == 1
    keys = {r.idempotence_key for r in fake.requests_to("POST /payments")}
    assert len(keys) == 1, "every retry must carry the same key"


@pytest.mark.parametrize("fault", ["429", "401"])
def test_a_refusal_cancels_the_order_and_frees_the_seats(bo, db, tenant, fake, event_id, fault):
    hold, ids = _hold(bo, event_id, 2)
    fake.fail_next("POST /payments", fault)
    with pytest.raises(PaymentError, match="refused"):
        bo.sell(hold.id, payment_method="yookassa")
    assert fake.payments == []
    assert set(_states(bo, event_id, ids).values()) == {"free"}
    with db.engine.connect() as conn:
        status = conn.execute(
            text("SELECT status FROM orders WHERE tenant_id = :t AND hold_id = :h"), {"t": tenant.id, "h": hold.id}
        ).scalar()
    assert status == "CANCELLED"


def test_when_every_attempt_is_unknown_the_next_sync_resumes_with_the_same_key(bo, fake, event_id):
    hold, ids = _hold(bo, event_id, 1)
    fake.fail_next("POST /payments", "500", times=online_sales.SALE_ATTEMPTS)
    order = bo.sell(hold.id, payment_method="yookassa")
    assert order.status == "PENDING" and order.payment_url is None
    assert fake.payments == []
    assert set(_states(bo, event_id, ids).values()) == {"held"}
    resumed = bo.sync_payment(order.id)
    assert resumed.payment_url and len(fake.payments) == 1
    assert len({r.idempotence_key for r in fake.requests_to("POST /payments")}) == 1
    fake.succeed(fake.payments[0]["id"])
    assert bo.sync_payment(order.id).status == "PAID"


def test_a_canceled_payment_puts_the_seats_back_on_sale(bo, fake, event_id):
    hold, ids = _hold(bo, event_id, 2)
    order = bo.sell(hold.id, payment_method="yookassa")
    fake.cancel(fake.payments[0]["id"], reason="insufficient_funds")
    done = bo.sync_payment(order.id)
    assert done.status == "CANCELLED" and {i.state for i in done.items} == {"void"}
    assert set(_states(bo, event_id, ids).values()) == {"free"}


def _expire(db, tenant, order_id):
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL app.tenant_id = ''"))
        conn.execute(
            text("UPDATE orders SET expires_at = now() - interval '1 second' WHERE tenant_id = :t AND id = :o"),
            {"t": tenant.id, "o": order_id},
        )
        conn.execute(
            text(
                "UPDATE seat_lock SET expires_at = now() - interval '1 second' WHERE tenant_id = :t AND hold_id = "
                "(SELECT hold_id FROM orders WHERE tenant_id = :t AND id = :o) AND status = 'ACTIVE'"
            ),
            {"t": tenant.id, "o": order_id},
        )


def test_a_payment_window_that_passes_expires_the_order(bo, db, tenant, fake, event_id):
    hold, ids = _hold(bo, event_id, 1)
    order = bo.sell(hold.id, payment_method="yookassa")
    _expire(db, tenant, order.id)
    assert set(_states(bo, event_id, ids).values()) == {"free"}
    assert bo.sync_payment(order.id).status == "EXPIRED"


def test_the_sweeper_expires_pending_orders(bo, db, tenant, fake, event_id):
    hold, _ = _hold(bo, event_id, 1)
    order = bo.sell(hold.id, payment_method="yookassa")
    _expire(db, tenant, order.id)
    assert bo.reap_expired() >= 1
    assert bo.order(order.id).status == "EXPIRED"
    assert {i.state for i in bo.order(order.id).items} == {"void"}


def test_a_late_payment_is_accepted_while_its_seats_are_still_free(bo, db, tenant, fake, event_id):
    hold, ids = _hold(bo, event_id, 1)
    order = bo.sell(hold.id, payment_method="yookassa")
    _expire(db, tenant, order.id)
    bo.reap_expired()
    fake.succeed(fake.payments[0]["id"])
    late = bo.sync_payment(order.id)
    assert late.status == "PAID" and not late.needs_refund
    assert set(_states(bo, event_id, ids).values()) == {"sold"}


def test_a_late_payment_for_seats_sold_meanwhile_keeps_the_money_and_flags_a_refund(bo, db, tenant, fake, event_id):
    hold, ids = _hold(bo, event_id, 1)
    order = bo.sell(hold.id, payment_method="yookassa")
    _expire(db, tenant, order.id)
    other = bo.hold(event_id, ids, station="till-9")
    bo.sell(other.id)  # the bo's shift is at till-1: this sells as till-1's actor for the other station's hold
    fake.succeed(fake.payments[0]["id"])
    flagged = bo.sync_payment(order.id)
    assert flagged.needs_refund
    assert {i.state for i in flagged.items} == {"void"}
    with db.engine.connect() as conn:
        entries = conn.execute(
            text(
                "SELECT count(*) FROM order_log WHERE tenant_id = :t AND order_id = :o "
                "AND action = 'order.needs_refund'"
            ),
            {"t": tenant.id, "o": order.id},
        ).scalar()
        paid = conn.execute(
            text("SELECT status FROM payment WHERE tenant_id = :t AND order_id = :o"), {"t": tenant.id, "o": order.id}
        ).scalar()
    assert entries == 1 and paid == "SUCCEEDED"


def test_the_secret_key_is_never_logged_or_shown(bo, fake, event_id, caplog):
    caplog.set_level(logging.DEBUG)
    bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url=fake.api_url)
    hold, _ = _hold(bo, event_id, 1)
    fake.fail_next("POST /payments", "500")
    order = bo.sell(hold.id, payment_method="yookassa")
    bo.sync_payment(order.id)
    assert fake.secret_key not in caplog.text
    assert fake.secret_key not in repr(bo.settings())
    from boxoffice_desktop.services.tenant_config import yookassa_credentials

    assert fake.secret_key not in repr(yookassa_credentials(bo.db, bo.actor))


def test_yookassa_unconfigured_is_one_clear_error(db, bo, seatmap_id):
    from tests.plans import grid_plan
    from tests.staff import add_tenant, sign_in

    nokassa = add_tenant(db, "nokassa", title="No Kassa")
    with sign_in(db.target, nokassa.slug, "admin", station="t") as other:
        sm = other.import_seatmap(grid_plan(1, 2, guid_prefix="nk"))
        from datetime import datetime, timedelta

        ev = other.create_event("E", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 1, "Back": 1})
        hold = other.hold(ev, [other.seats(ev)[0].id])
        with pytest.raises(BoxOfficeError, match="YooKassa is not set up"):
            other.sell(hold.id, payment_method="yookassa")
        assert other.seats(ev)[0].state == "held"  # nothing was lost: the hold is still there


@pytest.mark.parametrize("scenario, final", [("success", "PAID"), ("decline", "CANCELLED"), ("pending", "PENDING")])
def test_the_mock_provider_scenarios(bo, event_id, scenario, final):
    bo.configure_mock(scenario)
    assert bo.settings().mock_scenario == scenario
    hold, ids = _hold(bo, event_id, 1, category="Back")
    order = bo.sell(hold.id, payment_method="mock")
    assert order.status == "PENDING" and order.payment_url.startswith("https://mock.")
    assert bo.sync_payment(order.id).status == final
    expected = {"PAID": "sold", "CANCELLED": "free", "PENDING": "held"}[final]
    assert set(_states(bo, event_id, ids).values()) == {expected}


def test_a_pending_sale_can_be_given_up_at_the_counter(bo, fake, event_id):
    hold, ids = _hold(bo, event_id, 2)
    order = bo.sell(hold.id, payment_method="yookassa")
    cancelled = bo.cancel_payment(order.id)
    assert cancelled.status == "CANCELLED"
    assert set(_states(bo, event_id, ids).values()) == {"free"}
    with pytest.raises(BoxOfficeError, match="only a pending online sale"):
        bo.cancel_payment(order.id)


def test_a_new_shop_id_keeps_the_stored_key(bo, fake, event_id):
    from boxoffice_desktop.services.tenant_config import yookassa_credentials

    bo.configure_yookassa("999001", None, api_url=fake.api_url)
    creds = yookassa_credentials(bo.db, bo.actor)
    assert creds.shop_id == "999001" and creds.secret_key == fake.secret_key


def test_the_yookassa_address_is_https_and_a_new_one_needs_the_key_again(bo, fake):
    from boxoffice_desktop.errors import InvalidInput
    from boxoffice_desktop.services.tenant_config import yookassa_credentials

    # Nobody who cannot see the key may send it elsewhere: a new address without the key is refused.
    with pytest.raises(InvalidInput, match="new YooKassa address needs the secret key again"):
        bo.configure_yookassa(fake.shop_id, None, api_url="https://elsewhere.example/v3/")
    for url in ("http://evil.example/v3/", "ftp://x/", "http://127.0.0.1.evil.example/v3/"):
        with pytest.raises(InvalidInput, match="must start with https://"):
            bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url=url)
    assert yookassa_credentials(bo.db, bo.actor).api_url == fake.api_url
    bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url="https://elsewhere.example/v3/")
    assert yookassa_credentials(bo.db, bo.actor).api_url == "https://elsewhere.example/v3/"
    bo.configure_yookassa(fake.shop_id, fake.secret_key, api_url=fake.api_url)  # http, but to this computer


def test_saving_the_shop_id_alone_keeps_the_stored_address_and_key(bo, fake):
    from boxoffice_desktop.services.tenant_config import tenant_overview, yookassa_credentials

    bo.configure_yookassa("999002", None)  # neither key nor address given: both stay
    creds = yookassa_credentials(bo.db, bo.actor)
    assert (creds.shop_id, creds.secret_key, creds.api_url) == ("999002", fake.secret_key, fake.api_url)
    shown = tenant_overview(bo.db, bo.actor)
    assert shown["yookassa_api_url"] == fake.api_url and shown["yookassa_shop_id"] == "999002"
    assert fake.secret_key not in repr(shown)


def test_training_payments_are_refused_unless_switched_on(db, seatmap_id):
    # A mock sale is a real order whose tickets admit: the server refuses it where training is off.
    from datetime import datetime, timedelta

    from boxoffice_desktop.errors import PaymentError
    from tests.staff import add_tenant, sign_in

    venue = add_tenant(db, "notraining", users=(("admin", "admin"), ("cashier", "cashier")))
    with sign_in(db.target, venue.slug, "admin") as boss:
        from tests.plans import grid_plan

        sm = boss.import_seatmap(grid_plan(1, 4, guid_prefix="nt"))
        ev = boss.create_event("E", sm, datetime.now(UTC) + timedelta(days=1), {"Front": 1, "Back": 1})
    with sign_in(db.target, venue.slug, "cashier") as cashier:
        assert cashier.settings().training_payments is False
        hold = cashier.hold(ev, [cashier.seats(ev)[0].id])
        with pytest.raises(PaymentError, match="Training payments .* are switched off"):
            cashier.sell(hold.id, payment_method="mock")
        assert cashier.seats(ev)[0].state == "held"  # nothing lost
        with cashier.db.connection() as conn, pytest.raises(Exception, match="training payments are switched off"):
            conn.exec_driver_sql(f"SELECT * FROM bo_online_start({hold.id}, 'mock', NULL, NULL, 'k-1')")
    with sign_in(db.target, venue.slug, "admin") as boss:
        boss.configure_mock("success")
    with sign_in(db.target, venue.slug, "cashier") as cashier:
        order = cashier.sell(hold.id, payment_method="mock")
        assert cashier.sync_payment(order.id).status == "PAID"
