"""The shop's secret key never shows in a repr, an exception (with its causes) or a log record."""

from __future__ import annotations

import base64
import logging
import traceback

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
