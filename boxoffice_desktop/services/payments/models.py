"""Typed results of payment-provider calls, read from YooKassa-shaped JSON.

Statuses stay spelled as YooKassa spells them ("pending", "waiting_for_capture", "succeeded",
"canceled"); mapping them onto the database's enums is the order service's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .money import parse_amount

PENDING = "pending"
WAITING_FOR_CAPTURE = "waiting_for_capture"
SUCCEEDED = "succeeded"
CANCELED = "canceled"

#: A payment in one of these states never changes again (apart from refunds of a succeeded one).
FINAL_PAYMENT_STATUSES = frozenset({SUCCEEDED, CANCELED})


@dataclass(frozen=True)
class CancellationDetails:
    """Who cancelled (``party``: merchant, yoo_money, payment_network) and why (``reason``)."""

    party: str
    reason: str

    @classmethod
    def from_api(cls, data: object) -> CancellationDetails | None:
        if not isinstance(data, Mapping):
            return None
        return cls(party=str(data.get("party", "")), reason=str(data.get("reason", "")))


@dataclass(frozen=True)
class PaymentResult:
    """A payment as the provider last described it. ``raw`` keeps the whole answer for the log."""

    id: str
    status: str
    amount: Decimal
    currency: str
    paid: bool
    confirmation_url: str | None
    confirmation_data: str | None
    metadata: dict[str, str]
    cancellation_details: CancellationDetails | None
    refunded_amount: Decimal | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_PAYMENT_STATUSES

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> PaymentResult:
        """Read a payment object; raises ``ValueError`` (or ``KeyError``/``TypeError``) when malformed."""
        amount = data["amount"]
        confirmation = data.get("confirmation") or {}
        refunded = data.get("refunded_amount")
        metadata = data.get("metadata") or {}
        return cls(
            id=_required_str(data, "id"),
            status=_required_str(data, "status"),
            amount=parse_amount(amount["value"], what="amount.value"),
            currency=str(amount.get("currency", "")),
            paid=bool(data.get("paid", False)),
            confirmation_url=_optional_str(confirmation.get("confirmation_url")),
            confirmation_data=_optional_str(confirmation.get("confirmation_data")),
            metadata={str(k): str(v) for k, v in metadata.items()},
            cancellation_details=CancellationDetails.from_api(data.get("cancellation_details")),
            refunded_amount=(
                parse_amount(refunded["value"], what="refunded_amount.value") if isinstance(refunded, Mapping) else None
            ),
            raw=dict(data),
        )


@dataclass(frozen=True)
class RefundResult:
    """A refund as the provider last described it (statuses: pending, succeeded, canceled)."""

    id: str
    payment_id: str
    status: str
    amount: Decimal
    currency: str
    cancellation_details: CancellationDetails | None
    raw: dict[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_api(cls, data: Mapping[str, Any]) -> RefundResult:
        amount = data["amount"]
        return cls(
            id=_required_str(data, "id"),
            payment_id=_required_str(data, "payment_id"),
            status=_required_str(data, "status"),
            amount=parse_amount(amount["value"], what="amount.value"),
            currency=str(amount.get("currency", "")),
            cancellation_details=CancellationDetails.from_api(data.get("cancellation_details")),
            raw=dict(data),
        )


def _required_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"missing or empty {key!r}")
    return value


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
