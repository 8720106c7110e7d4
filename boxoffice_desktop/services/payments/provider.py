"""What the order services need from an online payment provider (YooKassa or the mock)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

from .models import PaymentResult


def new_idempotence_key() -> str:
    """A fresh key for ONE operation. Store it with the payment before the first request and reuse it
    on every retry of that operation: a new key is a new payment."""
    return str(uuid.uuid4())


@runtime_checkable
class OnlinePaymentProvider(Protocol):
    """Create a payment, read its state back, cancel it.

    Both may raise ``OutcomeUnknown`` (repeat with the same key, or fetch) and ``ProviderRejected``
    (nothing happened). Only ``get_payment`` tells the truth about a payment's state.
    """

    def create_payment(
        self,
        *,
        amount: Decimal,
        description: str,
        metadata: Mapping[str, str | int],
        idempotence_key: str,
        confirmation: Mapping[str, Any],
        receipt: Mapping[str, Any] | None = None,
        capture: bool = True,
    ) -> PaymentResult: ...

    def get_payment(self, payment_id: str) -> PaymentResult: ...

    def cancel_payment(self, payment_id: str, idempotence_key: str) -> PaymentResult: ...
