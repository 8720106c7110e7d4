"""Decimal money end to end, and the 54-FZ receipt."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from boxoffice_desktop.errors import InvalidInput
from boxoffice_desktop.services.payments import YooKassaClient, build_receipt, receipt_total
from boxoffice_desktop.services.payments.money import format_amount
from tests.fakes.yookassa import FakeYooKassa

from .helpers import sale


def test_ten_and_twenty_kopecks_add_up_exactly(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    # With floats 0.1 + 0.2 is 0.30000000000000004 and YooKassa would refuse the receipt.
    items = [("Programme", 1, Decimal("0.10")), ("Cloakroom token", 1, Decimal("0.20"))]
    receipt = build_receipt(customer_email="anna@example.ru", items=items)
    total = receipt_total(receipt)
    assert total == Decimal("0.30")

    payment = client.create_payment(**sale(amount=total, receipt=receipt))

    assert payment.amount == Decimal("0.30")
    body = json.loads(fake_yookassa.requests[0].body_text)
    assert body["amount"]["value"] == "0.30"
    assert [i["amount"]["value"] for i in body["receipt"]["items"]] == ["0.10", "0.20"]


def test_a_large_amount_survives_the_round_trip(client: YooKassaClient, fake_yookassa: FakeYooKassa) -> None:
    amount = Decimal("99999999.99")
    payment = client.create_payment(**sale(amount=amount))
    assert payment.amount == amount and isinstance(payment.amount, Decimal)
    fake_yookassa.succeed(payment.id)
    fetched = client.get_payment(payment.id)
    assert fetched.amount == amount
    assert str(fetched.amount) == "99999999.99"


def test_a_receipt_that_does_not_add_up_is_refused_by_the_provider(client: YooKassaClient) -> None:
    from boxoffice_desktop.services.payments import ProviderRejected

    receipt = build_receipt(customer_phone="+7 (912) 345-67-89", items=[("Ticket", 2, Decimal("750.00"))])
    with pytest.raises(ProviderRejected) as caught:
        client.create_payment(**sale(amount=Decimal("1499.99"), receipt=receipt))
    assert caught.value.parameter == "receipt"
    assert client.create_payment(**sale(amount=Decimal("1500.00"), receipt=receipt)).status == "pending"


@pytest.mark.parametrize(
    ("amount", "wire"),
    [
        (Decimal("1500"), "1500.00"),
        (Decimal("1500.5"), "1500.50"),
        (Decimal("0.01"), "0.01"),
        (Decimal("1E+3"), "1000.00"),
        (150, "150.00"),
        (Decimal("9999999999.99"), "9999999999.99"),
    ],
)
def test_amounts_go_out_as_two_place_strings(amount: Decimal, wire: str) -> None:
    assert format_amount(amount) == wire


@pytest.mark.parametrize(
    "amount", [Decimal("0.001"), Decimal("-5"), Decimal("0"), Decimal("NaN"), Decimal("Infinity")]
)
def test_bad_amounts_are_refused(amount: Decimal) -> None:
    with pytest.raises(InvalidInput):
        format_amount(amount)


@pytest.mark.parametrize("amount", [0.1, True, "1500.00"])
def test_non_decimal_amounts_are_a_programming_error(amount: object) -> None:
    with pytest.raises(TypeError):
        format_amount(amount)  # type: ignore[arg-type]


def test_receipt_shape() -> None:
    receipt = build_receipt(
        customer_email=" anna@example.ru ",
        items=[
            ("Hamlet, stalls row 5 seat 12", 1, Decimal("1500")),
            ("Programme", Decimal("2"), Decimal("0.10")),
        ],
        vat_code=4,
    )
    assert receipt == {
        "customer": {"email": "anna@example.ru"},
        "items": [
            {
                "description": "Hamlet, stalls row 5 seat 12",
                "quantity": "1.00",
                "amount": {"value": "1500.00", "currency": "RUB"},
                "vat_code": 4,
                "payment_subject": "service",
                "payment_mode": "full_payment",
            },
            {
                "description": "Programme",
                "quantity": "2.00",
                "amount": {"value": "0.10", "currency": "RUB"},
                "vat_code": 4,
                "payment_subject": "service",
                "payment_mode": "full_payment",
            },
        ],
    }
    assert receipt_total(receipt) == Decimal("1500.20")


def test_no_contact_means_no_receipt() -> None:
    items = [("Ticket", 1, Decimal("100.00"))]
    assert build_receipt(items=items) is None
    assert build_receipt(customer_email="  ", customer_phone="", items=items) is None


def test_descriptions_are_cut_to_128_characters() -> None:
    receipt = build_receipt(customer_email="a@b.ru", items=[("Я" * 300, 1, Decimal("1.00"))])
    assert receipt["items"][0]["description"] == "Я" * 128


@pytest.mark.parametrize(
    ("phone", "normalized"),
    [
        ("+7 (912) 345-67-89", "79123456789"),
        ("8 912 345 67 89", "79123456789"),
        ("9123456789", "79123456789"),
    ],
)
def test_phones_are_normalized(phone: str, normalized: str) -> None:
    receipt = build_receipt(customer_phone=phone, items=[("Ticket", 1, Decimal("1.00"))])
    assert receipt["customer"] == {"phone": normalized}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"customer_email": "not-an-address"},
        {"customer_phone": "call me"},
        {"customer_phone": "12345"},
        {"customer_email": "a@b.ru", "vat_code": 11},
        {"customer_email": "a@b.ru", "items": []},
        {"customer_email": "a@b.ru", "items": [("", 1, Decimal("1.00"))]},
        {"customer_email": "a@b.ru", "items": [("Ticket", 0, Decimal("1.00"))]},
        {"customer_email": "a@b.ru", "items": [("Ticket", 1, Decimal("1.001"))]},
    ],
)
def test_bad_receipts_are_refused(kwargs: dict) -> None:
    kwargs.setdefault("items", [("Ticket", 1, Decimal("1.00"))])
    with pytest.raises(InvalidInput):
        build_receipt(**kwargs)
