"""Request bodies for the payment API, built and checked before anything goes on the wire.

Shared by the YooKassa client and the mock provider, so both refuse the same bad input locally (a local
refusal costs no idempotence key and leaves no half-made payment behind). Building is deterministic:
the same arguments give the same body, which a retry with the same idempotence key relies on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from boxoffice_desktop.errors import InvalidInput

from .money import format_amount

DESCRIPTION_MAX = 128  # YooKassa's limit for a payment's and a receipt item's description
METADATA_MAX_KEYS = 16  # YooKassa's metadata limits: 16 keys, names ≤ 32, values ≤ 512 characters
METADATA_KEY_MAX = 32
METADATA_VALUE_MAX = 512
IDEMPOTENCE_KEY_MAX = 64

# Provider object ids go into URL paths: allow only what YooKassa ids are made of.
_OBJECT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def check_idempotence_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > IDEMPOTENCE_KEY_MAX:
        raise InvalidInput(f"An idempotence key must be 1 to {IDEMPOTENCE_KEY_MAX} characters long.")
    return key


def check_object_id(object_id: str, what: str = "payment") -> str:
    if not isinstance(object_id, str) or not _OBJECT_ID.match(object_id):
        raise InvalidInput(f"Not a valid {what} id: {object_id!r}.")
    return object_id


def money(amount: Decimal, currency: str, what: str = "amount") -> dict[str, str]:
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise InvalidInput(f"Not a currency code: {currency!r}.")
    return {"value": format_amount(amount, what=what), "currency": currency}


def cut(text: str, limit: int = DESCRIPTION_MAX) -> str:
    """One line, at most ``limit`` characters (the provider refuses longer; a cut is harmless)."""
    return " ".join(str(text).split())[:limit]


def check_metadata(metadata: Mapping[str, str | int]) -> dict[str, str]:
    if not isinstance(metadata, Mapping):
        raise InvalidInput("Payment metadata must be a mapping of names to strings.")
    if len(metadata) > METADATA_MAX_KEYS:
        raise InvalidInput(f"Payment metadata may have at most {METADATA_MAX_KEYS} entries.")
    result: dict[str, str] = {}
    for key, value in metadata.items():
        if not isinstance(key, str) or not key or len(key) > METADATA_KEY_MAX:
            raise InvalidInput(f"Bad payment metadata name: {key!r}.")
        # YooKassa stores strings; ints (order ids) are turned into strings here, floats are refused.
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InvalidInput(f"Payment metadata '{key}' must be text or a whole number.")
        text = str(value)
        if len(text) > METADATA_VALUE_MAX:
            raise InvalidInput(f"Payment metadata '{key}' is longer than {METADATA_VALUE_MAX} characters.")
        result[key] = text
    return result


def check_confirmation(confirmation: Mapping[str, Any]) -> dict[str, Any]:
    if not isinstance(confirmation, Mapping) or not confirmation.get("type"):
        raise InvalidInput('A payment needs a confirmation such as {"type": "qr"}.')
    result = dict(confirmation)
    if result["type"] == "redirect" and not result.get("return_url"):
        raise InvalidInput("A redirect confirmation needs a return_url.")
    return result


def payment_body(
    *,
    amount: Decimal,
    description: str,
    metadata: Mapping[str, str | int],
    confirmation: Mapping[str, Any],
    receipt: Mapping[str, Any] | None = None,
    capture: bool = True,
    currency: str = "RUB",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": money(amount, currency),
        "capture": bool(capture),
        "confirmation": check_confirmation(confirmation),
        "description": cut(description),
        "metadata": check_metadata(metadata),
    }
    if receipt is not None:
        body["receipt"] = dict(receipt)
    return body


def capture_body(amount: Decimal | None, currency: str = "RUB") -> dict[str, Any]:
    return {} if amount is None else {"amount": money(amount, currency)}


def refund_body(
    *,
    payment_id: str,
    amount: Decimal,
    receipt: Mapping[str, Any] | None = None,
    description: str | None = None,
    currency: str = "RUB",
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "payment_id": check_object_id(payment_id),
        "amount": money(amount, currency, what="refund amount"),
    }
    if description:
        body["description"] = cut(description, 250)  # YooKassa allows 250 characters for refunds
    if receipt is not None:
        body["receipt"] = dict(receipt)
    return body
