"""The mock provider for training and demos: three scenarios, idempotence, determinism."""

from __future__ import annotations

from decimal import Decimal

import pytest

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services.payments import (
    MockPaymentProvider,
    OnlinePaymentProvider,
    ProviderRejected,
    create_payment_reliably,
    new_idempotence_key,
)
from boxoffice_desktop.services.payments.mock import PAY_URL

from .helpers import sale


def test_success_becomes_succeeded_on_the_first_fetch() -> None:
    mock = MockPaymentProvider("success")
    payment = mock.create_payment(**sale())
    assert payment.status == "pending"
    assert payment.confirmation_url == PAY_URL + payment.id
    assert payment.confirmation_url.startswith("https://mock.boxoffice.invalid/pay/")
    fetched = mock.get_payment(payment.id)
    assert (fetched.status, fetched.paid, fetched.amount) == ("succeeded", True, Decimal("1500.00"))
    assert mock.get_payment(payment.id).status == "succeeded"


def test_decline_becomes_canceled_by_the_payment_network() -> None:
    mock = MockPaymentProvider("decline")
    payment = mock.create_payment(**sale())
    fetched = mock.get_payment(payment.id)
    assert fetched.status == "canceled"
    assert (fetched.cancellation_details.party, fetched.cancellation_details.reason) == (
        "payment_network",
        "card_expired",
    )


def test_pending_stays_pending_until_cancelled() -> None:
    mock = MockPaymentProvider("pending")
    payment = mock.create_payment(**sale(confirmation={"type": "qr"}))
    assert payment.confirmation_data == PAY_URL + payment.id
    for _ in range(3):
        assert mock.get_payment(payment.id).status == "pending"
    key = new_idempotence_key()
    cancelled = mock.cancel_payment(payment.id, key)
    assert cancelled.status == "canceled"
    assert cancelled.cancellation_details.party == "merchant"
    assert mock.cancel_payment(payment.id, key).status == "canceled"  # a repeat of the same cancel
    assert mock.get_payment(payment.id).status == "canceled"


def test_same_key_is_the_same_payment_and_ids_are_deterministic() -> None:
    args = sale()
    one, two = MockPaymentProvider(), MockPaymentProvider()
    first = one.create_payment(**args)
    assert one.create_payment(**args).id == first.id
    assert two.create_payment(**args).id == first.id  # derived from the key: stable across runs
    assert one.create_payment(**sale()).id != first.id


def test_same_key_with_another_body_is_refused() -> None:
    mock = MockPaymentProvider()
    args = sale()
    mock.create_payment(**args)
    with pytest.raises(ProviderRejected) as caught:
        mock.create_payment(**{**args, "amount": Decimal("1.00")})
    assert (caught.value.http_status, caught.value.parameter) == (400, "Idempotence-Key")


def test_scenario_is_remembered_per_payment() -> None:
    mock = MockPaymentProvider("decline")
    declined = mock.create_payment(**sale())
    mock.scenario = "success"
    paid = mock.create_payment(**sale())
    assert mock.get_payment(declined.id).status == "canceled"
    assert mock.get_payment(paid.id).status == "succeeded"


def test_two_stage_success_waits_for_capture() -> None:
    mock = MockPaymentProvider("success")
    payment = mock.create_payment(**sale(capture=False))
    assert mock.get_payment(payment.id).status == "waiting_for_capture"
    captured = mock.capture_payment(payment.id, new_idempotence_key(), Decimal("1000.00"))
    assert (captured.status, captured.amount) == ("succeeded", Decimal("1000.00"))


def test_refusals_look_like_the_providers() -> None:
    mock = MockPaymentProvider("success")
    with pytest.raises(ProviderRejected) as caught:
        mock.get_payment("no-such-payment")
    assert caught.value.http_status == 404
    payment = mock.create_payment(**sale())
    mock.get_payment(payment.id)
    with pytest.raises(ProviderRejected):
        mock.cancel_payment(payment.id, new_idempotence_key())  # succeeded: too late to cancel
    with pytest.raises(InvalidInput):
        MockPaymentProvider("maybe")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        mock.create_payment(**sale(amount=12.5))


def test_mock_is_a_payment_provider_and_works_with_the_retry_policy() -> None:
    mock = MockPaymentProvider("success")
    assert isinstance(mock, OnlinePaymentProvider)
    args = sale()
    payment = create_payment_reliably(mock, **args)
    assert create_payment_reliably(mock, **args).id == payment.id
    assert mock.get_payment(payment.id).status == "succeeded"
