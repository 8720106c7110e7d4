"""Money at the counter: amounts are ``Decimal`` everywhere, shown with the tenant's currency, and read back
from what a cashier types ("5000", "5 000", "5000,50")."""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, Decimal, InvalidOperation

CENT = Decimal("0.01")
# Symbol and whether it goes before the amount (as a reader of that currency expects).
SYMBOLS: dict[str, tuple[str, bool]] = {
    "RUB": ("₽", False),
    "EUR": ("€", False),
    "USD": ("$", True),
    "GBP": ("£", True),
    "KZT": ("₸", False),
    "UAH": ("₴", False),
}
THIN = "\u2009"
NBSP = "\u00a0"


def format_amount(amount: Decimal | None) -> str:
    """``3 500.00`` (thin-space grouping); None is a dash."""
    if amount is None:
        return "—"
    return f"{amount:,.2f}".replace(",", THIN)


def format_money(amount: Decimal | None, currency: str | None = None) -> str:
    """``3 500.00 ₽``; an unknown currency is written as its code."""
    text = format_amount(amount)
    if amount is None or not currency:
        return text
    symbol, before = SYMBOLS.get(currency.upper(), (currency.upper(), False))
    if before:
        return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"
    return f"{text}{NBSP}{symbol}"


_SPACES = re.compile(r"[\s\u00a0\u2009\u202f']")


def parse_money(text: str) -> Decimal | None:
    """What a cashier typed as an amount, or None when it is not one (negative amounts are not)."""
    value = _SPACES.sub("", text or "")
    for symbol, _ in SYMBOLS.values():
        value = value.replace(symbol, "")
    if not value:
        return None
    if value.count(",") == 1 and "." not in value:
        value = value.replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d{0,2})?", value):
        return None
    try:
        return Decimal(value).quantize(CENT)
    except InvalidOperation:  # pragma: no cover - the pattern above rules it out
        return None


# Notes and coins by currency, largest first (the close-shift count and the quick tendered amounts).
DENOMINATIONS: dict[str, tuple[Decimal, ...]] = {
    "RUB": tuple(Decimal(v) for v in ("5000", "2000", "1000", "500", "200", "100", "50", "10", "5", "2", "1")),
    "EUR": tuple(
        Decimal(v) for v in ("500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05")
    ),
    "USD": tuple(Decimal(v) for v in ("100", "50", "20", "10", "5", "1", "0.25", "0.10", "0.05", "0.01")),
    "GBP": tuple(Decimal(v) for v in ("50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10", "0.05")),
}


def denominations(currency: str) -> tuple[Decimal, ...]:
    return DENOMINATIONS.get((currency or "").upper(), DENOMINATIONS["EUR"])


def quick_tenders(total: Decimal, currency: str, limit: int = 3) -> list[Decimal]:
    """The amounts a customer most likely hands over for ``total``: the next round sums by note size."""
    notes = [d for d in denominations(currency) if d >= 1]
    out: list[Decimal] = []
    for step in sorted(set(notes)):
        if step <= 1:
            continue
        amount = (total / step).to_integral_value(rounding=ROUND_CEILING) * step
        if amount > total and amount not in out:
            out.append(amount.quantize(CENT))
    out.sort()
    return out[:limit]
