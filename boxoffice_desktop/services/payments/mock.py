"""A mock online payment provider for training and demos: no network, no money, deterministic.

Scenarios (chosen per provider, remembered per payment at its creation):

- ``"success"``: the payment is ``pending`` when created and ``succeeded`` on the first status fetch
  (``waiting_for_capture`` when created with ``capture=False``);
- ``"decline"``: ``canceled`` on the first fetch, as a bank would decline an expired card;
- ``"pending"``: stays ``pending`` until cancelled.

Same idempotence key → same payment (a different body under a used key is refused, as YooKassa does).
Payment ids derive from the key, so they are stable across runs and never collide between keys.

Unlike YooKassa, the mock also cancels a ``pending`` payment (YooKassa only cancels
``waiting_for_capture``), so a training session can abandon a sale at once.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from boxoffice_desktop.errors import InvalidInput

from .bodies import capture_body, check_idempotence_key, payment_body
from .errors import ProviderRejected
from .models import CANCELED, PENDING, SUCCEEDED, WAITING_FOR_CAPTURE, PaymentResult

Scenario = Literal["success", "decline", "pending"]
SCENARIOS: tuple[Scenario, ...] = ("success", "decline", "pending")

PAY_URL = "https://mock.boxoffice.invalid/pay/"
_ID_NAMESPACE = uuid.UUID("6f1e2a52-3d0c-4c47-9a51-8f7f6d3f0b11")  # fixed: ids must be reproducible


@dataclass
class _MockPayment:
    id: str
    scenario: Scenario
    body: dict[str, Any]
    status: str = PENDING
    fetched: bool = False
    cancellation: dict[str, str] | None = None
    captured_amount: str | None = None

    def to_api(self) -> dict[str, Any]:
        confirmation = dict(self.body["confirmation"])
        if confirmation["type"] == "qr":
            confirmation["confirmation_data"] = PAY_URL + self.id
        else:
            confirmation["confirmation_url"] = PAY_URL + self.id
        amount = dict(self.body["amount"])
        if self.captured_amount is not None:
            amount["value"] = self.captured_amount
        data: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "paid": self.status in (SUCCEEDED, WAITING_FOR_CAPTURE),
            "amount": amount,
            "confirmation": confirmation,
            "description": self.body["description"],
            "metadata": dict(self.body["metadata"]),
            "test": True,
        }
        if self.cancellation:
            data["cancellation_details"] = dict(self.cancellation)
        return data


class MockPaymentProvider:
    """Satisfies ``OnlinePaymentProvider``; also captures, like YooKassa's two-stage payments."""

    def __init__(self, scenario: Scenario = "success") -> None:
        self.scenario = scenario
        self._lock = threading.Lock()
        self._by_key: dict[str, str] = {}
        self._payments: dict[str, _MockPayment] = {}
        self._op_keys: dict[str, tuple[str, str]] = {}  # key → (payment id, operation) of cancel/capture

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @scenario.setter
    def scenario(self, value: Scenario) -> None:
        if value not in SCENARIOS:
            raise InvalidInput(f"Unknown mock payment scenario {value!r}: use one of {', '.join(SCENARIOS)}.")
        self._scenario = value

    def __repr__(self) -> str:
        return f"MockPaymentProvider(scenario={self.scenario!r}, payments={len(self._payments)})"

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
        currency: str = "RUB",
    ) -> PaymentResult:
        op = "create payment"
        check_idempotence_key(idempotence_key)
        body = payment_body(
            amount=amount,
            description=description,
            metadata=metadata,
            confirmation=confirmation,
            receipt=receipt,
            capture=capture,
            currency=currency,
        )
        with self._lock:
            if idempotence_key in self._op_keys:
                raise _key_reused(op)
            payment_id = self._by_key.get(idempotence_key)
            if payment_id is not None:
                payment = self._payments[payment_id]
                if _canonical(payment.body) != _canonical(body):
                    raise _key_reused(op)
                return PaymentResult.from_api(payment.to_api())
            payment_id = str(uuid.uuid5(_ID_NAMESPACE, idempotence_key))
            payment = _MockPayment(id=payment_id, scenario=self.scenario, body=body)
            self._by_key[idempotence_key] = payment_id
            self._payments[payment_id] = payment
            return PaymentResult.from_api(payment.to_api())

    def get_payment(self, payment_id: str) -> PaymentResult:
        with self._lock:
            payment = self._find(payment_id, "get payment")
            if not payment.fetched and payment.status == PENDING:
                # The customer "pays" (or the bank declines) between creation and the first look.
                if payment.scenario == "success":
                    payment.status = SUCCEEDED if payment.body["capture"] else WAITING_FOR_CAPTURE
                elif payment.scenario == "decline":
                    payment.status = CANCELED
                    payment.cancellation = {"party": "payment_network", "reason": "card_expired"}
            payment.fetched = True
            return PaymentResult.from_api(payment.to_api())

    def cancel_payment(self, payment_id: str, idempotence_key: str) -> PaymentResult:
        op = "cancel payment"
        check_idempotence_key(idempotence_key)
        with self._lock:
            payment = self._find(payment_id, op)
            if self._replayed(payment, idempotence_key, op):
                return PaymentResult.from_api(payment.to_api())
            if payment.status not in (PENDING, WAITING_FOR_CAPTURE):
                raise _refused(op, f"A {payment.status} payment cannot be cancelled.")
            payment.status = CANCELED
            payment.cancellation = {"party": "merchant", "reason": "canceled_by_merchant"}
            self._op_keys[idempotence_key] = (payment.id, op)
            return PaymentResult.from_api(payment.to_api())

    def capture_payment(self, payment_id: str, idempotence_key: str, amount: Decimal | None = None) -> PaymentResult:
        op = "capture payment"
        check_idempotence_key(idempotence_key)
        with self._lock:
            payment = self._find(payment_id, op)
            if self._replayed(payment, idempotence_key, op):
                return PaymentResult.from_api(payment.to_api())
            if payment.status != WAITING_FOR_CAPTURE:
                raise _refused(op, f"A {payment.status} payment cannot be captured.")
            if amount is not None:
                value = capture_body(amount)["amount"]["value"]
                if Decimal(value) > Decimal(payment.body["amount"]["value"]):
                    raise _refused(op, "The capture amount exceeds the payment amount.", "amount")
                payment.captured_amount = value
            payment.status = SUCCEEDED
            self._op_keys[idempotence_key] = (payment.id, op)
            return PaymentResult.from_api(payment.to_api())

    def _find(self, payment_id: str, op: str) -> _MockPayment:
        payment = self._payments.get(payment_id)
        if payment is None:
            raise ProviderRejected(
                op, code="not_found", description="Payment not found", http_status=404, parameter="payment_id"
            )
        return payment

    def _replayed(self, payment: _MockPayment, key: str, op: str) -> bool:
        """True when this key already did this very operation; refuse a key used for anything else."""
        seen = self._op_keys.get(key)
        if seen == (payment.id, op):
            return True
        if seen is not None or key in self._by_key:
            raise _key_reused(op)
        return False


def _canonical(body: Mapping[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, ensure_ascii=False)


def _key_reused(op: str) -> ProviderRejected:
    return ProviderRejected(
        op,
        code="invalid_request",
        description="Idempotence key duplicated with another request",
        http_status=400,
        parameter="Idempotence-Key",
    )


def _refused(op: str, description: str, parameter: str | None = None) -> ProviderRejected:
    return ProviderRejected(op, code="invalid_request", description=description, http_status=400, parameter=parameter)
