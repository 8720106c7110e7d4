"""The counter's session: one cashier's cart at one station, as one state machine.

The session owns everything a sale is made of: the chosen event and its seats (as this station sees
them), the cart (the seats held here for it, their price types), the one hold behind it and its
deadline, the customer, the sale being recorded and the online payments this station waits for. Views
send it intents (``select``, ``find_best``, ``add_price_type``, ``checkout``, ``pay`` ...) and render the
updates it emits (``boxoffice_desktop.counter.updates``); nothing else keeps a copy of its truth.

Phases of the cart (``CartView.phase``)::

    NO_EVENT --choose_event--> LOADING --seats read--> EMPTY <-----------------------------------+
                                                         |  select, find_best                     |
                                                         v                                        |
                                                      HOLDING --pay--> SELLING --SaleRecorded-----+
                                                       |   ^              |      (paid; parked behind
                                                       |   +--SaleFailed--+       an online payment;
                                                       |                          not paid)
                                                       +--release_all, the last seat given back,--> EMPTY
                                                          the hold ran out (and was read again)

Another event (``choose_event``) leaves any phase for LOADING and gives the cart's seats back.

Threads: every method here is synchronous and runs on the session's thread (the UI thread in the app).
What needs the server is an :class:`~boxoffice_desktop.counter.operations.Operation` handed to the
runner; its continuation comes back on this thread. Operations that change seats (holds, releases,
best available, sales) run one after the other in the order they were asked for: the next one is made
only once the one before has answered, so it is made from the session's state *after* that answer (a
seat clicked while the first hold is on its way joins that hold: the operation that adds it is made
when the hold's id is known). Reads run beside them; a seat an operation is changing is *busy*: what a
read says of it is not shown, and it is read again when the operation is done.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from decimal import Decimal
from functools import partial
from typing import TypeVar

from boxoffice_desktop.api import BoxOffice
from boxoffice_desktop.counter import jobs
from boxoffice_desktop.counter.calendar import long_date, not_today_words, order_events
from boxoffice_desktop.counter.cart import ZERO, CartLine, PriceTypes, SaleSummary, customer_words, type_words
from boxoffice_desktop.counter.clock import Countdown, countdown, deadline_from_expiry, minutes_words
from boxoffice_desktop.counter.operations import READ_LANE, Operation, Runner, Serial
from boxoffice_desktop.counter.seats import CounterSeat, SeatBook, labels, plural, seat_place, seats_words
from boxoffice_desktop.counter.updates import (
    CartChanged,
    CartView,
    CheckoutApproved,
    CompanionsToConfirm,
    CountdownChanged,
    CustomerChanged,
    EventChosen,
    EventLoaded,
    EventLoadFailed,
    EventRefreshed,
    EventsFailed,
    EventsLoaded,
    Notice,
    PaymentPending,
    PaymentPolled,
    PaymentPollFailed,
    Phase,
    SaleFailed,
    SaleRecorded,
    SeatsUpdated,
    SelectionSettled,
    ShiftNeeded,
    Update,
)
from boxoffice_desktop.errors import NoOpenShift
from boxoffice_desktop.services.best_available import lonely_companions, stranded_seats
from boxoffice_desktop.services.context import Permission
from boxoffice_desktop.services.events import EventInfo, SeatInfo
from boxoffice_desktop.services.orders import OrderInfo
from boxoffice_desktop.services.tenant_config import TenantSettings
from boxoffice_desktop.services.tickets import Ticket
from editor.model import SeatingDocument

log = logging.getLogger(__name__)

T = TypeVar("T")
Listener = Callable[[Update], None]

HOLD_TTL_SECONDS = 900.0
RELOAD_AFTER_RUN_OUT = 1.5  # seconds after the countdown ran out, the cart's seats are read again
CHECKOUT_KINDS = ("cash_exact", "cash", "card", "yookassa", "mock")
COUNTER_KINDS = ("cash_exact", "cash", "card")  # paid at the counter: they need an open shift


class CounterSession:
    """See the module docstring. ``run`` runs the session's operations (see ``operations``); ``clock`` is
    the monotonic clock deadlines are measured on."""

    def __init__(
        self,
        bo: BoxOffice,
        run: Runner,
        *,
        hold_ttl: float = HOLD_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bo = bo
        self._run = run
        self.hold_ttl = hold_ttl
        self._clock = clock
        self._listeners: list[Listener] = []
        self._stopped = False
        # the event list
        self.events: tuple[EventInfo, ...] = ()
        self.events_loaded = False
        self._events_loading = False
        self.currency: str | None = None
        self.training_payments = False
        # the chosen event and its seats
        self.event: EventInfo | None = None
        self._generation = 0
        self._loaded_for: int | None = None
        self._documents: dict[int, SeatingDocument] = {}
        self.book = SeatBook(bo.station)
        self.types = PriceTypes()
        # the cart's hold, and the seat operations
        self.hold_id: int | None = None
        self.deadline: float | None = None  # on ``clock``; None: not known (a hold adopted without expiry)
        self._serial = Serial(run, lambda: not self._stopped)  # the seat operations
        self._orphans: set[int] = set()  # holds an operation made for an event no longer chosen
        self.selling = False
        self.finding = False
        self._queued: str | None = None  # a checkout asked for while seats were on their way
        self._offer: list[int] = []
        self._offer_excluded: list[int] = []
        self._companions_ok: set[int] = set()
        self._countdown = Countdown()
        self._shown_cart: CartView | None = None
        self._expiry_noted = False
        self._ran_out_at: float | None = None
        # the customer, the shift, the sales
        self.customer: dict[str, str] | None = None
        self.shift_open: bool | None = None  # None: not known yet (the server decides anyway)
        self.last_order: OrderInfo | None = None
        self.last_tickets: tuple[Ticket, ...] = ()
        self.payments: dict[int, OrderInfo] = {}  # online payments this station waits for, by order id
        self._looking_up: set[str] = set()

    # --- listeners ------------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """``listener(update)`` for every update from now on; returns the function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, update: Update) -> None:
        if self._stopped:
            return
        for listener in list(self._listeners):
            listener(update)

    def _notice(self, text: str, kind: str = "info") -> None:
        self._emit(Notice(text, kind))

    def close(self) -> None:
        """No more operations, no more updates (answers still on their way are dropped)."""
        self._stopped = True
        self._serial.clear()

    # --- what the session knows -----------------------------------------------------------------------
    @property
    def event_id(self) -> int | None:
        return self.event.id if self.event is not None else None

    @property
    def busy(self) -> Set[int]:
        """Seats an operation is changing (a live view: the seat map refuses clicks on them)."""
        return self.book.busy

    @property
    def prices(self) -> Mapping[tuple[str, str], Decimal]:
        return self.types.prices

    @property
    def loaded(self) -> bool:
        """The chosen event's seats are here (or could not be read: then the error is shown)."""
        return self.event is None or self._loaded_for == self.event.id

    def seat(self, seat_id: int) -> CounterSeat | None:
        return self.book.seat(seat_id)

    def seats(self) -> list[CounterSeat]:
        """Every seat of the chosen event, in plan order."""
        return self.book.seats()

    def seat_counts(self) -> tuple[int, int]:
        """(free, all) seats of the chosen event as read here."""
        return self.book.counts()

    def cart_ids(self) -> list[int]:
        """The cart: the seats held here for it (not being given back) and those on their way, in plan
        order."""
        return self.book.cart_ids()

    def phase(self) -> Phase:
        if self.event is None:
            return Phase.NO_EVENT
        if not self.loaded:
            return Phase.LOADING
        if self.selling:
            return Phase.SELLING
        return Phase.HOLDING if self.book.has_cart() else Phase.EMPTY

    def is_settled(self) -> bool:
        """Nothing is on its way: the event list and the event's seats are here, no seat is being
        changed, no sale is being recorded and no best-available search runs."""
        if not self.events_loaded or self._events_loading or not self.loaded:
            return False
        if self.book.busy or self.selling or self.finding:
            return False
        return self._serial.idle

    def _pairs(self, ids: Iterable[int]) -> list[tuple[int, str]]:
        records = self.book.records
        return [(sid, records[sid].category) for sid in ids if sid in records]

    def cart_view(self) -> CartView:
        ids = self.cart_ids()
        lines = []
        total = ZERO
        for sid in ids:
            seat = self.book.records[sid]
            ptype = self.types.type_of(sid, seat.category)
            price = self.types.price_of(sid, seat.category, seat.price if ptype == "full" else None)
            if price is not None:
                total += price
            meta = f"{seat.zone}  ·  {seat.category}" if seat.zone else seat.category
            lines.append(
                CartLine(
                    sid,
                    seat_place(seat),
                    meta,
                    seat.category,
                    ptype,
                    sid in self.types.chosen,
                    price,
                    sid in self.book.busy,
                    seat.label,
                )
            )
        return CartView(
            phase=self.phase(),
            lines=tuple(lines),
            total=total,
            counts=self.types.counts(self._pairs(ids)),
            price_types=tuple(self.types.price_types()),
            hold_id=self.hold_id,
            finding=self.finding,
            has_offer=bool(self._offer),
            currency=self.currency,
        )

    def summary(self) -> SaleSummary:
        """The sale as the payment dialogs show it."""
        view = self.cart_view()
        ev = self.event
        return SaleSummary(
            total=view.total,
            currency=self.currency,
            tickets=len(view.lines),
            event_name=ev.name if ev is not None else "",
            when=f"{long_date(ev.starts_at)} · {ev.venue_name}" if ev is not None else "",
            not_today=not_today_words(ev),
            customer=customer_words(self.customer) or None,
        )

    def _cart_changed(self) -> None:
        """Say the cart anew, when it reads differently from what was said last (a read that changed
        nothing of it costs the views nothing)."""
        self.types.keep_only(self.cart_ids())
        view = self.cart_view()
        if view != self._shown_cart:
            self._shown_cart = view
            self._emit(CartChanged(view))
        self.tick()

    # --- operations ------------------------------------------------------------------------------------
    def _enqueue(self, launch: Callable[[], bool]) -> None:
        """A seat operation, after those asked for before it (see ``operations.Serial``)."""
        if not self._stopped:
            self._serial.enqueue(launch)

    def _launch(self, op: Operation[T]) -> None:
        self._serial.start(op)

    def _read(self, op: Operation[T]) -> None:
        if self._stopped:
            return

        def done(result: T) -> None:
            if not self._stopped:
                op.done(result)

        def failed(exc: BaseException, message: str) -> None:
            if not self._stopped:
                op.failed(exc, message)

        self._run(Operation(op.name, op.work, done, failed, op.lane))

    # --- seat records -----------------------------------------------------------------------------------
    def _show(self, infos: Iterable[SeatInfo], *, read_at: int | None) -> None:
        """Show fresh records: an operation's answer (``read_at`` None) or a read asked for at ``read_at``
        (what it had to hold back of seats no operation is changing now is read again at once)."""
        applied, stale = self.book.apply(infos, read_at=read_at)
        if applied:
            self._emit(SeatsUpdated(tuple(applied), whole=False))
        if stale:
            self._emit(SelectionSettled(tuple(stale)))
        if read_at is not None:
            self._read_held_back_again()

    def _read_held_back_again(self) -> None:
        again = [sid for sid in self.book.dirty if sid not in self.book.busy]
        if again:
            self.book.dirty.difference_update(again)
            self.reload_seats(again)

    def _finish(self, touched: Sequence[int], infos: Sequence[SeatInfo]) -> None:
        """A seat operation answered: its seats are no longer busy, their fresh records are shown, what was
        read meanwhile is read again."""
        self.book.busy.difference_update(touched)
        self._show(infos, read_at=None)
        again = [sid for sid in touched if sid in self.book.dirty]
        self.book.dirty.difference_update(again)
        if again:
            self.reload_seats(again)
        self._cart_changed()
        self._run_queued()

    def _set_hold(self, held: jobs.Held) -> None:
        self.hold_id = held.hold_id
        if held.hold_id is None:
            self.deadline = None
        elif held.deadline is not None:
            self.deadline = held.deadline

    # --- the event list ---------------------------------------------------------------------------------
    def reload_events(self) -> None:
        if self._stopped:
            return
        self._events_loading = True
        bo = self.bo

        def work() -> tuple[list[EventInfo], TenantSettings]:
            return bo.events(), bo.settings()

        self._read(Operation("sales.events", work, self._events_arrived, self._events_failed))

    def _events_arrived(self, result: tuple[list[EventInfo], TenantSettings]) -> None:
        events, settings = result
        self._events_loading = False
        self.events_loaded = True
        currency_changed = settings.currency != self.currency
        self.currency = settings.currency
        self.training_payments = bool(settings.training_payments)
        self.events = tuple(order_events(events))
        self._emit(EventsLoaded(self.events, self.currency, self.training_payments))
        keep = self.event_id
        fresh = next((e for e in self.events if e.id == keep), None)
        if fresh is not None:
            self.event = fresh
            self._emit(EventRefreshed(fresh))
            if currency_changed:
                self._cart_changed()
        else:
            self.choose_event(self.events[0] if self.events else None)

    def _events_failed(self, _exc: BaseException, message: str) -> None:
        self._events_loading = False
        self.events_loaded = True
        self._emit(EventsFailed(message))

    def find_event(self, event_id: int) -> EventInfo | None:
        return next((e for e in self.events if e.id == event_id), None)

    # --- choosing and loading the event -----------------------------------------------------------------
    def choose_event(self, event: EventInfo | None) -> None:
        """Show ``event`` (None: none). Seats still in the cart go back on sale."""
        if self._stopped or (event is not None and event.id == self.event_id):
            return
        cart_seats = [s for s in map(self.book.seat, self.cart_ids()) if s is not None]
        holds = {s.hold_id for s in cart_seats if s.hold_id is not None}
        if self.hold_id is not None:
            holds.add(self.hold_id)
        self._generation += 1
        self.event = event
        self._loaded_for = None
        self.book.clear()
        self._companions_ok.clear()
        self.hold_id = self.deadline = None
        self._offer, self._offer_excluded = [], []
        self._queued = None
        self.selling = self.finding = False
        self.types.forget_all()
        self._emit(EventChosen(event))
        self._notice("")
        self._cart_changed()
        if cart_seats:
            self._release_previous(holds, len(cart_seats))
        if event is not None:
            self._load_event(event)

    def select_event(self, event_id: int) -> bool:
        """Choose the listed event of this id; False when there is none."""
        event = self.find_event(event_id)
        if event is None:
            return False
        self.choose_event(event)
        return True

    def _release_previous(self, holds: set[int], n: int) -> None:
        """The cashier chose another event with seats in the cart: they go back on sale (with any hold an
        operation still on its way makes for it)."""
        bo = self.bo

        def launch() -> bool:
            ids = sorted(holds | self._orphans)
            self._orphans.clear()
            if not ids:
                return False

            def work() -> int:
                return sum(bo.release(h) for h in ids)

            self._launch(
                Operation(
                    "sales.release_previous",
                    work,
                    lambda _n: self._notice(f"{plural(n, 'seat')} of the previous event went back on sale."),
                    lambda _e, m: self._notice(m, "error"),
                )
            )
            return True

        self._enqueue(launch)

    def _load_event(self, event: EventInfo, *, refresh: bool = False) -> None:
        """Read the event's plan, seats, prices and open online orders. ``refresh``: the event itself may
        have changed (a new version of its seatmap): read it again too, keeping what is shown meanwhile."""
        generation, read_at = self._generation, self.book.epoch
        bo = self.bo
        documents = dict(self._documents)

        def done(data: jobs.EventData) -> None:
            if generation != self._generation:
                return
            self._documents[data.event.seatmap_id] = data.document
            self.event = data.event
            self.book.parked = dict(data.parked)
            self.types.set_prices(data.prices)
            if refresh and self.book.same_seats(data.seats):
                self.book.dirty.update(self.book.busy)
                records, stale = self.book.apply(data.seats, read_at=read_at)
                whole = False
            else:
                records, stale = self.book.replace(data.seats), []
                whole = True
            self._adopt_hold()
            self._loaded_for = data.event.id
            self._emit(EventLoaded(data.event, data.document, dict(data.prices), tuple(records), whole))
            if stale:
                self._emit(SelectionSettled(tuple(stale)))
            if not whole:
                self._read_held_back_again()
            self._resume_watching(data.parked.values())
            self._cart_changed()

        def failed(_exc: BaseException, message: str) -> None:
            if generation != self._generation:
                return
            self._loaded_for = event.id
            self._emit(EventLoadFailed(message, refresh))
            self._notice(message, "error")

        self._read(
            Operation(
                "sales.event",
                lambda: jobs.load_event(bo, event, refresh=refresh, documents=documents),
                done,
                failed,
                READ_LANE,
            )
        )

    def _adopt_hold(self) -> None:
        """Seats this station already holds (a restart, a reload) are the cart; their newest hold is it."""
        mine = [self.book.records[s] for s in self.book.mine]
        holds = sorted({s.hold_id for s in mine if s.hold_id is not None})
        if holds and self.hold_id not in holds:
            latest = max(mine, key=lambda s: s.hold_id or 0)
            self.hold_id = holds[-1]
            expires = latest.hold_expires_at
            self.deadline = deadline_from_expiry(expires, self._clock()) if expires is not None else None

    # --- live updates -----------------------------------------------------------------------------------
    def seats_changed(self, event_id: int, seat_ids: Sequence[int] | None) -> None:
        """The feed says these seats of ``event_id`` changed (None: the whole event)."""
        if self._stopped or self.event is None or event_id != self.event.id or self._loaded_for != event_id:
            return
        if seat_ids is None:
            self._load_event(self.event, refresh=True)
        else:
            self.reload_seats(seat_ids)

    def reload_all(self) -> None:
        """After the feed was away (notifications sent meanwhile are lost): read everything again."""
        if self._stopped:
            return
        self.reload_events()
        if self.event is not None and self._loaded_for == self.event.id:
            self._load_event(self.event, refresh=True)

    def reload_seats(self, seat_ids: Sequence[int] | None = None) -> None:
        """Read these seats (None: all of the event's) again and show them."""
        event_id = self.event_id
        if event_id is None or self._stopped:
            return
        generation, read_at = self._generation, self.book.epoch
        bo = self.bo
        ids = None if seat_ids is None else sorted(set(seat_ids))

        def done(infos: list[SeatInfo]) -> None:
            if generation != self._generation:
                return
            if ids is None and not self.book.same_seats(infos):
                self._emit(SeatsUpdated(tuple(self.book.replace(infos)), whole=True))
            else:
                self._show(infos, read_at=read_at)
            self._cart_changed()

        self._read(
            Operation(
                "sales.seats",
                lambda: jobs.read_seats(bo, event_id, ids),
                done,
                lambda _e, m: self._notice(m, "error"),
                READ_LANE,
            )
        )

    # --- the cart: one hold ----------------------------------------------------------------------------
    def select(self, seat_ids: Sequence[int]) -> None:
        """The seats picked on the map are now ``seat_ids`` (a click, a paint stroke, a band): hold the new
        ones, give back those taken out."""
        if self._stopped or self.event is None or not self.loaded:
            return
        chosen, book = set(seat_ids), self.book
        add = [s for s in seat_ids if s in book.records and s not in book.busy and s not in book.mine]
        remove = [s for s in book.cart_ids() if s not in chosen and s not in book.busy and s in book.mine]
        if add or remove:
            self._change(add, remove)
        self._cart_changed()

    def remove_seat(self, seat_id: int) -> None:
        """Take one seat out of the cart (it goes back on sale)."""
        if seat_id in self.book.busy or seat_id not in self.book.mine or self._stopped:
            return
        self._change([], [seat_id])
        self._cart_changed()

    def _change(self, add: list[int], remove: list[int]) -> None:
        event = self.event
        if event is None:
            return
        self.book.begin(add, remove)
        self._notice("")
        if any(s in self._offer for s in remove):
            self._offer = [s for s in self._offer if s not in remove]
        generation = self._generation
        event_id = event.id
        bo, ttl, clock = self.bo, self.hold_ttl, self._clock
        touched = add + remove

        def launch() -> bool:
            if generation != self._generation:
                return False
            house = any(seat.block_kind == "house" for seat in map(self.book.seat, add) if seat is not None)
            by_hold: dict[int, list[int]] = {}
            for sid in remove:
                seat = self.book.seat(sid)
                if seat is not None and seat.hold_id is not None:
                    by_hold.setdefault(seat.hold_id, []).append(sid)
            hold_id = self.hold_id

            def work() -> jobs.CartChange:
                return jobs.change_cart(bo, event_id, hold_id, add, by_hold, house=house, ttl=ttl, clock=clock)

            def done(change: jobs.CartChange) -> None:
                if generation != self._generation:
                    if change.held.hold_id is not None:
                        self._orphans.add(change.held.hold_id)
                    return
                self.book.end(add, remove)
                self._set_hold(change.held)
                self._finish(touched, change.seats)
                if add:
                    self._warn_stranded()

            def failed(_exc: BaseException, message: str) -> None:
                if generation != self._generation:
                    return
                self.book.end(add, remove)
                self.book.busy.difference_update(touched)
                self._emit(SelectionSettled(tuple(touched)))
                self._notice(message, "error")
                self.reload_seats(touched)
                self._cart_changed()
                self._run_queued()

            self._launch(Operation("sales.cart", work, done, failed))
            return True

        self._enqueue(launch)

    def _warn_stranded(self) -> None:
        ids = self.cart_ids()
        records = self.book.records
        rows = {records[s].row_key for s in ids if s in records}
        alone = stranded_seats([s for s in self.seats() if s.row_key in rows], ids)
        if alone:
            words = labels([records[s] for s in alone], 3)
            self._notice(f"This pick leaves a single seat alone between taken seats: {words}.", "warning")

    def release_all(self) -> None:
        """Give every seat of the cart back."""
        event_id = self.event_id
        asked = self.cart_ids()
        if event_id is None or not asked or self._stopped:
            return
        generation = self._generation
        self.book.busy.update(asked)
        bo, book = self.bo, self.book

        def launch() -> bool:
            if generation != self._generation:
                return False
            ids = sorted(set(asked) | book.mine, key=lambda s: book.rank.get(s, 0))
            holds = {book.records[s].hold_id for s in ids if s in book.records}
            holds.discard(None)
            if self.hold_id is not None:
                holds.add(self.hold_id)
            hold_ids = sorted(h for h in holds if h is not None)
            touched = sorted(set(ids) | set(asked))

            def done(seats: tuple[SeatInfo, ...]) -> None:
                if generation != self._generation:
                    return
                self._offer, self._offer_excluded = [], []
                self.hold_id = self.deadline = None
                self._finish(touched, seats)
                self._notice(f"Released {plural(len(asked), 'seat')}.", "ok")

            def failed(_exc: BaseException, message: str) -> None:
                if generation != self._generation:
                    return
                book.busy.difference_update(touched)
                self._notice(message, "error")
                self.reload_seats(touched)
                self._cart_changed()

            self._launch(
                Operation("sales.release_all", lambda: jobs.release_holds(bo, event_id, hold_ids, ids), done, failed)
            )
            return True

        self._enqueue(launch)
        self._cart_changed()

    def extend_hold(self) -> None:
        """More time: the cart's hold runs the whole hold time again from now."""
        if not self.cart_ids() or self.hold_id is None or self._stopped:
            return
        bo, ttl, clock = self.bo, self.hold_ttl, self._clock

        def launch() -> bool:
            hold_id = self.hold_id
            if hold_id is None:
                return False

            def done(deadline: float) -> None:
                if self.hold_id == hold_id:
                    self.deadline = deadline
                self._expiry_noted = False
                self._ran_out_at = None
                self.tick()
                self._notice(f"Your seats are held for another {minutes_words(ttl)}.", "ok")

            self._launch(
                Operation(
                    "sales.extend",
                    lambda: jobs.extend(bo, hold_id, ttl, clock),
                    done,
                    lambda _e, m: self._notice(m, "error"),
                )
            )
            return True

        self._enqueue(launch)

    def tick(self, now: float | None = None) -> Countdown:
        """The countdown at ``now`` (the session's clock when None); a hold that ran out is said once, and
        its seats are read again a moment later."""
        now = self._clock() if now is None else now
        in_cart = self.book.has_cart()
        shown = countdown(self.deadline, now, in_cart=in_cart)
        if not in_cart:
            self._expiry_noted = False
            self._ran_out_at = None
        if shown.ran_out and not self._expiry_noted:
            self._expiry_noted = True
            self._ran_out_at = now
            self._notice("The hold ran out: the seats go back on sale.", "warning")
        if self._ran_out_at is not None and now - self._ran_out_at >= RELOAD_AFTER_RUN_OUT:
            self._ran_out_at = None
            self.reload_seats(self.cart_ids())
        if shown != self._countdown:
            self._countdown = shown
            self._emit(CountdownChanged(shown))
        return shown

    # --- best available ---------------------------------------------------------------------------------
    def find_best(
        self, count: int, *, category: str | None = None, wheelchair: bool = False, next_best: bool = False
    ) -> None:
        """The best ``count`` seats together go into the cart; ``next_best``: give the last offer back and
        take the next block."""
        event_id = self.event_id
        if event_id is None or self.finding or self._stopped:
            return
        if next_best and not self._offer:
            self._notice("Next best needs an offer first: Find (F5).")
            return
        previous = [s for s in self._offer if s in self.book.mine] if next_best else []
        exclude = sorted(set(self._offer_excluded) | set(previous)) if next_best else []
        generation = self._generation
        bo, ttl, clock = self.bo, self.hold_ttl, self._clock
        self.finding = True
        self.book.busy.update(previous)
        self._notice("Looking for the best seats…")
        self._cart_changed()

        def launch() -> bool:
            if generation != self._generation:
                return False
            hold_id = self.hold_id

            def work() -> jobs.Best:
                return jobs.best_available(
                    bo,
                    event_id,
                    count,
                    category=category,
                    wheelchair=wheelchair,
                    exclude=exclude,
                    give_back=previous,
                    hold_id=hold_id,
                    ttl=ttl,
                    clock=clock,
                )

            def done(best: jobs.Best) -> None:
                self.finding = False
                if generation != self._generation:
                    if best.held.hold_id is not None and best.seat_ids:
                        self._orphans.add(best.held.hold_id)
                    return
                ids = list(best.seat_ids)
                if ids:
                    self._set_hold(best.held)
                self._finish([*ids, *previous], best.seats)
                if not ids:
                    what = f"{count} seats together" if count > 1 else "a seat"
                    where = f" in {category}" if category else ""
                    wc = " with a wheelchair place" if wheelchair else ""
                    again = " other than those offered" if next_best else ""
                    self._notice(f"No {what}{where}{wc}{again} are left.")
                    return
                self._offer = ids
                self._offer_excluded = exclude
                offered = [s for s in map(self.book.seat, ids) if s is not None]
                self._notice(f"Best available: {seats_words(offered)}. Next best: F6.", "ok")
                self._cart_changed()

            def failed(_exc: BaseException, message: str) -> None:
                self.finding = False
                if generation != self._generation:
                    return
                self.book.busy.difference_update(previous)
                self._notice(message, "error")
                self.reload_seats(previous)
                self._cart_changed()

            self._launch(Operation("sales.best", work, done, failed))
            return True

        self._enqueue(launch)

    # --- price types ------------------------------------------------------------------------------------
    def add_price_type(self, n: int, current: int | None = None) -> int | None:
        """F1..F4: the event's ``n``-th price type for the next seat not given one (else ``current``).
        Returns the seat that got it."""
        types = self.types.price_types()
        if n >= len(types):
            return None
        changed, why = self.types.add_type(self._pairs(self.cart_ids()), current, types[n])
        self._notice(why if changed is None else "")
        self._cart_changed()
        return changed

    def remove_price_type(self, n: int) -> int | None:
        """Shift+F1..F4: one ticket of the ``n``-th price type back to the default."""
        types = self.types.price_types()
        if n >= len(types):
            return None
        changed = self.types.remove_type(self._pairs(self.cart_ids()), types[n])
        if changed is None:
            self._notice(f"No {type_words(types[n]).lower()} ticket to take back.")
        self._cart_changed()
        return changed

    def set_price_type(self, seat_id: int, price_type: str) -> bool:
        seat = self.book.seat(seat_id)
        ok = seat is not None and self.types.set_type(seat_id, seat.category, price_type)
        self._cart_changed()
        return ok

    # --- customer and shift -----------------------------------------------------------------------------
    def set_customer(self, customer: Mapping[str, str] | None) -> None:
        self.customer = dict(customer) if customer else None
        self._emit(CustomerChanged(self.customer))

    def set_shift_open(self, shift_open: bool | None) -> None:
        """Whether this station has a cash shift open (None: not known yet)."""
        self.shift_open = shift_open

    # --- checkout and sale ------------------------------------------------------------------------------
    def checkout(self, kind: str) -> None:
        """Ask to sell the cart (``kind``: cash_exact, cash, card, yookassa, mock). The answer is an update:
        ``CheckoutApproved``, ``CompanionsToConfirm``, ``ShiftNeeded`` or a ``Notice``; a checkout asked for
        while seats are on their way comes once they are here."""
        if kind not in CHECKOUT_KINDS:
            raise ValueError(f"unknown checkout {kind!r}")
        if self.event is None or self.selling or self._stopped:
            return
        ids = self.cart_ids()
        if not ids:
            if kind != "cash_exact":  # Enter on an empty cart does nothing
                self._notice("The cart is empty: pick seats first.")
            return
        if self.book.busy or self.finding:
            self._queued = kind
            self._notice("One moment: the seats are still being held…")
            return
        if kind in COUNTER_KINDS and self.shift_open is False:
            self._notice(
                f"Open a cash shift at {self.bo.station} before selling for cash or card (Ctrl+Shift+O).", "error"
            )
            self._emit(ShiftNeeded())
            return
        lonely = [s for s in lonely_companions(self.seats(), ids) if s not in self._companions_ok]
        if lonely:
            words = labels([self.book.records[s] for s in lonely])
            self._emit(CompanionsToConfirm(kind, tuple(lonely), words))
            return
        self._emit(CheckoutApproved(kind, self.summary()))

    def confirm_companions(self, seat_ids: Iterable[int]) -> None:
        """The cashier said yes: these companion seats may be sold without their wheelchair place."""
        self._companions_ok.update(seat_ids)

    def _run_queued(self) -> None:
        if self._queued and not self.book.busy and not self.finding:
            kind, self._queued = self._queued, None
            self.checkout(kind)

    def pay(self, method: str, *, tendered: Decimal | None = None, confirmation: str = "redirect") -> str | None:
        """Record the sale of the cart (after any seat still on its way): ``SaleRecorded`` or ``SaleFailed``
        follows. Returns why not, when it cannot start."""
        event_id = self.event_id
        ids = self.cart_ids()
        if event_id is None or not ids:
            return "The cart is empty: pick seats first."
        if self.selling:
            return "A sale is already being recorded."
        if self._stopped:
            return "The counter is closed."
        generation = self._generation
        self.selling = True
        self.book.busy.update(ids)
        self._cart_changed()
        self._notice("Recording the sale…")
        bo = self.bo

        def launch() -> bool:
            if generation != self._generation:
                self.selling = False
                return False
            records = self.book.records
            holds_of = {sid: records[sid].hold_id for sid in ids if sid in records}
            price_types = self.types.for_sale(self._pairs(ids))
            customer = dict(self.customer) if self.customer else None
            hold_id = self.hold_id

            def work() -> jobs.Sale:
                return jobs.sell(
                    bo,
                    event_id,
                    hold_id,
                    holds_of,
                    method=method,
                    price_types=price_types,
                    customer=customer,
                    tendered=tendered,
                    confirmation=confirmation,
                )

            self._launch(Operation(f"sales.sell.{method}", work, sold, failed))
            return True

        def sold(sale: jobs.Sale) -> None:
            self.selling = False
            order = sale.order
            if generation != self._generation:
                return
            if order.status == "PENDING":
                self.book.parked[sale.hold_id] = order.code
            self.hold_id = self.deadline = None  # paid, or parked behind its payment: the next seat starts a cart
            self._companions_ok.clear()
            self._offer, self._offer_excluded = [], []
            if order.status == "PAID":
                self.last_order, self.last_tickets = order, sale.tickets
                self.types.forget_all()
            self.set_customer(None)  # the next customer starts afresh
            self.book.busy.difference_update(ids)
            self._show(sale.seats, read_at=None)
            if not sale.seats:
                self.reload_seats(ids)
            self._cart_changed()
            self._emit(SaleRecorded(order, sale.tickets))
            if order.status == "PENDING":
                self._watch(order)
                self._notice(f"Order {order.code} waits for the online payment.")
            elif order.status != "PAID":
                self._notice(f"The payment of order {order.code} did not go through; the seats are back on sale.")
            self._run_queued()

        def failed(exc: BaseException, message: str) -> None:
            self.selling = False
            self.book.busy.difference_update(ids)
            if isinstance(exc, NoOpenShift):
                self.shift_open = False
                self._emit(ShiftNeeded(stale=True))
            self._notice(message, "error")
            self.reload_seats(ids)
            self._cart_changed()
            self._emit(SaleFailed(message))

        self._enqueue(launch)
        return None

    # --- online payments --------------------------------------------------------------------------------
    def _watch(self, order: OrderInfo) -> None:
        self.payments[order.id] = order
        self._emit(PaymentPending(order))

    def _resume_watching(self, codes: Iterable[str]) -> None:
        """Online payments this station started before (a restart, another event chosen and back): ask how
        they stand again, so a late payment still becomes tickets."""
        watched = {o.code for o in self.payments.values()} | self._looking_up
        bo = self.bo
        for code in codes:
            if code in watched:
                continue
            self._looking_up.add(code)

            def found(order: OrderInfo, code: str = code) -> None:
                self._looking_up.discard(code)
                if order.id not in self.payments:
                    self._watch(order)

            def lost(_exc: BaseException, message: str, code: str = code) -> None:
                self._looking_up.discard(code)
                log.info("cannot watch an open online order: %s", message)

            self._read(Operation("sales.resume_watch", partial(bo.find_order, code), found, lost))

    def poll_payment(self, order_id: int) -> None:
        """Ask the provider how this online payment stands: ``PaymentPolled`` or ``PaymentPollFailed``."""
        if self._stopped:
            return
        bo = self.bo

        def done(state: jobs.PaymentState) -> None:
            order = state.order
            if order.status == "PENDING":
                self.payments[order.id] = order
            else:
                self._payment_ended(order, state.tickets)
            self._emit(PaymentPolled(order, state.tickets))

        self._read(
            Operation(
                "sales.sync_payment",
                lambda: jobs.poll_payment(bo, order_id),
                done,
                lambda _e, m: self._emit(PaymentPollFailed(order_id, m)),
            )
        )

    def _payment_ended(self, order: OrderInfo, tickets: tuple[Ticket, ...]) -> None:
        self.payments.pop(order.id, None)
        parked = self.book.parked
        for hid, code in list(parked.items()):
            if code == order.code:
                del parked[hid]
        if order.event_id == self.event_id:
            self.reload_seats([i.seat_id for i in order.items])
        if order.status == "PAID":
            self.last_order, self.last_tickets = order, tickets
        else:
            reason = "the payment window passed" if order.status == "EXPIRED" else "the payment was not made"
            self._notice(f"Order {order.code} was not paid ({reason}); its seats are back on sale.")

    # --- who may do what (the server decides; these are the manners) --------------------------------------
    @property
    def may_sell_house_seats(self) -> bool:
        return self.bo.actor.can(Permission.SELL_HOUSE_SEATS)
