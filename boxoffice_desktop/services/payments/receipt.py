"""The 54-FZ receipt YooKassa sends to the online cash register on the shop's behalf.

Russian fiscal law wants a receipt for every online sale, delivered to the customer's e-mail or phone.
Without either there is nobody to send it to: ``build_receipt`` then returns ``None`` and the caller
decides (YooKassa refuses a payment without a receipt when the shop has fiscalisation enabled).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from boxoffice_desktop.errors import InvalidInput

from .bodies import cut
from .money import format_amount, parse_amount

VAT_CODES = range(1, 11)  # 1 no VAT, 2 0 %, 3 10 %, 4 20 %, 5 10/110, 6 20/120, 7 5 %, 8 7 %, 9 5/105, 10 7/107

ReceiptItem = tuple[str, Decimal | int, Decimal]  # (description, quantity, price of one unit)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def build_receipt(
    *,
    customer_email: str | None = None,
    customer_phone: str | None = None,
    items: Iterable[ReceiptItem] = (),
    vat_code: int = 1,
    payment_subject: str = "service",
    payment_mode: str = "full_payment",
) -> dict[str, Any] | None:
    """A YooKassa ``receipt`` object, or ``None`` when the customer gave neither e-mail nor phone.

    Each item's ``amount`` is the price of ONE unit, as YooKassa reads it; the receipt's total is
    ``sum(quantity * amount)`` and must equal the payment's amount (see ``receipt_total``).
    """
    customer: dict[str, str] = {}
    email = (customer_email or "").strip()
    if email:
        if not _EMAIL.match(email):
            raise InvalidInput(f"Not an e-mail address for the receipt: {email!r}.")
        customer["email"] = email
    phone = (customer_phone or "").strip()
    if phone:
        customer["phone"] = normalize_phone(phone)
    if not customer:
        return None
    if isinstance(vat_code, bool) or vat_code not in VAT_CODES:
        raise InvalidInput(f"Unknown VAT code {vat_code!r}: YooKassa knows codes 1 to 10.")
    if not payment_subject or not payment_mode:
        raise InvalidInput("A receipt needs a payment subject and a payment mode.")
    lines = []
    for description, quantity, amount in items:
        text = cut(description)
        if not text:
            raise InvalidInput("A receipt item needs a description.")
        lines.append(
            {
                "description": text,
                "quantity": _format_quantity(quantity),
                "amount": {"value": format_amount(amount, what="receipt item price"), "currency": "RUB"},
                "vat_code": vat_code,
                "payment_subject": payment_subject,
                "payment_mode": payment_mode,
            }
        )
    if not lines:
        raise InvalidInput("A receipt needs at least one item.")
    return {"customer": customer, "items": lines}


def receipt_total(receipt: Mapping[str, Any]) -> Decimal:
    """The sum the receipt adds up to: compare it with the payment amount before sending."""
    total = Decimal(0)
    for item in receipt["items"]:
        total += parse_amount(item["quantity"], what="quantity") * parse_amount(item["amount"]["value"])
    return total


def normalize_phone(phone: str) -> str:
    """A phone number as YooKassa wants it (ITU-T E.164 digits, no '+'); Russian 8-prefix → 7."""
    digits = re.sub(r"[\s()+.-]", "", phone)
    if not digits.isdigit():
        raise InvalidInput(f"Not a phone number for the receipt: {phone!r}.")
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]  # the domestic trunk prefix, as people write Russian numbers
    elif len(digits) == 10 and digits.startswith("9"):
        digits = "7" + digits  # a Russian mobile number written without the country code
    if not 11 <= len(digits) <= 15:
        raise InvalidInput(f"Not a full phone number for the receipt: {phone!r}.")
    return digits


def _format_quantity(quantity: Decimal | int) -> str:
    # Quantities go out as decimal strings too ("1.00"), so nothing in the receipt is ever a float.
    if isinstance(quantity, bool) or not isinstance(quantity, Decimal | int):
        raise TypeError(f"quantity must be an int or a Decimal (got {type(quantity).__name__})")
    value = Decimal(quantity)
    if not value.is_finite() or value <= 0:
        raise InvalidInput(f"A receipt quantity must be positive: {quantity}.")
    if value != value.quantize(Decimal("0.001")):
        raise InvalidInput(f"A receipt quantity may have at most three decimal places: {quantity}.")
    places = Decimal("0.01") if value == value.quantize(Decimal("0.01")) else Decimal("0.001")
    return format(value.quantize(places), "f")
