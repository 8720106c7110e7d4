"""The counter's blocking work: plain functions over the ``BoxOffice`` facade, run on a worker thread.

Each takes ids and frozen values (never the session, never a widget) and returns a frozen result; the
session folds the result in on its own thread. A hold's deadline is measured on the caller's monotonic
``clock``, from just before the request (never later than the server's own expiry).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.errors import BoxOfficeError, HoldExpired, NotFound, SeatsUnavailable
from boxoffice_desktop.services.events import EventInfo, SeatInfo
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tickets import Ticket
from editor.model import SeatingDocument

log = logging.getLogger(__name__)

Clock = Callable[[], float]
BEST_ATTEMPTS = 3


def read_seats(bo: BoxOffice, event_id: int, seat_ids: Sequence[int] | None = None) -> list[SeatInfo]:
    return bo.seats(event_id, None if seat_ids is None else list(seat_ids))


@dataclass(frozen=True)
class EventData:
    event: EventInfo
    document: SeatingDocument
    seats: tuple[SeatInfo, ...]
    prices: Mapping[tuple[str, str], Decimal]
    parked: Mapping[int, str]  # {hold id: order code}: this station's online payments still open


def load_event(
    bo: BoxOffice, event: EventInfo, *, refresh: bool, documents: Mapping[int, SeatingDocument]
) -> EventData:
    """The event's plan, seats, prices and open online orders. ``refresh``: the event itself may have
    changed (a new version of its seatmap): read it again too. ``documents``: plans already read, by id."""
    info = bo.event(event.id) if refresh else event
    doc = documents.get(info.seatmap_id) or bo.seatmap_document(info.seatmap_id)
    return EventData(
        info,
        doc,
        tuple(read_seats(bo, event.id)),
        dict(bo.event_prices(event.id)),
        dict(bo.online_holds(event.id)),
    )


@dataclass(frozen=True)
class Held:
    """The cart's hold after a change: its id (None: the cart is empty, the next seat starts one) and its
    deadline on the caller's clock (None: unchanged, or not known)."""

    hold_id: int | None
    deadline: float | None = None


def hold_into(
    bo: BoxOffice,
    event_id: int,
    seat_ids: Sequence[int],
    hold_id: int | None,
    *,
    house: bool,
    ttl: float,
    clock: Clock,
) -> Held:
    """Add seats to the cart's hold, or start it (also when the old one ran out or was released)."""
    if hold_id is not None:
        try:
            bo.hold(event_id, list(seat_ids), into_hold=hold_id, allow_house=house)
            return Held(hold_id)
        except (NotFound, HoldExpired):
            pass  # the hold ran out or was released: a new one
    started = clock()
    info = bo.hold(event_id, list(seat_ids), ttl_seconds=ttl, allow_house=house)
    return Held(info.id, started + ttl)


@dataclass(frozen=True)
class CartChange:
    held: Held
    seats: tuple[SeatInfo, ...]  # the seats touched, read after the change


def change_cart(
    bo: BoxOffice,
    event_id: int,
    hold_id: int | None,
    add: Sequence[int],
    remove: Mapping[int, Sequence[int]],
    *,
    house: bool,
    ttl: float,
    clock: Clock,
) -> CartChange:
    """Give back ``remove`` ({hold id: seats}), then hold ``add`` into the cart's hold."""
    held = Held(hold_id)
    for hid, seats in remove.items():
        bo.release(hid, list(seats))
        if hid == held.hold_id and not bo.hold_info(hid).seat_ids:
            held = Held(None)  # the cart is empty: the next seat starts a hold of its own
    if add:
        held = hold_into(bo, event_id, add, held.hold_id, house=house, ttl=ttl, clock=clock)
    touched = [*add, *(s for seats in remove.values() for s in seats)]
    return CartChange(held, tuple(read_seats(bo, event_id, touched)))


