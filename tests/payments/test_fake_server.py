"""The fake YooKassa itself, probed with plain ``requests``: it must hold to the documented protocol,
or the client tests prove nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.fakes.yookassa import FakeYooKassa

PAYMENT = {
    "amount": {"value": "100.00", "currency": "RUB"},
    "capture": True,
    "confirmation": {"type": "redirect", "return_url": "https://example.ru/back"},
    "description": "Test",
    "metadata": {"order_id": "1"},
}


@pytest.fixture
def http(fake_yookassa: FakeYooKassa) -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.auth = (fake_yookassa.shop_id, fake_yookassa.secret_key)
        yield session


def post(
    http: requests.Session, fake: FakeYooKassa, path: str, body: Any, key: str | None = "k1"
) -> requests.Response:
    headers = {"Idempotence-Key": key} if key else {}
    return http.post(fake.api_url + path, data=json.dumps(body), headers=headers, timeout=5)


def assert_error(response: requests.Response, status: int, code: str, parameter: str | None = None) -> None:
    assert response.status_code == status
    body = response.json()
    assert body["type"] == "error" and body["code"] == code and body["id"] and body["description"]
    if parameter is not None:
        assert body["parameter"] == parameter


def test_basic_auth_is_required(fake_yookassa: FakeYooKassa) -> None:
    response = requests.get(fake_yookassa.api_url + "payments/x", timeout=5)
    assert_error(response, 401, "invalid_credentials")
    response = requests.get(
        fake_yookassa.api_url + "payments/x", auth=(fake_yookassa.shop_id, "nope"), timeout=5
    )
    assert_error(response, 401, "invalid_credentials")


def test_idempotence_key_is_required(http: requests.Session, fake_yookassa: FakeYooKassa) -> None:
    assert_error(
        post(http, fake_yookassa, "payments", PAYMENT, key=None), 400, "invalid_request", "Idempotence-Key"
    )
    assert fake_yookassa.payments == []


@pytest.mark.parametrize(
    ("change", "parameter"),
    [
        ({"amount": {"value": "100", "currency": "RUB"}}, "amount.value"),
        ({"amount": {"value": "100.0", "currency": "RUB"}}, "amount.value"),
        ({"amount": {"value": 100.0, "currency": "RUB"}}, "amount.value"),
        ({"amount": {"value": "0.00", "currency": "RUB"}}, "amount.value"),
        ({"amount": {"value": "100.00", "currency": "USD"}}, "amount.currency"),
        ({"confirmation": {"type": "redirect"}}, "confirmation.return_url"),
        ({"confirmation": {"type": "sms"}}, "confirmation.type"),
        ({"description": "x" * 129}, "description"),
        ({"metadata": {"n": 1}}, "metadata"),
    ],
)
def test_bad_payment_bodies_are_refused(
    http: requests.Session, fake_yookassa: FakeYooKassa, change: dict, parameter: str
) -> None:
    assert_error(
        post(http, fake_yookassa, "payments", {**PAYMENT, **change}), 400, "invalid_request", parameter
    )
    assert fake_yookassa.payments == []


def test_idempotence(http: requests.Session, fake_yookassa: FakeYooKassa) -> None:
    first = post(http, fake_yookassa, "payments", PAYMENT).json()
    again = post(http, fake_yookassa, "payments", PAYMENT).json()
    assert first["id"] == again["id"] and first["status"] == "pending"
    assert first["confirmation"]["confirmation_url"]
    other = post(http, fake_yookassa, "payments", {**PAYMENT, "description": "Other"})
    assert_error(other, 400, "invalid_request", "Idempotence-Key")
    assert len(fake_yookassa.payments) == 1


def test_fault_queue_is_per_route_and_consumed_in_order(
    http: requests.Session, fake_yookassa: FakeYooKassa
) -> None:
    fake_yookassa.fail_next("POST /payments", "500")
    fake_yookassa.fail_next("POST /payments", "429")
    fake_yookassa.fail_next("GET /payments/{id}", "500")
    assert post(http, fake_yookassa, "payments", PAYMENT).status_code == 500
    assert fake_yookassa.pending_faults("POST /payments") == ["429"]
    assert post(http, fake_yookassa, "payments", PAYMENT).status_code == 429
    created = post(http, fake_yookassa, "payments", PAYMENT)
    assert created.status_code == 200
    assert http.get(fake_yookassa.api_url + "payments/" + created.json()["id"], timeout=5).status_code == 500
    assert http.get(fake_yookassa.api_url + "payments/" + created.json()["id"], timeout=5).status_code == 200
    assert [r.fault for r in fake_yookassa.requests] == ["500", "429", None, "500", None]


def test_unknown_routes_and_faults(http: requests.Session, fake_yookassa: FakeYooKassa) -> None:
    assert_error(http.get(fake_yookassa.api_url + "webhooks", timeout=5), 404, "not_found")
    with pytest.raises(ValueError):
        fake_yookassa.fail_next("POST /payments", "teapot")
    with pytest.raises(ValueError):
        fake_yookassa.fail_next("DELETE /payments", "500")


def test_drop_closes_without_an_answer_and_the_server_keeps_serving(
    http: requests.Session, fake_yookassa: FakeYooKassa
) -> None:
    fake_yookassa.fail_next("POST /payments", "drop")
    with pytest.raises(requests.ConnectionError):
        post(http, fake_yookassa, "payments", PAYMENT)
    assert post(http, fake_yookassa, "payments", PAYMENT).status_code == 200
