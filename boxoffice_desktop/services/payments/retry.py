"""Retrying calls whose outcome is unknown, without ever paying twice.

The rule from YooKassa's documentation: after HTTP 500, HTTP 202, a timeout or a dropped connection,
repeat the SAME request with the SAME idempotence key (or fetch the object), with growing pauses. The
key makes the repeats harmless: however many of them reach the provider, there is one payment.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from .errors import OutcomeUnknown, ProviderRejected
from .models import PaymentResult
from .provider import OnlinePaymentProvider

log = logging.getLogger(__name__)

T = TypeVar("T")


def backoff_delays(attempts: int, base_delay: float, max_delay: float) -> list[float]:
    """The pauses between ``attempts`` tries: base, 2×base, 4×base, … capped at ``max_delay``."""
    return [min(max_delay, base_delay * 2**n) for n in range(max(0, attempts - 1))]


def call_with_retries(
    fn: Callable[[], T],
    *,
    attempts: int = 5,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], Any] = time.sleep,
) -> T:
    """Call ``fn`` until it returns, repeating after ``OutcomeUnknown`` with growing pauses.

    ``ProviderRejected`` (and any other error) propagates at once: the provider has answered. After
    the last attempt the last ``OutcomeUnknown`` propagates. ``fn`` must repeat the very same request
    (same idempotence key, same body) each time. A pause the provider asked for (HTTP 202's
    ``retry_after``) is honoured up to ``max_delay``.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    delays = backoff_delays(attempts, base_delay, max_delay)
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except OutcomeUnknown as exc:
            if attempt == attempts:
                log.warning("Giving up after %d attempts: %s", attempts, exc)
                raise
            delay = delays[attempt - 1]
            if exc.retry_after is not None:
                delay = max(delay, min(exc.retry_after, max_delay))
            log.info("Attempt %d of %d: %s; retrying in %.1f s", attempt, attempts, exc.reason, delay)
            sleep(delay)
    raise AssertionError("unreachable")  # the loop either returns or raises


def create_payment_reliably(
    provider: OnlinePaymentProvider,
    *,
    idempotence_key: str,
    amount: Decimal,
    description: str,
    metadata: Mapping[str, str | int],
    confirmation: Mapping[str, Any],
    receipt: Mapping[str, Any] | None = None,
    capture: bool = True,
    attempts: int = 5,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], Any] = time.sleep,
) -> PaymentResult:
    """Create one payment, repeating the POST with the same key and body while the outcome is unknown.

    The caller stores ``idempotence_key`` with its payment row BEFORE calling. Results:

    - a ``PaymentResult`` (usually ``pending``, with the confirmation URL or QR data): store its id and
      poll ``get_payment`` for the truth;
    - ``ProviderRejected`` on the FIRST attempt: nothing was created; a new attempt needs a new key;
    - ``OutcomeUnknown``: a payment may exist. Keep the key and call again later with the same key and
      the same arguments; that returns the payment if it exists and never makes a second one.

    A refusal that follows an unknown outcome (say HTTP 500, then 429) is reported as ``OutcomeUnknown``
    too: the first attempt may have created the payment, so the caller must not give up on the key.
    """
    tried = 0

    def attempt() -> PaymentResult:
        nonlocal tried
        tried += 1
        return provider.create_payment(
            amount=amount,
            description=description,
            metadata=metadata,
            idempotence_key=idempotence_key,
            confirmation=confirmation,
            receipt=receipt,
            capture=capture,
        )

    try:
        return call_with_retries(attempt, attempts=attempts, base_delay=base_delay, max_delay=max_delay, sleep=sleep)
    except ProviderRejected as exc:
        if tried == 1:
            raise
        raise OutcomeUnknown(
            "create payment",
            f"refused on a repeat after an unknown outcome: {exc.code}",
            http_status=exc.http_status,
        ) from exc
