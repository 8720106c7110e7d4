"""Money on the wire: ``Decimal`` in Python, a decimal string with two places in JSON, never ``float``.

A float cannot hold 0.10 exactly, and a rounding slip in a payment amount is a fiscal error (the 54-FZ
receipt must add up to the payment to the kopeck), so floats are refused outright rather than converted.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from boxoffice_desktop.errors import InvalidInput

_CENT = Decimal("0.01")


def format_amount(amount: Decimal | int, *, what: str = "amount", allow_zero: bool = False) -> str:
    """``Decimal("1500")`` → ``"1500.00"``. Refuses floats, negatives, NaN and sub-kopeck precision."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int):
        # A programming error, not a user's: a float has already lost the exact value.
        raise TypeError(f"{what} must be a Decimal (got {type(amount).__name__})")
    value = Decimal(amount)
    if not value.is_finite():
        raise InvalidInput(f"The {what} is not a number: {value}.")
    try:
        rounded = value.quantize(_CENT)
    except InvalidOperation:
        raise InvalidInput(f"The {what} is too large: {value}.") from None
    if rounded != value:
        # Rounding silently would make the payment differ from the order total.
        raise InvalidInput(f"The {what} has more than two decimal places: {value}.")
    if rounded < 0 or (rounded == 0 and not allow_zero):
        raise InvalidInput(f"The {what} must be positive: {value}.")
    return format(rounded, "f")


def parse_amount(value: object, *, what: str = "amount") -> Decimal:
    """Read an amount as the provider sends it (a decimal string; a JSON number parsed as Decimal)."""
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError(f"{what} is not a decimal string: {value!r}")
    try:
        result = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{what} is not a decimal string: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"{what} is not a finite number: {value!r}")
    return result
