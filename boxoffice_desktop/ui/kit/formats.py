"""Money, dates and counts as the areas show them (Orders, Reports, Seatmaps, Settings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

CURRENCY_SIGNS = {"RUB": "₽", "EUR": "€", "USD": "$"}


def money(amount: Decimal | int | float | None, currency: str = "RUB") -> str:
    """``3 500.00 ₽``: a narrow space between thousands, always two decimals."""
    if amount is None:
        return "—"
    text = f"{Decimal(amount):,.2f}".replace(",", "\u202f")
    return f"{text} {CURRENCY_SIGNS.get(currency, currency)}"


def local(dt: datetime) -> datetime:
    return dt.astimezone() if dt.tzinfo is not None else dt


def day_and_time(dt: datetime | None, *, today: date | None = None) -> str:
    """``Today 14:05``, ``Wed 25 Nov 14:05``, ``25 Nov 2024 14:05``."""
    if dt is None:
        return "—"
    d = local(dt)
    now = datetime.now().astimezone()
    today = today or now.date()
    if d.date() == today:
        return f"Today {d:%H:%M}"
    if abs((d.date() - today).days) < 180:
        return f"{d:%a} {d.day} {d:%b} {d:%H:%M}"
    return f"{d.day} {d:%b} {d.year} {d:%H:%M}"


def long_when(dt: datetime | None) -> str:
    if dt is None:
        return "—"
    d = local(dt)
    return f"{d:%A} {d.day} {d:%B} {d.year}, {d:%H:%M}"


def timestamp(dt: datetime | None) -> float:
    return dt.timestamp() if dt is not None else 0.0


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
