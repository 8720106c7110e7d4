"""The cart's arithmetic: price types per seat against the event's prices, the lines and the total.

Price types: each line starts at the default ("full", not chosen yet). A function key gives its type to
the first line not chosen yet, else to the current line; Shift with it takes one ticket of that type
back to the default. A category without a price of that type is skipped with one line saying so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

DEFAULT_TYPE = "full"
KNOWN_ORDER = ("full", "concession", "child")
ZERO = Decimal("0.00")

Prices = Mapping[tuple[str, str], Decimal]  # {(category, price type): price}
Customer = Mapping[str, str]  # {name, email, phone}: what a sale takes


def type_words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def order_types(names: Sequence[str]) -> list[str]:
    known = [n for n in KNOWN_ORDER if n in names]
    return known + sorted(n for n in set(names) if n not in KNOWN_ORDER)


def customer_words(customer: Customer | None) -> str:
    if not customer:
        return ""
    return " · ".join(v for v in (customer.get("name"), customer.get("email"), customer.get("phone")) if v)


@dataclass(frozen=True)
class CartLine:
    """One seat of the cart as the cart table shows it."""

    seat_id: int
    place: str  # "Row C, Seat 12"
    meta: str  # "Stalls · Stalls A"
    category: str
    price_type: str
    chosen: bool  # the price type was chosen (not the default left as it was)
    price: Decimal | None
    pending: bool  # its hold or release is on its way
    label: str = ""


@dataclass(frozen=True)
class SaleSummary:
    """The sale at the top of each payment dialog."""

    total: Decimal
    currency: str | None
    tickets: int
    event_name: str
    when: str
    not_today: str | None = None  # the date in words when the event is not today
    customer: str | None = None


class PriceTypes:
    """Price types per seat, against the event's prices {(category, price type): price}."""

    def __init__(self) -> None:
        self.prices: dict[tuple[str, str], Decimal] = {}
        self.types: dict[int, str] = {}
        self.chosen: set[int] = set()

    def set_prices(self, prices: Prices) -> None:
        self.prices = dict(prices)

    def price_types(self) -> list[str]:
        return order_types([t for _, t in self.prices])

    def types_for(self, category: str) -> list[str]:
        return order_types([t for c, t in self.prices if c == category])

    def categories(self) -> list[str]:
        """The categories priced, dearest full price first."""
        cats = {c for c, _ in self.prices}
        return sorted(cats, key=lambda c: (-(self.prices.get((c, DEFAULT_TYPE)) or ZERO), c))

    def forget_all(self) -> None:
        self.types.clear()
        self.chosen.clear()

    def keep_only(self, seat_ids: Sequence[int]) -> None:
        keep = set(seat_ids)
        for sid in [s for s in self.types if s not in keep]:
            del self.types[sid]
        self.chosen &= keep

    def type_of(self, seat_id: int, category: str) -> str:
        chosen = self.types.get(seat_id)
        if chosen is not None:
            return chosen
        available = self.types_for(category)
        return DEFAULT_TYPE if (DEFAULT_TYPE in available or not available) else available[0]

    def price_of(self, seat_id: int, category: str, fallback: Decimal | None = None) -> Decimal | None:
        return self.prices.get((category, self.type_of(seat_id, category)), fallback)

    def set_type(self, seat_id: int, category: str, price_type: str) -> bool:
        if self.prices and price_type not in self.types_for(category):
            return False
        self.types[seat_id] = price_type
        self.chosen.add(seat_id)
        return True

    def add_type(
        self, lines: Sequence[tuple[int, str]], current: int | None, price_type: str
    ) -> tuple[int | None, str]:
        """F-key: ``price_type`` for the first line not chosen yet that has such a price, else for the
        ``current`` line. ``lines``: (seat id, category) in cart order. Returns (the seat changed, why not)."""
        words = type_words(price_type)
        if not lines:
            return None, "Pick seats first: the price type goes on a seat in the cart."
        for sid, category in lines:
            if sid not in self.chosen and price_type in self.types_for(category):
                self.set_type(sid, category, price_type)
                return sid, ""
        if current is not None:
            current_category = dict(lines).get(current)
            if current_category is not None:
                if self.set_type(current, current_category, price_type):
                    return current, ""
                return None, f"There is no {words.lower()} price for {current_category}."
        missing = sorted({c for _, c in lines if price_type not in self.types_for(c)})
        if missing and len(missing) == len({c for _, c in lines}):
            return None, f"There is no {words.lower()} price for {', '.join(missing)}."
        return None, "Every ticket has its price type; pick a line to change it."

    def remove_type(self, lines: Sequence[tuple[int, str]], price_type: str) -> int | None:
        """Shift+F-key: the last line of ``price_type`` goes back to the default."""
        for sid, category in reversed(list(lines)):
            if self.type_of(sid, category) == price_type and sid in self.chosen:
                self.types.pop(sid, None)
                self.chosen.discard(sid)
                return sid
        return None

    def counts(self, lines: Sequence[tuple[int, str]]) -> dict[str, int]:
        out: dict[str, int] = {}
        for sid, category in lines:
            t = self.type_of(sid, category)
            out[t] = out.get(t, 0) + 1
        return out

    def for_sale(self, lines: Sequence[tuple[int, str]]) -> dict[int, str]:
        return {sid: self.type_of(sid, category) for sid, category in lines}
