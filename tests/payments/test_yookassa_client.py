"""The YooKassa client against the fake server, over real HTTP: the happy paths and the refusals."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

from boxoffice_desktop.errors import ConfigurationError, InvalidInput, PaymentError
from boxoffice_desktop.services.payments import (
    OnlinePaymentProvider,
    OutcomeUnknown,
    ProviderRejected,
    YooKassaClient,
    new_idempotence_key,
)
from tests.fakes.yookassa import FakeYooKassa

from .helpers import sale


def test_create_payment_sends_the_documented_request(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    args = sale()
    payment = client.create_payment(**args)

    assert payment.status == "pending"
    assert payment.amount == Decimal("1500.00") and isinstance(payment.amount, Decimal)
    assert payment.currency == "RUB"
    assert payment.confirmation_url and payment.confirmation_url.startswith("https://")
    assert payment.confirmation_data is None
    assert payment.metadata == {"order_code": "A7K2", "order_id": "42", "tenant": "teatr"}
    assert payment.cancellation_details is None
    assert payment.raw["id"] == payment.id
    assert not payment.is_final

    [request] = fake_yookassa.requests
    assert (request.method, request.path) == ("POST", "/v3/payments")
    assert request.idempotence_key == args["idempotence_key"]
    user_password = base64.b64decode(request.authorization.removeprefix("Basic ")).decode()
    assert user_password == f"{fake_yookassa.shop_id}:{fake_yookassa.secret_key}"
    body = json.loads(request.body_text)
    assert body["amount"] == {"value": "1500.00", "currency": "RUB"}
    assert body["capture"] is True
    assert body["confirmation"] == args["confirmation"]
    assert [p["id"] for p in fake_yookassa.payments] == [payment.id]


def test_qr_payment_carries_confirmation_data(client: YooKassaClient) -> None:
    payment = client.create_payment(**sale(confirmation={"type": "qr"}))
    assert payment.confirmation_data and payment.confirmation_url is None


def test_get_payment_reads_the_state_the_provider_holds(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    paid = client.create_payment(**sale())
    declined = client.create_payment(**sale())
    assert client.get_payment(paid.id).status == "pending"

    fake_yookassa.succeed(paid.id)
    fake_yookassa.cancel(declined.id, reason="card_expired")

    got = client.get_payment(paid.id)
    assert (got.status, got.paid, got.is_final) == ("succeeded", True, True)
    lost = client.get_payment(declined.id)
    assert lost.status == "canceled"
    assert (lost.cancellation_details.party, lost.cancellation_details.reason) == (
        "payment_network",
        "card_expired",
    )


def test_same_key_same_body_is_the_same_payment(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    args = sale()
    first = client.create_payment(**args)
    second = client.create_payment(**args)
    assert first.id == second.id
    assert len(fake_yookassa.payments) == 1
    bodies = {r.body_text for r in fake_yookassa.requests_to("POST /payments")}
    assert len(bodies) == 1  # byte for byte the same body


def test_same_key_different_body_is_refused(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    args = sale()
    client.create_payment(**args)
    with pytest.raises(ProviderRejected) as caught:
        client.create_payment(**{**args, "amount": Decimal("1600.00")})
    assert (caught.value.http_status, caught.value.code, caught.value.parameter) == (
        400,
        "invalid_request",
        "Idempotence-Key",
    )
    assert len(fake_yookassa.payments) == 1


def test_two_stage_payment_capture_and_cancel(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    kept = client.create_payment(**sale(capture=False, amount=Decimal("3000.00")))
    dropped = client.create_payment(**sale(capture=False))
    fake_yookassa.succeed(kept.id)
    fake_yookassa.succeed(dropped.id)
    assert client.get_payment(kept.id).status == "waiting_for_capture"

    key = new_idempotence_key()
    captured = client.capture_payment(kept.id, key, amount=Decimal("2000.00"))
    assert (captured.status, captured.amount) == ("succeeded", Decimal("2000.00"))
    assert (
        client.capture_payment(kept.id, key, amount=Decimal("2000.00")).id == kept.id
    )  # a repeat is harmless

    cancelled = client.cancel_payment(dropped.id, new_idempotence_key())
    assert cancelled.status == "canceled"
    assert cancelled.cancellation_details.party == "merchant"


def test_a_pending_payment_cannot_be_cancelled_at_yookassa(client: YooKassaClient) -> None:
    payment = client.create_payment(**sale())
    with pytest.raises(ProviderRejected) as caught:
        client.cancel_payment(payment.id, new_idempotence_key())
    assert caught.value.http_status == 400


def test_refunds_only_for_succeeded_payments_up_to_what_is_left(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    payment = client.create_payment(**sale(amount=Decimal("1500.00")))
    with pytest.raises(ProviderRejected):
        client.create_refund(
            payment_id=payment.id, amount=Decimal("100.00"), idempotence_key=new_idempotence_key()
        )
    fake_yookassa.succeed(payment.id)

    first = client.create_refund(
        payment_id=payment.id,
        amount=Decimal("500.00"),
        idempotence_key=new_idempotence_key(),
        description="Seat 5",
    )
    assert (first.status, first.amount, first.payment_id) == ("succeeded", Decimal("500.00"), payment.id)
    assert client.get_refund(first.id) == first
    assert client.get_payment(payment.id).refunded_amount == Decimal("500.00")

    with pytest.raises(ProviderRejected) as caught:
        client.create_refund(
            payment_id=payment.id, amount=Decimal("1000.01"), idempotence_key=new_idempotence_key()
        )
    assert caught.value.parameter == "amount.value"
    rest = client.create_refund(
        payment_id=payment.id, amount=Decimal("1000.00"), idempotence_key=new_idempotence_key()
    )
    assert rest.status == "succeeded"
    assert len(fake_yookassa.refunds) == 2


def test_wrong_secret_is_rejected_as_invalid_credentials(fake_yookassa: FakeYooKassa) -> None:
    with (
        YooKassaClient(fake_yookassa.shop_id, "wrong-secret", api_url=fake_yookassa.api_url) as client,
        pytest.raises(ProviderRejected) as caught,
    ):
        client.create_payment(**sale())
    err = caught.value
    assert (err.http_status, err.code) == (401, "invalid_credentials")
    assert isinstance(err, PaymentError)
    assert "\n" not in str(err) and "401" in str(err)
    assert fake_yookassa.payments == []


def test_unknown_payment_is_not_found(client: YooKassaClient) -> None:
    with pytest.raises(ProviderRejected) as caught:
        client.get_payment("2419a771-000f-5000-9000-1edaf29243f2")
    assert (caught.value.http_status, caught.value.code) == (404, "not_found")


def test_bad_input_is_refused_before_anything_is_sent(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    with pytest.raises(TypeError):
        client.create_payment(**sale(amount=1500.0))  # a float never reaches the wire
    with pytest.raises(InvalidInput):
        client.create_payment(**sale(amount=Decimal("10.005")))
    with pytest.raises(InvalidInput):
        client.create_payment(**sale(amount=Decimal("-1.00")))
    with pytest.raises(InvalidInput):
        client.create_payment(**sale(idempotence_key=""))
    with pytest.raises(InvalidInput):
        client.create_payment(**sale(confirmation={"type": "redirect"}))
    with pytest.raises(InvalidInput):
        client.create_payment(**sale(metadata={"price": 1.5}))
    with pytest.raises(InvalidInput):
        client.get_payment("../refunds")
    with pytest.raises(TypeError):
        client.create_payment(**sale(receipt={"customer": {"email": "a@b.ru"}, "items": [{"quantity": 1.0}]}))
    assert fake_yookassa.requests == []


def test_long_description_is_cut_to_128_characters(
    client: YooKassaClient, fake_yookassa: FakeYooKassa
) -> None:
    client.create_payment(**sale(description="Ticket " * 40))
    body = json.loads(fake_yookassa.requests[0].body_text)
    assert len(body["description"]) == 128


def test_client_is_a_payment_provider(client: YooKassaClient) -> None:
    assert isinstance(client, OnlinePaymentProvider)


def test_configuration_is_checked() -> None:
    with pytest.raises(ConfigurationError):
        YooKassaClient("", "secret")
    with pytest.raises(ConfigurationError):
        YooKassaClient("506751", "")
    with pytest.raises(ConfigurationError):
        YooKassaClient("506751", "secret", api_url="https://506751:secret@api.yookassa.ru/v3/")
    with pytest.raises(ConfigurationError):
        YooKassaClient("506751", "secret", api_url="ftp://api.yookassa.ru/v3/")
    with pytest.raises(ConfigurationError):
        YooKassaClient("506751", "secret", read_timeout=0)


def test_nothing_listening_is_an_unknown_outcome() -> None:
    import socket

    with socket.socket() as s:  # a port that was free a moment ago, and nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with (
        YooKassaClient("1", "s", api_url=f"http://127.0.0.1:{port}/v3/", connect_timeout=0.5) as client,
        pytest.raises(OutcomeUnknown),
    ):
        client.get_payment("abc")
