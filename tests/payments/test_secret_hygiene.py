"""The shop's secret key never shows in a repr, an exception (with its causes) or a log record."""

from __future__ import annotations

import base64
import logging
import traceback
from datetime import UTC, datetime, timedelta

import pytest

from boxoffice_desktop.services.payments import (
    OutcomeUnknown,
    ProviderRejected,
    YooKassaClient,
    create_payment_reliably,
)
from tests.fakes.yookassa import FakeYooKassa

from .conftest import SleepRecorder
from .helpers import sale


def secret_forms(fake: FakeYooKassa) -> list[str]:
    basic = base64.b64encode(f"{fake.shop_id}:{fake.secret_key}".encode()).decode()
    return [fake.secret_key, basic]


def assert_clean(text: str, fake: FakeYooKassa) -> None:
    for form in secret_forms(fake):
        assert form not in text


def test_repr_and_str_of_the_client_hide_the_secret(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    assert_clean(repr(client), fake_yookassa)
    assert_clean(str(client), fake_yookassa)
    assert_clean(repr(vars(client)), fake_yookassa)
    assert fake_yookassa.shop_id in repr(client)


@pytest.mark.parametrize(
    "fault", ["500", "202", "429", "401", "timeout", "drop_after_create", "not_json_after_create"]
)
def test_errors_and_logs_hide_the_secret(
    fault: str,
    client: YooKassaClient,
    fake_yookassa: FakeYooKassa,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, urllib3's included
    fake_yookassa.fail_next("POST /payments", fault)

    with pytest.raises((OutcomeUnknown, ProviderRejected)) as caught:
        client.create_payment(**sale())

    err = caught.value
    assert_clean(str(err), fake_yookassa)
    assert_clean(repr(err), fake_yookassa)
    assert_clean("".join(traceback.format_exception(err)), fake_yookassa)  # causes included
    assert caplog.records, "the client logs what it does"
    for record in caplog.records:
        assert_clean(record.getMessage(), fake_yookassa)
        assert_clean(repr(record.args), fake_yookassa)
    assert_clean(caplog.text, fake_yookassa)


def test_a_whole_reliable_sale_logs_no_secret(
    client: YooKassaClient,
    fake_yookassa: FakeYooKassa,
    caplog: pytest.LogCaptureFixture,
    no_sleep: SleepRecorder,
) -> None:
    caplog.set_level(logging.DEBUG)
    for fault in ("500_after_create", "timeout", "drop_after_create"):
        fake_yookassa.fail_next("POST /payments", fault)
    payment = create_payment_reliably(client, sleep=no_sleep, **sale())
    client.get_payment(payment.id)
    assert_clean(caplog.text, fake_yookassa)
    assert_clean(repr(payment), fake_yookassa)


def test_rejection_by_wrong_key_does_not_echo_the_key(fake_yookassa: FakeYooKassa) -> None:
    wrong = "live_WRONG-secret-do-not-print"
    with YooKassaClient(fake_yookassa.shop_id, wrong, api_url=fake_yookassa.api_url) as client:
        with pytest.raises(ProviderRejected) as caught:
            client.get_payment("abc")
        assert wrong not in repr(client)
    assert wrong not in "".join(traceback.format_exception(caught.value))


# --- the key on the server's side: stored once, handed to sellers only, never logged or journaled ----------


@pytest.fixture
def shop(db, db_target, fake_yookassa: FakeYooKassa, monkeypatch: pytest.MonkeyPatch):
    """An organisation whose administrator set up YooKassa (the fake), with a cashier and an accountant;
    and another organisation, set up with another key."""
    from boxoffice_desktop.services import online_sales
    from tests.plans import grid_plan
    from tests.staff import add_tenant, sign_in

    monkeypatch.setattr(online_sales, "CONNECT_TIMEOUT", 1.0)
    monkeypatch.setattr(online_sales, "READ_TIMEOUT", 0.5)
    online_sales.forget_providers()
    tenant = add_tenant(db, "keys", users=(("admin", "admin"), ("cashier", "cashier"), ("accountant", "accountant")))
    other = add_tenant(db, "keys-b", users=(("admin", "admin"), ("cashier", "cashier")))
    with sign_in(db_target, other.slug, "admin", station="office") as boss:
        boss.configure_yookassa("777001", OTHER_KEY, api_url=fake_yookassa.api_url)
    with sign_in(db_target, tenant.slug, "admin", station="office") as boss:
        boss.configure_yookassa(fake_yookassa.shop_id, fake_yookassa.secret_key, api_url=fake_yookassa.api_url)
        seatmap_id = boss.import_seatmap(grid_plan(2, 4))
        starts = datetime.now(UTC) + timedelta(days=1)
        event_id = boss.create_event("Gala", seatmap_id, starts, {"Front": 10, "Back": 5})
    yield tenant, other, event_id
    online_sales.forget_providers()


OTHER_KEY = "live_OTHER-organisations-key-987654"


@pytest.mark.db
def test_an_online_sale_on_staff_logins_leaves_the_key_nowhere_but_its_table(
    db, db_target, shop, fake_yookassa: FakeYooKassa, caplog: pytest.LogCaptureFixture
) -> None:
    from sqlalchemy import text

    from boxoffice_desktop.services import tenant_config
    from tests.staff import sign_in

    tenant, _, event_id = shop
    caplog.set_level(logging.DEBUG)
    with sign_in(db_target, tenant.slug, "cashier", station="till-1") as bo:
        seat = bo.seats(event_id)[0].id
        order = bo.sell(bo.hold(event_id, [seat]).id, payment_method="yookassa",
                        customer={"name": "Olga", "email": "olga@example.test"})
        assert order.status == "PENDING" and order.payment_url
        fake_yookassa.succeed(fake_yookassa.payments[-1]["id"])
        paid = bo.sync_payment(order.id)
        assert paid.status == "PAID"
        assert_clean(repr(paid), fake_yookassa)
        assert_clean(repr(bo.settings()), fake_yookassa)
        assert_clean(repr(tenant_config.tenant_overview(bo.db, bo.actor)), fake_yookassa)
        assert tenant_config.stored_secrets(bo.db, bo.actor) == {"yookassa.shop_id", "yookassa.secret_key"}
    assert caplog.records
    assert_clean(caplog.text, fake_yookassa)
    for record in caplog.records:
        assert_clean(repr(record.args), fake_yookassa)
    # What really is in the database (a superuser's look): the key in tenant_secret, and nowhere else —
    # not in the journal, not in the payment's rows, not in the settings.
    with db.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tenant_secret'")
        ).scalars().all()
        for table in tables:
            dump = "\n".join(conn.execute(text(f'SELECT t::text FROM "{table}" t')).scalars())
            assert_clean(dump, fake_yookassa)
        assert conn.execute(
            text("SELECT count(*) FROM order_log WHERE tenant_id = :t AND action = 'settings.yookassa'"),
            {"t": tenant.id},
        ).scalar() == 1
        stored = conn.execute(
            text("SELECT convert_from(value, 'UTF8') FROM tenant_secret WHERE tenant_id = :t AND name = :n"),
            {"t": tenant.id, "n": "yookassa.secret_key"},
        ).scalar()
        assert stored == fake_yookassa.secret_key


@pytest.mark.db
def test_the_key_is_handed_to_sellers_of_its_own_organisation_only(db_target, shop, fake_yookassa: FakeYooKassa):
    import psycopg

    from boxoffice_desktop.errors import PermissionDenied
    from boxoffice_desktop.services import tenant_config
    from tests.staff import PASSWORD, sign_in

    tenant, other, _ = shop
    with sign_in(db_target, tenant.slug, "cashier") as bo:
        creds = tenant_config.yookassa_credentials(bo.db, bo.actor)
        assert creds is not None and creds.secret_key == fake_yookassa.secret_key
        assert_clean(repr(creds), fake_yookassa)
    with sign_in(db_target, other.slug, "cashier") as bo:
        creds = tenant_config.yookassa_credentials(bo.db, bo.actor)
        assert creds is not None and creds.secret_key == OTHER_KEY and creds.shop_id == "777001"
    # An accountant does not sell: the app does not ask, and the server refuses if asked with psql.
    with sign_in(db_target, tenant.slug, "accountant") as bo, pytest.raises(PermissionDenied):
        tenant_config.yookassa_credentials(bo.db, bo.actor)
    login = db_target.as_login(f"{tenant.slug}.accountant", PASSWORD)
    with psycopg.connect(login.libpq_dsn, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as refused:
            conn.execute("SELECT * FROM bo_yookassa_credentials()")
        assert refused.value.sqlstate == "BO010"
        assert_clean(str(refused.value), fake_yookassa)
        # Nor can any staff role read the secrets' table, the administrator included.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT value FROM tenant_secret")
    admin_login = db_target.as_login(f"{tenant.slug}.admin", PASSWORD)
    with psycopg.connect(admin_login.libpq_dsn, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT value FROM tenant_secret")
        # Settings show which credentials are stored, never their values.
        assert conn.execute("SELECT bo_secrets_stored()").fetchone()[0] == ["yookassa.secret_key", "yookassa.shop_id"]
