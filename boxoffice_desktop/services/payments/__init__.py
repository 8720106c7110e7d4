"""Online payments: a YooKassa client of our own, a mock provider, receipts and the retry policy.

Qt-free and database-free; the order services store keys and states, this package talks to providers.
"""

from .errors import OutcomeUnknown, ProviderRejected
from .mock import MockPaymentProvider
from .models import (
    CANCELED,
    FINAL_PAYMENT_STATUSES,
    PENDING,
    SUCCEEDED,
    WAITING_FOR_CAPTURE,
    CancellationDetails,
    PaymentResult,
    RefundResult,
)
from .provider import OnlinePaymentProvider, new_idempotence_key
from .receipt import build_receipt, receipt_total
from .retry import call_with_retries, create_payment_reliably
from .yookassa import YooKassaClient

__all__ = [
    "CANCELED",
    "FINAL_PAYMENT_STATUSES",
    "PENDING",
    "SUCCEEDED",
    "WAITING_FOR_CAPTURE",
    "CancellationDetails",
    "MockPaymentProvider",
    "OnlinePaymentProvider",
    "OutcomeUnknown",
    "PaymentResult",
    "ProviderRejected",
    "RefundResult",
    "YooKassaClient",
    "build_receipt",
    "call_with_retries",
    "create_payment_reliably",
    "new_idempotence_key",
    "receipt_total",
]
