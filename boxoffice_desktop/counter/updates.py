"""What the session tells its views: small frozen records, one per thing that happened.

A view subscribes a callable (``session.subscribe(listener)``) and renders what it is told; it never asks
the session in between for what an update already says. Records carry ids, frozen service records and
words, never widgets. In the order a view usually meets them:

- :class:`EventsLoaded`, :class:`EventsFailed` — the event list (with the tenant's currency).
- :class:`EventChosen` — another event (or none): the map and the cart start afresh;
  :class:`EventRefreshed` — the chosen event's record again (a new list).
- :class:`EventLoaded` — its plan, seats and prices arrived; :class:`EventLoadFailed`.
- :class:`SeatsUpdated` — fresh seat records to paint; :class:`SelectionSettled` — seats whose click is
  no longer on its way (refused, failed, or their hold gone): the map shows their records again.
- :class:`CartChanged` — the cart as a whole (:class:`CartView`); :class:`CountdownChanged`.
- :class:`CustomerChanged`, :class:`Notice` (one calm line; empty text clears it).
- :class:`ShiftNeeded`, :class:`CompanionsToConfirm`, :class:`CheckoutApproved` — the answers to a
  checkout.
- :class:`SaleRecorded`, :class:`SaleFailed` — the outcome of ``pay``.
- :class:`PaymentPending`, :class:`PaymentPolled`, :class:`PaymentPollFailed` — an online payment this
  station waits for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from boxoffice_desktop.counter.cart import CartLine, SaleSummary
from boxoffice_desktop.counter.clock import Countdown
from boxoffice_desktop.counter.seats import CounterSeat
from boxoffice_desktop.services.events import EventInfo
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from editor.model import SeatingDocument


class Phase(StrEnum):
    """Where the cart stands (see ``CounterSession``)."""

    NO_EVENT = "no event"
    LOADING = "loading"
    EMPTY = "empty"
    HOLDING = "holding"
    SELLING = "selling"


@dataclass(frozen=True)
class CartView:
    phase: Phase
    lines: tuple[CartLine, ...]
    total: Decimal
    counts: Mapping[str, int]  # tickets by price type
    price_types: tuple[str, ...]  # of the event, in key order (F1, F2, ...)
    hold_id: int | None
    finding: bool  # best available is looking
    has_offer: bool  # "next best" can give the offer back
    currency: str | None = None

    @property
    def seat_ids(self) -> list[int]:
        return [line.seat_id for line in self.lines]

    @property
    def selling(self) -> bool:
        return self.phase is Phase.SELLING


class Update:
    """The base of everything a session emits."""


@dataclass(frozen=True)
class EventsLoaded(Update):
    events: tuple[EventInfo, ...]  # in counter order: today's first
    currency: str | None
    training_payments: bool  # the server takes training (mock) payments


@dataclass(frozen=True)
class EventsFailed(Update):
    message: str


@dataclass(frozen=True)
class EventChosen(Update):
    event: EventInfo | None


@dataclass(frozen=True)
class EventRefreshed(Update):
    """The chosen event's record again (its counts, its name): the header follows."""

    event: EventInfo


@dataclass(frozen=True)
class EventLoaded(Update):
    event: EventInfo
    document: SeatingDocument
    prices: Mapping[tuple[str, str], Decimal]
    seats: tuple[CounterSeat, ...]
    whole: bool  # these are all the seats (else: only those not being changed right now)


@dataclass(frozen=True)
class EventLoadFailed(Update):
    message: str
    refresh: bool  # the event was shown already: keep what is shown


@dataclass(frozen=True)
class SeatsUpdated(Update):
    seats: tuple[CounterSeat, ...]
    whole: bool  # every seat of the event (the set of seats changed): show exactly these


@dataclass(frozen=True)
class SelectionSettled(Update):
    seat_ids: tuple[int, ...]


@dataclass(frozen=True)
class CartChanged(Update):
    cart: CartView


@dataclass(frozen=True)
class CountdownChanged(Update):
    countdown: Countdown


@dataclass(frozen=True)
class CustomerChanged(Update):
    customer: Mapping[str, str] | None


@dataclass(frozen=True)
class Notice(Update):
    text: str  # empty: clear the line
    kind: str = "info"  # info | ok | warning | error


@dataclass(frozen=True)
class ShiftNeeded(Update):
    """Cash and card need an open shift at this station; ``stale``: the shift shown was closed meanwhile."""

    stale: bool = False


@dataclass(frozen=True)
class CompanionsToConfirm(Update):
    """Companion seats without their wheelchair place: sell them alone only on a yes
    (``session.confirm_companions(seat_ids)``, then the same checkout again)."""

    kind: str
    seat_ids: tuple[int, ...]
    words: str


@dataclass(frozen=True)
class CheckoutApproved(Update):
    """Nothing stands in the way of this checkout (cash_exact, cash, card, yookassa, mock)."""

    kind: str
    summary: SaleSummary


@dataclass(frozen=True)
class SaleRecorded(Update):
    order: OrderInfo  # PAID (cash, card), PENDING (online, see PaymentPending), or not paid
    tickets: tuple[Ticket, ...]


@dataclass(frozen=True)
class SaleFailed(Update):
    message: str


@dataclass(frozen=True)
class PaymentPending(Update):
    """An online payment this station waits for (just started, or found again after a restart)."""

    order: OrderInfo


@dataclass(frozen=True)
class PaymentPolled(Update):
    order: OrderInfo  # still PENDING, or how it ended (PAID, CANCELLED, EXPIRED)
    tickets: tuple[Ticket, ...]


@dataclass(frozen=True)
class PaymentPollFailed(Update):
    order_id: int
    message: str
