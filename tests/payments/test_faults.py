"""Every fault of the fake server, the client's classification of it, and the reliable creation.

The promise under test: however the network or the provider misbehaves, one sale makes at most ONE
payment, and what the box office finally believes is what ``GET /payments/{id}`` says.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import requests

from boxoffice_desktop.services.payments import (
    OutcomeUnknown,
    ProviderRejected,
    YooKassaClient,
    create_payment_reliably,
    new_idempotence_key,
)
from tests.fakes.yookassa import FakeYooKassa

from .conftest import SleepRecorder
from .helpers import sale

# fault → (payment created?, HTTP status the client saw, or None for a transport failure)
UNKNOWN_FAULTS = {
    "500": (False, 500),
    "500_after_create": (True, 500),
    "202": (False, 202),
    "202_after_create": (True, 202),
    "202_empty": (False, 202),
    "timeout": (True, None),
    "drop": (False, None),
    "drop_after_create": (True, None),
    "cut_after_create": (True, None),
    "not_json_after_create": (True, 200),
}
# The transport failure under the classification, where there is one.
CAUSES = {
    "timeout": requests.exceptions.ReadTimeout,
    "drop": requests.exceptions.ConnectionError,  # RemoteDisconnected, wrapped by requests
    "drop_after_create": requests.exceptions.ConnectionError,
    "cut_after_create": requests.exceptions.ChunkedEncodingError,
}
REJECTED_FAULTS = {"429": ("too_many_requests", 429), "401": ("invalid_credentials", 401)}


@pytest.mark.parametrize("fault", sorted(UNKNOWN_FAULTS))
def test_create_fault_is_an_unknown_outcome(
    fault: str, client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    created, http_status = UNKNOWN_FAULTS[fault]
    fake_yookassa.fail_next("POST /payments", fault)

    with pytest.raises(OutcomeUnknown) as caught:
        client.create_payment(**sale())
    assert caught.value.http_status == http_status
    if fault in CAUSES:
        assert isinstance(caught.value.__cause__, CAUSES[fault])
    assert "\n" not in str(caught.value)
    assert len(fake_yookassa.payments) == (1 if created else 0)

    # The server keeps serving, and the client recovers on the same session.
    assert client.create_payment(**sale()).status == "pending"


@pytest.mark.parametrize("fault", sorted(REJECTED_FAULTS))
def test_create_refusal_is_provider_rejected(
    fault: str, client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    code, http_status = REJECTED_FAULTS[fault]
    fake_yookassa.fail_next("POST /payments", fault)
    with pytest.raises(ProviderRejected) as caught:
        client.create_payment(**sale())
    assert (caught.value.code, caught.value.http_status) == (code, http_status)
    assert caught.value.description
    assert fake_yookassa.payments == []
    assert client.create_payment(**sale()).status == "pending"


@pytest.mark.parametrize("fault", ["500", "202_empty", "timeout", "drop", "not_json_after_create"])
def test_get_fault_is_an_unknown_outcome(
    fault: str, client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    payment = client.create_payment(**sale())
    fake_yookassa.fail_next("GET /payments/{id}", fault)
    with pytest.raises(OutcomeUnknown):
        client.get_payment(payment.id)
    assert client.get_payment(payment.id).id == payment.id


def test_202_asks_for_a_pause(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    fake_yookassa.fail_next("POST /payments", "202")
    with pytest.raises(OutcomeUnknown) as caught:
        client.create_payment(**sale())
    assert caught.value.retry_after == pytest.approx(fake_yookassa.retry_after_ms / 1000)


@pytest.mark.parametrize(
    "fault",
    [
        "500",
        "500_after_create",
        "202",
        "202_after_create",
        "timeout",
        "drop_after_create",
        "not_json_after_create",
    ],
)
def test_reliable_creation_makes_exactly_one_payment(
    fault: str, client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    fake_yookassa.fail_next("POST /payments", fault)
    args = sale()

    payment = create_payment_reliably(client, sleep=no_sleep, **args)

    assert payment.status == "pending" and payment.confirmation_url
    assert [p["id"] for p in fake_yookassa.payments] == [payment.id]
    posts = fake_yookassa.requests_to("POST /payments")
    assert len(posts) == 2
    assert {p.idempotence_key for p in posts} == {args["idempotence_key"]}
    assert len({p.body_text for p in posts}) == 1  # the very same body on the repeat
    # One pause; after a 202 it is the 1.8 s the provider asked for rather than our first 0.5 s.
    assert no_sleep.delays == ([1.8] if fault.startswith("202") else [0.5])

    # The truth comes from a fetch.
    fake_yookassa.succeed(payment.id)
    assert client.get_payment(payment.id).status == "succeeded"


def test_reliable_creation_through_a_run_of_faults(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    for fault in ("drop_after_create", "500", "timeout", "202_after_create"):
        fake_yookassa.fail_next("POST /payments", fault)
    payment = create_payment_reliably(client, sleep=no_sleep, attempts=5, **sale())
    assert [p["id"] for p in fake_yookassa.payments] == [payment.id]
    assert no_sleep.delays == [0.5, 1.0, 2.0, 4.0]  # growing pauses


def test_when_every_attempt_is_unknown_a_later_resume_finds_the_one_payment(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    fake_yookassa.fail_next("POST /payments", "500_after_create")
    fake_yookassa.fail_next("POST /payments", "drop_after_create", times=2)
    args = sale()

    with pytest.raises(OutcomeUnknown):
        create_payment_reliably(client, sleep=no_sleep, attempts=3, **args)
    assert len(fake_yookassa.payments) == 1  # created once, though we never heard back

    # Later (another job, after a restart): the same key and arguments find it; no second payment.
    payment = create_payment_reliably(client, sleep=no_sleep, **args)
    assert [p["id"] for p in fake_yookassa.payments] == [payment.id]


@pytest.mark.parametrize("fault", sorted(REJECTED_FAULTS))
def test_reliable_creation_gives_up_at_once_on_a_refusal(
    fault: str, client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    fake_yookassa.fail_next("POST /payments", fault)
    with pytest.raises(ProviderRejected) as caught:
        create_payment_reliably(client, sleep=no_sleep, **sale())
    assert caught.value.http_status == REJECTED_FAULTS[fault][1]
    assert len(fake_yookassa.requests_to("POST /payments")) == 1
    assert no_sleep.delays == []
    assert fake_yookassa.payments == []


def test_a_refusal_after_an_unknown_outcome_stays_unknown(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    # The first attempt created the payment; the repeat met a rate limit. Calling that "refused"
    # would invite a new key and a second payment.
    fake_yookassa.fail_next("POST /payments", "500_after_create")
    fake_yookassa.fail_next("POST /payments", "429")
    args = sale()
    with pytest.raises(OutcomeUnknown) as caught:
        create_payment_reliably(client, sleep=no_sleep, **args)
    assert isinstance(caught.value.__cause__, ProviderRejected)
    assert len(fake_yookassa.payments) == 1
    payment = create_payment_reliably(client, sleep=no_sleep, **args)
    assert [p["id"] for p in fake_yookassa.payments] == [payment.id]


def test_refund_through_a_lost_answer_is_made_once(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    from boxoffice_desktop.services.payments import call_with_retries

    payment = client.create_payment(**sale())
    fake_yookassa.succeed(payment.id)
    fake_yookassa.fail_next("POST /refunds", "drop_after_create")
    key = new_idempotence_key()
    refund = call_with_retries(
        lambda: client.create_refund(payment_id=payment.id, amount=Decimal("1500.00"), idempotence_key=key),
        sleep=no_sleep,
    )
    assert refund.status == "succeeded"
    assert len(fake_yookassa.refunds) == 1


def test_cancel_and_capture_survive_lost_answers(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    from boxoffice_desktop.services.payments import call_with_retries

    kept = client.create_payment(**sale(capture=False))
    dropped = client.create_payment(**sale(capture=False))
    fake_yookassa.succeed(kept.id)
    fake_yookassa.succeed(dropped.id)
    fake_yookassa.fail_next("POST /payments/{id}/capture", "500_after_create")
    fake_yookassa.fail_next("POST /payments/{id}/cancel", "timeout")
    capture_key, cancel_key = new_idempotence_key(), new_idempotence_key()

    captured = call_with_retries(lambda: client.capture_payment(kept.id, capture_key), sleep=no_sleep)
    cancelled = call_with_retries(lambda: client.cancel_payment(dropped.id, cancel_key), sleep=no_sleep)
    assert (captured.status, cancelled.status) == ("succeeded", "canceled")


def test_no_float_on_the_wire(
    client: YooKassaClient, fake_yookassa: FakeYooKassa, no_sleep: SleepRecorder
) -> None:
    fake_yookassa.fail_next("POST /payments", "500_after_create")
    create_payment_reliably(client, sleep=no_sleep, **sale(amount=Decimal("99999999.99")))

    def no_floats(text: str) -> Decimal:
        raise AssertionError(f"a JSON number {text} on the wire")

    for request in fake_yookassa.requests_to("POST /payments"):
        body = json.loads(request.body_text, parse_float=no_floats, parse_int=no_floats)
        assert body["amount"]["value"] == "99999999.99"
