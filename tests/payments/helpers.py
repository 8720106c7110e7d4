"""Small shared builders for the payment tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boxoffice_desktop.services.payments import new_idempotence_key

REDIRECT = {"type": "redirect", "return_url": "https://boxoffice.example/return"}


def sale(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments of ``create_payment`` for a typical online sale."""
    args: dict[str, Any] = {
        "amount": Decimal("1500.00"),
        "description": "Order A7K2: 2 tickets, Hamlet, 12 March 19:00",
        "metadata": {"order_code": "A7K2", "order_id": 42, "tenant": "teatr"},
        "idempotence_key": new_idempotence_key(),
        "confirmation": REDIRECT,
    }
    args.update(overrides)
    return args
