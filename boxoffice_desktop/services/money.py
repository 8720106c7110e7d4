"""Money parsing: Decimal with two places, never float arithmetic."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from boxoffice_desktop.errors import InvalidInput

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # numeric(12, 2)


def to_money(value: object, *, what: str = "amount", allow_negative: bool = False) -> Decimal:
    """Parse a price or an amount. Floats go through their shortest repr, so 12.5 means 12.50."""
    if isinstance(value, bool):
        raise InvalidInput(f"The {what} must be a number, not {value!r}.")
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise InvalidInput(f"The {what} {value!r} is not a number.") from None
    if not amount.is_finite():
        raise InvalidInput(f"The {what} {value!r} is not a number.")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise InvalidInput(f"The {what} {value} has more than two decimal places.")
    if amount < 0 and not allow_negative:
        raise InvalidInput(f"The {what} cannot be negative ({amount}).")
    if abs(amount) > MAX_AMOUNT:
        raise InvalidInput(f"The {what} {amount} is too large.")
    return amount.quantize(CENT)