def consolidate(bo: BoxOffice, event_id: int, hold_id: int | None, holds_of: Mapping[int, int | None]) -> int:
    """The one hold to sell: the cart's; seats still in an older hold of this station (adopted after a
    restart) are moved into it first. ``holds_of``: {seat id: its hold id}."""
    ids_by_hold: dict[int, list[int]] = {}
    for sid, hid in holds_of.items():
        if hid is not None:
            ids_by_hold.setdefault(hid, []).append(sid)
    primary = hold_id
    if primary is None or primary not in ids_by_hold:
        if not ids_by_hold:
            raise BoxOfficeError("These seats are no longer held; pick them again.")
        primary = max(ids_by_hold)
    for hid, seats in ids_by_hold.items():
        if hid != primary:
            bo.release(hid, seats)
            bo.hold(event_id, seats, into_hold=primary)
    return primary


@dataclass(frozen=True)
class Sale:
    order: OrderInfo
    tickets: tuple[Ticket, ...]  # of a PAID order (empty when they could not be read: the sale stands)
    hold_id: int  # the hold sold (still ACTIVE behind a PENDING online payment)
    seats: tuple[SeatInfo, ...]  # the seats sold, read after the sale (empty when that failed)


def sell(
    bo: BoxOffice,
    event_id: int,
    hold_id: int | None,
    holds_of: Mapping[int, int | None],
    *,
    method: str,
    price_types: Mapping[int, str],
    customer: Mapping[str, str] | None,
    tendered: Decimal | None = None,
    confirmation: str = "redirect",
) -> Sale:
    """Sell the cart: one hold, its seats at their price types."""
    sold = consolidate(bo, event_id, hold_id, holds_of)
    order = bo.sell(
        sold,
        payment_method=method,
        customer=customer,
        price_types=price_types,
        tendered=tendered,
        confirmation=confirmation,
    )
    # The sale is done: what follows only shows it, and must never turn it into a failure.
    tickets: list[Ticket] = []
    seats: list[SeatInfo] = []
    try:
        if order.status == "PAID":
            tickets = bo.tickets(order.id)
        seats = read_seats(bo, event_id, list(holds_of))
    except Exception:
        log.exception("reading the tickets or seats of order %s failed; the sale stands", order.code)
    return Sale(order, tuple(tickets), sold, tuple(seats))


@dataclass(frozen=True)
class Best:
    seat_ids: tuple[int, ...]  # the block found and held (empty: none left)
    held: Held
    seats: tuple[SeatInfo, ...]  # the block and the seats given back, read after


def best_available(
    bo: BoxOffice,
    event_id: int,
    count: int,
    *,
    category: str | None,
    wheelchair: bool,
    exclude: Sequence[int],
    give_back: Sequence[int],
    hold_id: int | None,
    ttl: float,
    clock: Clock,
) -> Best:
    """Find the best block, hold it into the cart (looking again when another station was quicker), and
    give ``give_back`` (the previous offer, for "next best") back once the new block is held."""
    ids: list[int] = []
    held = Held(hold_id)
    for _attempt in range(BEST_ATTEMPTS):
        ids = bo.best_available(event_id, count, category=category, wheelchair=wheelchair, exclude=exclude)
        if not ids:
            break
        try:
            held = hold_into(bo, event_id, ids, hold_id, house=False, ttl=ttl, clock=clock)
            break
        except SeatsUnavailable:
            ids = []  # taken at another station a moment ago: look again
    if ids and give_back and held.hold_id is not None:
        bo.release(held.hold_id, list(give_back))
    return Best(tuple(ids), held, tuple(read_seats(bo, event_id, [*ids, *give_back])))


def release_holds(bo: BoxOffice, event_id: int, holds: Sequence[int], seat_ids: Sequence[int]) -> tuple[SeatInfo, ...]:
    """Give back every seat of these holds; the seats as they are now."""
    for hid in holds:
        bo.release(hid)
    return tuple(read_seats(bo, event_id, seat_ids))


def extend(bo: BoxOffice, hold_id: int, ttl: float, clock: Clock) -> float:
    """The hold runs ``ttl`` seconds from now: its new deadline on ``clock``."""
    started = clock()
    bo.extend(hold_id, ttl)
    return started + ttl


@dataclass(frozen=True)
class PaymentState:
    order: OrderInfo
    tickets: tuple[Ticket, ...]  # of a PAID order


def poll_payment(bo: BoxOffice, order_id: int) -> PaymentState:
    """Ask the provider how an online payment stands (the tickets once it is paid)."""
    order = bo.sync_payment(order_id)
    return PaymentState(order, tuple(bo.tickets(order_id)) if order.status == "PAID" else ())
